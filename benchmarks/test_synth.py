"""Tests for `benchmarks/synth.py`, the generator of the synthetic databases the benchmarks
and some tests use. They live with it, apart from the product's suite: `pytest benchmarks`
(`.ci/run` runs them after the suite)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import synth
from tui.data.kinds import BY_TABLE as TABLES
from tui.store.opening import load_database

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The indexes of generated files go to a cache of the test's own, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def medium() -> dict:
    return synth.generate(2000, seed=7)


def citations(data: dict):
    """(record, kind of citation, citation) for every fact, membership and role."""
    for table in ("organizations", "partnerships", "associations", "people"):
        for record in data[table].values():
            for fact in record.get("facts", ()):
                yield record, "fact", fact
            for member in record.get("members", ()):
                yield record, "member", member
            for role in record.get("roles", ()):
                yield record, "role", role


# -- determinism ------------------------------------------------------------------


def test_same_seed_same_database() -> None:
    assert synth.generate(400, seed=3) == synth.generate(400, seed=3)
    assert json.dumps(synth.generate(400, seed=3), ensure_ascii=False) == json.dumps(
        synth.generate(400, seed=3), ensure_ascii=False
    )


def test_different_seed_different_database() -> None:
    assert synth.generate(400, seed=3) != synth.generate(400, seed=4)
    assert synth.generate(400) == synth.generate(400, seed=0)


def test_written_file_is_byte_identical(tmp_path: Path) -> None:
    synth.write(tmp_path / "a.json", 300, seed=5)
    synth.write(tmp_path / "b.json", 300, seed=5)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


# -- proportions ------------------------------------------------------------------


@pytest.mark.parametrize("n", [5, 6, 7, 10, 19, 20, 50, 100, 999, 1000, 12345])
def test_counts_add_up_and_follow_the_proportions(n: int) -> None:
    data = synth.generate(n) if n < 2000 else None
    counts = {table: len(rows) for table, rows in data.items()} if data else synth._counts(n)
    assert sum(counts.values()) == n
    assert all(count >= 1 for count in counts.values()), counts
    if n >= 100:
        for table, share in synth.PROPORTIONS.items():
            assert abs(counts[table] - n * share) <= 1, (table, counts)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4])
def test_tiny_databases(n: int, tmp_path: Path) -> None:
    data = synth.generate(n)
    assert set(data) == set(TABLES)
    assert sum(len(rows) for rows in data.values()) == n
    synth.write(tmp_path / "tiny.json", n)
    database = load_database(tmp_path / "tiny.json")
    assert database.problems == []
    assert len(database) == n


def test_negative_size_is_refused() -> None:
    with pytest.raises(ValueError, match="n_entities must be >= 0"):
        synth.generate(-1)


# -- validity -----------------------------------------------------------------------


@pytest.mark.parametrize("n", [5, 50, 500])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_generated_files_load_without_problems(n: int, seed: int, tmp_path: Path) -> None:
    path = tmp_path / "synthetic.json"
    synth.write(path, n, seed=seed)
    database = load_database(path)
    assert database.problems == []
    assert len(database) == n
    assert list(tmp_path.iterdir()) == [path]  # the temporary file was renamed, not left behind


def test_file_is_utf8_json_with_arabic_kept(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.json"
    synth.write(path, 50)
    raw = path.read_bytes()
    assert b"\\u06" not in raw  # Arabic is written as is, not escaped
    assert json.loads(raw.decode("utf-8")) == synth.generate(50)


def test_every_quote_is_in_its_source(medium: dict) -> None:
    texts = {source["id"]: source["text"] for source in medium["sources"].values()}
    count = 0
    for record, kind, citation in citations(medium):
        assert citation["source"] in texts, (record["id"], kind, citation)
        assert citation["quote"] and citation["quote"] in texts[citation["source"]], (record["id"], kind, citation)
        count += 1
    assert count > 5000


def test_references_resolve(medium: dict) -> None:
    ids = [record["id"] for rows in medium.values() for record in rows.values()]
    assert len(ids) == len(set(ids)), "ids must be unique across all tables"
    assert all(SLUG.match(record_id) and len(record_id) <= 200 for record_id in ids)
    organizations = {record["id"] for record in medium["organizations"].values()}
    every_id = set(ids)
    for record in medium["partnerships"].values():
        assert 2 <= len(record["parties"]) <= 3
        assert len(set(record["parties"])) == len(record["parties"])
        assert set(record["parties"]) <= organizations
    for record in medium["associations"].values():
        assert record["members"]
        for member in record["members"]:
            assert member["organization"] in organizations
            assert member["role"] in ("founding member", "member")
    for record in medium["people"].values():
        assert record["roles"]
        for role in record["roles"]:
            assert role.get("organization") is None or role["organization"] in organizations
    for _record, kind, citation in citations(medium):
        if kind == "fact" and "ref" in citation:
            assert citation["ref"] in every_id


def test_document_keys_are_tinydb_ids(medium: dict) -> None:
    for rows in medium.values():
        assert list(rows) == [str(i) for i in range(1, len(rows) + 1)]


def test_facts_are_well_formed(medium: dict) -> None:
    arabic = re.compile("[\u0600-\u06ff]")
    units = set()
    for _record, kind, fact in citations(medium):
        if kind != "fact":
            continue
        assert fact["label"].isascii() and fact["label"][0].isupper()
        assert arabic.search(fact["value"]), fact
        assert "\n" not in fact["value"] and "\n" not in fact["quote"]
        if "number" in fact:
            assert isinstance(fact["number"], (int, float))
            units.add(fact.get("unit"))
    assert {"beds", "MAD", "years", "countries"} <= units


# -- realism ------------------------------------------------------------------------


def test_names_are_varied(medium: dict) -> None:
    names = [
        record["names"]["ar"]
        for table in ("organizations", "partnerships", "associations", "people")
        for record in medium[table].values()
    ]
    assert len(set(names)) / len(names) > 0.9
    latin = [record["names"].get("latin") or "" for record in medium["organizations"].values()]
    assert sum(bool(name) for name in latin) > 0.6 * len(latin)
    assert any(re.search("[éèâêôï]", name) for name in latin), "Latin names carry French accents"
    assert any(record["names"].get("aliases") for record in medium["organizations"].values())
    prefixes = {name.split()[0] for name in names[:1200]}
    assert len(prefixes) > 20


def test_source_texts_are_article_like(medium: dict) -> None:
    for source in medium["sources"].values():
        text = source["text"]
        assert synth.MIN_TEXT <= len(text) <= synth.MAX_TEXT, len(text)
        assert text.count("\n\n") >= 2
        assert re.search("[A-Za-z]", text) and re.search("[0-9]", text)
        assert source["language"] == "ar"
    assert any(source.get("title") for source in medium["sources"].values())
    assert any(source.get("outlet") for source in medium["sources"].values())


def test_some_records_have_long_detail_views(medium: dict) -> None:
    most = max(len(record["facts"]) for record in medium["organizations"].values())
    assert 20 <= most <= 35
    typical = sorted(len(record["facts"]) for record in medium["organizations"].values())[
        len(medium["organizations"]) // 2
    ]
    assert 2 <= typical <= 6


# -- command line ---------------------------------------------------------------------


def test_main_writes_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.json"
    assert synth.main(["120", str(out), "--seed", "9"]) == 0
    printed = capsys.readouterr().out
    assert "organizations 72" in printed and "MB" in printed
    assert json.loads(out.read_text(encoding="utf-8")) == synth.generate(120, seed=9)


def test_module_entry_point(tmp_path: Path) -> None:
    out = tmp_path / "module.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synth.py"), "40", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert load_database(out).problems == []


def test_small_databases_keep_articles_within_bounds() -> None:
    for n in range(5, 80, 3):
        for source in synth.generate(n, seed=n)["sources"].values():
            assert synth.MIN_TEXT <= len(source["text"]) <= synth.MAX_TEXT, (n, len(source["text"]))

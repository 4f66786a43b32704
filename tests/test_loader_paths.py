"""The loader's fast path and its thorough path give the same database."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from tui.data import loader
from tui.data.loader import bundled_database_path, load_database
from tui.data.reading import parse_json, read_bytes
from tui.synth import write as write_synthetic


def _thorough(path: Path):
    raw, offset = read_bytes(path)
    return loader._load_thorough(path, parse_json(str(path), raw, offset))


def _fast(path: Path):
    raw, offset = read_bytes(path)
    return loader._load_fast(path, raw, offset)


def _snapshot(database) -> tuple:
    tables = tuple(
        tuple((record_id, msgspec.json.encode(record)) for record_id, record in database.table(kind).items())
        for kind in ("organization", "partnership", "association", "person", "source")
    )
    return tables, tuple(str(problem) for problem in database.problems)


def _with_hostile_strings(path: Path, tmp_path: Path) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    organization = next(iter(data["organizations"].values()))
    organization["names"]["ar"] = "اسم\x1b]0;x\x07 مع\u202e سطر\nجديد\t[bold]"
    out = tmp_path / "strings.json"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "db.json"
    write_synthetic(path, 800, seed=3)
    return path


def test_the_fast_path_takes_valid_files(synthetic: Path) -> None:
    assert _fast(bundled_database_path()) is not None
    assert _fast(synthetic) is not None


@pytest.mark.parametrize("which", ["bundled", "synthetic", "hostile strings"])
def test_both_paths_give_the_same_database(which: str, synthetic: Path, tmp_path: Path) -> None:
    path = {"bundled": bundled_database_path(), "synthetic": synthetic}.get(which) or _with_hostile_strings(bundled_database_path(), tmp_path)
    fast = _fast(path)
    thorough = _thorough(path)
    assert fast is not None
    assert _snapshot(fast) == _snapshot(thorough)
    assert _snapshot(load_database(path)) == _snapshot(thorough)

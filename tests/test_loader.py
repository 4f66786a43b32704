"""The loader against hostile files, unit checks of reading and cleaning, and fuzzing."""

from __future__ import annotations

import importlib.util
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import astuple
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from unprivileged import Outcome, run_unprivileged, shared_directory

from tui.cli import main
from tui.data.errors import DatabaseUnreadable, Problem
from tui.data.reading import DEFAULT_MAX_BYTES, max_bytes
from tui.data.sanitize import clean_tree
from tui.data.stream import read_documents
from tui.store.database import Database
from tui.store.opening import load_database
from tui.text.gate import REPLACEMENT
from tui.text.gate import clean_stored as clean_string


def _load_corpus_module() -> Any:
    path = Path(__file__).parent / "hostile" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("marsad_hostile_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


corpus_module = _load_corpus_module()
CASE_NAMES = [template.name for template, _make in corpus_module.CASES]
UNREADABLE_CASE_NAMES = [template.name for template, _make in corpus_module.CASES if template.exit_code == 2]


# What must never reach a terminal: C0 controls, DEL, C1 controls, bidi
# embeddings/overrides/isolates, lone surrogates. Tab and newline are checked apart.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
LINE_BREAKS = re.compile("[\t\n]")
MULTILINE = {"text", "quote"}


@pytest.fixture(scope="module")
def corpus() -> Iterator[dict[str, tuple[Any, Path]]]:
    """The hostile corpus, in a directory `nobody` can enter (see `read_as_nobody`)."""
    with shared_directory() as directory:
        cases = corpus_module.make_corpus(directory)
        yield {case.name: (case, directory / case.file) for case in cases}


def read_as_nobody(argv: list[str], corpus: dict[str, tuple[Any, Path]]) -> Outcome:
    """`main(argv)` as an unprivileged user, for whom a file's mode really applies.

    First a control: the same user reads a readable file of the same directory, so
    a refusal can only come from the file's own mode.
    """
    readable = corpus["utf8_bom"][1]
    control = run_unprivileged(lambda: main(["validate", "--db", str(readable)]))
    assert control.code == 0, control
    return run_unprivileged(lambda: main(argv))


def strings_of(value: Any, key: str | None = None) -> Iterator[tuple[str | None, str]]:
    """Every string of a decoded value (dict keys too), with the field it belongs to."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield None, k
            yield from strings_of(v, k)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings_of(item, key)


def assert_all_clean(database: Database) -> None:
    """No loaded string, nor any problem report, can drive the terminal."""
    for record in database.all_records():
        for field, text in strings_of(msgspec.to_builtins(record)):
            assert not UNSAFE.search(text), (record.id, field, text[:80])
            if field not in MULTILINE:
                assert not LINE_BREAKS.search(text), (record.id, field, text[:80])
        for name in record.names.all:
            assert not UNSAFE.search(name) and not LINE_BREAKS.search(name)
    for problem in database.problems:
        assert not UNSAFE.search(str(problem)) and "\n" not in str(problem), str(problem)


# -- the hostile corpus ------------------------------------------------------------


@pytest.mark.parametrize("name", CASE_NAMES)
def test_hostile_file(
    name: str, corpus: dict[str, tuple[Any, Path]], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case, path = corpus[name]
    for variable, value in case.env.items():
        monkeypatch.setenv(variable, value)
    if case.needs_non_root:  # root reads any file whatever its mode
        code, out, err = astuple(read_as_nobody(["validate", "--db", str(path)], corpus))
    else:
        code = main(["validate", "--db", str(path)])
        out, err = capsys.readouterr()
    assert code == case.exit_code, (out, err)
    shown = err if case.stream == "stderr" else out
    for expected in (case.message, *case.also):
        assert expected in shown, (expected, out, err)
    if case.exit_code == 2:
        assert out == "" and err.startswith("marsad: ") and err.count("\n") == 1
    else:
        assert err == ""
    assert "Traceback" not in out + err and "Error:" not in out + err
    assert not UNSAFE.search(out + err), "terminal controls in the output"
    if case.keeps:
        database = load_database(path)
        for record_id in case.keeps:
            assert record_id in database, record_id
        assert_all_clean(database)
    if name == "missing":
        assert not path.exists() and not path.is_symlink()


def test_corpus_writes_expected_outcomes(corpus: dict[str, tuple[Any, Path]]) -> None:
    directory = next(iter(corpus.values()))[1].parent
    expected = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    assert [entry["name"] for entry in expected] == CASE_NAMES
    assert {entry["exit_code"] for entry in expected} == {0, 1, 2}
    assert all(entry["message"] for entry in expected)


def test_control_characters_become_replacement(corpus: dict[str, tuple[Any, Path]]) -> None:
    database = load_database(corpus["control_chars"][1])
    organization = database.organizations["hostile"]
    source = database.sources["hostile-source"]
    fact = organization.facts[0]
    for text in (
        *organization.names.all,
        fact.field,
        fact.label,
        fact.value,
        fact.quote,
        fact.unit,
        fact.qualifier,
        source.title,
        source.outlet,
        source.language,
        source.text,
    ):
        assert REPLACEMENT in text, text
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
    assert organization.names.ar.startswith(REPLACEMENT * 2)  # the lone surrogates
    assert "31mred" in organization.names.latin  # the printable rest is kept
    assert "\n" in source.text and "\t" in source.text  # kept in long text
    assert "\t" not in fact.value and "\n" not in organization.names.latin
    assert database.problems == []  # the hostile quote still matches the cleaned text
    assert_all_clean(database)


def test_control_characters_in_keys_are_not_printed(
    corpus: dict[str, tuple[Any, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--db", str(corpus["controls_in_keys"][1])]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and REPLACEMENT in out


def test_huge_strings_load_whole(corpus: dict[str, tuple[Any, Path]]) -> None:
    database = load_database(corpus["huge_strings"][1])
    record = database.organizations["long-name"]
    assert len(record.names.ar) == 10_000 and len(record.names.latin) == 10_000
    assert len(record.facts[0].value) > 1_000_000


def test_many_facts_load_in_linear_time(corpus: dict[str, tuple[Any, Path]], tmp_path: Path) -> None:
    """50,000 facts cost about ten times 5,000 (medians in the same run; quadratic work: a hundred)."""
    fact = corpus_module.good_org()["facts"][0]
    peer = tmp_path / "5k-facts.json"
    corpus_module.write(
        corpus_module.with_org(
            {
                "id": "many-facts",
                "names": {"ar": "كثير"},
                "facts": [dict(fact, value=f"قيمة {i}") for i in range(5_000)],
            }
        )
    )(peer)

    def median_load_seconds(path: Path) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            load_database(path)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    assert len(load_database(corpus["many_facts"][1]).organizations["many-facts"].facts) == 50_000
    assert len(load_database(peer).organizations["many-facts"].facts) == 5_000
    ratio = median_load_seconds(corpus["many_facts"][1]) / median_load_seconds(peer)
    assert ratio < 25, ratio


def test_crlf_line_ends_become_newlines(corpus: dict[str, tuple[Any, Path]]) -> None:
    database = load_database(corpus["crlf_text"][1])
    assert database.sources["crlf-source"].text == "سطر أول\nسطر ثان\n"
    assert database.problems == []


def test_duplicate_keys_are_reported_not_silently_dropped(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"organizations": {"1": {"id": "a", "names": {"ar": "x", "ar": "y"}}}}', encoding="utf-8")
    database = load_database(path)
    assert database.organizations["a"].names.ar == "y"
    assert any("'ar' appears more than once" in str(p) for p in database.problems)


def test_reference_problems_name_the_document_key(corpus: dict[str, tuple[Any, Path]]) -> None:
    problems = load_database(corpus["broken_party"][1]).problems
    assert [(p.severity, p.table, p.key, p.record_id) for p in problems] == [
        ("warning", "partnerships", "1", "good-partnership")
    ]


def test_a_speaker_that_is_no_person_is_a_reported_problem(tmp_path: Path) -> None:
    """A fact's `speaker` is checked like every reference: it must name a record of the people table."""
    fact = {"field": "said", "label": "Said", "value": "v", "source": "article", "quote": "كلام"}
    data = {
        "organizations": {
            "1": {
                "id": "org",
                "names": {"latin": "Org"},
                "facts": [{**fact, "speaker": "nobody"}, {**fact, "speaker": "org"}, {**fact, "speaker": "ali"}],
            }
        },
        "people": {"1": {"id": "ali", "names": {"ar": "علي"}}},
        "sources": {"1": {"id": "article", "language": "ar", "text": "كلام"}},
    }
    path = tmp_path / "db.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    database = load_database(path)
    assert [(p.severity, p.record_id, p.field, p.message) for p in database.problems] == [
        ("warning", "org", "$.facts[0].speaker", "speaker 'nobody' is not a person of this database"),
        ("warning", "org", "$.facts[1].speaker", "speaker 'org' is not a person of this database"),
    ]
    assert database.get("org").facts[2].speaker == "ali"
    assert [record.id for record in database.quoting("ali")] == ["org"]


# -- reading --------------------------------------------------------------------


def read_json(path: Path) -> list[Any]:
    """Every table and document of a file (what `DatabaseUnreadable` refuses, it raises)."""
    return list(read_documents(path))


@pytest.mark.parametrize(
    "reader",
    [pytest.param(read_json, id="read_documents"), pytest.param(load_database, id="load_database")],
)
def test_permission_denied_even_as_root(
    reader: Callable[[Path], object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the corpus case meets as `nobody`, met in-process by force: the reader, and the whole load."""
    path = tmp_path / "locked.json"
    path.write_text("{}", encoding="utf-8")

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(DatabaseUnreadable, match="permission denied"):
        reader(path)


def test_read_json_refuses_a_nul_in_the_path() -> None:
    with pytest.raises(DatabaseUnreadable, match="invalid path"):
        read_json(Path("bad\0name.json"))


def test_not_utf8_position_counts_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf{"a":\n "\xe9"}')
    with pytest.raises(DatabaseUnreadable) as caught:
        read_json(path)
    assert "invalid byte 0xe9 at line 2, column 3, byte offset 11" in caught.value.message


def test_utf8_bom_and_whitespace_only_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "bom-only.json"
    path.write_bytes(b"\xef\xbb\xbf \n")
    with pytest.raises(DatabaseUnreadable, match="file is empty"):
        read_json(path)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("", DEFAULT_MAX_BYTES), ("1", 1024 * 1024), (" 3 ", 3 * 1024 * 1024), ("10000000", 10_000_000 * 1024 * 1024)],
)
def test_max_bytes_setting(monkeypatch: pytest.MonkeyPatch, setting: str, expected: int) -> None:
    monkeypatch.setenv("MARSAD_MAX_DB_MB", setting)
    assert max_bytes("db.json") == expected


@pytest.mark.parametrize("setting", ["0", "-1", "lots", "１", "10000001", "9" * 5000, "\x1b]2;x\x07"])
def test_max_bytes_setting_refused(monkeypatch: pytest.MonkeyPatch, setting: str) -> None:
    monkeypatch.setenv("MARSAD_MAX_DB_MB", setting)
    with pytest.raises(DatabaseUnreadable, match=r"MARSAD_MAX_DB_MB=.* is not a size limit") as caught:
        max_bytes("db.json")
    assert "\x1b" not in caught.value.message


def test_unreadable_message_hides_controls_in_the_path() -> None:
    error = DatabaseUnreadable("evil\x1b[2J\udcff.json", "no such file")
    assert error.message == f"evil{REPLACEMENT}[2J{REPLACEMENT}.json: no such file"


def test_problem_str() -> None:
    problem = Problem("error", "organizations", "3", "x", "$.names.ar", "Expected `str`")
    assert str(problem) == "error: organizations[3] (id 'x') at $.names.ar: Expected `str` [skipped]"
    # (a whole table: neither kept nor skipped as a record is; its message says it is ignored)
    assert str(Problem("warning", "widgets", "", None, "", "unknown table ignored")) == (
        "warning: widgets: unknown table ignored"
    )


# -- cleaning -------------------------------------------------------------------


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\x9b", "\x9d", "\u202a", "\u202e", "\u2066", "\u2069", "\ud800"],
)
def test_clean_string_replaces_unsafe(char: str) -> None:
    assert clean_string(f"a{char}b") == f"a{REPLACEMENT}b"
    assert clean_string(f"a{char}b", multiline=True) == f"a{REPLACEMENT}b"


def test_clean_string_line_breaks() -> None:
    assert clean_string("a\tb\nc") == "a b c"
    assert clean_string("a\tb\r\nc", multiline=True) == "a\tb\nc"
    assert clean_string("عربي (T2S) «نص» \u200f\u061c") == "عربي (T2S) «نص» \u200f\u061c"  # marks are not overrides


def test_clean_tree_cleans_keys_and_keeps_structure() -> None:
    tree = {"te\x1bxt": ["a\nb"], "text": "a\nb", "n": 1.5, "ok": None, "list": [{"quote": "q\tq"}]}
    assert clean_tree(tree) == {
        f"te{REPLACEMENT}xt": ["a b"],
        "text": "a\nb",
        "n": 1.5,
        "ok": None,
        "list": [{"quote": "q\tq"}],
    }


# -- fuzzing --------------------------------------------------------------------

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
# Strings that hit the cleaning: controls, bidi, surrogates, Arabic, anything.
hostile_text = st.text(
    st.sampled_from(list("\x00\t\n\r\x1b\x7f\x85\x9b\x9d\u202a\u202e\u2066\u2069\ud800\ufeff[];ab عربي"))
    | st.characters(),
    max_size=30,
)
table_names = st.sampled_from(["organizations", "partnerships", "associations", "people", "sources"]) | st.text(
    max_size=6
)
doc_keys = st.sampled_from(["1", "2", "01", "x", ""]) | st.text(max_size=4)


def record_like(text: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Records close enough to valid that the fuzzing reaches conversion and checks."""
    fact = st.fixed_dictionaries(
        {
            "field": text,
            "label": text,
            "value": text,
            "source": st.sampled_from(["s", "t", "S!"]) | text,
            "quote": text,
        },
        optional={"number": json_values, "unit": text, "ref": text, "qualifier": text},
    )
    return st.fixed_dictionaries(
        {
            "id": st.sampled_from(["a", "b", "s", "Bad"]) | text,
            "names": st.fixed_dictionaries(
                {}, optional={"ar": text, "latin": text, "aliases": st.lists(text, max_size=3)}
            )
            | json_values,
        },
        optional={
            "facts": st.lists(fact, max_size=3) | json_values,
            "parties": st.lists(st.sampled_from(["a", "b"]) | text, max_size=3),
            "members": st.lists(
                st.fixed_dictionaries({"organization": text, "role": text, "source": text, "quote": text}), max_size=2
            ),
            "roles": st.lists(st.fixed_dictionaries({"title": text, "source": text, "quote": text}), max_size=2),
            "language": text,
            "text": text,
            "title": text,
            "outlet": text,
            "extra": json_values,
        },
    )


databases = st.dictionaries(
    table_names,
    st.dictionaries(doc_keys, record_like(hostile_text) | json_values, max_size=4) | json_values,
    max_size=5,
)

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def assert_clean_message(error: DatabaseUnreadable) -> None:
    """A refusal is one clear line that cannot drive the terminal."""
    assert error.message and "\n" not in error.message and not UNSAFE.search(error.message), error.message


def load_json_value(directory: Path, value: Any) -> Database | None:
    path = directory / "fuzz.json"
    path.write_text(json.dumps(value), encoding="utf-8")  # ensure_ascii: lone surrogates survive as \ud800
    try:
        database = load_database(path)
    except DatabaseUnreadable as error:
        assert_clean_message(error)
        return None
    assert isinstance(database, Database)
    assert_all_clean(database)
    return database


@FUZZ
@given(value=json_values)
def test_fuzz_any_json_value(tmp_path_factory: pytest.TempPathFactory, value: Any) -> None:
    load_json_value(tmp_path_factory.getbasetemp(), value)


@FUZZ
@given(value=databases)
def test_fuzz_database_shaped_values(tmp_path_factory: pytest.TempPathFactory, value: Any) -> None:
    load_json_value(tmp_path_factory.getbasetemp(), value)


@FUZZ
@given(organization=record_like(hostile_text), source_text=hostile_text, quote=hostile_text)
# found by fuzzing in CI (e9acce8): an untitled source whose first line has no word was rejected
@example(organization={}, source_text="\n", quote="")
@example(organization={}, source_text=" \t\n", quote="")
# a \r\n cut by the quote's edge, and a lone \r inside the quote, read the same in both
@example(organization={}, source_text="x\r", quote="\na\rb\r\nc\r")
def test_fuzz_strings_in_valid_records(
    tmp_path_factory: pytest.TempPathFactory, organization: dict[str, Any], source_text: str, quote: str
) -> None:
    organization = {**organization, "id": "a", "names": {"ar": organization.get("text", "") + "x"}}
    organization["facts"] = [{"field": "f", "label": "l", "value": quote or "v", "source": "s", "quote": quote or "q"}]
    source = {"id": "s", "language": "ar", "text": f"{source_text}{quote or 'q'}"}
    database = load_json_value(
        tmp_path_factory.getbasetemp(), {"organizations": {"1": organization}, "sources": {"1": source}}
    )
    assert database is not None and "a" in database and "s" in database
    assert not [p for p in database.problems if "quote" in p.field], database.problems


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_fuzz_arbitrary_bytes(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    path = tmp_path_factory.getbasetemp() / "bytes.json"
    path.write_bytes(raw)
    try:
        database = load_database(path)
    except DatabaseUnreadable as error:
        assert_clean_message(error)
        return
    assert_all_clean(database)


@pytest.mark.parametrize("name", UNREADABLE_CASE_NAMES)
def test_unreadable_files_stop_the_browser_before_it_takes_the_terminal(
    name: str, corpus: dict[str, tuple[Any, Path]], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`marsad --db FILE` gives the same one-line error and exit code 2 as validate."""
    from tui.app import MarsadApp
    from tui.store.opening import INDEX_IN_PROCESS_MAX_BYTES

    case, path = corpus[name]
    # every unreadable case is small enough to be read before the app starts
    # (a large file loads in the app's worker: test_app_flows)
    assert not path.is_file() or path.stat().st_size <= INDEX_IN_PROCESS_MAX_BYTES
    for variable, value in case.env.items():
        monkeypatch.setenv(variable, value)

    def must_not_run(self, *args, **kwargs):
        raise AssertionError("the app started on an unreadable file")

    monkeypatch.setattr(MarsadApp, "run", must_not_run)
    if case.needs_non_root:  # root reads any file whatever its mode
        code, out, err = astuple(read_as_nobody(["--db", str(path)], corpus))
    else:
        code = main(["--db", str(path)])
        out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert out == "" and err.startswith("marsad: ") and err.count("\n") == 1
    for expected in (case.message, *case.also):
        assert expected in err, (expected, err)

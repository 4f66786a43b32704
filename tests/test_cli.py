"""The `marsad` command line: version, help, validate's exit codes and streams."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui import __version__
from tui.cli import build_parser, main
from tui.data.bundled import bundled_database_path
from tui.store.opening import load_database

REPO = Path(__file__).resolve().parents[1]


def write_db(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def bad_records_db(tmp_path: Path) -> Path:
    return write_db(
        tmp_path / "bad.json",
        {
            "organizations": {"1": {"id": "good", "names": {"ar": "جيد"}}, "2": {"id": "bad", "names": {"ar": 7}}},
            "partnerships": {"1": {"id": "p", "names": {"ar": "ش"}, "parties": ["good", "ghost"]}},
        },
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"marsad {__version__}"


@pytest.mark.parametrize("argv", [["--help"], ["validate", "--help"], ["search", "--help"]])
def test_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: marsad") and "--db" in out


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "validate" in out and "search" in out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["frobnicate"])
    assert exited.value.code == 2
    assert "'frobnicate' is neither a command" in capsys.readouterr().err


def test_validate_clean_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(
        f"{bundled_database_path()}: organizations: 11, partnerships: 1, associations: 1, people: 2, sources: 2"
    )
    assert out.rstrip().endswith("every quote is in its source") and err == ""


def test_validate_bad_records_reports_on_stdout(bad_records_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--db", str(bad_records_db)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert "error: organizations[2] (id 'bad') at $.names.ar: Expected `str | null`, got `int` [skipped]" in out
    assert "warning: partnerships[1] (id 'p') at $.parties[1]: party 'ghost' is not an organization" in out
    assert out.rstrip().endswith("1 bad record skipped, 1 warning")


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), ("", "file is empty"), ("{", "not valid JSON"), ("[]", "top level is a JSON array")],
)
def test_validate_unreadable_on_stderr(
    tmp_path: Path, content: str | None, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "db.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["validate", "--db", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"marsad: {path}: ") and message in err


@pytest.mark.parametrize("argv", [["--db", "{db}", "validate"], ["validate", "--db", "{db}"]])
def test_db_before_or_after_the_command(tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """`marsad --db X validate` used to validate the bundled file instead of X."""
    path = tmp_path / "missing.json"
    assert main([arg.format(db=path) for arg in argv]) == 2
    assert str(path) in capsys.readouterr().err


def test_parser_db_defaults_to_none() -> None:
    assert build_parser().parse_args(["validate"]).db is None
    assert build_parser().parse_args(["--db", "x", "validate"]).db == "x"
    assert build_parser().parse_args(["--db", "x", "validate", "--db", "y"]).db == "y"


def run_module(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_python_m_tui_validate_from_another_directory(tmp_path: Path) -> None:
    result = run_module(["validate"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ok: every record is valid" in result.stdout and result.stderr == ""
    assert list(tmp_path.iterdir()) == []


def test_python_m_tui_validate_relative_path_and_c_locale(tmp_path: Path, bad_records_db: Path) -> None:
    result = run_module(["validate", "--db", bad_records_db.name], cwd=tmp_path, LC_ALL="C", LANG="C")
    assert result.returncode == 1, result.stderr
    assert "(id 'bad')" in result.stdout and "Traceback" not in result.stderr


def test_python_m_tui_validate_unreadable(tmp_path: Path) -> None:
    (tmp_path / "latin1.json").write_bytes('{"a": "Santé"}'.encode("latin-1"))
    result = run_module(["validate", "--db", "latin1.json"], cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == "" and "not UTF-8" in result.stderr and "Traceback" not in result.stderr


# -- the file as an argument, as vd, less, sqlite3 and jq take it (issue 18) -------------


def test_the_file_is_an_argument_to_browse_and_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no such.json"
    assert main([str(missing)]) == 2, "marsad FILE opens FILE (here: says it is missing, before taking the terminal)"
    assert str(missing) in capsys.readouterr().err
    good = write_db(tmp_path / "good.json", {"organizations": {"1": {"id": "good", "names": {"ar": "جيد"}}}})
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out.startswith(f"{good}: organizations: 1,")
    assert main(["validate", "--db", str(good)]) == 0, "--db still works"
    assert build_parser().parse_args(["validate", str(good)]).db == str(good)


@pytest.mark.parametrize("command", ["validate", "index", "serve"])
def test_every_command_on_one_file_takes_it_as_an_argument(command: str) -> None:
    assert build_parser().parse_args([command, "data.json"]).db == "data.json"


def test_a_word_that_is_neither_a_command_nor_a_file_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(["serch", "T2S"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "'serch' is neither a command" in err and "search" in err and "nor a file" in err


def test_a_file_named_like_a_command_is_opened_with_a_path(tmp_path: Path) -> None:
    assert build_parser().parse_args(["./validate"]).db == "./validate"
    assert build_parser().parse_args(["validate"]).command == "validate"


def test_two_different_files_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate", "a.json", "--db", "b.json"])
    assert exited.value.code == 2
    assert "two database files" in capsys.readouterr().err


# -- validate says what is wrong in words, and keeps what can be kept ------------------


def test_an_unknown_table_is_ignored_and_said_so_without_a_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_db(
        tmp_path / "db.json",
        {"organizations": {"1": {"id": "good", "names": {"ar": "جيد"}}}, "widgets": {"1": {"id": "w"}}},
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "widgets" in line)
    assert line.strip().startswith("warning: widgets: unknown table ignored")
    assert "[kept]" not in line and "[skipped]" not in line, "a table that is ignored is neither kept nor a record"


def test_a_bad_id_is_said_in_words_with_the_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_db(tmp_path / "db.json", {"organizations": {"1": {"id": "Groupe Tazi!", "names": {"ar": "س"}}}})
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "regex" not in out and "^[a-z0-9]" not in out
    assert (
        "error: organizations[1] (id 'Groupe Tazi!') at $.id: an id is a slug: lowercase letters a-z, digits and "
        "hyphens, starting with a letter or a digit (like groupe-tazi); 'Groupe Tazi!' is not one [skipped]"
    ) in out


def test_a_number_written_as_text_keeps_its_record_and_the_partnership_that_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`"number": "1,000"` dropped the whole record, and then the partnership that names it, with msgspec's words."""
    fact = {
        "field": "beds",
        "label": "Beds",
        "value": "1,000 سرير",
        "number": "1,000",
        "source": "s",
        "quote": "1,000 سرير",
    }
    path = write_db(
        tmp_path / "db.json",
        {
            "organizations": {
                "1": {"id": "t2s", "names": {"latin": "T2S"}, "facts": [fact]},
                "2": {"id": "ge", "names": {"latin": "GE"}},
            },
            "partnerships": {"1": {"id": "p", "names": {"latin": "T2S – GE"}, "parties": ["t2s", "ge"]}},
            "sources": {"1": {"id": "s", "language": "ar", "text": "فيه 1,000 سرير"}},
        },
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert (
        "warning: organizations[1] (id 't2s') at $.facts[0].number: a number is written as a JSON number, "
        'not as text: write 1000 (no quotes, no thousands separators) instead of "1,000"; '
        "the number was left out and the fact kept [kept]"
    ) in out
    assert "party 't2s'" not in out and "Expected" not in out
    assert out.rstrip().endswith("0 bad records skipped, 1 warning")
    database = load_database(path)
    t2s = database.get("t2s")
    assert t2s is not None and t2s.facts[0].value == "1,000 سرير" and t2s.facts[0].number is None
    assert database.get("p") is not None


def test_a_bad_value_that_leaves_a_record_without_a_name_still_skips_it(
    bad_records_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(bad_records_db)]) == 1
    assert "error: organizations[2] (id 'bad') at $.names.ar: Expected `str | null`, got `int` [skipped]" in (
        capsys.readouterr().out
    )

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
    assert "invalid choice" in capsys.readouterr().err


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
    assert out.rstrip().endswith("1 bad record(s) skipped, 1 warning(s)")


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

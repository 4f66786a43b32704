"""`marsad export`: each format to standard output or a file, its exit codes, a closed pipe, a terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from export_data import tricky_data

from tui.cli import main
from tui.terminal.printing import GatedWriter, data_writer

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def tricky_file(tmp_path: Path) -> Path:
    path = tmp_path / "db" / "tricky.json"
    path.parent.mkdir()
    path.write_text(json.dumps(tricky_data(), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("export_format", ["csv", "json", "md", "ftm"])
def test_each_format_to_standard_output(export_format: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", export_format]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "الجمعية المغربية لمجموعات الصحة" in out  # logical Arabic, as stored
    if export_format == "json":
        assert sum(len(table) for table in json.loads(out).values()) == 17
    elif export_format == "ftm":
        assert all(json.loads(line)["id"].startswith("marsad-") for line in out.splitlines())
    elif export_format == "csv":
        assert {row["record_id"] for row in csv.DictReader(io.StringIO(out, newline=""))} >= {
            "amgs",
            "t2s",
            "rob-walton",
        }


def test_a_kind_and_a_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "json", "--kind", "person"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in exported["people"].values()] == ["rob-walton", "abderraouf-sourdou"]
    assert main(["export", "--format", "json", "--record", "amgs"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in exported["associations"].values()] == ["amgs"]
    assert [item["id"] for item in exported["sources"].values()] == ["amgs-founding-article"]


def test_a_file_is_written_and_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "people.csv"
    assert main(["export", "--format", "csv", "--kind", "person", "-o", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{target}: 2 records of the People list (csv)\n" and err == ""
    assert target.read_text(encoding="utf-8").startswith("record_id,kind,")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["people.csv"]


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    target.write_text("mine")
    assert main(["export", "--format", "json", "-o", str(target)]) == 3
    out, err = capsys.readouterr()
    assert (
        out == "" and err == f"marsad export: {target} already exists; give --force to replace it, or another -o FILE\n"
    )
    assert target.read_text() == "mine"
    assert main(["export", "--format", "json", "-o", str(target), "--force"]) == 0
    assert sum(len(table) for table in json.loads(target.read_text(encoding="utf-8")).values()) == 17


def test_the_database_itself_is_never_the_target(tricky_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tricky_file.read_bytes()
    assert main(["export", "--db", str(tricky_file), "--format", "json", "-o", str(tricky_file), "--force"]) == 3
    assert "it is the database being exported" in capsys.readouterr().err
    assert tricky_file.read_bytes() == before


def test_errors_exit_with_their_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "csv", "--record", "nobody"]) == 1
    assert capsys.readouterr().err.startswith("marsad export: no record with id 'nobody' in ")
    assert main(["export", "--db", str(tmp_path / "missing.json"), "--format", "csv"]) == 2
    assert capsys.readouterr().err.startswith("marsad: ")
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "no" / "such" / "folder.csv")]) == 3
    assert "no such file or directory" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["export", "--format", "xls"])
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        main(["export", "--format", "csv", "--kind", "person", "--record", "amgs"])
    assert exited.value.code == 2
    assert list(tmp_path.iterdir()) == []


def test_help_states_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "Exit 0 when written, 1 when --record names no record, 2 when the database cannot be read" in out
    assert "3 when the file exists" in out


def test_exporting_to_standard_output_creates_nothing(tricky_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["index", "--db", str(tricky_file)])  # (the index lives in the cache, not here)
    before = sorted(tricky_file.parent.iterdir())
    assert main(["export", "--db", str(tricky_file), "--format", "ftm"]) == 0
    assert sorted(tricky_file.parent.iterdir()) == before == [tricky_file]


def test_a_closed_pipe_ends_quietly(tricky_file: Path) -> None:
    """`marsad export ... | head -1`: the reader leaves after one line (the export is larger than a pipe's buffer)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "export", "--db", str(tricky_file), "--format", "md"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"# Marsad")
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


def test_a_terminal_gets_data_through_the_gate() -> None:
    sink = io.StringIO()
    GatedWriter(sink).write("a\x1b[31mb\u200fc\td\r\n")
    assert sink.getvalue() == "a\ufffd[31mbc d\n"
    main_side, terminal_side = pty.openpty()
    try:
        with os.fdopen(terminal_side, "w", closefd=False) as terminal:
            assert isinstance(data_writer(terminal), GatedWriter)
        plain = io.StringIO()
        assert data_writer(plain) is plain  # a pipe or a file gets the data as stored
    finally:
        os.close(main_side)
        os.close(terminal_side)


# -- the format a file name asks for ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-o", "out.xlsx"], "out.xlsx: Marsad does not write .xlsx files; it writes csv (.csv), csv-excel (.csv),"),
        (["--format", "csv", "-o", "out.xlsx"], "out.xlsx: Marsad does not write .xlsx files"),
        (["--format", "json", "-o", "out.csv"], "out.csv: .csv names a csv file, not json (.json): write out.json"),
        (["--format", "csv", "-o", "out.ftm.json"], "out.ftm.json: .ftm.json names a ftm file, not csv (.csv)"),
        (["-o", "notes"], "notes: the file name says no format: give --format"),
        ([], "give --format (csv, csv-excel, json, md, ftm) to write to standard output"),
    ],
)
def test_a_file_name_that_says_another_format_or_none_is_refused_in_one_line(
    arguments: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", *arguments]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"marsad export: {message}") and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.parametrize(
    ("name", "export_format"),
    [("out.csv", "csv"), ("out.json", "json"), ("out.md", "md"), ("out.ftm.json", "ftm"), ("OUT.CSV", "csv")],
)
def test_without_format_the_extension_says_it(
    name: str, export_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / name
    assert main(["export", "--record", "amgs", "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{target}: 1 record") and out.endswith(f" of record amgs ({export_format})\n")
    assert target.exists()


def test_csv_for_excel_is_the_same_csv_after_a_byte_order_mark(tmp_path: Path, capsys) -> None:
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    assert main(["export", "--kind", "person", "-o", str(plain)]) == 0
    assert main(["export", "--kind", "person", "--format", "csv-excel", "-o", str(excel)]) == 0
    assert excel.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "روب والتون" in excel.read_bytes()[3:].decode("utf-8")  # UTF-8 after the mark, as Excel reads it

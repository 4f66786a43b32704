"""`marsad add-source` and `marsad copy-bundled` as a user types them: one line out, documented exit codes."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from edit_helpers import bundled_copy, read_by_marsad, read_by_tinydb
from test_edit_storage import _lock_held_by_another_process

from tui.cli import main
from tui.data.bundled import bundled_database_path
from tui.data.models import Source
from tui.edit.canonical import encode_database

ARTICLE = "مجموعة أكديتال تفتتح مصحة جديدة في طنجة بتكلفة 200 مليون درهم.\n"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes, *, terminal: bool = False) -> None:
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    monkeypatch.setattr(stream, "isatty", lambda: terminal)
    monkeypatch.setattr(sys, "stdin", stream)


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def test_add_an_article_from_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bundled_copy(tmp_path)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code = main(
        [
            "add-source",
            str(article),
            "--db",
            str(path),
            "--title",
            "Akdital opens a clinic in Tangier",
            "--outlet",
            "Hespress",
            "--date",
            "2025-02-01",
            "--url",
            "https://www.hespress.com/akdital",
            "--language",
            "ar",
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert _one_line(out.out) == "akdital-opens-a-clinic-in-tangier"
    assert out.err == ""
    records, problems = read_by_marsad(path)
    assert problems == []
    source = records["akdital-opens-a-clinic-in-tangier"]
    assert isinstance(source, Source)
    assert (source.text, source.outlet, source.date) == (ARTICLE.strip(), "Hespress", "2025-02-01")
    tables = read_by_tinydb(path)
    assert path.read_bytes() == encode_database(tables)
    bundled_lines = bundled_database_path().read_text(encoding="utf-8").splitlines()
    new_lines = path.read_text(encoding="utf-8").splitlines()
    assert new_lines[: len(bundled_lines) - 3] == bundled_lines[:-3]  # only the new source is new


def test_add_an_article_from_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = bundled_copy(tmp_path)
    _stdin(monkeypatch, b"\xef\xbb\xbf" + "Le groupe Akdital ouvre une clinique à Tanger.".encode())
    assert main(["add-source", "-", "--db", str(path), "--language", "fr", "--id", "akdital-tanger"]) == 0
    assert _one_line(capsys.readouterr().out) == "akdital-tanger"
    assert read_by_tinydb(path)["sources"]["3"]["text"] == "Le groupe Akdital ouvre une clinique à Tanger."


@pytest.mark.parametrize(
    ("arguments", "stdin", "code", "said"),
    [
        (["--language", "ar", "--date", "2025-13-01"], ARTICLE, 1, "is not a date"),
        (["--language", "ar", "--url", "javascript:alert(1)"], ARTICLE, 1, "is not a web address"),
        (["--language", "عربي"], ARTICLE, 1, "is not a language code"),
        (["--language", "ar", "--id", "T2S!"], ARTICLE, 1, "is not an id"),
        (["--language", "ar"], "   \n", 1, "the article is empty"),
        (["--language", "ar"], None, 2, "no article: give its FILE, or pipe it in"),
    ],
)
def test_a_bad_article_or_option_is_one_line_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    stdin: str | None,
    code: int,
    said: str,
) -> None:
    path = bundled_copy(tmp_path)
    _stdin(monkeypatch, (stdin or "").encode(), terminal=stdin is None)
    assert main(["add-source", "--db", str(path), *arguments]) == code
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("marsad add-source: ") and said in line
    assert path.read_bytes() == bundled_database_path().read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["marsad.json"]


def test_the_same_article_twice_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bundled_copy(tmp_path)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["add-source", str(article), "--db", str(path), "--language", "ar"]) == 0
    assert main(["add-source", str(article), "--db", str(path), "--language", "ar"]) == 1
    assert "this article is already source" in _one_line(capsys.readouterr().err)


def test_files_that_cannot_be_read_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bundled_copy(tmp_path)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Santé".encode("latin-1"))
    assert main(["add-source", str(latin1), "--db", str(path), "--language", "fr"]) == 2
    assert "not UTF-8 (invalid byte at offset 4)" in _one_line(capsys.readouterr().err)
    assert main(["add-source", str(tmp_path / "missing.txt"), "--db", str(path), "--language", "fr"]) == 2
    assert "cannot read (no such file or directory)" in _one_line(capsys.readouterr().err)
    broken = tmp_path / "broken.json"
    broken.write_text('{"organizations": {', encoding="utf-8")
    assert main(["add-source", str(latin1.with_name("x")), "--db", str(broken), "--language", "fr"]) == 2
    capsys.readouterr()
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["add-source", str(article), "--db", str(broken), "--language", "fr"]) == 2
    assert "not valid JSON" in _one_line(capsys.readouterr().err)
    assert main(["add-source", str(article), "--db", str(tmp_path), "--language", "fr"]) == 2
    assert "is not a regular file" in _one_line(capsys.readouterr().err)


def test_a_new_database_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "new.json"
    assert main(["add-source", str(article), "--db", str(path), "--language", "ar"]) == 2
    assert "no such file; give --create" in _one_line(capsys.readouterr().err)
    assert not path.exists()
    assert main(["add-source", str(article), "--db", str(path), "--language", "ar", "--create"]) == 0
    records, problems = read_by_marsad(path)
    assert problems == [] and len(records) == 1


@pytest.mark.parametrize("target", ["bundled", "link", "locked"])
def test_a_database_that_cannot_be_written_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    arguments = ["add-source", str(article), "--language", "ar", "--wait", "0.2"]
    if target == "bundled":
        assert main([*arguments, "--db", str(bundled_database_path())]) == 3
        assert "the bundled database is read-only" in _one_line(capsys.readouterr().err)
    elif target == "link":
        link = tmp_path / "link.json"
        link.symlink_to(bundled_copy(tmp_path))
        assert main([*arguments, "--db", str(link)]) == 3
        assert "is a symbolic link" in _one_line(capsys.readouterr().err)
    else:
        path = bundled_copy(tmp_path)
        with _lock_held_by_another_process(path):
            assert main([*arguments, "--db", str(path)]) == 3
        assert "another Marsad process (pid" in _one_line(capsys.readouterr().err)
        assert path.read_bytes() == bundled_database_path().read_bytes()


def test_copy_bundled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.json"
    assert main(["copy-bundled", str(path)]) == 0
    assert _one_line(capsys.readouterr().out).startswith(f"{path}: a copy of the bundled database")
    assert path.read_bytes() == bundled_database_path().read_bytes()
    assert main(["copy-bundled", str(path)]) == 3
    assert "already exists" in _one_line(capsys.readouterr().err)

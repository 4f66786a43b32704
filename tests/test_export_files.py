"""Export files: written whole or not at all, only where asked, never over a file unless told."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from unprivileged import run_unprivileged, shared_directory

from tui.export.files import TargetExists, TargetUnwritable, write_file


def _write(text: str):
    def write(stream) -> int:
        stream.write(text)
        return len(text)

    return write


def _failing(stream) -> None:
    stream.write("half")
    raise RuntimeError("the export broke")


def test_writes_a_new_file_with_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    previous = os.umask(0o022)
    try:
        assert write_file(target, _write("مجموعة,1\r\n")) == 10
    finally:
        os.umask(previous)
    assert target.read_bytes() == "مجموعة,1\r\n".encode()  # UTF-8, line ends as written
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.csv"]


def test_never_replaces_a_file_unless_told(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("mine")
    with pytest.raises(TargetExists):
        write_file(target, _write("export"))
    assert target.read_text() == "mine"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.csv"]
    write_file(target, _write("export"), overwrite=True)
    assert target.read_text() == "export"


def test_a_file_made_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"

    def write(stream) -> None:
        stream.write("export")
        target.write_text("someone else's")  # appears between the check and the rename

    with pytest.raises(TargetExists):
        write_file(target, write)
    assert target.read_text() == "someone else's"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.csv"]


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_failed_export_leaves_nothing_behind(tmp_path: Path, overwrite: bool) -> None:
    target = tmp_path / "out.csv"
    if overwrite:
        target.write_text("before")
    with pytest.raises(RuntimeError):
        write_file(target, _failing, overwrite=overwrite)
    assert sorted(path.name for path in tmp_path.iterdir()) == (["out.csv"] if overwrite else [])
    if overwrite:
        assert target.read_text() == "before"


def test_refuses_the_database_a_folder_and_a_missing_folder(tmp_path: Path) -> None:
    database = tmp_path / "db.json"
    database.write_text("{}")
    with pytest.raises(TargetUnwritable, match="database being exported"):
        write_file(database, _write("x"), overwrite=True, protect=database)
    with pytest.raises(TargetUnwritable, match="folder"):
        write_file(tmp_path, _write("x"), overwrite=True)
    with pytest.raises(TargetUnwritable, match="no such file"):
        write_file(tmp_path / "nowhere" / "out.csv", _write("x"))
    assert database.read_text() == "{}"


def test_a_folder_the_user_cannot_write_is_said_and_left_alone() -> None:
    """As a user who really cannot write there (root writes anywhere): a child as `nobody`."""
    with shared_directory() as shared:
        folder = shared / "read-only"
        folder.mkdir()
        folder.chmod(0o555)

        def read_only_user() -> int:
            with pytest.raises(TargetUnwritable, match="permission denied"):
                write_file(folder / "out.csv", _write("x"))
            return 0

        outcome = run_unprivileged(read_only_user)
        assert outcome.code == 0, outcome.err
        assert list(folder.iterdir()) == []

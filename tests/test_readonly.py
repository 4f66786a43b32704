"""Marsad never writes: not the database file, not its directory, not a missing path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

import pytest

from tui.cli import main
from tui.data.errors import DatabaseUnreadable
from tui.data.loader import bundled_database_path, load_database

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def snapshot(directory: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every entry of a directory with its bytes, mtime and mode."""
    return {
        entry.name: (entry.read_bytes() if entry.is_file() else b"", entry.stat().st_mtime_ns, entry.stat().st_mode)
        for entry in sorted(directory.iterdir())
    }


@pytest.fixture
def db_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "db"
    directory.mkdir()
    path = directory / "marsad.json"
    shutil.copyfile(bundled_database_path(), path)
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))  # a known, old mtime
    return path


def _search(path: Path) -> None:
    pytest.importorskip("tui.search_index")
    assert main(["search", "--db", str(path), "T2S"]) == 0


ACTIONS: dict[str, Callable[[Path], object]] = {
    "load": load_database,
    "validate": lambda path: main(["validate", "--db", str(path)]),
    "validate-db-first": lambda path: main(["--db", str(path), "validate"]),
    "search": _search,
}


@pytest.mark.parametrize("action", ACTIONS)
def test_file_and_directory_unchanged(db_copy: Path, action: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(db_copy.parent)
    ACTIONS[action](db_copy)
    ACTIONS[action](db_copy)
    assert snapshot(db_copy.parent) == before
    assert str(db_copy) in capsys.readouterr().out or action in ("load", "search")


@pytest.mark.parametrize("action", ["load", "validate"])
def test_missing_path_is_never_created(tmp_path: Path, action: str, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere" / "marsad.json"
    sibling = tmp_path / "marsad.json"
    for path in (missing, sibling):
        if action == "load":
            with pytest.raises(DatabaseUnreadable, match="no such file"):
                load_database(path)
        else:
            assert main(["validate", "--db", str(path)]) == 2
            assert "no such file" in capsys.readouterr().err
        assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_loads_from_read_only_file_and_directory(db_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = db_copy.parent
    db_copy.chmod(0o444)
    directory.chmod(0o555)
    try:
        before = snapshot(directory)
        assert len(load_database(db_copy)) > 10
        assert main(["validate", "--db", str(db_copy)]) == 0
        assert snapshot(directory) == before
        if not IS_ROOT:  # root could write anyway; for others the mode itself proves it
            with pytest.raises(PermissionError):
                (directory / "probe").write_text("x")
    finally:
        directory.chmod(0o755)
        db_copy.chmod(0o644)


def test_loaded_database_is_not_tied_to_the_file(db_copy: Path) -> None:
    """Once opened, the file can go: everything is read through the index, which lives elsewhere."""
    database = load_database(db_copy)
    db_copy.unlink()
    assert database.get("t2s") is not None and database.sources

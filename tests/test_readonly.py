"""Marsad never writes: not the database file, not its directory, not a missing path."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from unprivileged import run_unprivileged, shared_directory

import tui.search.query  # noqa: F401 -- imported lazily by search: the unprivileged child may not be able to read it
from tui.cli import main
from tui.data.bundled import bundled_database_path
from tui.data.errors import DatabaseUnreadable
from tui.store.opening import load_database


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


BUNDLED_RECORDS = 17


def _load(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert len(load_database(path)) == BUNDLED_RECORDS


def _validate(argv: list[str]) -> Callable[[Path, pytest.CaptureFixture[str]], None]:
    def validate(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main([arg.format(path) for arg in argv]) == 0
        assert capsys.readouterr().out.startswith(f"{path}: organizations: 11")

    return validate


def _search(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--db", str(path), "T2S"]) == 0
    assert capsys.readouterr().out.startswith("organization\tt2s\t")


#: each action checks that it really read the file
ACTIONS: dict[str, Callable[[Path, pytest.CaptureFixture[str]], None]] = {
    "load": _load,
    "validate": _validate(["validate", "--db", "{}"]),
    "validate-db-first": _validate(["--db", "{}", "validate"]),
    "search": _search,
}


@pytest.mark.parametrize("action", ACTIONS)
def test_file_and_directory_unchanged(db_copy: Path, action: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(db_copy.parent)
    ACTIONS[action](db_copy, capsys)
    ACTIONS[action](db_copy, capsys)
    assert snapshot(db_copy.parent) == before


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


def test_loads_from_read_only_file_and_directory() -> None:
    """As a user who really cannot write there (root can write anywhere): a child as `nobody`."""
    with shared_directory() as shared:
        directory = shared / "db"
        directory.mkdir()
        path = directory / "marsad.json"
        shutil.copyfile(bundled_database_path(), path)
        path.chmod(0o444)
        directory.chmod(0o555)
        before = snapshot(directory)

        def read_only_user() -> int:
            with pytest.raises(PermissionError):  # the mode applies to this user
                (directory / "probe").write_text("x")
            assert len(load_database(path)) == BUNDLED_RECORDS
            assert main(["validate", "--db", str(path)]) == 0
            assert main(["search", "--db", str(path), "T2S"]) == 0
            return 0

        outcome = run_unprivileged(read_only_user)
        assert outcome.code == 0, outcome.err
        assert "ok: every record is valid" in outcome.out and "organization\tt2s\t" in outcome.out
        assert snapshot(directory) == before


def test_a_cache_the_user_cannot_write_does_not_stop_reading() -> None:
    """The index is an aid: a user whose cache directory is read-only still reads the file."""
    with shared_directory() as shared:
        path = shared / "marsad.json"
        shutil.copyfile(bundled_database_path(), path)
        cache = shared / "cache"
        cache.mkdir(mode=0o555)
        cache.chmod(0o555)
        outcome = run_unprivileged(
            lambda: main(["validate", "--db", str(path)]), environment={"XDG_CACHE_HOME": str(cache)}
        )
        assert "Traceback" not in outcome.err
        assert outcome.code == 0 and "ok: every record is valid" in outcome.out, outcome


def test_loaded_database_is_not_tied_to_the_file(db_copy: Path) -> None:
    """Once opened, the file can go: everything is read through the index, which lives elsewhere."""
    database = load_database(db_copy)
    db_copy.unlink()
    assert database.get("t2s") is not None and database.sources

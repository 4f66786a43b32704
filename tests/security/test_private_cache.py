"""Door 2, the fallback cache: an index goes where only its user can reach it, and Marsad deletes only its own files.

Issue 17 found that when the user's cache could not be written, the index went
to `$TMPDIR/marsad-cache-UID`, a name another user could create first: an index
forged there was trusted, a symlink planted there made Marsad delete `*.tmp*`
files in the victim's own folder, a squatted folder gave a PermissionError
traceback, and an index of a 0600 database was written 0644 in a 0755 folder.

Two users who are not root play the victim and the attacker (`setuid` in a forked
child: tests/unprivileged.py), sharing a sticky temporary directory as /tmp is.
The victim's cache cannot be written (a folder of root's), so the fallback is used.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from unprivileged import IS_ROOT, run_unprivileged, shared_directory

import tui.search.query  # noqa: F401 -- imported lazily by the commands; the users' children may not read it
from tui.cli import main
from tui.data.bundled import bundled_database_path
from tui.store import cache
from tui.store.build import build_index
from tui.store.opening import load_database
from tui.store.schema import write_meta

needs_root = pytest.mark.skipif(not IS_ROOT, reason="two users need root to become them (CI runs as root)")

VICTIM, ATTACKER = 4242, 4343
FORGED_NAME = "Forged Clinics Holding"


@dataclass(frozen=True)
class Machine:
    """A shared temporary directory (1777), the victim's home with its database, a cache the victim cannot write."""

    tmp: Path
    home: Path
    database: Path
    blocked_cache: Path

    def environment(self) -> dict[str, str]:
        return {"TMPDIR": str(self.tmp), "XDG_CACHE_HOME": str(self.blocked_cache)}

    def fallback(self, uid: int = VICTIM) -> Path:
        return self.tmp / f"marsad-{uid}-indexes"

    def squatted_names(self) -> list[Path]:
        """Every name the victim's fallback had or has: the attacker takes them all first."""
        return [self.tmp / f"marsad-cache-{VICTIM}", self.fallback()]


@pytest.fixture
def machine() -> Iterator[Machine]:
    with shared_directory() as shared:
        tmp = shared / "tmp"
        tmp.mkdir()
        tmp.chmod(0o1777)
        home = shared / "victim"
        home.mkdir()
        database = home / "private.json"
        shutil.copyfile(bundled_database_path(), database)
        database.chmod(0o644)
        os.chown(database, VICTIM, VICTIM)
        os.chown(home, VICTIM, VICTIM)
        blocked = shared / "root-only-cache"
        blocked.mkdir(mode=0o755)
        yield Machine(tmp, home, database, blocked)


def as_user(uid: int, machine: Machine, function) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    def run() -> int | None:
        tempfile.tempdir = None  # (the parent's choice was cached: this user's TMPDIR is the shared one)
        return function()

    outcome = run_unprivileged(run, environment=machine.environment(), uid=uid)
    assert "Traceback" not in outcome.err, outcome.err
    return outcome.code, outcome.out, outcome.err


def index_used(out: str) -> Path:
    (line,) = [line for line in out.splitlines() if line.startswith("index: ")]
    return Path(line.removeprefix("index: ").rsplit(" (", 1)[0])


@needs_root
def test_an_index_forged_in_a_folder_another_user_made_is_never_used(machine: Machine) -> None:
    def forge() -> int:
        """The attacker makes the victim's folders first and plants an index saying what the victim's file does not."""
        for folder in machine.squatted_names():
            folder.mkdir(mode=0o777)
            folder.chmod(0o777)
            (folder / "indexes").mkdir(mode=0o777)
        forged_copy = Path(tempfile.mkdtemp()) / "copy.json"
        forged_copy.write_text(machine.database.read_text("utf-8").replace("GE Healthcare", FORGED_NAME, 1), "utf-8")
        real = cache.FileState.of(machine.database, machine.database.stat())
        name = cache.index_path(machine.database).name
        for folder in (machine.fallback(), machine.squatted_names()[0] / "indexes"):
            forged = build_index(forged_copy, folder / name)
            with sqlite3.connect(forged) as connection:
                write_meta(connection, {"path": real.path, "size": real.size, "mtime_ns": real.mtime_ns})
                write_meta(connection, {"ctime_ns": real.ctime_ns, "inode": real.inode})
                write_meta(connection, {"sample_hash": real.sample_hash, "content_hash": cache.content_hash(real_path)})
            connection.close()
            forged.chmod(0o666)
        return 0

    real_path = machine.database
    code, _out, err = as_user(ATTACKER, machine, forge)
    assert code == 0, err
    forged_files = sorted(path for path in machine.tmp.rglob("*.sqlite"))
    assert len(forged_files) == 2

    code, out, err = as_user(VICTIM, machine, lambda: main(["search", "--db", str(machine.database), FORGED_NAME]))
    assert code == 1, out  # no hit: the forged index said something the file does not
    code, out, err = as_user(VICTIM, machine, lambda: main(["index", "--db", str(machine.database)]))
    assert code == 0, err
    used = index_used(out)
    assert used.parent not in machine.squatted_names() and used.parent.parent not in machine.squatted_names()
    folder = used.parent.stat()
    assert folder.st_uid == VICTIM and stat.S_IMODE(folder.st_mode) == 0o700
    assert sorted(path for path in machine.tmp.rglob("*.sqlite") if path.parent.stat().st_uid == ATTACKER) == (
        forged_files
    ), "the attacker's files were touched"


@needs_root
def test_a_symlink_planted_as_the_folder_is_never_followed_nor_emptied(machine: Machine) -> None:
    work = machine.home / "work"
    work.mkdir()
    mine = {
        "draft.tmp.1": b"the victim's notes",
        "report.1.tmp": b"a report",
        f"{'0' * 24}.99999.deadbeef.tmp": b"named like a leftover of Marsad's",
    }
    for name, content in mine.items():
        (work / name).write_bytes(content)
    for path in [work, *work.iterdir()]:
        os.chown(path, VICTIM, VICTIM)

    def plant() -> int:
        """A link where the victim's folder goes: the old name's `indexes`, and the new name itself."""
        old_name = machine.squatted_names()[0]
        old_name.mkdir(mode=0o755)
        (old_name / "indexes").symlink_to(work)
        machine.fallback().symlink_to(work)
        return 0

    assert as_user(ATTACKER, machine, plant)[0] == 0
    code, out, err = as_user(VICTIM, machine, lambda: main(["index", "--db", str(machine.database)]))
    assert code == 0, err
    assert {path.name: path.read_bytes() for path in work.iterdir()} == mine
    assert not index_used(out).is_relative_to(work)


@needs_root
def test_a_squatted_folder_is_passed_over_without_a_traceback(machine: Machine) -> None:
    def squat() -> int:
        for name in machine.squatted_names():
            name.mkdir(mode=0o755)
            (name / "indexes").mkdir(mode=0o755)
        return 0

    assert as_user(ATTACKER, machine, squat)[0] == 0
    code, out, err = as_user(VICTIM, machine, lambda: main(["search", "--db", str(machine.database), "T2S"]))
    assert code == 0 and "organization\tt2s\t" in out, err


@needs_root
def test_the_fallback_is_made_private_and_checked_at_every_use(machine: Machine) -> None:
    code, out, err = as_user(VICTIM, machine, lambda: main(["index", "--db", str(machine.database)]))
    assert code == 0, err
    assert index_used(out).parent == machine.fallback()
    info = machine.fallback().stat()
    assert info.st_uid == VICTIM and stat.S_IMODE(info.st_mode) == 0o700
    machine.fallback().chmod(0o755)  # opened to others (by mistake, or by a tool): no longer private
    code, out, err = as_user(VICTIM, machine, lambda: main(["index", "--db", str(machine.database)]))
    assert code == 0, err
    assert index_used(out).parent != machine.fallback()
    assert stat.S_IMODE(index_used(out).parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(("database_mode", "index_mode"), [(0o600, 0o600), (0o640, 0o640), (0o644, 0o644)])
def test_an_index_is_never_more_readable_than_its_database(tmp_path: Path, database_mode: int, index_mode: int) -> None:
    database = tmp_path / "db.json"
    shutil.copyfile(bundled_database_path(), database)
    database.chmod(database_mode)
    previous = os.umask(0o022)
    try:
        index = load_database(database).index_path
    finally:
        os.umask(previous)
    assert stat.S_IMODE(index.stat().st_mode) == index_mode
    assert stat.S_IMODE(cache.stamp_path(index).stat().st_mode) == index_mode


def test_clearing_removes_only_what_marsad_made(tmp_path: Path) -> None:
    database = tmp_path / "db.json"
    shutil.copyfile(bundled_database_path(), database)
    index = load_database(database).index_path
    folder = index.parent
    outside = tmp_path / "outside.txt"
    outside.write_text("not Marsad's")
    (folder / "notes.txt").write_text("someone's notes")
    (folder / "holiday.tmp").write_text("not a leftover")
    (folder / f"{'a' * 24}.sqlite").symlink_to(outside)  # named like an index, a link to a file elsewhere
    assert main(["index", "--clear"]) == 0
    assert sorted(path.name for path in folder.iterdir()) == sorted([f"{'a' * 24}.sqlite", "holiday.tmp", "notes.txt"])
    assert outside.read_text() == "not Marsad's"

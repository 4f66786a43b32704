"""Door 4, faults: a full disk, a killed builder, a vanished cache: each one line with the file, the cause, the fix.

Issue 17 found that a full disk ended in a traceback on the command line (a 3 MB
tmpfs as the cache) and in "marsad: : the index builder stopped (exit code 1)" in
the app (no cause, no file name); the same empty name came when the builder was
killed. The full disk is real where the machine lets a test mount a small tmpfs
(in a mount namespace of its own: root), and simulated (ENOSPC from SQLite)
everywhere.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyte
import pytest
from pilot_helpers import wait_for
from served_server import children_of
from terminal_session import ROOT, TerminalSession, clean_environment

from benchmarks.synth import write as write_synthetic
from tui.app import MarsadApp
from tui.cli import main
from tui.store import build, cache
from tui.store.background import BackgroundBuild, Failed, stopped
from tui.store.build import IndexUnwritable, build_index
from tui.store.opening import INDEX_IN_PROCESS_MAX_BYTES

#: a database whose index does not fit in a 3 MB tmpfs, and whose file is built in the background by the app
LARGE_RECORDS = 8000


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "large.json"
    write_synthetic(path, LARGE_RECORDS, seed=5)
    assert path.stat().st_size > INDEX_IN_PROCESS_MAX_BYTES
    return path


def small_disks_allowed() -> bool:
    try:
        probe = subprocess.run(
            ["unshare", "--mount", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


needs_small_disk = pytest.mark.skipif(
    not small_disks_allowed(), reason="this machine does not let a test mount a tmpfs (needs root)"
)


def on_a_full_disk(cache_folder: Path, *command: str, megabytes: int = 3) -> list[str]:
    """`command`, in a mount namespace where `cache_folder` is a new small tmpfs (nothing outside it sees the mount)."""
    script = f'mount -t tmpfs -o size={megabytes}m tmpfs "{cache_folder}" && exec "$@"'
    return ["unshare", "--mount", "sh", "-c", script, "sh", *command]


def one_line(text: str) -> str:
    assert text.count("\n") == 1 and "Traceback" not in text, text
    assert not text.startswith("marsad: : "), text
    return text


@needs_small_disk
def test_a_full_disk_on_the_command_line_is_one_line(large: Path, tmp_path: Path) -> None:
    cache_folder = tmp_path / "cache"
    cache_folder.mkdir()
    result = subprocess.run(
        on_a_full_disk(cache_folder, sys.executable, "-m", "tui", "search", "--db", str(large), "clinique"),
        cwd=ROOT,
        env=clean_environment({"XDG_CACHE_HOME": str(cache_folder)}),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith(f"marsad: {cache_folder}/marsad/indexes: no space left on the device for the index of ")
    assert str(large) in line and "Free some space there" in line


@needs_small_disk
def test_a_full_disk_in_the_app_is_one_notification_and_the_app_keeps_its_rows(large: Path, tmp_path: Path) -> None:
    cache_folder = tmp_path / "cache"
    cache_folder.mkdir()
    # room for the first records (shown as they come), not for the whole index
    command = on_a_full_disk(cache_folder, sys.executable, "-m", "tui", "--db", str(large), megabytes=10)
    with TerminalSession(
        ["-c", "import os, sys; os.execvp(sys.argv[1], sys.argv[1:])", *command],
        env=clean_environment({"XDG_CACHE_HOME": str(cache_folder)}),
    ) as session:
        session.wait_for(b"Organizations")
        session.wait_for(b"Index not built", deadline=120)
        session.wait_for(b"\x1b[1;1H", start=len(session.output))  # (the next frame: the whole notification)
        screen = drawn(bytes(session.output))
        session.press(b"q")
        assert session.finish() == 0
    said = toast(screen, "Index not built")
    expected = f"{cache_folder}/marsad/indexes: no space left on the device for the index of {large}. Free some space"
    assert "".join(said.split()).startswith("".join(expected.split())), screen
    assert "─ 1 Organizations ─" in screen and "Groupe" in screen, "the rows read before the disk filled went"
    assert b"Traceback" not in session.output and b"marsad: : " not in session.output


def drawn(output: bytes) -> str:
    """The screen a 100x30 terminal shows after `output`."""
    screen = pyte.Screen(100, 30)
    pyte.ByteStream(screen).feed(output)
    return "\n".join(screen.display)


def toast(screen: str, title: str) -> str:
    """The text of the notification titled `title` (Textual draws it behind a `▌` bar), its lines joined."""
    rows = screen.split("\n")
    (top,) = [number for number, row in enumerate(rows) if title in row]
    bar = rows[top].index("▌")
    lines = []
    for row in rows[top + 1 :]:
        if row[bar : bar + 1] != "▌":
            break
        lines.append(row[bar + 1 :].split("│")[0].strip())
    return " ".join(lines)


def test_a_full_disk_is_said_with_the_file_the_cause_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Simulated: SQLite says the disk is full as the index is finished."""
    database = tmp_path / "db.json"
    write_synthetic(database, 300, seed=1)

    def full(*_args: object) -> None:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(build, "_finish", full)
    assert main(["search", "--db", str(database), "clinique"]) == 2
    captured = capsys.readouterr()
    folder = cache.index_directory()
    assert captured.out == ""
    assert one_line(captured.err) == (
        f"marsad: {folder}: no space left on the device for the index of {database}. Free some space there "
        "(`marsad index --clear` removes old indexes), or point XDG_CACHE_HOME at a disk with room\n"
    )
    assert list(folder.iterdir()) == [], "the half-built index was left"


def test_enospc_from_the_system_is_the_same_sentence(tmp_path: Path) -> None:
    index = tmp_path / "indexes" / "x.sqlite"
    index.parent.mkdir()
    said = IndexUnwritable.of(OSError(errno.ENOSPC, "No space left on device"), index, tmp_path / "db.json")
    assert said.message.startswith(f"{index.parent}: no space left on the device for the index of {tmp_path}/db.json")


def test_a_cache_folder_removed_while_building_is_one_line(tmp_path: Path) -> None:
    database = tmp_path / "db.json"
    write_synthetic(database, 3000, seed=1)
    final = cache.index_path(database)

    def remove_the_folder(_progress: object) -> None:
        shutil.rmtree(final.parent, ignore_errors=True)

    with pytest.raises(IndexUnwritable) as raised:
        build_index(database, final, progress=remove_the_folder)
    assert raised.value.message == (
        f"{final.parent}: the cache folder went away while the index of {database} was being built. "
        "Run the command again: the index is built anew"
    )


def builder_of(parent: int) -> int:
    """The process id of the index builder a process started (its child running `tui index`)."""
    for pid in children_of(parent):
        try:
            if b"index" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
                return pid
        except OSError:
            continue
    raise LookupError("no builder")


def test_a_killed_builder_names_the_file_and_the_signal(large: Path) -> None:
    build_process = BackgroundBuild(large)
    try:
        events = build_process.events()
        next(events)  # building: its first progress
        os.kill(builder_of(os.getpid()), signal.SIGKILL)
        *_progress, last = list(events)
    finally:
        build_process.cancel()
    assert isinstance(last, Failed)
    assert last.error.message == (
        f"{large}: the process building its index was stopped by SIGKILL. Open it again to build the index anew; "
        "`marsad index --db FILE` builds it in the terminal and says why it fails"
    )


def test_a_builder_that_stops_says_its_last_words() -> None:
    said = stopped(Path("/data/db.json"), 1, "MemoryError")
    assert said.message.startswith(
        "/data/db.json: the process building its index ended with exit code 1 (MemoryError)."
    )


async def test_a_killed_builder_in_the_app_is_one_notification_and_the_rows_stay(large: Path) -> None:
    app = MarsadApp(db_path=large)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.database is not None, "the first rows, from the index being built")
        os.kill(builder_of(os.getpid()), signal.SIGKILL)
        await wait_for(pilot, lambda: any(n.title == "Index not built" for n in app._notifications), "a notification")
        (said,) = [n.message for n in app._notifications if n.title == "Index not built"]
        assert said.startswith(f"{large}: the process building its index was stopped by SIGKILL")
        assert app.is_running and app.load_error is None
        assert app.database is not None and len(list(app.database.organizations)) > 0
        await pilot.press("j", "j")
        assert app.is_running

"""Door 3, a damaged index: found before it is used (or as it is read), built again with one line; nothing else trusted.

Issue 17 found that overwriting some of an index's record pages made `marsad
search` end in "database disk image is malformed" (a traceback) while `marsad
index` said "already up to date" and `validate` said ok; that a folder at the
index's path gave IsADirectoryError; and that a builder in another PID namespace
deleted a live temporary file (it judged the file's builder dead by a process id
that means nothing outside its namespace).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pilot_helpers import wait_for, wait_until_loaded
from terminal_session import ROOT

from benchmarks.synth import write as write_synthetic
from tui.app import MarsadApp
from tui.store import cache
from tui.store.opening import load_database
from tui.store.proof import verdict, write_stamp

RECORDS = 2000


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "db.json"
    write_synthetic(path, RECORDS, seed=3)
    return path


@pytest.fixture
def database(synthetic: Path, tmp_path: Path) -> Path:
    path = tmp_path / "db.json"
    shutil.copyfile(synthetic, path)
    return path


def marsad(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def record_pages(index: Path) -> list[int]:
    """The leaf pages of the index's `records` table (SQLite's dbstat)."""
    with sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True) as connection:
        found = connection.execute(
            "SELECT pageno FROM dbstat WHERE name = 'records' AND pagetype = 'leaf' ORDER BY pageno"
        ).fetchall()
    connection.close()
    return [page for (page,) in found]


def overwrite_pages(index: Path, pages: list[int]) -> None:
    """Garbage over whole pages, in place (the file keeps its size): what a stray write or a bad disk does."""
    size = 4096
    with open(index, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(bytes((page * 7 + offset) % 251 for offset in range(size)))


def one_line(text: str) -> str:
    assert text.count("\n") == 1, text
    assert "Traceback" not in text and text.startswith("marsad: "), text
    return text


def test_overwritten_record_pages_are_found_at_open_and_built_again_with_one_line(database: Path) -> None:
    index = load_database(database).index_path
    overwrite_pages(index, record_pages(index)[5:60])
    indexed = marsad("index", "--db", str(database))
    assert indexed.returncode == 0, indexed.stderr
    assert "already up to date" not in indexed.stdout and "built in" in indexed.stdout
    assert "was changed after it was built: it is built again" in one_line(indexed.stderr)
    assert str(database) in indexed.stderr and str(index) in indexed.stderr
    searched = marsad("search", "--db", str(database), "clinique", "--limit", "3")
    assert searched.returncode == 0 and searched.stderr == "" and searched.stdout.count("\n") == 3
    overwrite_pages(index, record_pages(index)[5:60])
    validated = marsad("validate", "--db", str(database))
    assert validated.returncode == 0 and "ok: every record is valid" in validated.stdout
    one_line(validated.stderr)


def test_damage_the_stamp_misses_is_caught_as_it_is_read(database: Path) -> None:
    """Pages damaged and the stamp made to agree (a disk's damage, times put back): SQLite's "malformed" is caught."""
    index = load_database(database).index_path
    overwrite_pages(index, record_pages(index))
    write_stamp(index, 0o600)
    assert verdict(index).sound
    searched = marsad("search", "--db", str(database), "clinique", "--limit", "3")
    assert searched.returncode == 0, searched.stderr
    assert "is damaged (database disk image is malformed); building it again" in one_line(searched.stderr)
    assert searched.stdout.count("\n") == 3
    assert marsad("search", "--db", str(database), "clinique").stderr == ""  # built again: sound


async def test_the_app_says_once_that_the_index_is_damaged_and_keeps_running(database: Path) -> None:
    index = load_database(database).index_path
    app = MarsadApp(db_path=database)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until_loaded(pilot)
        overwrite_pages(index, record_pages(index))  # under the open app (its connection reads the file)
        await pilot.press("2", "j", "j", "1", "G", "g")  # lists read pages of records
        await wait_for(
            pilot,
            lambda: any(n.title == "Index damaged" for n in app._notifications),
            "a notification that the index is damaged",
        )
        assert sum(n.title == "Index damaged" for n in app._notifications) == 1
        assert app.is_running
        await pilot.press("ctrl+r")  # built again
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: app.database is not None and app.database.index_path == index, "a reload")
        assert app.database is not None and len(list(app.database.organizations)) > 0
        assert verdict(index).sound


def test_a_folder_at_the_index_path_is_refused_in_one_line(database: Path) -> None:
    index = cache.index_path(database)
    index.mkdir(parents=True)
    (index / "something").write_text("kept")
    searched = marsad("search", "--db", str(database), "clinique")
    assert searched.returncode == 2 and searched.stdout == ""
    assert f"{index}: is a folder, where an index should be" in one_line(searched.stderr)
    assert (index / "something").read_text() == "kept"


def pid_namespaces_allowed() -> bool:
    try:
        probe = subprocess.run(
            ["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


@pytest.fixture
def builder_in_another_namespace(database: Path) -> Iterator[subprocess.Popen[str]]:
    """`marsad index` in a new PID namespace, where its process id (99991) is one this namespace never gave."""
    script = (
        "echo 99990 > /proc/sys/kernel/ns_last_pid; "
        f"{sys.executable} -m tui index --db {database} --progress json; exit $?"
    )
    process = subprocess.Popen(
        ["unshare", "--pid", "--fork", "--mount-proc", "sh", "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGCONT)
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.skipif(not pid_namespaces_allowed(), reason="this machine does not allow a new PID namespace (root)")
def test_a_builder_in_another_pid_namespace_keeps_its_file_from_another_builder(
    database: Path, synthetic: Path, tmp_path: Path, builder_in_another_namespace: subprocess.Popen[str]
) -> None:
    builder = builder_in_another_namespace
    assert builder.stdout is not None
    first = builder.stdout.readline()  # its first progress: the file it builds exists
    assert '"event": "progress"' in first, first + (builder.stderr.read() if builder.stderr else "")
    os.killpg(builder.pid, signal.SIGSTOP)  # held mid-build
    (building,) = [path for path in cache.index_directory().iterdir() if path.suffix == ".tmp"]
    pid = int(building.name.split(".")[1])
    assert pid > 99990 and not Path(f"/proc/{pid}").exists()  # a process id that means nothing here
    other = tmp_path / "other.json"
    shutil.copyfile(synthetic, other)
    other.write_bytes(other.read_bytes().replace(b"Clinique", b"Klinik", 1))
    load_database(other)  # another builder, in this namespace, in the same folder
    assert building.exists(), "the other builder deleted a file still being built"
    os.killpg(builder.pid, signal.SIGCONT)
    _out, err = builder.communicate(timeout=300)
    assert builder.returncode == 0, err
    assert not building.exists() and cache.usable_index(database, cache.FileState.of(database, database.stat()))


def test_a_killed_builder_s_file_is_removed_by_the_next(database: Path) -> None:
    builder = subprocess.Popen(
        [sys.executable, "-m", "tui", "index", "--db", str(database), "--progress", "json"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert builder.stdout is not None and '"progress"' in builder.stdout.readline()
    builder.kill()
    builder.wait()
    (left,) = [path for path in cache.index_directory().iterdir() if path.suffix == ".tmp"]
    end = time.monotonic() + 10
    while left.exists() and time.monotonic() < end:
        load_database(database)  # (its builder's lock is gone with it)
    assert not left.exists()

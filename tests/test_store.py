"""The index file: built once, reused while the database file is unchanged, never trusted otherwise."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest
from pilot_helpers import wait_for, wait_until_loaded

from benchmarks.synth import write as write_synthetic
from tui.app import MarsadApp
from tui.data.bundled import bundled_database_path
from tui.data.errors import DatabaseUnreadable
from tui.search import build as search_build
from tui.search.build import IndexBuildCancelled
from tui.store import build as store_build
from tui.store import cache
from tui.store.build import build_index
from tui.store.opening import is_indexed, load_database
from tui.store.schema import INDEX_VERSION

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "marsad.json"
    shutil.copyfile(bundled_database_path(), path)
    return path


def index_of(path: Path) -> Path:
    return cache.index_path(path)


def built_at(path: Path) -> int:
    return index_of(path).stat().st_ino


def test_the_index_is_built_once_and_reused(db_file: Path) -> None:
    assert not is_indexed(db_file)
    first = load_database(db_file)
    assert is_indexed(db_file)
    inode = built_at(db_file)
    again = load_database(db_file)
    assert built_at(db_file) == inode  # not rebuilt
    assert again.index_path == first.index_path and len(again) == len(first) == 17


def test_the_index_lives_in_the_cache_directory(db_file: Path) -> None:
    database = load_database(db_file)
    assert database.index_path.is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))
    assert sorted(entry.name for entry in db_file.parent.iterdir()) == ["marsad.json"]


def test_changed_content_of_the_same_size_is_rebuilt(db_file: Path) -> None:
    load_database(db_file)
    raw = db_file.read_bytes()
    changed = raw.replace("أكديتال".encode(), "أكدبتال".encode(), 1)
    assert len(changed) == len(raw) and changed != raw
    info = db_file.stat()
    db_file.write_bytes(changed)
    os.utime(db_file, ns=(info.st_atime_ns, info.st_mtime_ns))  # the same mtime: only the bytes tell
    assert not is_indexed(db_file)
    assert any(record.names.ar == "أكدبتال" for record in load_database(db_file).organizations.values())


def test_touching_the_file_keeps_its_index(db_file: Path) -> None:
    load_database(db_file)
    os.utime(db_file)  # new times, same bytes: the content hash says it is the same file
    assert is_indexed(db_file)


@pytest.mark.parametrize(
    "damage",
    [
        "garbage",
        "empty",
        "truncated",
        "another sqlite file",
        "another version",
        "never finished",
    ],
)
def test_a_damaged_or_foreign_index_is_rebuilt_not_trusted(db_file: Path, damage: str) -> None:
    load_database(db_file)
    index = index_of(db_file)
    if damage == "garbage":
        index.write_bytes(b"not an index" * 100)
    elif damage == "empty":
        index.write_bytes(b"")
    elif damage == "truncated":
        index.write_bytes(index.read_bytes()[:5000])
    elif damage == "another sqlite file":
        index.unlink()
        with sqlite3.connect(index) as connection:
            connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)")
            connection.execute("INSERT INTO meta VALUES ('complete', 1)")
    else:
        with sqlite3.connect(index) as connection:
            if damage == "another version":
                connection.execute(f"PRAGMA user_version = {INDEX_VERSION + 1}")
            else:
                connection.execute("DELETE FROM meta WHERE key = 'complete'")
        connection.close()
    assert not is_indexed(db_file)
    database = load_database(db_file)
    assert len(database) == 17 and database.get("t2s") is not None


def test_two_builders_at_once_both_leave_a_good_index(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    write_synthetic(path, 3000, seed=4)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    builders = [
        subprocess.Popen(
            [sys.executable, "-m", "tui", "index", "--db", str(path), "--progress", "none"],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for builder in builders:
        _out, err = builder.communicate(timeout=120)
        assert builder.returncode == 0, err
    assert is_indexed(path)
    assert len(load_database(path)) == 3000
    assert not list(index_of(path).parent.glob("*.tmp"))


def test_a_cancelled_build_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    write_synthetic(path, 3000, seed=4)
    final = index_of(path)
    with pytest.raises(IndexBuildCancelled):
        build_index(path, final, should_stop=lambda: True)
    assert not final.exists()
    assert list(final.parent.iterdir()) == []


async def test_quitting_while_the_app_indexes_a_file_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`q` while a file is indexed in the app's own process: the build stops at its next
    batch, leaving nothing, instead of running to its end while the shell waits."""
    path = tmp_path / "db.json"
    write_synthetic(path, 3000, seed=4)  # small enough to be indexed in the app's own process
    monkeypatch.setattr(store_build, "BATCH_RECORDS", 100)
    inside, go_on, ended = threading.Event(), threading.Event(), threading.Event()
    insert, build = store_build._RowWriter.insert, store_build.build_index

    def first_batch_then_wait(self: store_build._RowWriter, batch: store_build._Batch) -> None:
        insert(self, batch)
        inside.set()
        go_on.wait(60)  # the build stands still in its first batch until the app has quit

    def watched_build(*args: object, **options: object) -> Path:
        try:
            return build(*args, **options)  # type: ignore[arg-type]
        finally:
            ended.set()

    monkeypatch.setattr(store_build._RowWriter, "insert", first_batch_then_wait)
    monkeypatch.setattr(store_build, "build_index", watched_build)
    app = MarsadApp(db_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, inside.is_set, "the index being built")
        await pilot.press("q")
    go_on.set()
    assert await asyncio.to_thread(ended.wait, 60)
    assert app.return_code == 0
    assert not is_indexed(path), "the build ran to its end after the app had quit"
    assert list(index_of(path).parent.iterdir()) == []


def test_an_unreadable_file_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"organizations": {"1": {"id": "a", "names": {"latin": "A"}}, "2": [1, 2,', encoding="utf-8")
    with pytest.raises(DatabaseUnreadable, match="not valid JSON"):
        load_database(path)
    assert list(index_of(path).parent.iterdir()) == []


def test_an_unwritable_cache_falls_back_to_a_temporary_directory(
    db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(cache.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    database = load_database(db_file)
    assert database.index_path.parent == tmp_path / "tmp" / f"marsad-{os.geteuid()}-indexes"
    assert database.index_path.parent.stat().st_mode & 0o777 == 0o700


def test_building_memory_does_not_grow_with_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python's allocations while indexing 5,000 and 20,000 records: far from proportional.

    Records go in by batches and the search tables are built a chunk of records at a
    time (chunks here smaller than both files); what is left to grow is the vocabulary
    and a few bytes per record (a number and a bit in a set each).
    """
    monkeypatch.setattr(search_build, "CHUNK_RECORDS", 2048)
    paths = {}
    for records in (5000, 20000):
        paths[records] = tmp_path / f"db{records}.json"
        write_synthetic(paths[records], records, seed=2)
    build_index(paths[5000], tmp_path / "warm-up.sqlite")  # process-wide caches (normalization, shaping) filled first
    peaks = []
    for records in (5000, 20000):
        tracemalloc.start()
        build_index(paths[records], tmp_path / f"index{records}.sqlite")
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 2 * peaks[0], peaks  # four times the records, well under twice the memory
    assert peaks[1] < 64 * 1024 * 1024


async def test_deleting_the_cache_while_the_app_runs(db_file: Path) -> None:
    app = MarsadApp(db_path=db_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until_loaded(pilot)
        shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]))
        await pilot.press("1", "j", "j", "enter")  # records still come from the open index
        assert app.main_screen.record is not None
        data = json.loads(db_file.read_text(encoding="utf-8"))
        data["organizations"]["1"]["names"]["ar"] = "اسم جديد"
        db_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        await pilot.press("ctrl+r")  # rebuilt, in a cache directory made again
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.database is not None and app.database.get(data["organizations"]["1"]["id"]).names.ar == "اسم جديد"
        assert is_indexed(db_file)

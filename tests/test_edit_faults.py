"""Fault injection: writers killed with SIGKILL mid-write, at random and at each step, and two writers at once.

A writer is a forked child process writing through `SafeStorage` (TinyDB's
API), so the kill is a real SIGKILL of a real process, at whatever instruction
it reached. After every kill the file must be, byte for byte, the database as
it was before the write being made or as that write makes it: valid, complete,
and read by TinyDB and Marsad alike.
"""

from __future__ import annotations

import copy
import os
import random
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from edit_helpers import bundled_copy, read_by_marsad, read_by_tinydb
from tinydb import TinyDB

from benchmarks import synth
from tui.edit.adding import AddFact
from tui.edit.canonical import encode_database
from tui.edit.errors import FileChangedOnDisk
from tui.edit.operations import apply
from tui.edit.session import EditSession
from tui.edit.storage import SafeStorage

KILLS = 200
#: writes a child attempts before it is killed (it is always killed well before)
WRITES_PER_CHILD = 1000


def _record(base: dict[str, Any], number: int) -> dict[str, Any]:
    """Record 1 after write `number`: renamed, and with a few facts more or fewer (so sizes vary)."""
    record = copy.deepcopy(base["organizations"]["1"])
    record["names"]["latin"] = f"Edited {number}"
    facts = record.get("facts", [])
    record["facts"] = facts[: len(facts) - number % 3] if facts else facts
    return record


def _state(base: dict[str, Any], number: int) -> dict[str, Any]:
    """The database after write `number`."""
    return base | {"organizations": base["organizations"] | {"1": _record(base, number)}}


def _writer(path: Path, base: dict[str, Any], first: int, report: int) -> None:
    """The child: read, say so, then write states first, first + 1... through SafeStorage, saying each one done."""
    storage = SafeStorage(path)  # (what TinyDB calls: read the whole database, write it whole)
    storage.read()
    os.write(report, READY)
    for number in range(first, first + WRITES_PER_CHILD):
        tables = storage.read()
        tables["organizations"]["1"] = _record(base, number)
        storage.write(tables)
        os.write(report, number.to_bytes(4, "big"))


def _fork(work: Callable[[], None]) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            work()
        finally:
            os._exit(0)
    return pid


def _last_reported(report: int) -> int | None:
    data = b""
    while chunk := os.read(report, 65536):
        data += chunk
    return int.from_bytes(data[-4:], "big") if len(data) >= 4 else None


READY = b"R"


def test_sigkill_at_random_points_of_200_writes_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    base = synth.generate(100, seed=3)  # 170 KB: a write takes ~3 ms, half of it with a temporary file open
    expected = {0: encode_database(_state(base, 0))}
    path.write_bytes(expected[0])

    def bytes_of(number: int) -> bytes:
        if number not in expected:
            expected[number] = encode_database(_state(base, number))
        return expected[number]

    started = time.perf_counter()
    storage = SafeStorage(path)
    storage.write(storage.read())
    one_write = time.perf_counter() - started
    rng = random.Random(21)
    current, first, mid_write = 0, 1, 0
    for kill in range(KILLS):
        report_read, report_write = os.pipe()
        pid = _fork(lambda: _writer(path, base, first, report_write))  # noqa: B023 -- called at once
        os.close(report_write)
        assert os.read(report_read, 1) == READY  # (it has read the file: kill it while it writes)
        time.sleep(rng.uniform(0, 2 * one_write))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        mid_write += any(name.endswith(".tmp") for name in os.listdir(tmp_path))
        done = _last_reported(report_read)
        os.close(report_read)
        # Before the kill the file was `current`; the child then wrote first, first + 1... up to `done`.
        candidates = [current, first] if done is None else [done, done + 1]
        written = path.read_bytes()
        matches = [number for number in candidates if written == bytes_of(number)]
        assert matches, f"after kill {kill}, the file is neither the database before the write nor after it"
        current = matches[0]
        first = candidates[-1] + 1  # (the next child writes states never written before)
    # The kills hit every part of a write, inside it too: they left temporary files behind.
    assert mid_write >= KILLS // 10, f"only {mid_write} of {KILLS} kills landed while a write was under way"
    print(f"{mid_write} of {KILLS} kills landed while a temporary file was being written")
    records, problems = read_by_marsad(path)
    assert problems == []
    assert len(records) == sum(len(table) for table in base.values())
    assert read_by_tinydb(path)["organizations"]["1"]["names"]["latin"] == f"Edited {current}"
    storage = SafeStorage(path)  # the next write removes what the killed writers left
    storage.write(storage.read())
    assert [name for name in os.listdir(tmp_path) if name.endswith(".tmp")] == []


STEPS = {
    "temporary file created": ("fchmod", 1),
    "half the bytes written": ("write", 1),
    "all written, before fsync": ("fsync", 1),
    "fsynced, before the rename": ("rename", 1),
    "renamed, before the folder is fsynced": ("fsync", 2),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_sigkill_at_each_step_of_a_write(tmp_path: Path, step: str) -> None:
    path = bundled_copy(tmp_path)
    old = path.read_bytes()
    name, nth = STEPS[step]

    def killed_at_the_step() -> None:
        real = getattr(os, name)
        calls = 0

        def then_die(*args: Any) -> Any:
            nonlocal calls
            calls += 1
            if calls == nth:
                if name == "write":  # half of the bytes reach the file first
                    real(args[0], bytes(args[1][: len(args[1]) // 2]))
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args)

        setattr(os, name, then_die)
        with TinyDB(path, storage=SafeStorage) as database:
            database.table("organizations").update({"names": {"ar": "أكديتال", "latin": "Akdital SA"}}, doc_ids=[5])

    pid = _fork(killed_at_the_step)
    _pid, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    new = old.replace(b'"latin": "Akdital"', b'"latin": "Akdital SA"')
    if step == "renamed, before the folder is fsynced":
        assert path.read_bytes() == new
    else:
        assert path.read_bytes() == old
    assert read_by_tinydb(path)["organizations"]["5"]["id"] == "akdital"


# -- two writers at once ------------------------------------------------------------------

EDITS_EACH = 25


def _fact(writer: str, number: int) -> AddFact:
    return AddFact(
        record="akdital",
        field="note",
        label=f"{writer} {number}",
        source="amgs-founding-article",
        quote="من سبع مجموعات كبرى",
    )


def test_two_processes_writing_at_once_never_lose_a_write(tmp_path: Path) -> None:
    """Each edit reads the file afresh under the lock (the CLI's way): the other one waits."""
    path = bundled_copy(tmp_path)

    def writer(name: str) -> None:
        database = TinyDB(path, storage=SafeStorage)
        for number in range(EDITS_EACH):
            apply(database, _fact(name, number), fresh=True)

    children = [_fork(lambda name=name: writer(name)) for name in ("A", "B")]  # type: ignore[misc]
    for child in children:
        _pid, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    labels = [fact["label"] for fact in read_by_tinydb(path)["organizations"]["5"]["facts"]]
    assert sorted(label for label in labels if label[0] in "AB") == sorted(
        f"{name} {number}" for name in "AB" for number in range(EDITS_EACH)
    )
    _records, problems = read_by_marsad(path)
    assert problems == []


def test_a_session_that_read_before_another_wrote_is_told_and_after_a_reload_loses_nothing(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    first, second = EditSession(path), EditSession(path)
    first.view(), second.view()  # both read the file
    first.do(_fact("A", 0))
    with pytest.raises(FileChangedOnDisk) as told:
        second.do(_fact("B", 0))
    assert "changed on disk since it was read" in told.value.message
    second.reload()
    second.do(_fact("B", 0))
    labels = [fact["label"] for fact in read_by_tinydb(path)["organizations"]["5"]["facts"]]
    assert labels[-2:] == ["A 0", "B 0"]
    with pytest.raises(FileChangedOnDisk):
        first.undo()  # (its view is out of date too: it must reload before undoing)
    first.reload()
    undone = first.undo()  # its own fact goes; the other session's, added to the same record since, stays
    assert undone is not None and undone.description.startswith("Undid: Added a fact to 'akdital'")
    labels = [fact["label"] for fact in read_by_tinydb(path)["organizations"]["5"]["facts"]]
    assert labels[-1] == "B 0" and "A 0" not in labels


def test_two_sessions_editing_at_once_are_told_and_lose_nothing(tmp_path: Path) -> None:
    """Two sessions (the app's way) edit what they read; one that finds the file changed reloads and edits again."""
    path = bundled_copy(tmp_path)
    report_read, report_write = os.pipe()
    start_read, start_write = os.pipe()

    def session(name: str) -> None:
        editing = EditSession(path)
        editing.view()
        os.read(start_read, 1)  # (both start together)
        told = 0
        for number in range(EDITS_EACH):
            while True:
                try:
                    editing.do(_fact(name, number))
                    break
                except FileChangedOnDisk:
                    told += 1
                    editing.reload()
        os.write(report_write, bytes([min(told, 255)]))

    children = [_fork(lambda name=name: session(name)) for name in ("A", "B")]  # type: ignore[misc]
    os.write(start_write, b"go")
    for child in children:
        _pid, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    os.close(report_write)
    told = sum(os.read(report_read, 2))
    os.close(report_read)
    labels = [fact["label"] for fact in read_by_tinydb(path)["organizations"]["5"]["facts"]]
    assert sorted(label for label in labels if label[0] in "AB") == sorted(
        f"{name} {number}" for name in "AB" for number in range(EDITS_EACH)
    )
    print(f"the sessions were told {told} times that the file had changed")

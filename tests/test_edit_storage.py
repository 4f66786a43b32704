"""SafeStorage: what a write promises, attacked as a stranger would (another user, a link, a full disk).

Each promise of docs/security.md ("Writing a database") has its test here or in
tests/test_edit_faults.py (processes killed mid-write, two writers at once).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import pwd
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from edit_helpers import bundled_copy, organization, read_by_marsad, read_by_tinydb
from tinydb import TinyDB, where
from unprivileged import run_unprivileged, shared_directory

from tui.data.bundled import bundled_database_path
from tui.edit.canonical import encode_database
from tui.edit.errors import BundledReadOnly, FileChangedOnDisk, LockBusy, NotWritten, RecordsInvalid
from tui.edit.locking import FileLock, lock_path
from tui.edit.storage import SafeStorage, copy_bundled_database

FACT = {
    "field": "cost",
    "label": "Training room cost",
    "value": "مليون درهم",
    "source": "t2s-ge-healthcare-article",
    "quote": "بتكلفة إجمالية قدرها مليون درهم مغربي",
}


def _open(path: Path, **options: float) -> TinyDB:
    return TinyDB(path, storage=SafeStorage, **options)


def _add_fact(database: TinyDB, record_id: str = "akdital", fact: dict[str, object] | None = None) -> None:
    table = database.table("organizations")
    document = table.get(where("id") == record_id)
    assert document is not None
    table.update({"facts": [*document.get("facts", []), fact or FACT]}, doc_ids=[document.doc_id])


def _leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


# -- whole or nothing ------------------------------------------------------------------


def test_a_write_replaces_the_file_whole_keeping_its_mode(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    path.chmod(0o640)
    inode = path.stat().st_ino
    with _open(path) as database:
        _add_fact(database)
    assert path.stat().st_ino != inode  # a new file, renamed into place
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []
    tables = read_by_tinydb(path)
    assert tables["organizations"]["5"]["facts"][-1] == FACT
    records, problems = read_by_marsad(path)
    assert problems == []
    assert organization(records, "akdital").facts[-1].label == "Training room cost"
    assert path.read_bytes() == encode_database(tables)


def test_a_new_database_is_created_with_the_mode_of_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    old_umask = os.umask(0o027)
    try:
        with _open(path) as database:
            database.table("sources").insert({"id": "s", "language": "fr", "text": "Texte."})
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert json.loads(path.read_bytes()) == {"sources": {"1": {"id": "s", "language": "fr", "text": "Texte."}}}


def test_an_edit_changes_only_the_lines_of_what_it_changed(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    before = path.read_text(encoding="utf-8").splitlines()
    with _open(path) as database:
        database.table("organizations").update({"names": {"ar": "أكديتال", "latin": "Akdital Holding"}}, doc_ids=[5])
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after) if old != new]
    assert len(before) == len(after)
    assert changed == [('        "latin": "Akdital"', '        "latin": "Akdital Holding"')]


def test_a_transaction_is_one_write_or_none(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    original = path.read_bytes()
    database = _open(path)
    storage = database.storage
    assert isinstance(storage, SafeStorage)

    def abandoned_half_way() -> None:
        with storage.transaction():
            _add_fact(database, "akdital")
            _add_fact(database, "gymes")
            raise RuntimeError("the edit is abandoned half-way")

    with pytest.raises(RuntimeError):
        abandoned_half_way()
    assert path.read_bytes() == original
    inode = path.stat().st_ino
    with storage.transaction():
        _add_fact(database, "akdital")
        assert path.stat().st_ino == inode  # (nothing written yet)
        _add_fact(database, "gymes")
    assert storage.last_write is not None
    assert storage.last_write.changed == (("organizations", "5"), ("organizations", "8"))


# -- nothing of anyone else's is undone ----------------------------------------------------


def test_a_file_changed_on_disk_is_not_written_and_the_error_says_what_changed(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    database = _open(path)
    database.table("organizations").all()  # read
    someone_else = path.read_text(encoding="utf-8").replace('"Akdital"', '"AKDITAL"')
    path.write_text(someone_else, encoding="utf-8")  # in place: same inode, same size, new content
    with pytest.raises(FileChangedOnDisk) as refused:
        _add_fact(database)
    assert path.read_text(encoding="utf-8") == someone_else
    assert "its content is different" in refused.value.message
    assert "Reload it" in refused.value.message
    assert "\n" not in refused.value.message

    with pytest.raises(FileChangedOnDisk):  # still: the session must reload first
        _add_fact(database)
    database.storage.reload()  # type: ignore[attr-defined]
    _add_fact(database)
    records, _problems = read_by_marsad(path)
    assert records["akdital"].names.latin == "AKDITAL"  # their change kept
    assert organization(records, "akdital").facts[-1].label == "Training room cost"  # and ours made


def _grow(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\n")


def _replace_by_another(path: Path) -> None:
    other = path.with_name("other.json")
    other.write_bytes(path.read_bytes().replace(b"Akdital", b"Akdital."))
    os.replace(other, path)


@pytest.mark.parametrize(
    ("change", "said"),
    [(_grow, "size went from"), (_replace_by_another, "replaced by another file"), (Path.unlink, "it was deleted")],
)
def test_each_kind_of_change_on_disk_is_said(tmp_path: Path, change: Callable[[Path], None], said: str) -> None:
    path = bundled_copy(tmp_path)
    database = _open(path)
    database.table("organizations").all()
    change(path)
    with pytest.raises(FileChangedOnDisk) as refused:
        _add_fact(database)
    assert said in refused.value.message


def test_a_file_touched_or_rewritten_with_the_same_bytes_is_still_written(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    database = _open(path)
    database.table("organizations").all()
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    _add_fact(database, "akdital")
    same = path.read_bytes()
    copy = tmp_path / "copy.json"
    copy.write_bytes(same)
    os.replace(copy, path)  # another inode, the same bytes: nothing of anyone's would be lost
    _add_fact(database, "gymes")
    records, _problems = read_by_marsad(path)
    for record_id in ("akdital", "gymes"):
        assert organization(records, record_id).facts[-1].label == "Training room cost"


# -- only records that validate ------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        ({"id": "Bad Id", "names": {"ar": "x"}}, "$.id"),
        ({"id": "newco", "names": {}}, "a record needs at least one name"),
        ({"id": "newco", "names": {"latin": "X"}, "founded": 1990}, "unknown field 'founded'"),
        ({"id": "newco", "names": {"latin": "New\x1b[2Jco"}}, "control character"),
        ({"id": "akdital", "names": {"latin": "Second"}}, "id is already taken by organizations[5]"),
        ({"id": "newco", "names": {"latin": "X"}, "facts": [FACT | {"number": float("nan")}]}, "is not JSON"),
        ({"id": "newco", "names": {"latin": "X"}, "facts": [FACT | {"source": "nowhere"}]}, "which is no record"),
        (
            {"id": "newco", "names": {"latin": "X"}, "facts": [FACT | {"source": "akdital"}]},
            "is an organization, not a source",
        ),
        (
            {"id": "newco", "names": {"latin": "X"}, "facts": [FACT | {"quote": "not in the article"}]},
            "quote not found",
        ),
        ({"id": "newco", "names": {"latin": "X"}, "facts": [FACT | {"speaker": "t2s"}]}, "not a person"),
        ({"id": "newco", "names": {"latin": "X"}, "facts": [FACT | {"number": "1,000"}]}, "write 1000 (no quotes"),
    ],
)
def test_a_record_that_would_not_validate_is_never_written(tmp_path: Path, edit: dict[str, object], said: str) -> None:
    path = bundled_copy(tmp_path)
    original = path.read_bytes()
    organizations = len(read_by_tinydb(path)["organizations"])
    database = _open(path)
    with pytest.raises(RecordsInvalid) as refused:
        database.table("organizations").insert(edit)
    assert said in refused.value.message, refused.value.message
    assert "\n" not in refused.value.message
    assert path.read_bytes() == original
    _add_fact(database)  # the session goes on: the refused insert is forgotten
    assert len(read_by_tinydb(path)["organizations"]) == organizations


def test_removing_a_record_that_others_name_is_refused(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    database = _open(path)
    with pytest.raises(RecordsInvalid) as refused:
        database.table("sources").remove(where("id") == "amgs-founding-article")
    assert "still names 'amgs-founding-article', which this edit removes" in refused.value.message
    assert "and" in refused.value.message  # (every record citing it is a reason)
    with pytest.raises(RecordsInvalid) as refused:
        database.table("sources").update({"text": "another text"}, where("id") == "amgs-founding-article")
    assert "quote not found in the text of source 'amgs-founding-article'" in refused.value.message


def test_records_already_bad_in_the_file_do_not_block_an_edit_elsewhere(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    tables = json.loads(path.read_bytes())
    free = str(max(map(int, tables["organizations"])) + 1)
    tables["organizations"][free] = {"id": "broken", "names": {"latin": "B"}, "facts": [FACT | {"source": "gone"}]}
    path.write_bytes(encode_database(tables))
    with _open(path) as database:
        _add_fact(database)
    assert read_by_tinydb(path)["organizations"][free]["id"] == "broken"  # kept as it was
    _records, problems = read_by_marsad(path)
    assert any("gone" in problem for problem in problems)


# -- the bundled database, links, permissions -----------------------------------------------


def test_the_bundled_database_is_read_only_and_nothing_is_created_beside_it() -> None:
    folder = bundled_database_path().parent
    before = sorted(os.listdir(folder))
    original = bundled_database_path().read_bytes()
    database = _open(bundled_database_path())
    assert len(database.table("organizations")) == len(read_by_tinydb(bundled_database_path())["organizations"])
    with pytest.raises(BundledReadOnly) as refused:
        _add_fact(database)
    assert "copy-bundled" in refused.value.message
    with pytest.raises(BundledReadOnly), database.storage.transaction():  # type: ignore[attr-defined]
        pass
    assert bundled_database_path().read_bytes() == original
    assert sorted(os.listdir(folder)) == before


def test_a_copy_of_the_bundled_database_is_ones_own_to_edit(tmp_path: Path) -> None:
    path = copy_bundled_database(tmp_path / "mine.json")
    assert path.read_bytes() == bundled_database_path().read_bytes()  # (it is canonical)
    with _open(path) as database:
        _add_fact(database)
    with pytest.raises(NotWritten) as refused:
        copy_bundled_database(path)
    assert "already exists" in refused.value.message
    assert read_by_tinydb(path)["organizations"]["5"]["facts"][-1] == FACT


def test_a_symbolic_link_at_the_target_is_refused_in_one_line(tmp_path: Path) -> None:
    real = bundled_copy(tmp_path)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    original = real.read_bytes()
    with pytest.raises(NotWritten) as refused:
        _open(link).table("organizations").all()
    assert "is a symbolic link" in refused.value.message
    assert str(real) in refused.value.message
    assert link.is_symlink() and real.read_bytes() == original


def test_a_symbolic_link_at_the_lock_file_is_refused(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    lock_path(path).symlink_to(elsewhere)
    original = path.read_bytes()
    with pytest.raises(NotWritten) as refused:
        _add_fact(_open(path))
    assert "lock file" in refused.value.message and "symbolic link" in refused.value.message
    assert not elsewhere.exists() and path.read_bytes() == original


def test_another_users_lock_file_is_refused_in_one_line(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give a file to another user")  # (CI and this machine run tests as root)
    path = bundled_copy(tmp_path)
    lock = lock_path(path)
    lock.touch()
    os.chown(lock, pwd.getpwnam("nobody").pw_uid, -1)
    original = path.read_bytes()
    with pytest.raises(NotWritten) as refused:
        _add_fact(_open(path))
    assert "belongs to another user" in refused.value.message
    assert path.read_bytes() == original


def test_a_read_only_folder_refuses_the_write_and_leaves_the_file() -> None:
    with shared_directory() as folder:
        path = bundled_copy(folder)
        path.chmod(0o666)  # the file could be written in place; the folder takes no new file

        def edit() -> int:
            try:
                _add_fact(_open(path))
            except NotWritten as refused:
                print(refused.message)
                return 3
            return 0

        outcome = run_unprivileged(edit)
        assert outcome.code == 3, outcome.err
        assert "permission denied" in outcome.out
        assert len(outcome.out.strip().splitlines()) == 1
        assert path.read_bytes() == bundled_database_path().read_bytes()
        assert sorted(os.listdir(folder)) == ["marsad.json"]


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    path.chmod(0o444)
    with pytest.raises(NotWritten) as refused:
        _add_fact(_open(path))
    assert "is read-only" in refused.value.message
    assert path.read_bytes() == bundled_database_path().read_bytes()


# -- one writer at a time -----------------------------------------------------------------


@contextlib.contextmanager
def _lock_held_by_another_process(path: Path) -> Iterator[int]:
    ready_read, ready_write = os.pipe()
    release_read, release_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other process: take the lock, say so, hold it until told
        try:
            with FileLock(path):
                os.write(ready_write, b"x")
                os.read(release_read, 1)
        finally:
            os._exit(0)
    try:
        assert os.read(ready_read, 1) == b"x"
        yield pid
    finally:
        os.write(release_write, b"x")
        os.waitpid(pid, 0)
        for descriptor in (ready_read, ready_write, release_read, release_write):
            os.close(descriptor)


def test_a_second_writer_waits_for_the_lock_then_is_told_who_holds_it(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    database = _open(path, lock_timeout=0.3)
    database.table("organizations").all()
    with _lock_held_by_another_process(path) as holder:
        started = time.monotonic()
        with pytest.raises(LockBusy) as refused:
            _add_fact(database)
        assert time.monotonic() - started >= 0.3
    assert f"(pid {holder})" in refused.value.message
    assert path.read_bytes() == bundled_database_path().read_bytes()
    _add_fact(database)  # once it is free, the write goes through
    assert read_by_tinydb(path)["organizations"]["5"]["facts"][-1] == FACT


# -- a full disk ---------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path | None]:
    """A 160 KB tmpfs (as root, where mounting works), or None."""
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = os.geteuid() == 0 and (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=160k,mode=0755", "tmpfs", str(mount)], capture_output=True, check=False
        ).returncode
        == 0
    )
    try:
        yield mount if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_leaves_the_old_file_intact_and_says_so(
    tmp_path: Path, small_disk: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = small_disk or tmp_path
    path = bundled_copy(folder)
    if small_disk is not None:  # fill the disk but for less than the new file needs
        free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
        (folder / "filler").write_bytes(b"x" * (free - 16 * 1024))
    else:  # no tmpfs here: the kernel's answer to a write on a full disk, simulated
        real_write = os.write

        def full(descriptor: int, data: bytes | memoryview) -> int:
            if os.readlink(f"/proc/self/fd/{descriptor}").endswith(".tmp"):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(descriptor, data)

        monkeypatch.setattr(os, "write", full)
    original = path.read_bytes()
    database = _open(path)
    with pytest.raises(NotWritten) as refused:
        _add_fact(database)
    assert "no space left on the device" in refused.value.message
    assert "the file is unchanged" in refused.value.message
    assert path.read_bytes() == original
    assert _leftovers(folder) == []
    if small_disk is not None:
        (folder / "filler").unlink()
        _add_fact(database)  # space again: the same session writes
        assert read_by_tinydb(path)["organizations"]["5"]["facts"][-1] == FACT


def test_tinydbs_own_calls_that_write_without_reading_are_safe_too(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    with _open(path) as database:
        database.table("notes").insert({"text": "a table of one's own, which Marsad keeps"})
        assert "notes" in read_by_tinydb(path)
        database.drop_table("notes")  # (reads, then writes)
        with pytest.raises(RecordsInvalid, match="still names 't2s-ge-healthcare'"):
            database.drop_table("partnerships")  # (records elsewhere name the partnership)
    assert "notes" not in read_by_tinydb(path)
    assert path.read_bytes() == bundled_database_path().read_bytes()
    inode = path.stat().st_ino
    with _open(path) as database:
        database.drop_tables()  # (writes without reading first)
    assert json.loads(path.read_bytes()) == {} and path.stat().st_ino != inode

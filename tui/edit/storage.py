"""A TinyDB storage that makes TinyDB's writes safe: Marsad writes its databases through it, and only through it.

TinyDB reads the whole file, changes it in memory and hands the whole of it
back to its storage to write. Its `JSONStorage` writes over the file in place:
a process killed mid-write leaves half a file (TinyDB issue 467), two processes
interleave, and whatever another process wrote since is silently undone.
`SafeStorage` keeps TinyDB's model and API and changes what a write promises:

* **whole or nothing**: the file is written in the canonical layout
  (`tui.edit.canonical`) to a temporary file beside it and renamed over it,
  fsynced before and after (`tui.edit.replace`);
* **one writer at a time**: each write holds the file's lock
  (`tui.edit.locking`); a second process waits for it, up to a timeout, then is
  told (`LockBusy`);
* **nothing of anyone else's is undone**: the file is compared with what was read
  (size, inode, times and, when they differ, a SHA-256 of its bytes) before it is
  replaced; when it changed, nothing is written and `FileChangedOnDisk` says what
  changed. `reload()` reads it again;
* **only records that validate**: a new or changed record that Marsad's reader
  would refuse, or that names a record that does not exist, is never written
  (`RecordsInvalid`, every reason: `tui.edit.validation`);
* **the bundled database is read-only** (`BundledReadOnly`):
  `copy_bundled_database` makes a copy of one's own to edit;
* **a link is not followed**: a symbolic link at the file's name is refused
  (writing would replace the link with a file, or write where the link points);
  so is a file with no write permission.

Reading holds the whole database in memory, as TinyDB does, but each
document as its canonical compact JSON (`tui.edit.stored.StoredDocument`,
decoded when TinyDB reads it): about the file's size, not ten times it. `read()`
parses the file once and hands TinyDB the same dict until a write; a failed
write drops it (TinyDB changed it in place), so the next read is the file
again. Which documents a write changed is known by comparing each document's
canonical JSON with what the file held (a document never decoded is unchanged,
and written as its bytes): only those are validated.

`transaction()` makes several TinyDB calls one write (an edit that changes
three records is written whole or not at all), optionally reading the file
afresh under the lock first (`fresh=True`: the CLI, which never races).

`staging()` and `save()` split an edit from its write, for the app: an edit is
made in memory (checked as a write would check it, undone in memory when it is
refused) and shown at once; `save()` then writes everything staged, from
another thread, while further edits are staged. A save that fails (the file
changed on disk, a full disk) leaves the staged edits in memory, to be saved
again or re-applied after a reload.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from tinydb.storages import Storage

from tui.data.bundled import bundled_database_path
from tui.data.errors import DatabaseUnreadable
from tui.data.kinds import BY_TABLE
from tui.data.reading import NotJsonNumber, json_reason, max_bytes, strict_decoder
from tui.edit.canonical import assemble, document_bytes, document_order, ordered, table_order
from tui.edit.errors import BundledReadOnly, FileChangedOnDisk, NotWritten, RecordsInvalid, reason
from tui.edit.locking import DEFAULT_TIMEOUT, FileLock
from tui.edit.replace import remove_leftovers, replace_file
from tui.edit.stored import StoredDocument, record_id
from tui.edit.validation import check_write
from tui.i18n import _, number, with_digits
from tui.text.gate import safe_path

Tables = dict[str, Any]
"""What TinyDB reads and writes: table name -> {document key: document}."""
Place = tuple[str, str | None]
"""(table, document key); None for a table whose value is not an object of documents."""
_RAW_TABLES = msgspec.json.Decoder(dict[str, msgspec.Raw])
_DOCUMENT = msgspec.json.Decoder()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the file was when it was last read or written: how a change on disk is noticed."""

    exists: bool
    size: int = 0
    mtime_ns: int = 0
    ctime_ns: int = 0
    inode: int = 0
    device: int = 0
    digest: bytes = b""

    @classmethod
    def of(cls, info: os.stat_result, digest: bytes) -> Snapshot:
        return cls(True, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev, digest)

    def same_stat(self, info: os.stat_result) -> bool:
        return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev) == (
            self.size,
            self.mtime_ns,
            self.ctime_ns,
            self.inode,
            self.device,
        )


MISSING = Snapshot(exists=False)


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What the last write did."""

    size: int
    changed: tuple[tuple[str, str], ...]
    """(table, document key) of each new or changed document."""
    removed: tuple[tuple[str, str], ...]
    seconds: float


def is_bundled(path: Path) -> bool:
    """Whether `path` is the database shipped with Marsad (the same file, by any name)."""
    try:
        return os.path.samefile(path, bundled_database_path())
    except OSError:
        return False


class SafeStorage(Storage):
    """TinyDB storage of one Marsad database file: `TinyDB(path, storage=SafeStorage)`."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__()
        self.path = Path(os.path.abspath(path))
        self.read_only = is_bundled(self.path)
        self.lock = FileLock(self.path, lock_timeout)
        self.last_write: WriteReport | None = None
        self._data: Tables | None = None
        self._snapshot: Snapshot | None = None
        self._saved: dict[Place, bytes] = {}
        """The canonical compact JSON of each document the file holds (as last read or written)."""
        self._saved_places: dict[str, tuple[str, str]] = {}
        """id -> (table, document key) in the file as last read or written: to see which ids a write removes."""
        self._places: dict[str, tuple[str, str]] = {}
        """id -> (table, document key) of the database in memory, for edits to find records without a walk."""
        self._transactions = 0
        self._pending: Tables | None = None
        self._memory = threading.RLock()
        """Held while edits are staged, and while a save takes what it writes (`staging`, `save`)."""
        self._generation = 0
        """Edits staged so far; `_saved_generation`: as many as the file holds."""
        self._saved_generation = 0
        self._touched: set[tuple[str, str]] = set()
        """(table, key) of the documents staged edits changed (in place) and no save has compacted since."""

    # -- TinyDB's interface -------------------------------------------------------------

    def read(self) -> Tables:
        if self._data is None:
            self._data = self._load()
        return self._data

    def write(self, data: Tables) -> None:
        if self._transactions:
            self._pending = data
            self._data = data
            return
        self._commit(data)

    def close(self) -> None:
        self._data = None

    # -- Marsad's ---------------------------------------------------------------------

    def places(self) -> dict[str, tuple[str, str]]:
        """Where each record is: id -> (table, document key), for the database in memory.

        Valid until the next write, staged edit, reload or failed write (edits plan
        on it; it is not a copy: do not change it).
        """
        self.read()
        return self._places

    def reload(self) -> None:
        """Forget what was read (staged edits too): the next read is the file as it is now, whatever changed."""
        with self._memory:
            self._data = None
            self._snapshot = None
            self._pending = None
            self._saved_generation = self._generation
            self._touched.clear()

    def reread(self) -> list[str]:
        """Read the file again now, dropping what was staged; what it holds that differs from what was read
        or written before, record by record, in words (`changed 'akdital'`, `added 'x'`, `removed 'y'`)."""
        with self._memory:
            before, before_places = self._saved, self._saved_places
            self.reload()
            self.read()
            after, after_places = self._saved, self._saved_places
        names: dict[Place, str] = {place: found for found, place in before_places.items()}
        names |= {place: found for found, place in after_places.items()}
        said: list[str] = []
        for place in sorted(before.keys() | after.keys(), key=lambda place: (table_order(place[0]), str(place[1]))):
            if place[1] is None or before.get(place) == after.get(place):
                continue
            name = names.get(place) or f"{place[0]}[{place[1]}]"
            what = "added" if place not in before else "removed" if place not in after else "changed"
            said.append(f"{what} {shown_id(name)}")
        return said

    @property
    def unsaved(self) -> bool:
        """Whether edits were staged since the last save."""
        return self._generation != self._saved_generation

    @property
    def generation(self) -> int:
        """How many edits were staged so far."""
        return self._generation

    @property
    def saved_generation(self) -> int:
        """How many of them the file holds (the first ones)."""
        return self._saved_generation

    @contextlib.contextmanager
    def transaction(self, *, fresh: bool = False) -> Iterator[None]:
        """The writes inside become one write at the end, under the lock (nothing written on an exception).

        `fresh`: read the file again once the lock is held, so the writes apply to
        what is on disk now and cannot find it changed (another process can only
        write before we take the lock, or after we let it go).
        """
        if self.read_only:
            raise BundledReadOnly(self.path)  # (before the lock: nothing is ever created beside it)
        with self.lock:
            if fresh and self._transactions == 0:
                self.reload()
            self._transactions += 1
            try:
                yield
            except BaseException:
                if self._transactions == 1:
                    self._pending = None
                    self._data = None
                raise
            finally:
                self._transactions -= 1
            if self._transactions == 0 and self._pending is not None:
                pending, self._pending = self._pending, None
                self._commit(pending)

    @contextlib.contextmanager
    def staging(self) -> Iterator[StagedChanges]:
        """TinyDB's writes inside change the database in memory only, to be saved later (`save`).

        The caller says which documents it will change (`StagedChanges.check`), before
        TinyDB changes them: they are checked as a write checks them, and a refusal
        changes nothing. An exception after that puts back the tables TinyDB replaced.
        Raises `BundledReadOnly` first for the bundled database.
        """
        if self.read_only:
            raise BundledReadOnly(self.path)
        with self._memory:
            data = self.read()
            before = dict(data)  # (TinyDB replaces a table's dict when it changes it: these stay as they were)
            places = dict(self._places)
            self._transactions += 1
            try:
                yield StagedChanges(self, data)
            except BaseException:
                data.clear()
                data.update(before)
                self._places = places
                raise
            finally:
                self._transactions -= 1
                self._pending = None
            self._generation += 1

    def save(self) -> WriteReport | None:
        """Write every edit staged so far (None when there is none); safe to call from another thread.

        Edits staged meanwhile are left for the next save. Raises what a write
        raises (`FileChangedOnDisk`, `NotWritten`, `LockBusy`, `RecordsInvalid`);
        the edits then stay in memory, unsaved.
        """
        started = time.perf_counter()
        with self._memory:
            if not self.unsaved or self._data is None:
                return None
            # TinyDB gives a table a new dict when it changes it, but changes a document in place: the
            # documents edited are encoded now, as they are; the others are compact, their bytes fixed
            tables = dict(self._data)
            fixed = {
                place: _canonical(document)
                for place in self._touched
                if isinstance(documents := tables.get(place[0]), dict)
                and (document := documents.get(place[1])) is not None
            }
            generation = self._generation
        info, encoded, changed, removed, saved = self._write_file(tables, fixed)
        with self._memory:
            self._snapshot = Snapshot.of(info, hashlib.sha256(encoded).digest())
            self._saved = saved
            self._saved_places = _places_of(tables)
            self._saved_generation = generation
            self._compact(saved)
            report = WriteReport(len(encoded), changed, removed, time.perf_counter() - started)
            self.last_write = report
        return report

    def _compact(self, saved: dict[Place, bytes]) -> None:
        """Keep as bytes again the documents edited whose content is what was just written (under `_memory`)."""
        data = self._data
        if data is None:
            return
        for place in list(self._touched):
            table, key = place
            documents: Any = data.get(table)
            document = documents.get(key) if isinstance(documents, dict) else None
            if document is None:
                self._touched.discard(place)
                continue
            written = saved.get(place)
            if written is None or _canonical(document) != written:
                continue  # (edited again since: saved next time)
            if isinstance(document, StoredDocument):
                document.compact(written)
            else:
                documents[key] = StoredDocument(written, record_id(document))
            self._touched.discard(place)

    # -- reading ------------------------------------------------------------------------

    def _load(self) -> Tables:
        shown = str(self.path)
        previous = self._snapshot
        try:
            info = os.lstat(self.path)
        except FileNotFoundError:
            if previous is not None and previous.exists:
                raise FileChangedOnDisk(self.path, (_("it was deleted"),)) from None
            self._snapshot = MISSING
            self._remember({})
            return {}
        except OSError as error:
            raise DatabaseUnreadable(shown, _("cannot read ({reason})").format(reason=reason(error))) from None
        self._refuse_link_or_special(info)
        if info.st_size > (limit := max_bytes(shown)):
            raise DatabaseUnreadable(
                shown, _("file is over the {limit} MB limit").format(limit=number(limit // (1024 * 1024)))
            )
        try:
            descriptor = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError as error:
            raise DatabaseUnreadable(shown, _("cannot read ({reason})").format(reason=reason(error))) from None
        with os.fdopen(descriptor, "rb") as handle:
            raw = handle.read(limit + 1)
            info = os.fstat(handle.fileno())
        if len(raw) > limit:
            raise DatabaseUnreadable(shown, _("file grew past the size limit while being read"))
        snapshot = Snapshot.of(info, hashlib.sha256(raw).digest())
        if previous is not None and (not previous.exists or previous.digest != snapshot.digest):
            raise FileChangedOnDisk(self.path, _differences(previous, info, snapshot.digest))
        data = stored_tables(raw, shown)
        del raw
        self._snapshot = snapshot
        self._remember(data)
        return data

    def _refuse_link_or_special(self, info: os.stat_result) -> None:
        if stat.S_ISLNK(info.st_mode):
            real = os.path.realpath(self.path)
            raise NotWritten(
                self.path,
                _("is a symbolic link (to {file}); Marsad does not edit through links").format(file=safe_path(real)),
                _("Open the file it points to"),
            )
        if not stat.S_ISREG(info.st_mode):
            raise DatabaseUnreadable(str(self.path), _("is not a regular file"), _("Give the path of a .json file"))

    def _remember(self, data: Tables) -> None:
        """Remember the canonical JSON of every document of `data` as read (others put in canonical key order)."""
        saved: dict[Place, bytes] = {}
        for name, table in data.items():
            if not isinstance(table, dict):
                data[name] = table = ordered(table)
                saved[(name, None)] = document_bytes(table)
                continue
            for key, document in table.items():
                if isinstance(document, StoredDocument):
                    saved[(name, key)] = document.raw
                    continue
                in_order = ordered(document)
                if in_order is not document:
                    table[key] = in_order
                saved[(name, key)] = document_bytes(in_order)
        self._saved = saved
        self._places = _places_of(data)
        self._saved_places = dict(self._places)

    # -- writing ------------------------------------------------------------------------

    def _commit(self, data: Tables) -> None:
        started = time.perf_counter()
        if self._snapshot is None:
            self.read()  # (TinyDB's drop_tables writes without reading: what is on disk is what it replaces)
        try:
            if self.read_only:
                raise BundledReadOnly(self.path)
            info, encoded, changed, removed, saved = self._write_file(data)
        except BaseException:
            self._data = None  # (TinyDB changed it in place: the file is what holds)
            raise
        self._snapshot = Snapshot.of(info, hashlib.sha256(encoded).digest())
        self._data = data
        self._saved = saved
        self._places = _places_of(data)
        self._saved_places = dict(self._places)
        self._saved_generation = self._generation
        self.last_write = WriteReport(len(encoded), changed, removed, time.perf_counter() - started)

    def _write_file(
        self, data: Tables, fixed: dict[tuple[str, str], bytes] | None = None
    ) -> tuple[os.stat_result, bytes, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], dict[Place, bytes]]:
        """Check and write `data` whole: (the new file's stat, its bytes, changed and removed documents, their JSON).

        `fixed`: the JSON of some documents, taken already (not read again from `data`).
        """
        encoded, changed, removed, saved = self._encode(data, fixed or {})
        retexted = {
            found for (table, key), _text in changed if table == "sources" and (found := record_id(data[table][key]))
        }
        problems = check_write(data, changed, gone=_gone_ids(self._saved_places, data), retexted=retexted)
        if problems:
            raise RecordsInvalid(problems)
        with self.lock:
            like = self._unchanged_on_disk()
            remove_leftovers(self.path)
            info = replace_file(self.path, encoded, like=like)
        return info, encoded, tuple(place for place, _text in changed), tuple(removed), saved

    def _encode(
        self, data: Tables, fixed: dict[tuple[str, str], bytes]
    ) -> tuple[bytes, list[tuple[tuple[str, str], bytes]], list[tuple[str, str]], dict[Place, bytes]]:
        """The canonical file; the new or changed documents (with their JSON); removed ones; every document's JSON.

        A stored document never decoded is its bytes; any other is encoded in
        canonical key order (without changing it) and compared with what the file held.
        """
        previous = self._saved
        saved: dict[Place, bytes] = {}
        changed: list[tuple[tuple[str, str], bytes]] = []
        tables: list[tuple[str, bytes | list[tuple[str, bytes]]]] = []
        for name in sorted(data, key=table_order):
            table = data[name]
            if not isinstance(table, dict):
                body = document_bytes(ordered(table))
                saved[(name, None)] = body
                tables.append((name, body))
                continue
            documents: list[tuple[str, bytes]] = []
            for key in sorted(table, key=document_order):
                document = table[key]
                if isinstance(document, StoredDocument) and not document.decoded:
                    text = document.raw
                else:
                    text = document_bytes(
                        ordered(document.value() if isinstance(document, StoredDocument) else document)
                    )
                before = previous.get((name, key))
                if before is not text and before != text:
                    changed.append(((name, key), text))
                saved[(name, key)] = text
                documents.append((key, text))
            tables.append((name, documents))
        removed = [(name, key) for name, key in previous if key is not None and (name, key) not in saved]
        return assemble(tables), changed, removed, saved

    def _unchanged_on_disk(self) -> os.stat_result | None:
        """The `stat` of the file about to be replaced (None: there is none), after making sure it is what was read."""
        snapshot = self._snapshot
        try:
            info = os.lstat(self.path)
        except FileNotFoundError:
            if snapshot is None or not snapshot.exists:
                return None
            raise FileChangedOnDisk(self.path, (_("it was deleted"),)) from None
        self._refuse_link_or_special(info)
        if snapshot is None or not snapshot.exists:
            raise FileChangedOnDisk(self.path, (_("it was created by another program"),))
        if not snapshot.same_stat(info):
            digest = _file_digest(self.path) if info.st_size == snapshot.size else b""
            if digest != snapshot.digest:
                raise FileChangedOnDisk(self.path, _differences(snapshot, info, digest))
            self._snapshot = Snapshot.of(info, digest)  # (touched, or rewritten with the same bytes)
        if not info.st_mode & 0o222 or not os.access(self.path, os.W_OK):
            raise NotWritten(self.path, _("is read-only"), _("Make it writable (chmod u+w) to edit it"))
        return info


class StagedChanges:
    """What `SafeStorage.staging` hands the edit being staged: the check of the documents it will change."""

    def __init__(self, storage: SafeStorage, data: Tables) -> None:
        self._storage = storage
        self._data = data

    def check(self, changes: Iterable[tuple[str, str, Any, str | None]]) -> None:
        """Documents to change (table, key, the document after: None to remove it, its id before: None for a new
        one): refuse (`RecordsInvalid`, with every reason) what a write would refuse, before anything is written.

        The database is checked as it will be (the tables changed are copied: the
        others are shared); once the check passes, the ids of the database in memory
        follow the edit, and the documents are counted as edited (`SafeStorage.save`).
        """
        changes = list(changes)
        storage, data = self._storage, self._data
        after: Tables = dict(data)
        places = dict(storage._places)
        written: list[tuple[tuple[str, str], bytes]] = []
        before: dict[str, str] = {}
        now: dict[str, tuple[str, str]] = {}
        for table, key, document, old_id in changes:
            if not isinstance(after.get(table), dict) or after[table] is data.get(table):
                after[table] = dict(data.get(table) or {})
            if old_id is not None:
                before[old_id] = table
            if document is None:
                after[table].pop(key, None)
                continue
            after[table][key] = document
            written.append(((table, key), _canonical(document)))
            if (found := record_id(document)) is not None:
                now[found] = (table, key)
        gone = {found: table for found, table in before.items() if now.get(found, (None,))[0] != table}
        retexted = {found for found, (table, _key) in now.items() if table == "sources"}
        for found, table in before.items():
            if found not in now and places.get(found, (None,))[0] == table:
                del places[found]
        for found, place in now.items():
            places.setdefault(found, place)
        problems = check_write(after, written, gone=gone, retexted=retexted, places=places)
        if problems:
            raise RecordsInvalid(problems)
        storage._places = places
        storage._touched.update((table, key) for table, key, _document, _id in changes)


def shown_id(record: str) -> str:
    """An id in a sentence: quoted, one line, safe, at most 60 characters."""
    return repr(safe_path(record)[:60])


def _canonical(document: Any) -> bytes:
    """A document's canonical compact JSON (a compact stored one: its bytes; it is not changed)."""
    if isinstance(document, StoredDocument):
        return document.raw if not document.decoded else document_bytes(ordered(document.value()))
    return document_bytes(ordered(document))


def _places_of(data: Tables) -> dict[str, tuple[str, str]]:
    """id -> (table, document key) of the records of `data` (the first, for an id taken twice)."""
    places: dict[str, tuple[str, str]] = {}
    for name in BY_TABLE:
        table = data.get(name)
        if isinstance(table, dict):
            for key, document in table.items():
                found = record_id(document)
                if found is not None and key.isascii() and key.isdigit():  # (a usable document id)
                    places.setdefault(found, (name, key))
    return places


def _gone_ids(before: dict[str, tuple[str, str]], data: Tables) -> dict[str, str]:
    """The ids of `before` that are not in the same table of `data` any more (id -> the table they were in)."""
    if not before:
        return {}
    now = _places_of(data)
    return {
        record_id: table
        for record_id, (table, _key) in before.items()
        if record_id not in now or now[record_id][0] != table
    }


def _differences(before: Snapshot, info: os.stat_result, digest: bytes) -> tuple[str, ...]:
    """What changed in a file, in words, from what was read to `info` (and its bytes' `digest`)."""
    if not before.exists:
        return (_("it was created by another program"),)
    changes: list[str] = []
    if (info.st_ino, info.st_dev) != (before.inode, before.device):
        changes.append(_("it was replaced by another file"))
    if info.st_size != before.size:
        changes.append(
            _("its size went from {before} to {after} bytes").format(
                before=number(before.size), after=number(info.st_size)
            )
        )
    elif digest and digest != before.digest:
        changes.append(_("its content is different"))
    if info.st_mtime_ns != before.mtime_ns:
        when = with_digits(time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(info.st_mtime_ns / 1e9)))
        changes.append(_("it was modified at {time}").format(time=when))
    return tuple(changes) or (_("its content is different"),)


def _file_digest(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except OSError:
        return b""


def text_of(raw: bytes, shown: str) -> str:
    """A database file's bytes as text (a UTF-8 byte order mark dropped), or `DatabaseUnreadable`."""
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as error:
        raise DatabaseUnreadable(
            shown,
            _("not UTF-8 (invalid byte at offset {offset})").format(offset=error.start),
            _("Save the file as UTF-8"),
        ) from None


def tables_of(text: str, shown: str) -> Tables:
    """The tables of a database file's text, or `DatabaseUnreadable` saying why it has none.

    An empty file is an empty database, as for TinyDB.
    """
    if not text.strip():
        return {}
    try:
        data = strict_decoder().decode(text)
    except json.JSONDecodeError as error:
        raise DatabaseUnreadable(
            shown,
            _("not valid JSON: {reason} at line {line}, column {column}").format(
                reason=json_reason(error.msg), line=error.lineno, column=error.colno
            ),
        ) from None
    except (NotJsonNumber, ValueError, RecursionError) as error:
        raise DatabaseUnreadable(
            shown, _("not valid JSON: {reason}").format(reason=json_reason(str(error).split(";")[0]))
        ) from None
    if not isinstance(data, dict):
        raise DatabaseUnreadable(shown, _("top level is not a JSON object of tables"), _("See docs/data-format.md"))
    for name in BY_TABLE:
        if name in data and not isinstance(data[name], dict):
            raise DatabaseUnreadable(
                shown, _("table {name} is not an object of records keyed by document id").format(name=repr(name))
            )
    return data


def stored_tables(raw: bytes, shown: str) -> Tables:
    """The tables of a database file's bytes, each document of Marsad's tables kept compact (`StoredDocument`).

    Each document is decoded once, put in canonical key order and encoded again,
    one at a time (the file is never whole in memory as objects). A file msgspec
    does not take as it is (bad JSON, a lone surrogate escape...) is read the
    thorough way (`tables_of`), which says what is wrong with it, or keeps its
    documents decoded.
    """
    body = raw.removeprefix(b"\xef\xbb\xbf")
    text = text_of(raw, shown)  # (not UTF-8: said here, first)
    if not text.strip():
        return {}
    try:
        top = _RAW_TABLES.decode(body)
        data: Tables = {}
        for name, table in top.items():
            if name not in BY_TABLE:
                data[name] = _DOCUMENT.decode(table)
                continue
            try:
                documents = _RAW_TABLES.decode(table)
            except msgspec.ValidationError:
                raise DatabaseUnreadable(
                    shown, _("table {name} is not an object of records keyed by document id").format(name=repr(name))
                ) from None
            data[name] = {key: _stored(_DOCUMENT.decode(document)) for key, document in documents.items()}
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeEncodeError):
        return tables_of(text, shown)
    return data


def _stored(document: Any) -> Any:
    """A decoded document as the storage keeps it: compact when it is an object (with its id), else as it is."""
    if not isinstance(document, dict):
        return document
    raw = document_bytes(ordered(document))
    return StoredDocument(raw, document.get("id") if isinstance(document.get("id"), str) else None)


def copy_bundled_database(destination: str | os.PathLike[str]) -> Path:
    """Copy the bundled database to `destination` (a new file), in the canonical layout; its path.

    What the app offers at the first edit of the bundled database, and what
    `marsad copy-bundled` does. Never replaces an existing file (`NotWritten`).
    """
    from tui.edit.canonical import encode_database

    target = Path(os.path.abspath(destination))
    source = bundled_database_path()
    data = tables_of(text_of(source.read_bytes(), str(source)), str(source))
    if target.exists() or target.is_symlink():
        raise NotWritten(target, _("already exists"), _("Choose a new file name"))
    replace_file(target, encode_database(data), like=None, exclusive=True)
    return target

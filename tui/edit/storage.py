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

Reading holds the whole database in memory, as TinyDB does: `read()` parses the
file once and hands TinyDB the same dict until a write; a failed write drops it
(TinyDB changed it in place), so the next read is the file again. Which
documents a write changed is known from a hash of each document's canonical
JSON, kept since the last read or write: only those are validated.

`transaction()` makes several TinyDB calls one write (an edit that changes
three records is written whole or not at all), optionally reading the file
afresh under the lock first (`fresh=True`: the CLI, which never races).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from tui.data.bundled import bundled_database_path
from tui.data.errors import DatabaseUnreadable
from tui.data.kinds import BY_TABLE
from tui.data.reading import NotJsonNumber, json_reason, max_bytes, strict_decoder
from tui.edit.canonical import assemble, document_bytes, document_order, ordered, table_order
from tui.edit.errors import BundledReadOnly, FileChangedOnDisk, NotWritten, RecordsInvalid, reason
from tui.edit.locking import DEFAULT_TIMEOUT, FileLock
from tui.edit.replace import remove_leftovers, replace_file
from tui.edit.validation import check_write
from tui.i18n import _, number, with_digits
from tui.text.gate import safe_path

Tables = dict[str, Any]
"""What TinyDB reads and writes: table name -> {document key: document}."""


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
        self._document_hashes: dict[tuple[str, str | None], int] = {}
        self._places: dict[str, tuple[str, str]] = {}
        """id -> (table, document key), as of the last read or write: to see which ids a write
        removes, and for edits to find records without walking the database."""
        self._transactions = 0
        self._pending: Tables | None = None

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
        """Where each record is: id -> (table, document key), for the database as read or last written.

        Valid until the next write, reload or failed write (edits plan on it; it is
        not a copy: do not change it).
        """
        self.read()
        return self._places

    def reload(self) -> None:
        """Forget what was read: the next read is the file as it is now, whatever changed."""
        self._data = None
        self._snapshot = None
        self._pending = None

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
        text = text_of(raw, shown)
        del raw  # (the file's bytes, its text and the records it holds need not all be in memory at once)
        data = tables_of(text, shown)
        del text
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
        """Put every document of `data` in canonical key order and remember its hash and id."""
        hashes: dict[tuple[str, str | None], int] = {}
        for name, table in data.items():
            if not isinstance(table, dict):
                data[name] = table = ordered(table)
                hashes[(name, None)] = hash(document_bytes(table))
                continue
            for key, document in table.items():
                in_order = ordered(document)
                if in_order is not document:
                    table[key] = in_order
                hashes[(name, key)] = hash(document_bytes(in_order))
        self._document_hashes = hashes
        self._places = _places_of(data)

    # -- writing ------------------------------------------------------------------------

    def _commit(self, data: Tables) -> None:
        started = time.perf_counter()
        if self._snapshot is None:
            self.read()  # (TinyDB's drop_tables writes without reading: what is on disk is what it replaces)
        try:
            if self.read_only:
                raise BundledReadOnly(self.path)
            encoded, changed, removed, hashes = self._encode(data)
            retexted = {
                record_id
                for (table, key), _text in changed
                if table == "sources" and (record_id := _id_of(data[table][key])) is not None
            }
            problems = check_write(data, changed, gone=_gone_ids(self._places, data), retexted=retexted)
            if problems:
                raise RecordsInvalid(problems)
            with self.lock:
                like = self._unchanged_on_disk()
                remove_leftovers(self.path)
                info = replace_file(self.path, encoded, like=like)
        except BaseException:
            self._data = None  # (TinyDB changed it in place: the file is what holds)
            raise
        self._snapshot = Snapshot.of(info, hashlib.sha256(encoded).digest())
        self._data = data
        self._document_hashes = hashes
        self._places = _places_of(data)
        self.last_write = WriteReport(
            len(encoded),
            tuple(place for place, _text in changed),
            tuple(removed),
            time.perf_counter() - started,
        )

    def _encode(
        self, data: Tables
    ) -> tuple[bytes, list[tuple[tuple[str, str], bytes]], list[tuple[str, str]], dict[tuple[str, str | None], int]]:
        """The canonical file; the new or changed documents (with their JSON); removed ones; the new hashes."""
        previous = self._document_hashes
        hashes: dict[tuple[str, str | None], int] = {}
        changed: list[tuple[tuple[str, str], bytes]] = []
        tables: list[tuple[str, bytes | list[tuple[str, bytes]]]] = []
        for name in sorted(data, key=table_order):
            table = data[name]
            if not isinstance(table, dict):
                body = document_bytes(ordered(table))
                hashes[(name, None)] = hash(body)
                tables.append((name, body))
                continue
            documents: list[tuple[str, bytes]] = []
            for key in sorted(table, key=document_order):
                document = table[key]
                text = document_bytes(document)
                fingerprint = hash(text)
                if previous.get((name, key)) != fingerprint:
                    in_order = ordered(document)
                    if in_order is not document:
                        table[key] = in_order
                        text = document_bytes(in_order)
                        fingerprint = hash(text)
                    changed.append(((name, key), text))
                hashes[(name, key)] = fingerprint
                documents.append((key, text))
            tables.append((name, documents))
        removed = [(name, key) for name, key in previous if key is not None and (name, key) not in hashes]
        return assemble(tables), changed, removed, hashes

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


def _id_of(document: Any) -> str | None:
    record_id = document.get("id") if isinstance(document, dict) else None
    return record_id if isinstance(record_id, str) else None


def _places_of(data: Tables) -> dict[str, tuple[str, str]]:
    """id -> (table, document key) of the records of `data` (the first, for an id taken twice)."""
    places: dict[str, tuple[str, str]] = {}
    for name in BY_TABLE:
        table = data.get(name)
        if isinstance(table, dict):
            for key, document in table.items():
                record_id = _id_of(document)
                if record_id is not None and key.isascii() and key.isdigit():  # (a usable document id)
                    places.setdefault(record_id, (name, key))
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

"""A record where an index keeps it: its own JSON, or the place of its text in the database file.

An index does not keep a second copy of what the file holds: a record whose
document decodes to it as written (`tui.data.records.Read.as_written`, nearly
every record) is kept as the byte offset and size of its text in the file, whose
bytes the index's key proves unchanged (`tui.store.cache`); only a record that
reading changed (a string cleaned, a bad optional value left out) or that an
edit made keeps its JSON. `RecordFile` reads either way, from the file as it
was opened: a file replaced since (renamed over, as editors and Marsad's writer
do) is still read as it was, through the descriptor held open; one rewritten in
place gives text that does not decode to the record asked for, which is
`FileChanged`, whose message the app shows at once (in the notice of a damaged
index: `tui.store.database`), so it is said in the language spoken when raised.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import msgspec

from tui.data.kinds import decode_record
from tui.data.models import Record
from tui.i18n import _


class FileChanged(Exception):
    """The database file no longer holds, where the index says, the record asked for."""


class RecordFile:
    """Decodes the records of one index: from their JSON, or from their text in the database file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._descriptor: int | None = None
        self._lock = threading.Lock()

    def _file(self) -> int:
        with self._lock:
            if self._descriptor is None:
                if self.path is None:
                    raise FileChanged(_("records kept in the file, and no file"))
                try:
                    self._descriptor = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
                except OSError as error:
                    raise FileChanged(str(error)) from None
            return self._descriptor

    def open(self) -> None:
        """Hold the file open now (what is read later is the file as it is now, even if it is replaced)."""
        if self.path is not None:
            self._file()

    def close(self) -> None:
        with self._lock:
            if self._descriptor is not None:
                os.close(self._descriptor)
                self._descriptor = None

    def reopen(self) -> None:
        """Read the file as it is now (after it was saved anew, and its index pointed at it)."""
        self.close()
        self.open()

    def text(self, offset: int, size: int) -> bytes:
        try:
            data = os.pread(self._file(), size, offset)
        except OSError as error:
            raise FileChanged(str(error)) from None
        if len(data) != size:
            raise FileChanged(_("the file is shorter than when it was indexed"))
        return data

    def decode(self, kind: int, body: bytes | None, offset: int | None, size: int | None, record_id: str) -> Record:
        """The record of an index row (`records`: kind, body, offset, size, id); `FileChanged` if the file moved on."""
        if body is not None:
            return decode_record(kind, body)
        try:
            record = decode_record(kind, self.text(offset or 0, size or 0))
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise FileChanged(_moved(record_id)) from None
        if record.id != record_id:
            raise FileChanged(_moved(record_id))
        return record


def _moved(record_id: str) -> str:
    return _("record {record_id} is no longer where it was in the file").format(record_id=repr(record_id))

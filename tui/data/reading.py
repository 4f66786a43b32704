"""Read a database file safely: read-only, bounded, with precise errors."""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from tui.data.errors import DatabaseUnreadable

#: Files larger than this are refused rather than parsed (override: MARSAD_MAX_DB_MB).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

_OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)

#: any byte `bytes.strip()` keeps
_CONTENT = re.compile(rb"[^ \t\n\r\x0b\x0c]")


class JsonObject(dict):
    """A decoded JSON object that remembers the keys it had more than once.

    `json.loads` keeps the last of duplicate keys silently, which would drop a
    record without a word; the loader reports these instead.
    """

    __slots__ = ("duplicate_keys",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.duplicate_keys: tuple[str, ...] = ()
        if len(self) != len(pairs):
            seen: set[str] = set()
            duplicates: dict[str, None] = {}
            for key, _value in pairs:
                if key in seen:
                    duplicates.setdefault(key)
                seen.add(key)
            self.duplicate_keys = tuple(duplicates)


def max_bytes() -> int:
    configured = os.environ.get("MARSAD_MAX_DB_MB", "").strip()
    if configured.isascii() and configured.isdigit() and int(configured) > 0:
        return int(configured) * 1024 * 1024
    return DEFAULT_MAX_BYTES


def read_json(path: Path) -> Any:
    """Return the decoded JSON of `path`, never creating or changing anything on disk.

    JSON objects come back as `JsonObject` (a `dict`) so duplicate keys can be reported.
    """
    raw, offset = read_bytes(path)
    return parse_json(str(path), raw, offset)


def read_bytes(path: Path) -> tuple[bytes, int]:
    """The bytes of `path` and the length of its UTF-8 byte order mark (0 or 3).

    Refuses, with a precise `DatabaseUnreadable`, what cannot be a database before
    any parsing: a missing, unreadable, special or oversized file, another BOM, no content.
    """
    shown = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DatabaseUnreadable(shown, "no such file", "Check the path, or omit --db to open the bundled database") from None
    except PermissionError:
        raise DatabaseUnreadable(shown, "permission denied on a directory of the path") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DatabaseUnreadable(shown, "symbolic link loop", "Point --db at the real file") from None
        raise DatabaseUnreadable(shown, f"cannot read ({error.strerror})") from None
    except ValueError as error:  # e.g. an embedded NUL byte
        raise DatabaseUnreadable(shown, f"invalid path ({error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseUnreadable(shown, "is a directory, not a database file", "Give the path of a .json file")
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseUnreadable(shown, "is not a regular file", "Give the path of a .json file")
    limit = max_bytes()
    if info.st_size > limit:
        raise DatabaseUnreadable(
            shown,
            f"file is {_megabytes(info.st_size)} MB, over the {_megabytes(limit)} MB limit",
            "Split the database, or raise the limit with MARSAD_MAX_DB_MB",
        )
    try:
        with path.open("rb") as handle:
            # (read(limit + 1) would allocate the whole limit for any file)
            raw = handle.read(min(info.st_size, limit) + 1)
            if len(raw) > info.st_size:  # it grew since stat
                raw += handle.read(limit + 1 - len(raw))
    except PermissionError:
        raise DatabaseUnreadable(shown, "permission denied", "Make the file readable (chmod u+r)") from None
    except OSError as error:
        raise DatabaseUnreadable(shown, f"cannot read ({error.strerror})") from None
    if len(raw) > limit:
        raise DatabaseUnreadable(shown, "file grew past the size limit while being read")
    for bom, encoding in _OTHER_BOMS:
        if raw.startswith(bom):
            raise DatabaseUnreadable(shown, f"not UTF-8 (the file starts with a {encoding} byte order mark)", "Save the file as UTF-8")
    offset = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    if _CONTENT.search(raw, offset) is None:  # (not raw[offset:].strip(): no copy of a big file)
        raise DatabaseUnreadable(shown, "file is empty", "A Marsad database is a JSON object of tables; see docs/data-format.md")
    return raw, offset


def parse_json(shown: str, raw: bytes, offset: int = 0) -> Any:
    """Decode the bytes of a file (`offset`: its BOM) the thorough way, with precise errors."""
    try:
        text = str(memoryview(raw)[offset:], "utf-8")
    except UnicodeDecodeError as error:
        position = error.start + offset
        line = raw.count(b"\n", 0, position) + 1
        column = position - (raw.rfind(b"\n", 0, position) + 1) + 1
        raise DatabaseUnreadable(
            shown,
            f"not UTF-8 (invalid byte 0x{raw[position]:02x} at line {line}, column {column}, byte offset {position})",
            "Save the file as UTF-8",
        ) from None
    try:
        return json.loads(text, object_pairs_hook=JsonObject)
    except json.JSONDecodeError as error:
        raise DatabaseUnreadable(shown, f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    except RecursionError:
        raise DatabaseUnreadable(shown, "JSON is nested too deeply to be a Marsad database") from None
    except ValueError as error:  # a number with more digits than Python converts
        raise DatabaseUnreadable(shown, f"not valid JSON: {error}".split(";")[0]) from None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")

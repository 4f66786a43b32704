"""Read a database file safely: read-only, bounded, with precise errors."""

from __future__ import annotations

import codecs
import errno
import json
import math
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


#: the largest MARSAD_MAX_DB_MB taken (10 TB): past it, a typo rather than a wish
MAX_LIMIT_MB = 10_000_000


def max_bytes(shown: str) -> int:
    """The size limit for the file `shown`: MARSAD_MAX_DB_MB, or the default."""
    configured = os.environ.get("MARSAD_MAX_DB_MB", "").strip()
    if not configured:
        return DEFAULT_MAX_BYTES
    if not (configured.isascii() and configured.isdigit() and len(configured) <= 8 and 0 < int(configured) <= MAX_LIMIT_MB):
        raise DatabaseUnreadable(
            shown,
            f"MARSAD_MAX_DB_MB={configured[:40]!r} is not a size limit (a whole number of megabytes from 1 to {MAX_LIMIT_MB:,})",
            f"Unset it for the default of {DEFAULT_MAX_BYTES // (1024 * 1024)} MB, or give a number such as 2048",
        )
    return int(configured) * 1024 * 1024


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
    limit = max_bytes(shown)
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
        return loads(text)
    except json.JSONDecodeError as error:
        # (some of json's messages end in "at", as in "Unterminated string starting at")
        raise DatabaseUnreadable(shown, f"not valid JSON: {error.msg.removesuffix(' at')} at line {error.lineno}, column {error.colno}") from None
    except NotJsonNumber as error:
        position = _bad_number_position(raw, offset)
        raise DatabaseUnreadable(shown, f"not valid JSON: {error} at {_line_column(raw, position)}", "JSON has no NaN or infinite numbers: write null, or a finite number") from None
    except RecursionError:
        raise DatabaseUnreadable(shown, "JSON is nested too deeply to be a Marsad database") from None
    except ValueError as error:  # a number with more digits than Python converts
        raise DatabaseUnreadable(shown, f"not valid JSON: {error}".split(";")[0]) from None


class NotJsonNumber(ValueError):
    """NaN, Infinity or a number too large for a float: Python's `json` accepts them, JSON does not."""


def _reject_constant(name: str) -> Any:
    raise NotJsonNumber(f"{name} is not a JSON number")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise NotJsonNumber(f"{literal[:40]} is out of range for a number")
    return value


def loads(text: str | bytes) -> Any:
    """`json.loads` as strict as JSON itself, keeping duplicate keys in sight (`JsonObject`).

    Raises `json.JSONDecodeError`, `NotJsonNumber`, `RecursionError` or `ValueError`
    (an integer with more digits than Python converts).
    """
    return json.loads(text, object_pairs_hook=JsonObject, parse_constant=_reject_constant, parse_float=_finite_float)


#: NaN, Infinity, and number literals that may overflow a float (big exponent, or 309+ digits)
_SUSPECT_NUMBER = re.compile(rb"-?(?:NaN|Infinity)|-?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]{3,}|-?[0-9]{309,}(?:\.[0-9]+)?")
_ESCAPE = re.compile(rb"\\.", re.DOTALL)


def _bad_number_position(raw: bytes, offset: int) -> int:
    """Byte position of the first NaN, Infinity or overflowing number outside a string.

    One pass: the quotes between two candidates (escapes removed) say whether the
    next candidate is inside a string. A candidate never starts inside an escape
    (no escape is a backslash then a digit, "-", "N" or "I"), so none is split.
    """
    inside = False
    last = offset
    for match in _SUSPECT_NUMBER.finditer(raw, offset):
        start = match.start()
        inside ^= _ESCAPE.sub(b"", raw[last:start]).count(b'"') % 2 == 1
        last = start
        literal = match.group()
        if not inside and (literal[-1:] in b"Ny" or not math.isfinite(float(literal))):
            return start
    return offset  # not found: cannot happen for text `loads` refused


def _line_column(raw: bytes, position: int) -> str:
    """"line L, column C" of a byte position (columns count characters, from 1)."""
    line = raw.count(b"\n", 0, position) + 1
    line_start = raw.rfind(b"\n", 0, position) + 1
    column = len(raw[line_start:position].decode("utf-8", "replace")) + 1
    return f"line {line}, column {column}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")

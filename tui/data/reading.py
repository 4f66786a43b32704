"""Open a database file safely, and decode JSON as strictly as JSON itself.

Opening: read-only, never creating anything, refusing with a precise
`DatabaseUnreadable` what cannot be a database before any parsing (missing,
unreadable, special or oversized files, another encoding's byte order mark).
Decoding: Python's `json` accepts `NaN`, `Infinity` and numbers too large for a
float, which JSON does not have; here they are errors with their position.
"""

from __future__ import annotations

import codecs
import errno
import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any, BinaryIO, Self

from tui.data.errors import DatabaseUnreadable
from tui.i18n import N_, _, number
from tui.i18n.numbers import localized

#: Files larger than this are refused rather than parsed (override: MARSAD_MAX_DB_MB).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
#: the largest MARSAD_MAX_DB_MB taken (10 TB): past it, a typo rather than a wish
MAX_LIMIT_MB = 10_000_000

_OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class JsonObject(dict[str, Any]):
    """A decoded JSON object that remembers the keys it had more than once.

    `json.loads` keeps the last of duplicate keys silently, which would drop a
    value without a word; the loader reports these instead.
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


def max_bytes(shown: str) -> int:
    """The size limit for the file `shown`: MARSAD_MAX_DB_MB, or the default."""
    configured = os.environ.get("MARSAD_MAX_DB_MB", "").strip()
    if not configured:
        return DEFAULT_MAX_BYTES
    if not (
        configured.isascii() and configured.isdigit() and len(configured) <= 8 and 0 < int(configured) <= MAX_LIMIT_MB
    ):
        raise DatabaseUnreadable(
            shown,
            _("MARSAD_MAX_DB_MB={value} is not a size limit (a whole number of megabytes from 1 to {most})").format(
                value=repr(configured[:40]), most=number(MAX_LIMIT_MB)
            ),
            _("Unset it for the default of {default} MB, or give a number such as 2048").format(
                default=number(DEFAULT_MAX_BYTES // (1024 * 1024))
            ),
        )
    return int(configured) * 1024 * 1024


class _LimitedReader:
    """A binary file that refuses to be read past the size limit (it may grow while open)."""

    def __init__(self, handle: BinaryIO, shown: str, limit: int) -> None:
        self._handle = handle
        self._shown = shown
        self._left = limit

    def read(self, size: int) -> bytes:
        chunk = self._handle.read(min(size, self._left + 1))
        self._left -= len(chunk)
        if self._left < 0:
            raise DatabaseUnreadable(self._shown, _("file grew past the size limit while being read"))
        return chunk

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._handle.close()


def file_identity(path: Path) -> os.stat_result:
    """`stat` of a database file, or the `DatabaseUnreadable` that says why it cannot be one."""
    shown = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DatabaseUnreadable(
            shown, _("no such file"), _("Check the path, or omit --db to open the bundled database")
        ) from None
    except PermissionError:
        raise DatabaseUnreadable(shown, _("permission denied on a directory of the path")) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DatabaseUnreadable(shown, _("symbolic link loop"), _("Point --db at the real file")) from None
        raise DatabaseUnreadable(shown, _("cannot read ({reason})").format(reason=error.strerror)) from None
    except ValueError as error:  # e.g. an embedded NUL byte
        raise DatabaseUnreadable(shown, _("invalid path ({reason})").format(reason=error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseUnreadable(shown, _("is a directory, not a database file"), _("Give the path of a .json file"))
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseUnreadable(shown, _("is not a regular file"), _("Give the path of a .json file"))
    limit = max_bytes(shown)
    if info.st_size > limit:
        raise DatabaseUnreadable(
            shown,
            _("file is {size} MB, over the {limit} MB limit").format(
                size=localized(_megabytes(info.st_size)), limit=localized(_megabytes(limit))
            ),
            _("Split the database, or raise the limit with MARSAD_MAX_DB_MB"),
        )
    return info


def open_database_file(path: Path) -> _LimitedReader:
    """The file opened for reading (a context manager), after every check that needs no parsing."""
    shown = str(path)
    file_identity(path)
    try:
        handle = path.open("rb")
    except PermissionError:
        raise DatabaseUnreadable(shown, _("permission denied"), _("Make the file readable (chmod u+r)")) from None
    except OSError as error:
        raise DatabaseUnreadable(shown, _("cannot read ({reason})").format(reason=error.strerror)) from None
    start = handle.peek(4)[:4] if hasattr(handle, "peek") else b""
    for bom, encoding in _OTHER_BOMS:
        if start.startswith(bom):
            handle.close()
            raise DatabaseUnreadable(
                shown,
                _("not UTF-8 (the file starts with a {encoding} byte order mark)").format(encoding=encoding),
                _("Save the file as UTF-8"),
            )
    return _LimitedReader(handle, shown, max_bytes(shown))


class NotJsonNumber(ValueError):
    """NaN, Infinity or a number too large for a float: Python's `json` accepts them, JSON does not."""


def _reject_constant(name: str) -> Any:
    raise NotJsonNumber(_("{name} is not a JSON number").format(name=name))


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise NotJsonNumber(_("{literal} is out of range for a number").format(literal=literal[:40]))
    return value


def strict_decoder(*, keep_duplicates: bool = False) -> json.JSONDecoder:
    """A JSON decoder that refuses what JSON does not have (see `NotJsonNumber`).

    With `keep_duplicates`, objects come back as `JsonObject`s (slower), so that
    keys written twice can be reported.
    """
    return json.JSONDecoder(
        object_pairs_hook=JsonObject if keep_duplicates else None,
        parse_constant=_reject_constant,
        parse_float=_finite_float,
    )


_STRICT_KEEPING_DUPLICATES = strict_decoder(keep_duplicates=True)


def loads(text: str) -> Any:
    """`json.loads` as strict as JSON itself, keeping duplicate keys in sight (`JsonObject`).

    Raises `json.JSONDecodeError`, `NotJsonNumber`, `RecursionError` or `ValueError`
    (an integer with more digits than Python converts).
    """
    return _STRICT_KEEPING_DUPLICATES.decode(text)


#: NaN, Infinity, and number literals that may overflow a float (big exponent, or 309+ digits)
_SUSPECT_NUMBER = re.compile(r"-?(?:NaN|Infinity)|-?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]{3,}|-?[0-9]{309,}(?:\.[0-9]+)?")
_ESCAPE = re.compile(r"\\.", re.DOTALL)


def bad_number_position(text: str, start: int = 0) -> int:
    """Position of the first NaN, Infinity or overflowing number outside a string, from `start`.

    `start` must be outside a string. One pass: the quotes between two candidates
    (escapes removed) say whether the next candidate is inside a string. A
    candidate never starts inside an escape (no escape is a backslash then a
    digit, "-", "N" or "I"), so none is split.
    """
    inside = False
    last = start
    for match in _SUSPECT_NUMBER.finditer(text, start):
        position = match.start()
        inside ^= _ESCAPE.sub("", text[last:position]).count('"') % 2 == 1
        last = position
        literal = match.group()
        if not inside and (literal[-1] in "Ny" or not math.isfinite(float(literal))):
            return position
    return start  # not found: cannot happen for text the strict decoder refused


#: what Python's `json` says of a document it cannot read, in Marsad's words (messages)
_JSON_REASONS = {
    reason: reason
    for reason in (
        N_("Expecting value"),
        N_("Expecting property name enclosed in double quotes"),
        N_("Expecting ':' delimiter"),
        N_("Expecting ',' delimiter"),
        N_("Extra data"),
        N_("Unterminated string starting at"),
        N_("Invalid control character at"),
        N_("Invalid \\escape"),
        N_("Invalid \\uXXXX escape"),
        N_("Illegal trailing comma before end of object"),
        N_("Illegal trailing comma before end of array"),
    )
}


def json_reason(reason: str) -> str:
    """Why JSON did not read, as Python's `json` says it, in the language spoken (other reasons as they are)."""
    return _(_JSON_REASONS[reason]) if reason in _JSON_REASONS else reason


def json_type(value: Any) -> str:
    """What a decoded JSON value was written as: object, array, string..."""
    return {
        dict: "object",
        JsonObject: "object",
        list: "array",
        str: "string",
        bool: "boolean",
        type(None): "null",
    }.get(type(value), "number")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")

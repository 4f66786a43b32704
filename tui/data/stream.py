"""Read a database file one document at a time, in memory bounded by the largest document.

A Marsad database is a TinyDB file: one JSON object of tables, each an object of
documents keyed by document id. TinyDB's own storage (and `json.load`) hold the
whole file and everything decoded from it; at a million records that is gigabytes.
This reader walks the two outer levels itself and hands each document to the
standard library's C scanner, over a window of the file that only grows while one
document does not fit in it. What it yields are `Document`s and `Table` events
in file order (the documents of tables that hold no records are read, to be sure
the file is JSON, and dropped); what is wrong with the file as a whole raises `DatabaseUnreadable`
with the line and column (or byte offset) where it is, like `parse_json`.

The whole file's bytes also pass through `digest`, which `tui.store` keeps as the
content hash of the index it builds.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tui.data.errors import DatabaseUnreadable
from tui.data.kinds import BY_TABLE
from tui.data.reading import NotJsonNumber, bad_number_position, json_reason, open_database_file, strict_decoder
from tui.i18n import N_, _

#: bytes read at a time; a document larger than the window makes it grow (doubling)
CHUNK_BYTES = 1 << 20

_WHITESPACE = re.compile(r"[ \t\n\r]*")
#: a key without escapes and the colon after it; a comma or brace after a value
_SIMPLE_KEY = re.compile(r'[ \t\n\r]*"([^"\\\x00-\x1f]*)"[ \t\n\r]*:')
_SEPARATOR = re.compile(r"[ \t\n\r]*([,}])")
#: how close to the end of the window a parse error must be to mean "read more"
_TRUNCATION_SLACK = 8


@dataclass(frozen=True, slots=True)
class Table:
    """A table starts (`name` as written in the file)."""

    name: str


@dataclass(frozen=True, slots=True)
class Document:
    """One document of a table: its key, its decoded value, its JSON text, and where that text is in the file."""

    table: str
    key: str
    value: Any
    text: str
    offset: int = -1
    """The byte offset of `text` in the file (-1: not known)."""
    size: int = 0
    """Its length in bytes (UTF-8): the file's bytes offset .. offset + size are `text`, encoded."""


class _Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


class _Window:
    """The part of the file being parsed, as text, refilled from the file on demand."""

    def __init__(self, handle: _Readable, shown: str, digest: Callable[[bytes], None]) -> None:
        self._handle = handle
        self.shown = shown
        self._digest = digest
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._bytes_read = 0
        self._lines_read = 0
        """Line breaks in the bytes read so far (for errors in bytes that are not UTF-8)."""
        self._line_start_byte = 0
        self.text = ""
        self.at = 0
        """Parsing position in `text`."""
        self.eof = False
        self._lines_before = 0
        """Line breaks in the text dropped from the front of the window."""
        self._line_start_before = 0
        """Characters since the last dropped line break, in the dropped text."""
        self._mark = 0
        """A position in `text` whose byte offset in the file is `_mark_byte` (the end of the last document)."""
        self._mark_byte = 0

    def fill(self, at_least: int = 1) -> bool:
        """Make at least `at_least` characters available after `at`; False at the end of the file."""
        while len(self.text) - self.at < at_least and not self.eof:
            self._drop_consumed()
            wanted = max(CHUNK_BYTES, len(self.text))  # doubling: a long document costs linear time
            raw = self._handle.read(wanted)
            self._digest(raw)
            try:
                decoded = self._decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as error:
                # (error.object is what the decoder held: an unfinished sequence, then `raw`)
                raise self._not_utf8(
                    error.object, error.start, self._bytes_read + len(raw) - len(error.object)
                ) from None
            self._lines_read += raw.count(b"\n")
            if (last_break := raw.rfind(b"\n")) >= 0:
                self._line_start_byte = self._bytes_read + last_break + 1
            self._bytes_read += len(raw)
            if not raw:
                self.eof = True
            if self._bytes_read == len(raw) and decoded.startswith("\ufeff"):
                decoded = decoded[1:]  # a UTF-8 byte order mark
                self._mark_byte = 3
            self.text += decoded
        return len(self.text) - self.at >= at_least

    def _not_utf8(self, data: bytes, start: int, offset: int) -> DatabaseUnreadable:
        """The error for an invalid byte at `start` of `data`, which starts at byte `offset` (columns in bytes)."""
        position = offset + start
        line = self._lines_read + data.count(b"\n", 0, start) + 1
        last_break = data.rfind(b"\n", 0, start)
        column = start - last_break if last_break >= 0 else position - self._line_start_byte + 1
        return DatabaseUnreadable(
            self.shown,
            _("not UTF-8 (invalid byte 0x{byte} at line {line}, column {column}, byte offset {offset})").format(
                byte=f"{data[start]:02x}", line=line, column=column, offset=position
            ),
            _("Save the file as UTF-8"),
        )

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The byte offset and size in the file of `text[start:end]`, which starts at or after the last span's end.

        Each character is measured once, whatever the number of documents (UTF-8 lengths, in C).
        """
        offset = self._mark_byte + len(self.text[self._mark : start].encode("utf-8", "surrogatepass"))
        size = len(self.text[start:end].encode("utf-8", "surrogatepass"))
        self._mark, self._mark_byte = end, offset + size
        return offset, size

    def _drop_consumed(self) -> None:
        if self._mark < self.at:  # (what is dropped is measured now: the mark moves to the new start)
            self._mark_byte += len(self.text[self._mark : self.at].encode("utf-8", "surrogatepass"))
            self._mark = self.at
        self._mark -= self.at
        consumed = self.text[: self.at]
        breaks = consumed.count("\n")
        if breaks:
            self._lines_before += breaks
            self._line_start_before = len(consumed) - consumed.rfind("\n") - 1
        else:
            self._line_start_before += len(consumed)
        self.text = self.text[self.at :]
        self.at = 0

    def where(self, position: int | None = None) -> str:
        """ "line L, column C" of a position in the window (default: `at`)."""
        position = self.at if position is None else position
        breaks = self.text.count("\n", 0, position)
        column = position - self.text.rfind("\n", 0, position) if breaks else self._line_start_before + position + 1
        return _("line {line}, column {column}").format(line=self._lines_before + breaks + 1, column=column)

    def skip_whitespace(self) -> str:
        """The next character that is not whitespace ("" at the end of the file)."""
        while True:
            self.at = _WHITESPACE.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text) or not self.fill():
                return self.text[self.at : self.at + 1]

    def invalid(self, message: str, position: int | None = None) -> DatabaseUnreadable:
        return DatabaseUnreadable(
            self.shown,
            _("not valid JSON: {reason} at {where}").format(reason=json_reason(message), where=self.where(position)),
        )


def read_documents(path: Path, digest: Callable[[bytes], None] | None = None) -> Iterator[Table | Document]:
    """The tables and documents of a database file, in file order.

    Raises `DatabaseUnreadable` for what `tui.data.reading` refuses (missing,
    special, too big, another encoding, empty) and for a file that is not JSON or
    not an object of tables (a table that is not an object is the file's fault,
    see docs/data-format.md). Documents of any JSON type are yielded: what a
    record must be is the loader's business.
    """
    shown = str(path)
    with open_database_file(path) as handle:
        window = _Window(handle, shown, digest or (lambda _raw: None))
        decoder = strict_decoder()
        first = window.skip_whitespace()
        if first != "{":
            if first == "":
                raise DatabaseUnreadable(
                    shown,
                    _("file is empty"),
                    _("A Marsad database is a JSON object of tables; see docs/data-format.md"),
                )
            raise DatabaseUnreadable(
                shown,
                _("top level is a JSON {type}, expected an object of tables").format(type=_type_at(window)),
                'Write {"organizations": {...}, "partnerships": {...}, ...}; see docs/data-format.md',
            )
        window.at += 1
        for name in _members(window):
            yield Table(name)
            is_object = window.skip_whitespace() == "{"
            if name not in BY_TABLE:  # ignored (the reader says so), but it must be JSON
                if is_object:
                    window.at += 1
                    for _key in _members(window):  # member by member: memory stays bounded
                        window.skip_whitespace()
                        _value(window, decoder)
                else:
                    _value(window, decoder)
                continue
            if not is_object:
                raise DatabaseUnreadable(
                    shown,
                    _("table {name} is a JSON {type}, expected an object of records keyed by document id").format(
                        name=repr(name), type=_type_at(window)
                    ),
                )
            window.at += 1
            for key in _members(window):
                window.skip_whitespace()
                value, text = _value(window, decoder)
                start = window.at - len(text)  # (the window may have moved while the value was read)
                offset, size = window.span(start, window.at)
                yield Document(name, key, value, text, offset, size)
        if window.skip_whitespace():
            raise window.invalid(N_("Extra data"))


def _members(window: _Window) -> Iterator[str]:
    """The keys of an object whose `{` was consumed; after each, the caller reads its value."""
    if window.skip_whitespace() == "}":
        window.at += 1
        return
    while True:
        simple = _SIMPLE_KEY.match(window.text, window.at)  # the usual case, in one step
        if simple is not None:
            key = simple.group(1)
            window.at = simple.end()
        else:
            if window.skip_whitespace() != '"':
                raise window.invalid(N_("Expecting property name enclosed in double quotes"))
            key = _string(window)
            if window.skip_whitespace() != ":":
                raise window.invalid("Expecting ':' delimiter")
            window.at += 1
        yield key
        separator = _SEPARATOR.match(window.text, window.at)
        following = separator.group(1) if separator is not None else window.skip_whitespace()
        if separator is not None:
            window.at = separator.start(1)
        if following == "}":
            window.at += 1
            return
        if following != ",":
            raise window.invalid("Expecting ',' delimiter")
        window.at += 1


_scan_string: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
"""The standard library's C scanners, which `json.loads` itself runs: `json.decoder.scanstring`
and a decoder's `scan_once` are undocumented (and not in typeshed) but have been there since
Python 2.6; parsing one value at a position of a window needs them."""


def _string(window: _Window) -> str:
    """The JSON string at `at` (a key), refilling the window until it is whole."""
    start = window.at
    while True:
        try:
            value, end = _scan_string(window.text, start + 1)
        except json.JSONDecodeError as error:
            if _maybe_truncated(window, error.msg, error.pos):
                window.fill(len(window.text) - window.at + 1)
                start = window.at  # (the window may have moved: parse again, also to place an error right)
                continue
            raise window.invalid(error.msg.removesuffix(" at").removesuffix(" starting at"), error.pos) from None
        window.at = end
        return value


def _value(window: _Window, decoder: json.JSONDecoder) -> tuple[Any, str]:
    """The JSON value at `at` and its text, refilling the window until it is whole."""
    scan: Callable[[str, int], tuple[Any, int]] = decoder.scan_once  # type: ignore[attr-defined]  # see _scan_string
    while True:
        start = window.at
        try:
            value, end = scan(window.text, start)
        except StopIteration as stop:  # (the C scanner's "Expecting value", at stop.value)
            if _maybe_truncated(window, "", stop.value):
                window.fill(len(window.text) - start + 1)
                continue  # (the window may have moved: parse again, also to place an error right)
            raise window.invalid(N_("Expecting value"), stop.value) from None
        except json.JSONDecodeError as error:
            if _maybe_truncated(window, error.msg, error.pos):
                window.fill(len(window.text) - start + 1)
                continue
            raise window.invalid(error.msg.removesuffix(" at").removesuffix(" starting at"), error.pos) from None
        except NotJsonNumber as error:
            position = bad_number_position(window.text, start)
            raise DatabaseUnreadable(
                window.shown,
                _("not valid JSON: {reason} at {where}").format(reason=error, where=window.where(position)),
                _("JSON has no NaN or infinite numbers: write null, or a finite number"),
            ) from None
        except RecursionError:
            raise DatabaseUnreadable(window.shown, _("JSON is nested too deeply to be a Marsad database")) from None
        except ValueError as error:  # an integer with more digits than Python converts
            raise DatabaseUnreadable(
                window.shown,
                _("not valid JSON: {reason} in the value at {where}").format(
                    reason=json_reason(str(error).split(";")[0]), where=window.where(start)
                ),
            ) from None
        if end >= len(window.text) and not window.eof:
            # a number or literal may go on in the next chunk ("12" then "34")
            window.fill(len(window.text) - start + 1)
            continue
        window.at = end
        return value, window.text[start:end]


_TYPE_OF_FIRST = {
    "[": "array",
    '"': "string",
    "t": "boolean",
    "f": "boolean",
    "n": "null",
    "-": "number",
    **dict.fromkeys("0123456789", "number"),
}


def _type_at(window: _Window) -> str:
    """What the value at `at` is written as, from its first character (without decoding it all)."""
    kind = _TYPE_OF_FIRST.get(window.text[window.at : window.at + 1])
    if kind is None:
        raise window.invalid(N_("Expecting value"))
    return kind


def _maybe_truncated(window: _Window, message: str, position: int) -> bool:
    """Whether a parse error may only mean that the window ends inside the value."""
    if window.eof:
        return False
    return message.startswith("Unterminated string") or position >= len(window.text) - _TRUNCATION_SLACK


def content_digest() -> Any:
    """The hash object that `read_documents(..., digest=hash.update)` feeds."""
    return hashlib.blake2b(digest_size=16)

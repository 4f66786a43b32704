"""From one document of a database file to a record, or to the problems that keep it out.

Two ways to the same result, per document:

* the FAST WAY converts the decoded document straight into its typed record
  (msgspec), then proves that nothing was lost or needs cleaning; it gives up at
  the first doubt;
* the THOROUGH WAY decodes the document's text again noting duplicate keys,
  refuses records nested too deeply, cleans every string and validates, so each
  bad record gets its own precise problem.

What a decoded document silently lost (a key written twice, an unknown field, an
explicit null or empty default) is caught by counting colons: each key has one,
and so does the text of strings. Encoded back, a record holds every key and
string that was kept; if its JSON has fewer colons than the document's text,
something was dropped, and the thorough way reports it or accepts it exactly as it
would have. Both ways clean strings the same way (`tui.text.gate.clean_stored`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import msgspec

from tui.data.errors import Problem
from tui.data.kinds import RecordKind
from tui.data.models import Record, Source
from tui.data.reading import json_type, loads
from tui.data.sanitize import clean_tree
from tui.text.gate import STORED_UNSAFE_IN_JSON, clean_stored

#: Deepest nesting a record may have (a record, its facts, a fact, ... is 3 deep);
#: deeper records are refused before any recursive code walks them.
MAX_RECORD_DEPTH = 16
#: Longest document key: TinyDB turns keys into ints, which Python refuses past 4300 digits.
MAX_KEY_DIGITS = 18

_ENCODER = msgspec.json.Encoder()


def key_problem(table: str, key: str) -> Problem | None:
    """What is wrong with a document key TinyDB could not use as a document id, if anything."""
    shown = shown_key(key)
    if not (key.isascii() and key.isdigit() and len(key) <= MAX_KEY_DIGITS):
        return Problem("error", table, shown, None, "", "document key must be a number (a TinyDB document id)")
    if key != str(int(key)):
        return Problem(
            "error", table, shown, None, "", f"document key must have no leading zeros (TinyDB reads it as {int(key)})"
        )
    return None


def type_problem(table: str, key: str, value: Any) -> Problem | None:
    """What is wrong with a document that is not a JSON object, if it is not one."""
    if isinstance(value, dict):
        return None
    return Problem("error", table, key, None, "", f"record is a JSON {json_type(value)}, expected an object")


class Read(NamedTuple):
    """What a document gave: its record (None when it is bad) encoded as JSON, and its problems."""

    record: Record | None
    json: bytes
    problems: list[Problem]


def record_of(kind: RecordKind, key: str, value: dict[str, Any], text: str) -> Read:
    """The record a document holds, and the problems found in it.

    `value` is the document as decoded (an object: see `type_problem`), `text` its
    JSON text in the file. The key must be a usable document key (`key_problem`);
    whether the record's id is unique is for the caller, who knows the other records.
    """
    table = kind.table
    fast = _fast(kind, value, text)
    if fast is None:
        record, problems = _thorough(kind, key, loads(text))
        return Read(record, _ENCODER.encode(record) if record is not None else b"", problems)
    record, encoded = fast
    if not _named(record):
        return Read(None, b"", [Problem("error", table, key, record.id, "$.names", "a record needs at least one name")])
    return Read(record, encoded, [])


def _fast(kind: RecordKind, value: dict[str, Any], text: str) -> tuple[Record, bytes] | None:
    """The record and its JSON, if nothing in the document needs the thorough way."""
    try:
        if STORED_UNSAFE_IN_JSON.search(text) is not None:
            value = clean_tree(value)  # (cleaning replaces one character by one, never a colon)
        record = msgspec.convert(value, type=kind.record_type)
    except msgspec.ValidationError:  # e.g. a wrong type, or a slug that ended with a newline
        return None
    encoded = _ENCODER.encode(record)
    if encoded.count(b":") != text.count(":"):
        return None  # something was dropped: a duplicate key, an unknown field, an explicit default
    return record, encoded


def _named(record: Record) -> bool:
    if type(record) is Source:
        return bool(record.names.all)
    names = record.names
    return bool(names.ar or names.latin or any(names.aliases))


def _thorough(kind: RecordKind, key: str, raw: dict[str, Any]) -> tuple[Record | None, list[Problem]]:
    table = kind.table
    raw_id = raw.get("id")
    shown_id = shown_key(raw_id, 200) if isinstance(raw_id, str) else None
    too_deep, duplicates = _inspect(raw)
    if too_deep:
        return None, [
            Problem("error", table, key, shown_id, "", f"record is nested more than {MAX_RECORD_DEPTH} levels deep")
        ]
    problems = [
        Problem(
            "warning",
            table,
            key,
            shown_id,
            "",
            f"key {shown_key(duplicate)!r} appears more than once in an object; the last value is used",
        )
        for duplicate in duplicates
    ]
    try:
        record = msgspec.convert(clean_tree(raw), type=kind.record_type)
    except msgspec.ValidationError as error:
        message, _, where = str(error).rpartition(" - at ")
        problems.append(
            Problem("error", table, key, shown_id, where.strip("`") if message else "", message or str(error))
        )
        return None, problems
    if not record.names.all:
        problems.append(Problem("error", table, key, record.id, "$.names", "a record needs at least one name"))
        return None, problems
    return record, problems


def _inspect(value: Any) -> tuple[bool, list[str]]:
    """Whether `value` nests deeper than MAX_RECORD_DEPTH, and its duplicate object keys.

    Iterative, so no nesting can raise RecursionError here.
    """
    duplicates: list[str] = []
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_RECORD_DEPTH:
            return True, duplicates
        if isinstance(item, dict):
            duplicates.extend(getattr(item, "duplicate_keys", ()))
            stack.extend((child, depth + 1) for child in item.values() if isinstance(child, (dict, list)))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return False, duplicates


def shown_key(key: str, limit: int = 40) -> str:
    """A key or table name from the file, safe and short enough to print."""
    shown = clean_stored(key)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"

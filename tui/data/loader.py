"""Turn a database file into a `Database`: validate record by record, report the rest.

The file is read once and never written. Two ways to the same result:

* the FAST PATH decodes the bytes straight into typed records with msgspec (no
  intermediate dicts), then proves that nothing was lost or needs reporting; it
  gives up (returns None) at the first doubt;
* the THOROUGH PATH parses into Python objects (noting duplicate keys), walks and
  cleans every record and validates it alone, so each bad record gets its own
  precise problem. It reads the documents through a TinyDB instance backed by a
  read-only storage (TinyDB's own JSON storage would create a missing file and
  re-read the file on every query).

A valid file takes the fast path; any other file gets exactly the thorough
path's report. Both clean strings the same way (`tui.unsafe.clean_stored`).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Annotated, Any

import msgspec
from tinydb import TinyDB
from tinydb.storages import Storage

from tui.data.database import Database
from tui.data.errors import DatabaseUnreadable, Problem
from tui.data.kinds import BY_TABLE, KINDS
from tui.data.models import Association, Partnership, Person, Record, Source
from tui.data.reading import loads, parse_json, read_bytes
from tui.data.sanitize import clean_tree
from tui.paths import bundled
from tui.unsafe import STORED_UNSAFE_UTF8, clean_stored


def bundled_database_path() -> Path:
    """The database shipped with Marsad."""
    return bundled("data/marsad.json")


class ReadOnlyStorage(Storage):
    """A TinyDB storage over data already read from disk; writing is refused."""

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data

    def read(self) -> dict[str, dict[str, Any]]:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise PermissionError("Marsad opens databases read-only")


#: Deepest nesting a record may have (a record, its facts, a fact, ... is 3 deep);
#: deeper records are refused before any recursive code walks them.
MAX_RECORD_DEPTH = 16
#: Longest document key: TinyDB turns keys into ints, which Python refuses past 4300 digits.
MAX_KEY_DIGITS = 18


def load_database(path: str | os.PathLike[str] | None = None) -> Database:
    """Read and validate a database file; raise `DatabaseUnreadable` if it cannot be used.

    Bad records, tables and references are reported in `Database.problems`; the
    good records of a partly bad file still load.
    """
    file_path = Path(path) if path is not None else bundled_database_path()
    raw, offset = read_bytes(file_path)
    # Loading makes millions of objects and no garbage cycles: a collection
    # pass now would only walk them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        database = _load_fast(file_path, raw, offset)
        if database is None:
            data = parse_json(str(file_path), raw, offset)
            del raw
            database = _load_thorough(file_path, data)
    finally:
        if collecting:
            gc.enable()
    return database


# -- the fast path ----------------------------------------------------------------

#: a document key TinyDB can use as a document id, written as it reads it back
DocumentKey = Annotated[str, msgspec.Meta(pattern=r"\A(?:0|[1-9][0-9]{0,%d})\Z" % (MAX_KEY_DIGITS - 1))]


class _File(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A database file with nothing but known tables of documents (None: absent).

    Each document is kept as its raw JSON (no copy) and decoded on its own.
    """

    organizations: dict[DocumentKey, msgspec.Raw] | None = None
    partnerships: dict[DocumentKey, msgspec.Raw] | None = None
    associations: dict[DocumentKey, msgspec.Raw] | None = None
    people: dict[DocumentKey, msgspec.Raw] | None = None
    sources: dict[DocumentKey, msgspec.Raw] | None = None


_FILE_DECODER = msgspec.json.Decoder(_File)
_RECORD_DECODERS = {kind.table: msgspec.json.Decoder(kind.record_type) for kind in KINDS}
_ENCODER = msgspec.json.Encoder()


class _GiveUp(Exception):
    """The fast path cannot vouch for the file: the thorough path takes it."""


def _load_fast(file_path: Path, raw: bytes, offset: int) -> Database | None:
    """The database of a file of known tables of object records, else None.

    The file is decoded in two steps with msgspec: its tables into the raw JSON
    of each document (refusing unknown tables and keys TinyDB cannot use), then
    each document straight into its record type (no intermediate dicts).

    What the typed decode would silently drop is caught by counting colons: each
    key has one, and so does the text of strings. Encoded back, a record holds
    every key and string that was kept; if its JSON had more colons, some key
    was dropped -- a duplicate, an unknown field, an explicit null or empty
    default -- and that record alone goes the thorough way (`_convert`), which
    reports or accepts each of those exactly as the thorough path does. So does a
    record the typed decode refuses. The same count over the whole file vouches
    for the table and document levels. (An escaped colon, \\u003a, would spoil
    the count: such a file goes the thorough path.)

    Problems come out in the thorough path's order (records in table order, then
    references), and strings are cleaned the same way, so the result is the same.
    """
    if b"\\u003a" in raw or b"\\u003A" in raw:
        return None
    try:
        decoded = _FILE_DECODER.decode(memoryview(raw)[offset:])
    except Exception:  # whatever it is, the thorough path says it precisely
        return None
    colons_in_file = raw.count(b":")
    database = Database(path=file_path)
    problems = database.problems
    keys: dict[str, str] = {}
    buffer = bytearray()
    encode_into = _ENCODER.encode_into
    may_need_cleaning = STORED_UNSAFE_UTF8.search
    colons = 0
    try:
        for kind in KINDS:
            name, record_type = kind.table, kind.record_type
            table: dict[str, msgspec.Raw] | None = getattr(decoded, name)
            if table is None:
                continue
            colons += 1 + len(table)  # the table's key, and each document's key
            decode = _RECORD_DECODERS[name].decode
            for key, document in table.items():
                text = bytes(document)
                in_file = text.count(b":")
                colons += in_file
                try:
                    record = decode(text)
                except msgspec.ValidationError:
                    record = None
                except Exception:  # not JSON, not UTF-8...: a file-level problem
                    raise _GiveUp from None
                if record is not None:
                    encode_into(record, buffer)
                    if buffer.count(b":") != in_file:
                        record = None
                    elif may_need_cleaning(buffer) is not None:
                        try:
                            record = msgspec.convert(clean_tree(msgspec.to_builtins(record)), type=record_type)
                        except msgspec.ValidationError:  # e.g. a slug that ended with a newline
                            record = None
                if record is None:
                    record = _convert_document(name, key, text, record_type, database)
                    if record is not None:
                        database.add(record)
                        keys[record.id] = key
                    continue
                if record_type is Source:
                    named = bool(record.names.all)
                else:
                    names = record.names
                    named = bool(names.ar or names.latin or any(names.aliases))
                if not named:
                    problems.append(Problem("error", name, key, record.id, "$.names", "a record needs at least one name"))
                elif record.id in database:
                    problems.append(Problem("error", name, key, record.id, "$.id", "duplicate id (ids are unique across all tables)"))
                else:
                    database.add(record)
                    keys[record.id] = key
    except _GiveUp:
        return None
    del decoded
    if colons != colons_in_file:  # a table or document key was dropped
        return None
    _check_references(database, keys)
    return database


def _convert_document(name: str, key: str, text: bytes, record_type: type[Record], database: Database) -> Record | None:
    """One document the thorough way; `_GiveUp` if it is a file-level problem there."""
    try:
        value = loads(text)
    except (ValueError, RecursionError):  # (bad UTF-8, JSON or number): reported for the whole file
        raise _GiveUp from None
    if not isinstance(value, dict):  # reported with the table's problems, before any record's
        raise _GiveUp
    return _convert(name, key, value, record_type, database)


# -- the thorough path ------------------------------------------------------------


def _load_thorough(file_path: Path, data: Any) -> Database:
    """The database of a parsed file, every record validated and cleaned on its own."""
    shown = str(file_path)
    if not isinstance(data, dict):
        raise DatabaseUnreadable(
            shown,
            f"top level is a JSON {_json_type(data)}, expected an object of tables",
            'Write {"organizations": {...}, "partnerships": {...}, ...}; see docs/data-format.md',
        )
    database = Database(path=file_path)
    problems = database.problems
    for duplicate in _duplicates(data):
        problems.append(Problem("warning", _shown_key(duplicate), "", None, "", "table appears more than once in the file; only the last one is read"))
    tables: dict[str, dict[str, Any]] = {}
    for name, table in data.items():
        if name not in BY_TABLE:
            problems.append(
                Problem("warning", _shown_key(name), "", None, "", f"unknown table ignored (known: {', '.join(BY_TABLE)})")
            )
        elif not isinstance(table, dict):  # the file's structure is wrong, not one record (docs/data-format.md)
            raise DatabaseUnreadable(
                shown, f"table {name!r} is a JSON {_json_type(table)}, expected an object of records keyed by document id"
            )
        else:
            tables[name] = _usable_documents(name, table, problems)
    keys: dict[str, str] = {}  # record id -> its document key, for reporting
    tiny = TinyDB(storage=ReadOnlyStorage, data=tables)
    for kind in KINDS:
        name, record_type = kind.table, kind.record_type
        if name in tables:
            for document in tiny.table(name, cache_size=0):
                key = str(document.doc_id)
                record = _convert(name, key, tables[name][key], record_type, database)
                if record is not None:
                    database.add(record)
                    keys[record.id] = key
    _check_references(database, keys)
    return database


def _usable_documents(name: str, table: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """The documents whose keys TinyDB can use as document ids; the others are reported."""
    for duplicate in _duplicates(table):
        problems.append(
            Problem("error", name, _shown_key(duplicate), None, "", "document key appears more than once; only the last record with it is read")
        )
    usable: dict[str, Any] = {}
    for key, value in table.items():
        shown = _shown_key(key)
        if not (key.isascii() and key.isdigit() and len(key) <= MAX_KEY_DIGITS):
            problems.append(Problem("error", name, shown, None, "", "document key must be a number (a TinyDB document id)"))
        elif key != str(int(key)):
            problems.append(Problem("error", name, shown, None, "", f"document key must have no leading zeros (TinyDB reads it as {int(key)})"))
        elif not isinstance(value, dict):
            problems.append(Problem("error", name, shown, None, "", f"record is a JSON {_json_type(value)}, expected an object"))
        else:
            usable[key] = value
    return usable


def _convert(name: str, key: str, raw: dict[str, Any], record_type: type[Record], database: Database) -> Record | None:
    raw_id = raw.get("id")
    shown_id = _shown_key(raw_id, 200) if isinstance(raw_id, str) else None
    too_deep, duplicates = _inspect(raw)
    if too_deep:
        database.problems.append(Problem("error", name, key, shown_id, "", f"record is nested more than {MAX_RECORD_DEPTH} levels deep"))
        return None
    for duplicate in duplicates:
        database.problems.append(
            Problem("warning", name, key, shown_id, "", f"key {_shown_key(duplicate)!r} appears more than once in an object; the last value is used")
        )
    cleaned = clean_tree(raw)
    record_id = shown_id
    try:
        record = msgspec.convert(cleaned, type=record_type)
    except msgspec.ValidationError as error:
        message, _, where = str(error).rpartition(" - at ")
        database.problems.append(Problem("error", name, key, record_id, where.strip("`") if message else "", message or str(error)))
        return None
    if not record.names.all:
        database.problems.append(Problem("error", name, key, record.id, "$.names", "a record needs at least one name"))
        return None
    if record.id in database:
        database.problems.append(Problem("error", name, key, record.id, "$.id", "duplicate id (ids are unique across all tables)"))
        return None
    return record


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
            duplicates.extend(_duplicates(item))
            stack.extend((child, depth + 1) for child in item.values() if isinstance(child, (dict, list)))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return False, duplicates


def _shown_key(key: str, limit: int = 40) -> str:
    """A key or table name from the file, safe and short enough to print."""
    shown = clean_stored(key)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _duplicates(value: dict[str, Any]) -> tuple[str, ...]:
    return getattr(value, "duplicate_keys", ())


def _check_references(database: Database, keys: dict[str, str]) -> None:
    """Report references to records that do not exist, and quotes missing from their source."""
    problems = database.problems
    sources = database.sources
    organizations = database.organizations
    known = database._by_id  # noqa: SLF001 (the loader builds the database)

    def report(record: Record, table: str, field: str, message: str) -> None:
        problems.append(Problem("warning", table, keys.get(record.id, ""), record.id, field, message))

    def cite(record: Record, table: str, field: str, source_id: str, quote: str) -> None:
        source = sources.get(source_id)
        if source is None:
            report(record, table, f"{field}.source", f"source {source_id!r} does not exist")
        elif quote not in source.text:
            report(record, table, f"{field}.quote", f"quote not found in the text of source {source_id!r}")

    for kind in KINDS:
        table = kind.table
        for record in database.table(kind.name).values():
            for index, fact in enumerate(getattr(record, "facts", ())):
                source = sources.get(fact.source)
                if source is None or fact.quote not in source.text:  # rare: say what exactly
                    cite(record, table, f"$.facts[{index}]", fact.source, fact.quote)
                if fact.ref is not None and fact.ref not in known:
                    report(record, table, f"$.facts[{index}].ref", f"refers to {fact.ref!r}, which does not exist")
            if isinstance(record, Partnership):
                for index, party in enumerate(record.parties):
                    if party not in organizations:
                        report(record, table, f"$.parties[{index}]", f"party {party!r} is not an organization of this database")
            if isinstance(record, Association):
                for index, member in enumerate(record.members):
                    cite(record, table, f"$.members[{index}]", member.source, member.quote)
                    if member.organization not in organizations:
                        report(record, table, f"$.members[{index}].organization", f"member {member.organization!r} is not an organization of this database")
            if isinstance(record, Person):
                for index, role in enumerate(record.roles):
                    cite(record, table, f"$.roles[{index}]", role.source, role.quote)
                    if role.organization is not None and role.organization not in organizations:
                        report(record, table, f"$.roles[{index}].organization", f"organization {role.organization!r} does not exist")


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")

"""Turn a database file into a `Database`: validate record by record, report the rest.

The file is read once, through a TinyDB instance backed by a read-only storage,
so browsing can never write to it (TinyDB's own JSON storage would create a
missing file and re-read the file on every query).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import msgspec
from tinydb import TinyDB
from tinydb.storages import Storage

from tui.data.database import Database
from tui.data.errors import DatabaseUnreadable, Problem
from tui.data.models import TABLES, Association, Partnership, Person, Record
from tui.data.reading import read_json
from tui.data.sanitize import clean_string, clean_tree
from tui.paths import bundled


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
    data = read_json(file_path)
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
        if name not in TABLES:
            problems.append(
                Problem("warning", _shown_key(name), "", None, "", f"unknown table ignored (known: {', '.join(TABLES)})")
            )
        elif not isinstance(table, dict):  # the file's structure is wrong, not one record (docs/data-format.md)
            raise DatabaseUnreadable(
                shown, f"table {name!r} is a JSON {_json_type(table)}, expected an object of records keyed by document id"
            )
        else:
            tables[name] = _usable_documents(name, table, problems)
    keys: dict[str, str] = {}  # record id -> its document key, for reporting
    tiny = TinyDB(storage=ReadOnlyStorage, data=tables)
    for name, (_kind, record_type) in TABLES.items():
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
    shown = clean_string(key)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _duplicates(value: dict[str, Any]) -> tuple[str, ...]:
    return getattr(value, "duplicate_keys", ())


def _check_references(database: Database, keys: dict[str, str]) -> None:
    """Report references to records that do not exist, and quotes missing from their source."""

    def report(record: Record, table: str, field: str, message: str) -> None:
        database.problems.append(Problem("warning", table, keys.get(record.id, ""), record.id, field, message))

    for table, (kind, _type) in TABLES.items():
        for record in database.table(kind).values():
            for index, fact in enumerate(getattr(record, "facts", ())):
                _check_citation(database, record, table, f"$.facts[{index}]", fact.source, fact.quote, report)
                if fact.ref is not None and fact.ref not in database:
                    report(record, table, f"$.facts[{index}].ref", f"refers to {fact.ref!r}, which does not exist")
            if isinstance(record, Partnership):
                for index, party in enumerate(record.parties):
                    if party not in database.organizations:
                        report(record, table, f"$.parties[{index}]", f"party {party!r} is not an organization of this database")
            if isinstance(record, Association):
                for index, member in enumerate(record.members):
                    _check_citation(database, record, table, f"$.members[{index}]", member.source, member.quote, report)
                    if member.organization not in database.organizations:
                        report(record, table, f"$.members[{index}].organization", f"member {member.organization!r} is not an organization of this database")
            if isinstance(record, Person):
                for index, role in enumerate(record.roles):
                    _check_citation(database, record, table, f"$.roles[{index}]", role.source, role.quote, report)
                    if role.organization is not None and role.organization not in database.organizations:
                        report(record, table, f"$.roles[{index}].organization", f"organization {role.organization!r} does not exist")


def _check_citation(database: Database, record: Record, table: str, field: str, source_id: str, quote: str, report) -> None:
    source = database.sources.get(source_id)
    if source is None:
        report(record, table, f"{field}.source", f"source {source_id!r} does not exist")
    elif quote not in source.text:
        report(record, table, f"{field}.quote", f"quote not found in the text of source {source_id!r}")


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")

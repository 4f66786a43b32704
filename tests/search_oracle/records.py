"""A test's index: records in a `records` table of an SQLite database in memory, and its search tables.

The engineer's builder fills the same table from a database file; tests fill it
from records they make or load, in the order given (file order), `pos` per kind.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import msgspec

from tui.data.kinds import KIND_NUMBER, kind_of
from tui.data.models import Association, Fact, Names, Organization, Person, Record, Role, Source
from tui.search.build import build_search_index
from tui.search.query import SearchIndex
from tui.store.schema import RECORDS


def records_connection(records: Iterable[Record]) -> sqlite3.Connection:
    """A database in memory with a `records` table of these records, in this order."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    for statement in RECORDS.split(";\n"):
        if statement.strip():
            connection.execute(statement)
    positions: dict[str, int] = {}
    rows = []
    for record in records:
        kind = kind_of(record)
        position = positions[kind] = positions.get(kind, -1) + 1
        names = record.names
        body = msgspec.json.encode(record)
        rows.append((record.id, KIND_NUMBER[kind], position, names.primary, names.ar, names.latin, body, len(rows) + 1))
    with connection:
        connection.executemany(
            "INSERT INTO records (id, kind, pos, title, ar, latin, body, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return connection


def search_index(records: Iterable[Record]) -> SearchIndex:
    """The search engine over an index of these records."""
    connection = records_connection(records)
    build_search_index(connection)
    return SearchIndex(connection)


# -- records for tests ---------------------------------------------------------------------

_SOURCE = "src"
_QUOTE = "quote"


def fact(field: str, value: str) -> Fact:
    return Fact(field=field, label=field.title(), value=value, source=_SOURCE, quote=_QUOTE)


def organization(
    record_id: str,
    *,
    ar: str | None = None,
    latin: str | None = None,
    aliases: Iterable[str] = (),
    facts: Iterable[tuple[str, str]] = (),
) -> Organization:
    return Organization(
        id=record_id,
        names=Names(ar=ar, latin=latin, aliases=tuple(aliases)),
        facts=tuple(fact(field, value) for field, value in facts),
    )


def person(
    record_id: str,
    *,
    ar: str | None = None,
    latin: str | None = None,
    roles: Iterable[str] = (),
    facts: Iterable[tuple[str, str]] = (),
) -> Person:
    return Person(
        id=record_id,
        names=Names(ar=ar, latin=latin),
        roles=tuple(Role(title=title, source=_SOURCE, quote=_QUOTE) for title in roles),
        facts=tuple(fact(field, value) for field, value in facts),
    )


def association(
    record_id: str, *, ar: str | None = None, latin: str | None = None, aliases: Iterable[str] = ()
) -> Association:
    return Association(id=record_id, names=Names(ar=ar, latin=latin, aliases=tuple(aliases)))


def source(record_id: str, text: str, *, title: str | None = None, outlet: str | None = None) -> Source:
    return Source(id=record_id, language="ar", text=text, title=title, outlet=outlet)

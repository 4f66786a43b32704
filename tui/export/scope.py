"""What an export covers: records in the order the user sees them, or the facts table's rows.

A scope is a description and a way to walk its items again from the start
(each format walks once; nothing is materialized). The whole database walks
every kind in turn; a list walks one pane's records; one record is a list of
one; the facts table walks (record, fact) rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tui.data.kinds import BY_NAME, KINDS
from tui.data.models import Fact, Kind, Record
from tui.store.database import Database

#: records read from the index at once while walking a kind
PAGE_RECORDS = 512


@dataclass(frozen=True, slots=True)
class RecordScope:
    """Records, in the order they are exported."""

    title: str
    """What the user is told is exported: `the Organizations list`, `the whole database`."""
    stem: str
    """The file name a prompt proposes, without its extension: `organizations`."""
    records: Callable[[], Iterator[Record]]
    whole: bool = False
    """Every record of the database (the articles among them)."""


@dataclass(frozen=True, slots=True)
class FactRow:
    """A row of the facts table: a fact and the record that states it."""

    record: Record
    fact: Fact


@dataclass(frozen=True, slots=True)
class FactScope:
    """Rows of the facts table, in the order they are exported."""

    title: str
    stem: str
    rows: Callable[[], Iterator[FactRow]]


Scope = RecordScope | FactScope


def whole_database(database: Database) -> RecordScope:
    def records() -> Iterator[Record]:
        for kind in KINDS:
            yield from in_file_order(database, kind.name)

    return RecordScope("the whole database", "marsad", records, whole=True)


def kind_list(database: Database, kind: Kind) -> RecordScope:
    """Every record of one kind, in the order of the file."""
    title = BY_NAME[kind].pane_title
    return RecordScope(f"the {title} list", title.lower(), lambda: in_file_order(database, kind))


def one_record(record: Record) -> RecordScope:
    return RecordScope(f"record {record.id}", record.id, lambda: iter((record,)))


def in_file_order(database: Database, kind: Kind) -> Iterator[Record]:
    """The records of one kind, a page at a time (a million of them are never all in memory)."""
    start = 0
    while rows := database.rows(kind, start, start + PAGE_RECORDS):
        for row in rows:
            record = database.get(row.id)
            if record is not None:
                yield record
        start += PAGE_RECORDS

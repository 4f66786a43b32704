"""The rows that slicing reads (`listing`, `facts`, `fact_kinds`), made while the index is built.

Each record gives one `listing` row (its names normalized as search normalizes
them, its sort keys, how many facts it states) and one `facts` row per fact, in
the same batches as its `records` row. Once every record and link is in, the
link counts are filled in, the kinds of fact counted and the indexes made, in SQL
(bounded memory whatever the number of records).
"""

from __future__ import annotations

import sqlite3

import msgspec

from tui.data.models import Names, Record
from tui.search.normalize import normalize
from tui.store.schema import RANKED_KEYS, SLICE_INDEXES

Row = tuple[object, ...]


class ListRow(msgspec.Struct, frozen=True):
    """What a list shows of a record, without decoding it (read from `records`, by the
    database in the order of the file and by slices in theirs)."""

    id: str
    names: Names


def listing_row(kind: int, rowid: int, record: Record) -> Row:
    """The `listing` row of a record (`links` comes later, from the links table)."""
    names = record.names
    normalized = {name: normalize(name) for name in names.all}  # (each name once: the keys are among them)
    return (
        kind,
        rowid,
        "\n".join(normalized.values()),
        normalized[names.ar] if names.ar else None,
        normalized[names.latin] if names.latin else None,
        len(getattr(record, "facts", ())),
        0,
    )


class FactNames:
    """The numbers of the fields, labels, units and sources of facts (`fact_names`), given as they are met."""

    def __init__(self, connection: sqlite3.Connection | None = None) -> None:
        self.numbers: dict[str, int] = {}
        self.new: list[tuple[int, str]] = []
        """Names numbered since the last `take_new`, to insert into `fact_names`."""
        if connection is not None:
            self.numbers = {name: number for number, name in connection.execute("SELECT id, name FROM fact_names")}

    def __call__(self, name: str) -> int:
        number = self.numbers.get(name)
        if number is None:
            number = self.numbers[name] = len(self.numbers) + 1
            self.new.append((number, name))
        return number

    def take_new(self) -> list[tuple[int, str]]:
        new, self.new = self.new, []
        return new


INSERT_FACT_NAMES = "INSERT INTO fact_names(id, name) VALUES (?, ?)"


def fact_rows(first_rowid: int, kind: int, rowid: int, record: Record, names: FactNames) -> list[Row]:
    """The `facts` rows of a record, numbered from `first_rowid`."""
    rows: list[Row] = []
    known = names.numbers.get  # (a name met before, as nearly all are: a lookup, without calling `names`)
    for position, fact in enumerate(getattr(record, "facts", ())):
        words = normalize(" ".join(filter(None, (fact.label, fact.value, fact.qualifier, fact.unit))))
        unit = fact.unit
        rows.append(
            (
                first_rowid + position,
                kind,
                rowid,
                position,
                known(fact.field) or names(fact.field),
                known(fact.label) or names(fact.label),
                fact.value,
                fact.number,
                None if unit is None else known(unit) or names(unit),
                fact.qualifier,
                known(fact.source) or names(fact.source),
                words,
            )
        )
    return rows


INSERT_LISTING = (
    "INSERT INTO listing(kind, record, names, ar_key, latin_key, facts, links) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
INSERT_FACTS = "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def forget_record(connection: sqlite3.Connection, kind: int, rowid: int) -> None:
    """Take out the rows of a record that is taken out of the index."""
    connection.execute("DELETE FROM listing WHERE kind = ? AND record = ?", (kind, rowid))
    connection.execute("DELETE FROM facts WHERE record = ?", (rowid,))


def index_for_forgetting(connection: sqlite3.Connection) -> None:
    """The index that taking records out needs (made when a file first does: rarely)."""
    connection.execute("CREATE INDEX IF NOT EXISTS facts_by_record ON facts(record)")


def renumber_facts(connection: sqlite3.Connection) -> None:
    """Facts numbered 1, 2, ... again after some were taken out (so that row n of all facts is fact n)."""
    connection.execute(
        "CREATE TEMP TABLE fact_numbers AS SELECT rowid AS old, ROW_NUMBER() OVER (ORDER BY rowid) AS new FROM facts"
    )
    connection.execute(
        "UPDATE facts SET rowid = -fact_numbers.new FROM fact_numbers WHERE fact_numbers.old = facts.rowid"
    )  # (never two rows with one number)
    connection.execute("UPDATE facts SET rowid = -rowid")
    connection.execute("DROP TABLE fact_numbers")


def rank_listing(connection: sqlite3.Connection) -> None:
    """Each record's rank among those of its kind by each ranked key (no value: after every value; ties: the
    order of the file)."""
    for key, column in RANKED_KEYS.items():
        connection.execute(
            f"UPDATE listing SET {key}_rank = ranks.rank FROM (SELECT kind, record, ROW_NUMBER() OVER "
            f"(PARTITION BY kind ORDER BY {column} IS NULL, {column}, record) - 1 AS rank FROM listing) AS ranks "
            "WHERE listing.kind = ranks.kind AND listing.record = ranks.record"
        )


def finish_listing(connection: sqlite3.Connection) -> None:
    """Link counts, ranks, kinds of fact and indexes, once every record and link is in
    (inside the caller's transaction).

    A record's links are the other records it is linked with, in either
    direction and by any reference (a party, a member, a role, a fact's `ref`, a
    cited source), each counted once: what its detail lists as links.
    """
    connection.execute(
        "CREATE TEMP TABLE link_pairs AS "
        "SELECT l.record AS a, r.rowid AS b FROM links l JOIN records r ON r.id = l.target WHERE r.rowid != l.record "
        "UNION SELECT r.rowid, l.record FROM links l JOIN records r ON r.id = l.target WHERE r.rowid != l.record"
    )
    connection.execute("CREATE TEMP TABLE link_counts (record INTEGER PRIMARY KEY, links INTEGER NOT NULL)")
    connection.execute("INSERT INTO link_counts SELECT a, count(*) FROM link_pairs GROUP BY a")
    connection.execute(
        "UPDATE listing SET links = link_counts.links FROM link_counts WHERE link_counts.record = listing.record"
    )
    connection.execute("DROP TABLE link_pairs")
    connection.execute("DROP TABLE link_counts")
    rank_listing(connection)
    for statement in SLICE_INDEXES.split(";\n"):
        if statement.strip():
            connection.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
    for by in ("label", "field"):
        connection.execute(
            f"INSERT INTO fact_kinds SELECT '{by}', n.name, f.kind, count(*), count(f.number) "
            f"FROM facts f JOIN fact_names n ON n.id = f.{by} GROUP BY f.{by}, f.kind"
        )

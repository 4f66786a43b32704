"""What a pane or the facts table shows now (a slice: which rows, filtered how, in what order), and reading it.

A `RecordSlice` (a kind of record, a filter, an order) and a `FactSlice` (a kind
of fact, a filter, an order) are plain descriptions: the panes and the facts
table keep one each, and anything that takes away what is on screen (export)
asks them for their rows in display order (`RecordSlice.records`,
`FactSlice.rows`).

Reading a slice materializes it: the row ids of its rows, in order, in one array
(8 bytes a row), made in SQL from the narrow `listing` and `facts` tables
(`tui.store.listing`) off the UI thread; the rows on screen are then read a page
at a time by row id. The whole list of a kind in the order of the file needs no
array: its rows are read by place, as before.

Filters hold the typed text anywhere, compared as search compares text
(`tui.search.normalize`: case, accents, hamza forms, tashkeel and digits folded):
a record's names (any of them), or a fact's label, value, qualifier and unit and
its record's names. Ties in any order are broken by the order of the file;
records or facts without the key sorted on (no Latin name, no number) come last
in either direction.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tui.data.kinds import KINDS
from tui.data.models import Fact, Kind, Names, Record
from tui.search.normalize import normalize
from tui.store.schema import KIND_NUMBER

if TYPE_CHECKING:
    from tui.store.database import Database, ListRow

__all__ = [
    "ALL_FACTS",
    "FIGURES",
    "FACT_COLUMNS",
    "RECORD_KEYS",
    "FactColumn",
    "FactKind",
    "FactKindCount",
    "FactOrder",
    "FactRow",
    "FactSlice",
    "RecordKey",
    "RecordOrder",
    "RecordSlice",
    "SliceCancelled",
    "SliceReader",
    "SlicedFacts",
    "SlicedRecords",
    "format_number",
]

#: rows read at once when a slice is iterated or materialized
CHUNK_ROWS = 4096
#: SQLite virtual machine steps between two checks that a materialization is still wanted
_CHECK_STEPS = 20_000


class SliceCancelled(Exception):
    """A slice was asked to stop being read (a newer one replaced it)."""


# -- what a slice is ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class FactKind:
    """Which facts: all of them, the figures (facts with a number), or those of one label or field."""

    by: Literal["all", "figures", "label", "field"] = "all"
    name: str = ""
    """The label or the field (for `by` "label" and "field")."""

    @property
    def title(self) -> str:
        """How the facts table and the sort menu name it."""
        if self.by == "all":
            return "All facts"
        if self.by == "figures":
            return "All figures"
        return f"{self.name} ({self.by})"


ALL_FACTS = FactKind()
FIGURES = FactKind("figures")

RecordKey = Literal["file", "ar", "latin", "facts", "links", "fact"]
#: what `<` and `>` step through, in this order ("fact" when a kind of fact was chosen)
RECORD_KEYS: tuple[RecordKey, ...] = ("file", "ar", "latin", "facts", "links", "fact")
RECORD_KEY_NAMES: dict[RecordKey, str] = {
    "file": "file order",
    "ar": "Arabic name",
    "latin": "Latin name",
    "facts": "facts",
    "links": "links",
    "fact": "a fact's number",
}


@dataclass(frozen=True, slots=True)
class RecordOrder:
    """How a pane is sorted: by a key, ascending or descending.

    `key` "fact" sorts by a number of the record's facts of kind `fact` (the
    largest, when it has several).
    """

    key: RecordKey = "file"
    descending: bool = False
    fact: FactKind | None = None

    @property
    def title(self) -> str:
        """`Latin name ↓`; empty for the order of the file."""
        if self.key == "file" and not self.descending:
            return ""
        name = self.fact.title if self.key == "fact" and self.fact is not None else RECORD_KEY_NAMES[self.key]
        return f"{name} {'↓' if self.descending else '↑'}"


@dataclass(frozen=True, slots=True)
class RecordSlice:
    """The records of one kind that a pane shows: those whose names hold `filter`, in `order`."""

    kind: Kind
    filter: str = ""
    order: RecordOrder = RecordOrder()

    @property
    def is_whole_file_order(self) -> bool:
        """Every record of the kind, in the order of the file (read by place: nothing to materialize)."""
        return not normalize(self.filter) and self.order == RecordOrder()

    def ids(self, database: Database) -> Iterator[str]:
        """The ids of the slice's records, in display order."""
        sliced = database.slices().records(self)
        for start in range(0, sliced.count, CHUNK_ROWS):
            for row in sliced.rows(start, start + CHUNK_ROWS):
                yield row.id

    def records(self, database: Database) -> Iterator[Record]:
        """The slice's records, in display order (decoded one at a time)."""
        for record_id in self.ids(database):
            record = database.get(record_id)
            if record is not None:
                yield record


FactColumn = Literal["file", "record", "label", "value", "number", "unit", "source"]
#: the facts table's columns, in the order shown and stepped through by `<` and `>`
FACT_COLUMNS: tuple[FactColumn, ...] = ("file", "record", "label", "value", "number", "unit", "source")


@dataclass(frozen=True, slots=True)
class FactOrder:
    column: FactColumn = "file"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class FactSlice:
    """The facts that the facts table shows: those of `facts` that hold `filter`, in `order`."""

    facts: FactKind = ALL_FACTS
    filter: str = ""
    order: FactOrder = FactOrder()

    def rows(self, database: Database) -> Iterator[FactRow]:
        """The slice's rows, in display order."""
        sliced = database.slices().facts(self)
        for start in range(0, sliced.count, CHUNK_ROWS):
            yield from sliced.rows(start, start + CHUNK_ROWS)


@dataclass(frozen=True, slots=True)
class FactRow:
    """One fact of one record, as the facts table shows it."""

    record_id: str
    record_kind: Kind
    record_names: Names
    position: int
    """The fact's place among its record's facts: `record.facts[position]`."""
    field: str
    label: str
    value: str
    number: float | None
    unit: str | None
    qualifier: str | None
    source: str

    def fact(self, database: Database) -> Fact | None:
        """The whole fact (with its quote), from its record."""
        record = database.get(self.record_id)
        facts = getattr(record, "facts", ())
        return facts[self.position] if self.position < len(facts) else None


@dataclass(frozen=True, slots=True)
class FactKindCount:
    """A kind of fact, and how many facts and figures it has."""

    kind: FactKind
    facts: int
    figures: int


def format_number(number: float) -> str:
    """A fact's number for reading: Western digits, thousands separated (`1,000,000`, `2.5`)."""
    if not math.isfinite(number):
        return str(number)
    if number.is_integer() and abs(number) < 1e18:
        return f"{int(number):,}"
    return f"{number:,.10g}"


# -- the SQL of a slice -----------------------------------------------------------------

def _fact_condition(kind: FactKind, alias: str) -> tuple[str, tuple[object, ...]]:
    if kind.by == "figures":
        return f"{alias}.number IS NOT NULL", ()
    if kind.by in ("label", "field"):
        return f"{alias}.{kind.by} = ?", (kind.name,)
    return "1", ()


def _record_query(sliced: RecordSlice) -> tuple[str, tuple[object, ...]]:
    """SQL giving the row ids of a slice's records, in order."""
    parameters: list[object] = []
    joins = ""
    order = sliced.order
    direction = "DESC" if order.descending else "ASC"
    if order.key == "fact" and order.fact is not None:
        condition, values = _fact_condition(order.fact, "f")
        joins = f" LEFT JOIN (SELECT f.record, max(f.number) AS n FROM facts f WHERE {condition} AND f.number IS NOT NULL GROUP BY f.record) AS v ON v.record = l.record"
        parameters += values
        ordering = f"v.n IS NULL, v.n {direction}, l.record"
    elif order.key in ("ar", "latin"):
        ordering = f"l.{order.key}_key IS NULL, l.{order.key}_key {direction}, l.record"
    elif order.key in ("facts", "links"):
        ordering = f"l.{order.key} {direction}, l.record"
    else:
        ordering = f"l.record {direction}"
    where = "l.kind = ?"
    parameters.append(KIND_NUMBER[sliced.kind])
    text = normalize(sliced.filter)
    if text:
        where += " AND instr(l.names, ?) > 0"
        parameters.append(text)
    return f"SELECT l.record FROM listing l{joins} WHERE {where} ORDER BY {ordering}", tuple(parameters)


_FACT_ORDERING: dict[FactColumn, str] = {
    "file": "f.rowid",
    "record": "coalesce(l.ar_key, l.latin_key)",
    "label": "f.label",
    "value": "f.value",
    "number": "f.number",
    "unit": "f.unit",
    "source": "f.source",
}


def _fact_query(sliced: FactSlice) -> tuple[str, tuple[object, ...]]:
    """SQL giving the row ids of a slice's facts, in order."""
    condition, values = _fact_condition(sliced.facts, "f")
    parameters: list[object] = list(values)
    text = normalize(sliced.filter)
    column, descending = sliced.order.column, sliced.order.descending
    needs_names = bool(text) or column == "record"
    joins = " JOIN listing l ON l.kind = f.kind AND l.record = f.record" if needs_names else ""
    where = condition
    if text:
        where += " AND (instr(f.words, ?) > 0 OR instr(l.names, ?) > 0)"
        parameters += [text, text]
    key = _FACT_ORDERING[column]
    direction = "DESC" if descending else "ASC"
    if column == "file":
        ordering = f"f.rowid {direction}"
    else:
        ordering = f"{key} IS NULL, {key} {direction}, f.rowid"
    return f"SELECT f.rowid FROM facts f{joins} WHERE {where} ORDER BY {ordering}", tuple(parameters)


# -- reading slices ---------------------------------------------------------------------

class SliceReader:
    """Reads slices of one index file, on connections of its own.

    Materializing (in workers) and reading pages (for the screen) each have a
    connection and a lock, so that a page is never kept waiting by a slice
    being made; a slice being made stops (`SliceCancelled`) once its
    `should_stop` says so, within a few milliseconds.
    """

    def __init__(self, index_path: Path) -> None:
        uri = f"{index_path.as_uri()}?mode=ro"
        self._materializing = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        self._pages = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        self._materializing_lock = threading.Lock()
        self._pages_lock = threading.Lock()

    def close(self) -> None:
        for lock, connection in ((self._materializing_lock, self._materializing), (self._pages_lock, self._pages)):
            with lock:
                connection.close()

    # -- materializing
    def records(self, sliced: RecordSlice, should_stop: Callable[[], bool] | None = None) -> SlicedRecords:
        """The slice's records, ready to be read a page at a time (raises `SliceCancelled`)."""
        number = KIND_NUMBER[sliced.kind]
        if sliced.is_whole_file_order:
            (count,) = self._page_query("SELECT count(*) FROM listing WHERE kind = ?", (number,))[0]
            return SlicedRecords(self, sliced, count, None)
        rowids = self._materialize(*_record_query(sliced), should_stop)
        return SlicedRecords(self, sliced, len(rowids), rowids)

    def facts(self, sliced: FactSlice, should_stop: Callable[[], bool] | None = None) -> SlicedFacts:
        """The slice's facts, ready to be read a page at a time (raises `SliceCancelled`)."""
        rowids = self._materialize(*_fact_query(sliced), should_stop)
        return SlicedFacts(self, sliced, rowids)

    def _materialize(self, sql: str, parameters: tuple[object, ...], should_stop: Callable[[], bool] | None) -> array:
        stop = should_stop or (lambda: False)
        rowids = array("q")
        with self._materializing_lock:
            connection = self._materializing
            connection.set_progress_handler(lambda: 1 if stop() else 0, _CHECK_STEPS)
            try:
                cursor = connection.execute(sql, parameters)
                while chunk := cursor.fetchmany(CHUNK_ROWS):
                    rowids.extend(rowid for (rowid,) in chunk)
                    if stop():
                        raise SliceCancelled
            except sqlite3.OperationalError as error:
                if stop():
                    raise SliceCancelled from error
                raise
            finally:
                connection.set_progress_handler(None, 0)
        return rowids

    def fact_kinds(self) -> list[FactKindCount]:
        """Every kind of fact with its counts: all facts, all figures, then each label and each field."""
        kinds = [FactKindCount(FactKind(by, name), facts, figures) for by, name, facts, figures in self._page_query("SELECT by, name, facts, figures FROM fact_kinds ORDER BY by DESC, name")]
        labels = [each for each in kinds if each.kind.by == "label"]
        total = sum(each.facts for each in labels)
        figures = sum(each.figures for each in labels)
        return [FactKindCount(ALL_FACTS, total, figures), FactKindCount(FIGURES, figures, figures), *kinds]

    # -- pages
    def _page_query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple]:
        with self._pages_lock:
            return self._pages.execute(sql, parameters).fetchall()

    def list_rows(self, rowids: list[int]) -> list[ListRow]:
        """The list rows of these records (by row id), in this order."""
        from tui.store.database import ListRow

        found = {rowid: ListRow(record_id, Names(ar=ar, latin=latin)) for rowid, record_id, ar, latin in self._by_rowid("SELECT rowid, id, ar, latin FROM records WHERE rowid IN ({})", rowids)}
        return [found[rowid] for rowid in rowids if rowid in found]

    def list_rows_in_file_order(self, kind: Kind, start: int, stop: int) -> list[ListRow]:
        from tui.store.database import ListRow

        found = self._page_query("SELECT id, ar, latin FROM records WHERE kind = ? AND pos >= ? AND pos < ? ORDER BY pos", (KIND_NUMBER[kind], start, stop))
        return [ListRow(record_id, Names(ar=ar, latin=latin)) for record_id, ar, latin in found]

    def fact_rows(self, rowids: list[int]) -> list[FactRow]:
        """The facts table's rows of these facts (by row id), in this order."""
        found = {
            rowid: FactRow(record_id, KINDS[kind].name, Names(ar=ar, latin=latin), position, field_name, label, value, number, unit, qualifier, source)
            for rowid, record_id, kind, ar, latin, position, field_name, label, value, number, unit, qualifier, source in self._by_rowid(
                "SELECT f.rowid, r.id, r.kind, r.ar, r.latin, f.position, f.field, f.label, f.value, f.number, f.unit, f.qualifier, f.source "
                "FROM facts f JOIN records r ON r.rowid = f.record WHERE f.rowid IN ({})",
                rowids,
            )
        }
        return [found[rowid] for rowid in rowids if rowid in found]

    def _by_rowid(self, sql: str, rowids: list[int]) -> list[tuple]:
        if not rowids:
            return []
        return self._page_query(sql.format(",".join("?" * len(rowids))), tuple(rowids))

    def record_rowids(self, kind: Kind, start: int, stop: int) -> list[int]:
        """Row ids of the records at places `start` to `stop` of a kind (in the order of the file)."""
        return [rowid for (rowid,) in self._page_query("SELECT rowid FROM records WHERE kind = ? AND pos >= ? AND pos < ? ORDER BY pos", (KIND_NUMBER[kind], start, stop))]

    def rowid_of(self, record_id: str) -> tuple[int, int] | None:
        """(row id, place in its kind) of a record."""
        found = self._page_query("SELECT rowid, pos FROM records WHERE id = ?", (record_id,))
        return found[0] if found else None

    def starting_with(self, kind: Kind, rowids: list[int], prefix: str) -> set[int]:
        """Those of `rowids` (records of `kind`) with a name that has a word starting with `prefix` (normalized)."""
        if not rowids or not prefix:
            return set()
        found = self._page_query(
            f"SELECT record FROM listing WHERE kind = ? AND record IN ({','.join('?' * len(rowids))}) "
            "AND (substr(names, 1, ?) = ? OR instr(names, ?) > 0 OR instr(names, ?) > 0)",
            (KIND_NUMBER[kind], *rowids, len(prefix), prefix, " " + prefix, "\n" + prefix),
        )
        return {rowid for (rowid,) in found}


@dataclass(eq=False)
class SlicedRecords:
    """A record slice, materialized: its row count, and its rows read a page at a time."""

    reader: SliceReader
    slice: RecordSlice
    count: int
    rowids: array | None
    """The records' row ids in display order; None for the whole kind in the order of the file."""

    def rows(self, start: int, stop: int) -> list[ListRow]:
        """The list rows `start` to `stop` (excluded), in display order."""
        start, stop = max(0, start), min(stop, self.count)
        if start >= stop:
            return []
        if self.rowids is None:
            return self.reader.list_rows_in_file_order(self.slice.kind, start, stop)
        return self.reader.list_rows(self.rowids[start:stop].tolist())

    def rowids_between(self, start: int, stop: int) -> list[int]:
        """Row ids of the rows `start` to `stop` (excluded)."""
        if self.rowids is None:
            return self.reader.record_rowids(self.slice.kind, start, stop)
        return self.rowids[start:stop].tolist()

    def index_of(self, record_id: str) -> int | None:
        """The row that shows a record, if the slice holds it."""
        found = self.reader.rowid_of(record_id)
        if found is None:
            return None
        rowid, pos = found
        if self.rowids is None:
            return pos if pos < self.count and self.rowids_between(pos, pos + 1) == [rowid] else None
        try:
            return self.rowids.index(rowid)
        except ValueError:
            return None

    def next_starting_with(self, text: str, start: int, should_stop: Callable[[], bool] | None = None) -> int | None:
        """The first row from `start` on (then from the top) with a name that has a word starting with `text`."""
        prefix = normalize(text)
        if not prefix or not self.count:
            return None
        stop = should_stop or (lambda: False)
        start = min(max(start, 0), self.count - 1)
        for first, last in ((start, self.count), (0, start)):
            for chunk in range(first, last, CHUNK_ROWS):
                rowids = self.rowids_between(chunk, min(chunk + CHUNK_ROWS, last))
                matching = self.reader.starting_with(self.slice.kind, rowids, prefix)
                for offset, rowid in enumerate(rowids):
                    if rowid in matching:
                        return chunk + offset
                if stop():
                    raise SliceCancelled
        return None


@dataclass(eq=False)
class SlicedFacts:
    """A fact slice, materialized: its row count, and its rows read a page at a time."""

    reader: SliceReader
    slice: FactSlice
    rowids: array

    @property
    def count(self) -> int:
        return len(self.rowids)

    def rows(self, start: int, stop: int) -> list[FactRow]:
        return self.reader.fact_rows(self.rowids[max(0, start) : max(0, stop)].tolist())

"""What a pane or the facts table shows now (a slice: which rows, filtered how, in what order), and reading it.

A `RecordSlice` (a kind of record, a filter, an order) and a `FactSlice` (a kind
of fact, a filter, an order) are plain descriptions: the panes and the facts
table keep one each, and anything that takes away what is on screen (export)
asks them for their rows in display order (`RecordSlice.records`,
`FactSlice.rows`).

Reading a slice makes it ready to be read a page at a time. A whole kind in the
order of the file is read by place, and sorted by a name or a count by rank (the
index keeps each record's rank by each of these keys): nothing to make, whatever
the number of records. A filtered slice, or one sorted by a fact's number, is
materialized: the row ids of its rows, in order, in one array (8 bytes a row),
made in SQL from the narrow `listing` and `facts` tables (`tui.store.listing`) off
the UI thread. The rows on screen are then read a page at a time by row id.

Filters hold the typed text anywhere, compared as search compares text
(`tui.search.normalize`: case, accents, hamza forms, tashkeel and digits folded):
a record's names (any of them), or a fact's label, value, qualifier and unit and
its record's names. Ties in any order are broken by the order of the file, and
descending is ascending backwards (ties too); records or facts without the key
sorted on (no Latin name, no number) come last in either direction.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from tui.data.kinds import KIND_NUMBER, KINDS
from tui.data.models import Fact, Kind, Names, Record
from tui.i18n import N_, _, labels
from tui.i18n.numbers import localized
from tui.search.normalize import normalize
from tui.store.listing import ListRow
from tui.store.schema import RANKED_KEYS, UNSETTLED

__all__ = [
    "ALL_FACTS",
    "FACT_COLUMNS",
    "FIGURES",
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
        """How the facts table and the sort menu name it, in the language spoken (a label too, when
        labels.toml knows it)."""
        if self.by == "all":
            return _("All facts")
        if self.by == "figures":
            return _("All figures")
        if self.by == "label":
            return _("{label} (label)").format(label=labels.shown(self.name))
        return _("{field} (field)").format(field=self.name)


ALL_FACTS = FactKind()
FIGURES = FactKind("figures")

RecordKey = Literal["file", "ar", "latin", "facts", "links", "fact"]
#: what `<` and `>` step through, in this order ("fact" when a kind of fact was chosen)
RECORD_KEYS: tuple[RecordKey, ...] = ("file", "ar", "latin", "facts", "links", "fact")
#: (messages: `_()` says them)
RECORD_KEY_NAMES: dict[RecordKey, str] = {
    "file": N_("file order"),
    "ar": N_("Arabic name"),
    "latin": N_("Latin name"),
    "facts": N_("facts"),
    "links": N_("links"),
    "fact": N_("a fact's number"),
}

#: the keys that sort by a number (shown beside each record of a pane sorted by one)
NUMBER_KEYS: frozenset[RecordKey] = frozenset({"facts", "links", "fact"})

_SHORT_KEY_NAMES: dict[RecordKey, str] = {
    # Translators: a pane sorted in the order of the file (its title says "file ↓")
    "file": N_("file"),
    "ar": N_("Arabic"),
    "latin": N_("Latin"),
    "facts": N_("facts"),
    "links": N_("links"),
    "fact": N_("number"),
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
        """What a pane's title says of it, in few cells: `Latin ↓`, `Beds ↑`; empty for the order of the file
        (in the language spoken)."""
        return self._named(_SHORT_KEY_NAMES)

    @property
    def description(self) -> str:
        """The same in words, for an export's title: `Latin name ↓`, `Beds ↑`; empty for the order of the file."""
        return self._named(RECORD_KEY_NAMES)

    def _named(self, key_names: dict[RecordKey, str]) -> str:
        if self.key == "file" and not self.descending:
            return ""
        if self.key == "fact" and self.fact is not None:
            if self.fact.name:
                name = labels.shown(self.fact.name) if self.fact.by == "label" else self.fact.name
            else:
                name = _("figures") if self.fact.by == "figures" else _("facts")
        else:
            name = _(key_names[self.key])
        return f"{name} {'↓' if self.descending else '↑'}"


class SlicedDatabase(Protocol):
    """What a slice reads its records from (`tui.store.database.Database`, which imports
    this module: the protocol keeps the two from importing each other)."""

    def slices(self) -> SliceReader: ...

    def get(self, record_id: str) -> Record | None: ...


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

    def ids(self, database: SlicedDatabase) -> Iterator[str]:
        """The ids of the slice's records, in display order."""
        sliced = database.slices().records(self)
        for start in range(0, sliced.count, CHUNK_ROWS):
            for row in sliced.rows(start, start + CHUNK_ROWS):
                yield row.id

    def records(self, database: SlicedDatabase) -> Iterator[Record]:
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

    def rows(self, database: SlicedDatabase) -> Iterator[FactRow]:
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

    def fact(self, database: SlicedDatabase) -> Fact | None:
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
    """A fact's number for reading: thousands separated, in the interface's language and digits (`1,000,000`,
    `2.5`; `1 000 000` in French, `١٬٠٠٠٬٠٠٠` in Arabic-Indic digits)."""
    if not math.isfinite(number):
        return str(number)
    if number.is_integer() and abs(number) < 1e18:
        return localized(f"{int(number):,}")
    return localized(f"{number:,.10g}")


# -- the SQL of a slice -----------------------------------------------------------------


def _fact_condition(kind: FactKind, alias: str) -> tuple[str, tuple[object, ...]]:
    if kind.by == "figures":
        return f"{alias}.number IS NOT NULL", ()
    if kind.by in ("label", "field"):
        return f"{alias}.{kind.by} = (SELECT id FROM fact_names WHERE name = ?)", (kind.name,)
    return "1", ()


def _filter_condition(sliced: RecordSlice) -> tuple[str, tuple[object, ...]]:
    """The records of a slice's kind that its filter keeps (in SQL over `listing l`)."""
    text = normalize(sliced.filter)
    if text:
        return "l.kind = ? AND instr(l.names, ?) > 0", (KIND_NUMBER[sliced.kind], text)
    return "l.kind = ?", (KIND_NUMBER[sliced.kind],)


def _record_query(sliced: RecordSlice, *, ranked: bool = True) -> tuple[str, tuple[object, ...]]:
    """SQL giving the row ids of a filtered slice's records in order (any order but a fact's number).

    `ranked`: the ranks are kept (else, after an edit in place, the keys themselves order, as the ranks would).
    """
    where, parameters = _filter_condition(sliced)
    key, descending = sliced.order.key, sliced.order.descending
    if key in RANKED_KEYS and not ranked:
        column, direction = f"l.{RANKED_KEYS[key]}", "DESC" if descending else "ASC"
        ties = f"l.record {direction}"
        if descending and not normalize(sliced.filter):
            # (as `_Ranked` reads a whole kind descending: the records without the key in the order of the file)
            ties = f"CASE WHEN {column} IS NULL THEN l.record ELSE -l.record END"
        ordering = f"{column} IS NULL, {column} {direction}, {ties}"
    elif key in RANKED_KEYS:
        # (`+`: the matching rows are sorted; walking the rank's index would read every row of the kind)
        rank, column = f"+l.{key}_rank", f"l.{RANKED_KEYS[key]}"
        ordering = f"{column} IS NULL, {rank} DESC" if descending else rank  # (a missing name ranks after every name)
    else:
        ordering = f"l.record {'DESC' if descending else 'ASC'}"
    return f"SELECT l.record FROM listing l WHERE {where} ORDER BY {ordering}", parameters


def _fact_number_query(sliced: RecordSlice) -> tuple[str, tuple[object, ...]]:
    """SQL giving the records of a slice's kind that have a fact of its kind with a number,
    by that number (the largest)."""
    assert sliced.order.fact is not None
    condition, values = _fact_condition(sliced.order.fact, "f")
    direction = "DESC" if sliced.order.descending else "ASC"
    return (
        (
            f"SELECT f.record FROM facts f WHERE f.kind = ? AND {condition} AND f.number IS NOT NULL "
            f"GROUP BY f.record ORDER BY max(f.number) {direction}, f.record {direction}"
        ),
        (KIND_NUMBER[sliced.kind], *values),
    )


_FACT_ORDERING: dict[FactColumn, str] = {
    "record": "coalesce(l.ar_key, l.latin_key)",
    "label": "(SELECT name FROM fact_names WHERE id = f.label)",
    "value": "f.value",
    "number": "f.number",
    "unit": "(SELECT name FROM fact_names WHERE id = f.unit)",
    "source": "(SELECT name FROM fact_names WHERE id = f.source)",
}


def _fact_query(sliced: FactSlice, in_order: bool = True) -> tuple[str, tuple[object, ...]]:
    """SQL giving the row ids of a slice's facts, in order; ties in the order of the file.

    Facts are numbered in the order of the file (`in_order`) unless an edit in place
    moved some (`tui.store.update`): then that order is the records' (a record an
    edit added last of its kind, as in the file it saves) and the facts' places.
    """
    condition, values = _fact_condition(sliced.facts, "f")
    parameters: list[object] = list(values)
    text = normalize(sliced.filter)
    column, direction = sliced.order.column, "DESC" if sliced.order.descending else "ASC"
    needs_names = bool(text) or column == "record"
    joins = " JOIN listing l ON l.kind = f.kind AND l.record = f.record" if needs_names else ""
    if in_order:
        in_file = f"f.rowid {direction}"
    else:
        joins += (
            " JOIN records r ON r.rowid = f.record"
            " JOIN (SELECT kind, min(rowid) AS first FROM records GROUP BY kind) k ON k.kind = f.kind"
        )
        in_file = f"k.first {direction}, r.pos {direction}, f.position {direction}"
    where = condition
    if text:
        where += " AND (instr(f.words, ?) > 0 OR instr(l.names, ?) > 0)"
        parameters += [text, text]
    if column == "file":
        ordering = in_file
    elif column == "number" and sliced.facts.by == "figures":
        ordering = f"f.number {direction}, {in_file}"  # (every figure has a number: its index is in this order)
    else:
        key = _FACT_ORDERING[column]
        ordering = f"{key} IS NULL, {key} {direction}, {in_file}"
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
        self._present: dict[tuple[int, str], int] = {}
        """(kind, key) -> how many records of the kind have the key (those without come last)."""
        self._kind_counts: tuple[int, ...] | None = None
        self._version: int | None = None
        """The index's `PRAGMA data_version` when what is kept above was read (an edit in place changes it)."""
        self._settled = True
        """False while an edit in place left holes in places and ranks not kept (`tui.store.schema.UNSETTLED`)."""

    def _fresh(self) -> None:
        """Forget what was read of an index that an edit changed since (`tui.store.update`)."""
        (version,) = self._page_query("PRAGMA data_version")[0]
        if version != self._version:
            self._version = version
            self._present.clear()
            self._kind_counts = None
            self._settled = not self._page_query("SELECT 1 FROM meta WHERE key = ? AND value = 1", (UNSETTLED,))

    def close(self) -> None:
        for lock, connection in ((self._materializing_lock, self._materializing), (self._pages_lock, self._pages)):
            with lock:
                connection.close()

    # -- making slices
    def records(self, sliced: RecordSlice, should_stop: Callable[[], bool] | None = None) -> SlicedRecords:
        """The slice's records, ready to be read a page at a time (raises `SliceCancelled`).

        A whole kind (no filter) in the order of the file or of a ranked key
        needs nothing made: its rows are read by place or by rank. Otherwise the
        row ids are materialized in order.
        """
        self._fresh()
        number = KIND_NUMBER[sliced.kind]
        key = sliced.order.key
        if not normalize(sliced.filter) and self._settled:
            count = self._counts()[number]
            if key == "file":
                return _InFileOrder(self, sliced, count)
            if key in RANKED_KEYS:
                return _Ranked(self, sliced, count, self._present_count(number, key, count))
        stop = should_stop or (lambda: False)
        if key == "fact" and sliced.order.fact is not None:
            with_number = self._materialize(*_fact_number_query(sliced), stop)
            if normalize(sliced.filter):
                rowids = _numbered_first(
                    with_number, self._materialize(*_record_query(replace(sliced, order=RecordOrder())), stop), stop
                )
            else:  # every record of the kind is kept
                rowids = _numbered_first(with_number, self._kind_rowids(number, stop), stop, all_kept=True)
        else:
            rowids = self._materialize(*_record_query(sliced, ranked=self._settled), stop)
        return _Materialized(self, sliced, len(rowids), rowids)

    def facts(self, sliced: FactSlice, should_stop: Callable[[], bool] | None = None) -> SlicedFacts:
        """The slice's facts, ready to be read a page at a time (raises `SliceCancelled`).

        Every fact in the order of the file needs nothing made (facts are numbered 1, 2, ...).
        """
        self._fresh()
        in_order = not self._page_query("SELECT 1 FROM meta WHERE key = 'facts out of order' AND value = 1")
        if sliced.facts == ALL_FACTS and not normalize(sliced.filter) and sliced.order == FactOrder() and in_order:
            (count,) = self._page_query("SELECT count(*) FROM facts")[0]
            return SlicedFacts(self, sliced, count, None)
        rowids = self._materialize(*_fact_query(sliced, in_order), should_stop or (lambda: False))
        return SlicedFacts(self, sliced, len(rowids), rowids)

    def _materialize(self, sql: str, parameters: tuple[object, ...], stop: Callable[[], bool]) -> array[int]:
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

    def _counts(self) -> tuple[int, ...]:
        """Records of each kind (a complete index says, in its meta table; one being built is counted)."""
        if self._kind_counts is None:
            found = self._page_query("SELECT value FROM meta WHERE key = 'counts'")
            if found:
                self._kind_counts = tuple(int(count) for count in str(found[0][0]).split(","))
            else:
                counted = dict(self._page_query("SELECT kind, count(*) FROM listing GROUP BY kind"))
                return tuple(counted.get(number, 0) for number in range(len(KINDS)))
        return self._kind_counts

    def _kind_rowids(self, kind: int, stop: Callable[[], bool]) -> array[int]:
        """The row ids of every record of a kind, in the order of the file.

        Records of one kind are usually one run of row ids (a file holds its
        tables one after the other): then they are that range, read from nothing.
        """
        # (two queries: SQLite finds a min or a max alone at one end of the key, both together by a scan)
        (first,) = self._page_query("SELECT min(record) FROM listing WHERE kind = ?", (kind,))[0]
        (last,) = self._page_query("SELECT max(record) FROM listing WHERE kind = ?", (kind,))[0]
        if first is None:
            return array("q")
        if last - first + 1 == self._counts()[kind]:
            return array("q", range(first, last + 1))
        return self._materialize("SELECT record FROM listing WHERE kind = ? ORDER BY record", (kind,), stop)

    def _present_count(self, kind: int, key: str, count: int) -> int:
        """How many records of a kind have a ranked key: a name (every record has counts).

        Those without it rank last: the first of them is found by halving the ranks.
        """
        if key in ("facts", "links"):
            return count
        if (kind, key) not in self._present:
            low, high = 0, count
            while low < high:
                middle = (low + high) // 2
                (missing,) = self._page_query(
                    f"SELECT {RANKED_KEYS[key]} IS NULL FROM listing INDEXED BY listing_by_{key} "
                    f"WHERE kind = ? AND {key}_rank = ?",
                    (kind, middle),
                )[0]
                if missing:
                    high = middle
                else:
                    low = middle + 1
            self._present[kind, key] = low
        return self._present[kind, key]

    def fact_kinds(self, kind: Kind | None = None) -> list[FactKindCount]:
        """Every kind of fact with its counts (of the records of `kind`, or of all): all facts,
        all figures, then each label and each field."""
        where, parameters = ("WHERE kind = ?", (KIND_NUMBER[kind],)) if kind is not None else ("", ())
        found = self._page_query(
            f"SELECT by, name, sum(facts), sum(figures) FROM fact_kinds {where} "
            "GROUP BY by, name ORDER BY by DESC, name",
            parameters,
        )
        kinds = [FactKindCount(FactKind(by, name), facts, figures) for by, name, facts, figures in found]
        labels = [each for each in kinds if each.kind.by == "label"]
        total = sum(each.facts for each in labels)
        figures = sum(each.figures for each in labels)
        return [FactKindCount(ALL_FACTS, total, figures), FactKindCount(FIGURES, figures, figures), *kinds]

    # -- pages
    def _page_query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with self._pages_lock:
            return self._pages.execute(sql, parameters).fetchall()

    def _by_rowid(self, sql: str, rowids: list[int]) -> list[tuple[Any, ...]]:
        if not rowids:
            return []
        return self._page_query(sql.format(",".join("?" * len(rowids))), tuple(rowids))

    def list_rows(self, rowids: list[int]) -> list[ListRow]:
        """The list rows of these records (by row id), in this order."""
        found = {
            rowid: ListRow(record_id, Names(ar=ar, latin=latin))
            for rowid, record_id, ar, latin in self._by_rowid(
                "SELECT rowid, id, ar, latin FROM records WHERE rowid IN ({})", rowids
            )
        }
        return [found[rowid] for rowid in rowids if rowid in found]

    def fact_rows(self, rowids: list[int]) -> list[FactRow]:
        """The facts table's rows of these facts (by row id), in this order."""
        found = {
            # (the columns after the names are FactRow's fields, in its order)
            rowid: FactRow(record_id, KINDS[kind].name, Names(ar=ar, latin=latin), *fact)
            for rowid, record_id, kind, ar, latin, *fact in self._by_rowid(
                "SELECT f.rowid, r.id, r.kind, r.ar, r.latin, f.position, field.name, label.name, f.value, f.number, "
                "unit.name, f.qualifier, source.name "
                "FROM facts f JOIN records r ON r.rowid = f.record JOIN fact_names field ON field.id = f.field "
                "JOIN fact_names label ON label.id = f.label LEFT JOIN fact_names unit ON unit.id = f.unit "
                "JOIN fact_names source ON source.id = f.source WHERE f.rowid IN ({})",
                rowids,
            )
        }
        return [found[rowid] for rowid in rowids if rowid in found]

    def sort_values(self, order: RecordOrder, rowids: list[int]) -> dict[str, float]:
        """What these records (row ids) are sorted by when it is a number, by record id (those without one left out)."""
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        if order.key in ("facts", "links"):
            found = self._page_query(
                f"SELECT r.id, l.{order.key} FROM listing l JOIN records r ON r.rowid = l.record "
                f"WHERE l.record IN ({marks})",
                tuple(rowids),
            )
        elif order.key == "fact" and order.fact is not None:
            condition, values = _fact_condition(order.fact, "f")
            found = self._page_query(
                f"SELECT r.id, max(f.number) FROM facts f JOIN records r ON r.rowid = f.record "
                f"WHERE f.record IN ({marks}) AND {condition} AND f.number IS NOT NULL GROUP BY f.record",
                (*rowids, *values),
            )
        else:
            return {}
        return {record_id: float(value) for record_id, value in found}

    def list_rows_in_file_order(self, kind: int, start: int, stop: int) -> list[ListRow]:
        """The list rows of the records at places `start` to `stop` (excluded) of a kind, in the order of the file."""
        found = self._page_query(
            "SELECT id, ar, latin FROM records WHERE kind = ? AND pos >= ? AND pos < ? ORDER BY pos",
            (kind, start, stop),
        )
        return [ListRow(record_id, Names(ar=ar, latin=latin)) for record_id, ar, latin in found]

    def rowids_at_places(self, kind: int, start: int, stop: int) -> list[int]:
        """Row ids of the records at places `start` to `stop` (excluded) of a kind, in the order of the file."""
        return [
            rowid
            for (rowid,) in self._page_query(
                "SELECT rowid FROM records WHERE kind = ? AND pos >= ? AND pos < ? ORDER BY pos", (kind, start, stop)
            )
        ]

    def rowids_at_ranks(self, kind: int, key: str, start: int, stop: int) -> list[int]:
        """Row ids of the records ranked `start` to `stop` (excluded) of a kind by a ranked key, by rank."""
        return [
            rowid
            for (rowid,) in self._page_query(
                f"SELECT record FROM listing INDEXED BY listing_by_{key} "
                f"WHERE kind = ? AND {key}_rank >= ? AND {key}_rank < ? ORDER BY {key}_rank",
                (kind, start, stop),
            )
        ]

    def place_of(self, record_id: str) -> tuple[int, int, int] | None:
        """(row id, kind, place in its kind) of a record."""
        found = self._page_query("SELECT rowid, kind, pos FROM records WHERE id = ?", (record_id,))
        return found[0] if found else None

    def rank_of(self, kind: int, rowid: int, key: str) -> int | None:
        found = self._page_query(f"SELECT {key}_rank FROM listing WHERE kind = ? AND record = ?", (kind, rowid))
        return found[0][0] if found else None

    def starting_with(self, kind: int, rowids: list[int], prefix: str) -> set[int]:
        """Those of `rowids` (records of `kind`) with a name that has a word starting with `prefix` (normalized)."""
        if not rowids or not prefix:
            return set()
        found = self._page_query(
            f"SELECT record FROM listing WHERE kind = ? AND record IN ({','.join('?' * len(rowids))}) "
            "AND (substr(names, 1, ?) = ? OR instr(names, ?) > 0 OR instr(names, ?) > 0)",
            (kind, *rowids, len(prefix), prefix, " " + prefix, "\n" + prefix),
        )
        return {rowid for (rowid,) in found}


def _numbered_first(
    with_number: array[int], kept: array[int], stop: Callable[[], bool], *, all_kept: bool = False
) -> array[int]:
    """The kept records that have the number, in its order, then the other kept ones, in the order of the file."""
    if all_kept:
        numbered = array("q", with_number)
    else:
        kept_set = set(kept)
        if stop():
            raise SliceCancelled
        numbered = array("q", (rowid for rowid in with_number if rowid in kept_set))
    numbered_set = set(numbered)
    numbered.extend(rowid for rowid in kept if rowid not in numbered_set)
    return numbered


class SlicedRecords:
    """A record slice, made: its row count, and its rows read a page at a time (in display order)."""

    def __init__(self, reader: SliceReader, sliced: RecordSlice, count: int) -> None:
        self.reader = reader
        self.slice = sliced
        self.count = count
        self.kind = KIND_NUMBER[sliced.kind]

    def rowids_between(self, start: int, stop: int) -> list[int]:
        """Row ids of the rows `start` to `stop` (excluded), in display order."""
        raise NotImplementedError

    def row_of(self, rowid: int, place: int) -> int | None:
        """The row that shows the record with this row id and place in its kind, if the slice holds it."""
        raise NotImplementedError

    def rows(self, start: int, stop: int) -> list[ListRow]:
        """The list rows `start` to `stop` (excluded), in display order."""
        start, stop = max(0, start), min(stop, self.count)
        return self.reader.list_rows(self.rowids_between(start, stop)) if start < stop else []

    def sort_values(self, start: int, stop: int) -> dict[str, float]:
        """The numbers rows `start` to `stop` are sorted by, by record id: how many facts or links each record has,
        or its largest number of the sort's kind of fact (none for a name or the order of the file)."""
        start, stop = max(0, start), min(stop, self.count)
        if start >= stop or self.slice.order.key not in NUMBER_KEYS:
            return {}
        return self.reader.sort_values(self.slice.order, self.rowids_between(start, stop))

    def index_of(self, record_id: str) -> int | None:
        """The row that shows a record, if the slice holds it."""
        found = self.reader.place_of(record_id)
        if found is None or found[1] != self.kind:
            return None
        return self.row_of(found[0], found[2])

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
                matching = self.reader.starting_with(self.kind, rowids, prefix)
                for offset, rowid in enumerate(rowids):
                    if rowid in matching:
                        return chunk + offset
                if stop():
                    raise SliceCancelled
        return None


class _InFileOrder(SlicedRecords):
    """Every record of the kind, in the order of the file: row n is place n (descending: the last place but n)."""

    def _places(self, start: int, stop: int) -> tuple[int, int]:
        start, stop = max(0, start), min(stop, self.count)
        return (self.count - stop, self.count - start) if self.slice.order.descending else (start, stop)

    def rowids_between(self, start: int, stop: int) -> list[int]:
        rowids = self.reader.rowids_at_places(self.kind, *self._places(start, stop))
        return rowids[::-1] if self.slice.order.descending else rowids

    def row_of(self, rowid: int, place: int) -> int | None:
        if place >= self.count:
            return None
        return self.count - 1 - place if self.slice.order.descending else place

    def rows(self, start: int, stop: int) -> list[ListRow]:
        rows = self.reader.list_rows_in_file_order(self.kind, *self._places(start, stop))
        return rows[::-1] if self.slice.order.descending else rows


class _Ranked(SlicedRecords):
    """Every record of the kind by a ranked key: row n is rank n (descending: the ranks of the records
    that have the key, backwards, then those without it)."""

    def __init__(self, reader: SliceReader, sliced: RecordSlice, count: int, present: int) -> None:
        super().__init__(reader, sliced, count)
        self.present = present

    def _rank(self, row: int) -> int:
        return self.present - 1 - row if self.slice.order.descending and row < self.present else row

    def rowids_between(self, start: int, stop: int) -> list[int]:
        start, stop = max(0, start), min(stop, self.count)
        if start >= stop:
            return []
        key = self.slice.order.key
        if not self.slice.order.descending:
            return self.reader.rowids_at_ranks(self.kind, key, start, stop)
        rowids: list[int] = []
        if start < self.present:  # ranks present-1-start down to present-min(stop, present)
            rowids += reversed(
                self.reader.rowids_at_ranks(
                    self.kind, key, self.present - min(stop, self.present), self.present - start
                )
            )
        if stop > self.present:
            rowids += self.reader.rowids_at_ranks(self.kind, key, max(start, self.present), stop)
        return rowids

    def row_of(self, rowid: int, place: int) -> int | None:
        rank = self.reader.rank_of(self.kind, rowid, self.slice.order.key)
        return None if rank is None else self._rank(rank)


class _Materialized(SlicedRecords):
    """A filtered slice, or one sorted by a fact's number: its row ids, in order, in an array."""

    def __init__(self, reader: SliceReader, sliced: RecordSlice, count: int, rowids: array[int]) -> None:
        super().__init__(reader, sliced, count)
        self.rowids = rowids

    def rowids_between(self, start: int, stop: int) -> list[int]:
        return self.rowids[max(0, start) : max(0, stop)].tolist()

    def row_of(self, rowid: int, place: int) -> int | None:
        try:
            return self.rowids.index(rowid)
        except ValueError:
            return None


class SlicedFacts:
    """A fact slice, made: its row count, and its rows read a page at a time."""

    def __init__(self, reader: SliceReader, sliced: FactSlice, count: int, rowids: array[int] | None) -> None:
        self.reader = reader
        self.slice = sliced
        self.count = count
        self.rowids = rowids
        """The facts' row ids in display order; None for every fact in the order of the file (row n is fact n + 1)."""

    def rows(self, start: int, stop: int) -> list[FactRow]:
        start, stop = max(0, start), min(stop, self.count)
        if start >= stop:
            return []
        rowids = list(range(start + 1, stop + 1)) if self.rowids is None else self.rowids[start:stop].tolist()
        return self.reader.fact_rows(rowids)

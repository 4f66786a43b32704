"""The index follows an edit: the records it changed, changed in the index in place; the index re-keyed once saved.

An edit is on screen before its file is saved (writing a large file whole
takes seconds): `apply_to_index` changes the index of the file in place, in
one transaction, for the records the edit changed, added or removed: their rows
(`records`), their links, their rows for slicing (`listing`, with the ranks of
the records around them, `facts`, `fact_kinds`) and their search postings
(`tui.store.update_search`). The lists, slices, facts table and search of a
`Database` opened on the index then show the edit. Nothing is built again:
the work is what the edit changed (and, for the ranks of a sorted pane, the
records between a record's old and new place).

The index then holds what the file does not, yet. So, before it is touched,
its proof stamp goes (`tui.store.proof`), and the same transaction sets its
`unsaved` mark: an index left that way (the app killed before the save) is
never trusted at the next open (`tui.store.cache`), and is built again from the
file. Once the file is saved, `mark_saved` re-keys the index to the file as it
is now (its identity, content digest, then a new stamp), in one transaction,
so that the next open trusts it at once.

A new record takes the place of a removed record of its kind given in the same
call (a renamed record keeps its place in its pane and in the file); otherwise
it is appended, as TinyDB appends it to its table. A removed fact's number in
the facts table is given to the last fact (so that facts stay numbered 1, 2,
...): the unsorted facts table shows that one fact out of the order of the
file until the index is built again. An empty call only readies the index for
edits (`SearchTables.make_room`), so that the first edit is as fast as the next.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import msgspec

from tui.data.kinds import BY_TYPE, KIND_NUMBER, KINDS, decode_record
from tui.data.models import Record
from tui.data.reading import file_identity
from tui.store.build import _links as record_links
from tui.store.cache import UNSAVED, FileState, content_hash, index_mode
from tui.store.listing import INSERT_FACTS, fact_rows, listing_row
from tui.store.proof import stamp_path, write_stamp
from tui.store.schema import RANKED_KEYS, read_meta, write_meta
from tui.store.update_search import SearchTables

__all__ = ["UNSAVED", "apply_to_index", "mark_saved"]

_ENCODER = msgspec.json.Encoder()


def apply_to_index(index_path: Path, changed: Sequence[Record], removed: Sequence[str]) -> None:
    """Make the index at `index_path` hold `changed` (new or changed records, by id) and not `removed` (ids).

    One transaction: a reader sees the index before the edit or after it. The
    index is marked as holding unsaved edits (`mark_saved` lifts the mark).
    Raises `sqlite3.Error` when the index cannot be written.
    """
    connection = _connect(index_path)
    try:
        if not changed and not removed:
            _ready(connection, index_path)
            return
        stamp_path(index_path).unlink(missing_ok=True)  # (first: a kill from here on leaves an index never trusted)
        connection.execute("BEGIN IMMEDIATE")
        try:
            edit = _Edit(connection)
            edit.apply(changed, removed)
            write_meta(connection, {UNSAVED: 1, "counts": _counts(connection, edit.count_changes)})
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    finally:
        connection.close()


def mark_saved(index_path: Path, database_path: Path) -> None:
    """The file at `database_path` now holds every edit the index holds: the index belongs to it as it is now.

    Its identity and digest replace those the index had, and its `unsaved` mark
    goes, in one transaction; then it is stamped, so that the next open uses it.
    """
    info = file_identity(database_path)
    state = FileState.of(database_path, info)
    digest = content_hash(database_path)
    connection = _connect(index_path)
    try:
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("BEGIN IMMEDIATE")
        write_meta(
            connection,
            {
                "path": state.path,
                "size": state.size,
                "mtime_ns": state.mtime_ns,
                "ctime_ns": state.ctime_ns,
                "inode": state.inode,
                "sample_hash": state.sample_hash,
                "content_hash": digest,
                UNSAVED: 0,
            },
        )
        connection.execute("COMMIT")
    finally:
        connection.close()
    write_stamp(index_path, index_mode(info.st_mode))


def _connect(index_path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(index_path, isolation_level=None, timeout=30)
    # (no journal file beside the index: an interrupted write leaves an index without its stamp, built again)
    connection.execute("PRAGMA journal_mode = MEMORY")
    connection.execute("PRAGMA synchronous = OFF")
    return connection


def _ready(connection: sqlite3.Connection, index_path: Path) -> None:
    """Space the search numbers once, then stamp the index again (it still holds what its file holds)."""
    tables = SearchTables(connection)
    if tables.ready:
        return
    unsaved = read_meta(connection).get(UNSAVED) == 1
    stamp_path(index_path).unlink(missing_ok=True)
    connection.execute("BEGIN IMMEDIATE")
    try:
        tables.make_room()
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    if not unsaved:
        with contextlib.suppress(OSError):
            write_stamp(index_path, os.stat(index_path).st_mode & 0o777)


def _counts(connection: sqlite3.Connection, changes: Counter[int]) -> str:
    """The meta's records per kind, after an edit that added or removed `changes` of each kind."""
    meta = read_meta(connection).get("counts")
    try:
        counts = [int(count) for count in str(meta).split(",")]
    except ValueError:
        counts = []
    if len(counts) != len(KINDS):
        found = dict(connection.execute("SELECT kind, count(*) FROM records GROUP BY kind"))
        return ",".join(str(found.get(number, 0)) for number in range(len(KINDS)))
    return ",".join(str(count + changes[number]) for number, count in enumerate(counts))


@dataclass(frozen=True, slots=True)
class _Row:
    """A record's row in the index as it was before the edit."""

    rowid: int
    kind: int
    pos: int
    document: int
    record: Record


class _Edit:
    """One edit's changes to the tables of an index, inside its transaction."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.search = SearchTables(connection)
        self.facts = _FactNumbers(connection)
        self.fact_kinds: Counter[tuple[str, str, int]] = Counter()
        self.figure_kinds: Counter[tuple[str, str, int]] = Counter()
        self.linked: set[int] = set()
        """Records whose count of links may have changed."""
        self.count_changes: Counter[int] = Counter()
        """Records added (and, negative, removed) per kind number."""

    def apply(self, changed: Sequence[Record], removed: Sequence[str]) -> None:
        self.search.make_room()
        gone = [row for record_id in dict.fromkeys(removed) if (row := self._row(record_id)) is not None]
        places: dict[int, list[_Row]] = {}
        for row in gone:
            places.setdefault(row.kind, []).append(row)
        replaced: list[tuple[_Row, Record]] = []
        added: list[Record] = []
        for record in {record.id: record for record in changed}.values():
            row = self._row(record.id)
            kind = KIND_NUMBER[BY_TYPE[type(record)].name]
            if row is None and places.get(kind):
                row = places[kind].pop(0)  # (a new id in the place of one removed: a record renamed)
            if row is None:
                added.append(record)
            else:
                replaced.append((row, record))
        for rows in places.values():
            for row in sorted(rows, key=lambda row: row.pos, reverse=True):
                self._remove(row)
        for row, record in replaced:
            self._replace(row, record)
        for record in added:
            self._add(record)
        self.facts.close_holes()
        self._count_links()
        self._write_fact_kinds()
        self.search.finish()

    def _row(self, record_id: str) -> _Row | None:
        found = self.connection.execute(
            "SELECT rowid, kind, pos, document, body FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        if found is None:
            return None
        rowid, kind, pos, document, body = found
        return _Row(rowid, kind, pos, document, decode_record(kind, body))

    # -- records -------------------------------------------------------------------------

    def _remove(self, row: _Row) -> None:
        connection = self.connection
        doc = self.search.document_of(row.rowid)
        if doc is not None:
            self.search.change(doc, row.kind, row.record, None)
        self._drop_links(row)
        self._unrank(row.kind, row.rowid)
        connection.execute("DELETE FROM listing WHERE kind = ? AND record = ?", (row.kind, row.rowid))
        self._drop_facts(row)
        connection.execute("DELETE FROM records WHERE rowid = ?", (row.rowid,))
        self.count_changes[row.kind] -= 1
        connection.execute("DELETE FROM problems WHERE record_id = ?", (row.record.id,))
        # the places after it move up one (through negative places: never two records in one)
        connection.execute("UPDATE records SET pos = -pos WHERE kind = ? AND pos > ?", (row.kind, row.pos))
        connection.execute("UPDATE records SET pos = -pos - 1 WHERE kind = ? AND pos < 0", (row.kind,))

    def _replace(self, row: _Row, record: Record) -> None:
        connection = self.connection
        names = record.names
        connection.execute(
            "UPDATE records SET id = ?, title = ?, ar = ?, latin = ?, body = ? WHERE rowid = ?",
            (record.id, names.primary, names.ar, names.latin, _ENCODER.encode(record), row.rowid),
        )
        if row.record.id != record.id:
            connection.execute("DELETE FROM problems WHERE record_id = ?", (row.record.id,))
        connection.execute("DELETE FROM problems WHERE record_id = ?", (record.id,))
        self._drop_links(row)
        self._add_links(row.rowid, record)
        self._drop_facts(row)
        self._add_facts(row.kind, row.rowid, record)
        self._relist(row.kind, row.rowid, record)
        doc = self.search.document_of(row.rowid)
        if doc is None:
            doc = self.search.new_document(row.rowid)
            self.search.change(doc, row.kind, None, record)
        else:
            self.search.change(doc, row.kind, row.record, record)

    def _add(self, record: Record) -> None:
        connection = self.connection
        kind = KIND_NUMBER[BY_TYPE[type(record)].name]
        (rowid,) = connection.execute("SELECT coalesce(max(rowid), 0) + 1 FROM records").fetchone()
        (pos,) = connection.execute("SELECT count(*) FROM records WHERE kind = ?", (kind,)).fetchone()
        (document,) = connection.execute(
            "SELECT coalesce(max(document), 0) + 1 FROM records WHERE kind = ?", (kind,)
        ).fetchone()
        names = record.names
        connection.execute(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rowid, record.id, kind, pos, names.primary, names.ar, names.latin, _ENCODER.encode(record), document),
        )
        self.count_changes[kind] += 1
        self._add_links(rowid, record)
        self._add_facts(kind, rowid, record)
        self._relist(kind, rowid, record)
        self.search.change(self.search.new_document(rowid), kind, None, record)

    # -- links -----------------------------------------------------------------------------

    def _drop_links(self, row: _Row) -> None:
        connection = self.connection
        self.linked.add(row.rowid)
        self.linked.update(self._rowids({target for target, _relation in record_links(row.record)}))
        self.linked.update(
            record for (record,) in connection.execute("SELECT record FROM links WHERE target = ?", (row.record.id,))
        )
        connection.execute("DELETE FROM links WHERE record = ?", (row.rowid,))

    def _add_links(self, rowid: int, record: Record) -> None:
        links = list(dict.fromkeys(record_links(record)))
        self.connection.executemany(
            "INSERT OR IGNORE INTO links (target, relation, record) VALUES (?, ?, ?)",
            ((target, int(relation), rowid) for target, relation in links),
        )
        self.linked.add(rowid)
        self.linked.update(self._rowids({target for target, _relation in links}))
        self.linked.update(
            other for (other,) in self.connection.execute("SELECT record FROM links WHERE target = ?", (record.id,))
        )

    def _rowids(self, ids: Iterable[str]) -> list[int]:
        found = []
        for record_id in ids:
            row = self.connection.execute("SELECT rowid FROM records WHERE id = ?", (record_id,)).fetchone()
            if row is not None:
                found.append(int(row[0]))
        return found

    def _count_links(self) -> None:
        """The links of each record that gained or lost one: the other records it is linked with, either way, once."""
        connection = self.connection
        for rowid in sorted(self.linked):
            row = connection.execute("SELECT kind, id FROM records WHERE rowid = ?", (rowid,)).fetchone()
            if row is None:
                continue
            kind, record_id = row
            (count,) = connection.execute(
                "SELECT count(*) FROM (SELECT r.rowid FROM links l JOIN records r ON r.id = l.target "
                "WHERE l.record = ?1 AND r.rowid != ?1 UNION SELECT l.record FROM links l "
                "WHERE l.target = ?2 AND l.record != ?1)",
                (rowid, record_id),
            ).fetchone()
            (before,) = connection.execute(
                "SELECT links FROM listing WHERE kind = ? AND record = ?", (kind, rowid)
            ).fetchone()
            if count != before:
                connection.execute("UPDATE listing SET links = ? WHERE kind = ? AND record = ?", (count, kind, rowid))
                self._rerank(kind, rowid, "links")

    # -- listing and its ranks ---------------------------------------------------------------

    def _relist(self, kind: int, rowid: int, record: Record) -> None:
        """The record's `listing` row as it is now, and its ranks by every key (links: once they are counted)."""
        connection = self.connection
        _kind, _record, names, ar_key, latin_key, facts, _links = listing_row(kind, rowid, record)
        exists = connection.execute("SELECT 1 FROM listing WHERE kind = ? AND record = ?", (kind, rowid)).fetchone()
        if exists:
            connection.execute(
                "UPDATE listing SET names = ?, ar_key = ?, latin_key = ?, facts = ? WHERE kind = ? AND record = ?",
                (names, ar_key, latin_key, facts, kind, rowid),
            )
            for key in ("ar", "latin", "facts"):
                self._rerank(kind, rowid, key)
            return
        (count,) = connection.execute("SELECT count(*) FROM listing WHERE kind = ?", (kind,)).fetchone()
        connection.execute(
            "INSERT INTO listing (kind, record, names, ar_key, latin_key, facts, links, ar_rank, latin_rank, "
            "facts_rank, links_rank) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
            (kind, rowid, names, ar_key, latin_key, facts, count, count, count, count),
        )
        for key in RANKED_KEYS:
            self._rerank(kind, rowid, key)

    def _rerank(self, kind: int, rowid: int, key: str) -> None:
        """Move a record to its rank by `key` among the others of its kind; the ranks between shift by one."""
        connection = self.connection
        column, rank = RANKED_KEYS[key], f"{key}_rank"
        (old, missing, value) = connection.execute(
            f"SELECT {rank}, {column} IS NULL, coalesce({column}, '') FROM listing WHERE kind = ? AND record = ?",
            (kind, rowid),
        ).fetchone()
        (count,) = connection.execute("SELECT count(*) FROM listing WHERE kind = ?", (kind,)).fetchone()
        mine = (missing, value, rowid)

        def before_mine(place: int) -> bool:  # (place among the others: their ranks without this record's)
            other = place if place < old else place + 1
            (below,) = connection.execute(
                f"SELECT ({column} IS NULL, coalesce({column}, ''), record) < (?, ?, ?) FROM listing "
                f"INDEXED BY listing_by_{key} WHERE kind = ? AND {rank} = ?",
                (*mine, kind, other),
            ).fetchone()
            return bool(below)

        low, high = 0, count - 1
        while low < high:
            middle = (low + high) // 2
            if before_mine(middle):
                low = middle + 1
            else:
                high = middle
        new = low
        if new == old:
            return
        if new < old:
            connection.execute(
                f"UPDATE listing SET {rank} = {rank} + 1 WHERE kind = ? AND {rank} >= ? AND {rank} < ?",
                (kind, new, old),
            )
        else:
            connection.execute(
                f"UPDATE listing SET {rank} = {rank} - 1 WHERE kind = ? AND {rank} > ? AND {rank} <= ?",
                (kind, old, new),
            )
        connection.execute(f"UPDATE listing SET {rank} = ? WHERE kind = ? AND record = ?", (new, kind, rowid))

    def _unrank(self, kind: int, rowid: int) -> None:
        """The record leaves its kind: the ranks after its own move up one."""
        row = self.connection.execute(
            f"SELECT {', '.join(f'{key}_rank' for key in RANKED_KEYS)} FROM listing WHERE kind = ? AND record = ?",
            (kind, rowid),
        ).fetchone()
        if row is None:
            return
        for key, old in zip(RANKED_KEYS, row, strict=True):
            self.connection.execute(
                f"UPDATE listing SET {key}_rank = {key}_rank - 1 WHERE kind = ? AND {key}_rank > ?", (kind, old)
            )

    # -- facts -------------------------------------------------------------------------------

    def _drop_facts(self, row: _Row) -> None:
        for fact in getattr(row.record, "facts", ()):
            self._count_fact(fact.label, fact.field, row.kind, fact.number, -1)
        numbers = [
            number
            for (number,) in self.connection.execute(
                "SELECT rowid FROM facts WHERE record = ? ORDER BY position", (row.rowid,)
            )
        ]
        self.connection.execute("DELETE FROM facts WHERE record = ?", (row.rowid,))
        self.facts.free(numbers)

    def _add_facts(self, kind: int, rowid: int, record: Record) -> None:
        rows = fact_rows(0, kind, rowid, record)
        self.connection.executemany(INSERT_FACTS, ((self.facts.take(), *row[1:]) for row in rows))
        for fact in getattr(record, "facts", ()):
            self._count_fact(fact.label, fact.field, kind, fact.number, 1)

    def _count_fact(self, label: str, field: str, kind: int, number: float | None, step: int) -> None:
        for by, name in (("label", label), ("field", field)):
            self.fact_kinds[(by, name, kind)] += step
            if number is not None:
                self.figure_kinds[(by, name, kind)] += step

    def _write_fact_kinds(self) -> None:
        for key in self.fact_kinds.keys() | self.figure_kinds.keys():
            facts, figures = self.fact_kinds[key], self.figure_kinds[key]
            if facts or figures:
                self.connection.execute(
                    "INSERT INTO fact_kinds (by, name, kind, facts, figures) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (by, name, kind) DO UPDATE SET facts = facts + excluded.facts, "
                    "figures = figures + excluded.figures",
                    (*key, facts, figures),
                )
        self.connection.execute("DELETE FROM fact_kinds WHERE facts <= 0")


class _FactNumbers:
    """Numbers for fact rows, so that facts stay numbered 1, 2, ... (the facts table reads fact n as row n).

    A record's facts take back the numbers they had, in order; the numbers left
    free at the end are filled with the last facts.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.free_numbers: list[int] = []
        (self.next,) = connection.execute("SELECT coalesce(max(rowid), 0) + 1 FROM facts").fetchone()

    def free(self, numbers: list[int]) -> None:
        self.free_numbers = sorted([*self.free_numbers, *numbers], reverse=True)

    def take(self) -> int:
        if self.free_numbers:
            return self.free_numbers.pop()
        number = self.next
        self.next += 1
        return int(number)

    def close_holes(self) -> None:
        connection = self.connection
        for hole in sorted(self.free_numbers):
            (last,) = connection.execute("SELECT max(rowid) FROM facts").fetchone()
            if last is None or last < hole:
                break
            connection.execute("UPDATE facts SET rowid = ? WHERE rowid = ?", (hole, last))
        self.free_numbers = []

"""An index follows edits in place: a record's rows replaced, a record taken out, and the index re-keyed once saved.

`apply_to_index` is what an edit does to the index of the file it edits, in one
transaction and without a rebuild: each changed record's rows (its `records`
row, links, `listing` row, facts, and its document in the search tables) are
replaced, a new record's are added, a removed one's deleted, and the places,
ranks and counts that depend on them mended. The index is then marked as
holding unsaved edits (and loses its stamp), so that no later open trusts it
for the file on disk. `mark_saved` is called once the file is written: it
points the index at the new file (where each record's text is now, its
identity, its content hash, a new stamp) and clears the mark, in one
transaction; if the file does not hold the records the index does, the mark
stays, and the next open builds the index again.

What stays as the build left it until the next build: problems found in other
records (a reference to a record an edit removed is not reported), and the
order of ties in search for new records (after the others).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import msgspec

from tui.data.kinds import BY_TABLE, KIND_NUMBER, kind_of
from tui.data.models import Record
from tui.data.reading import file_identity
from tui.data.stored import RecordFile
from tui.data.stream import Document, content_digest, read_documents
from tui.search.edit import SearchEditor
from tui.store.build import record_links
from tui.store.cache import UNSAVED, FileState, forget_index
from tui.store.listing import (
    INSERT_FACT_NAMES,
    INSERT_FACTS,
    INSERT_LISTING,
    FactNames,
    fact_rows,
    listing_row,
    rank_listing,
)
from tui.store.proof import write_stamp
from tui.store.schema import FILE_PLACES, UNSETTLED, ProblemRank, read_meta, write_meta

#: the meta key of an index whose facts are no longer numbered 1, 2, ... in the order of the file
FACTS_OUT_OF_ORDER = "facts out of order"

_ENCODE = msgspec.json.Encoder().encode


@dataclass(frozen=True, slots=True)
class Repointed:
    """What `mark_saved` did."""

    places: bool
    """The index now reads its records from the new file (a reader holding the old one open reopens it)."""
    saved: bool
    """The index belongs to the new file as it is: trusted by the next open."""


def apply_to_index(
    index_path: Path,
    changed: Sequence[Record],
    removed: Sequence[str],
    documents: Mapping[str, int] | None = None,
    *,
    records: RecordFile | None = None,
) -> None:
    """Replace the rows of each changed record (by id; a new id is added) and delete the removed ones.

    One transaction: readers of the index (the app's `Database`, its slices and
    search) see all of it at once, or none. Raises `sqlite3.Error` when the index
    cannot be written (then nothing changed but its stamp: it is rebuilt at the next open). `documents` gives
    the TinyDB key of changed records (a new id in the document of a removed record takes its place: a record
    whose id changed stays where it was); without it a new record goes last of its kind. `records` is the
    file as the index's places read it, held open by the caller (a save renames a new file over it before
    `mark_saved` points the index at it); None: the file at the index's path, opened now.
    An empty call changes nothing (the index still holds what its file holds, and stays trusted).
    """
    if not changed and not removed:
        return
    forget_index(index_path)  # (first: an index being edited is never trusted again until `mark_saved`)
    connection = sqlite3.connect(index_path, isolation_level=None, timeout=30)
    try:
        with _transaction(connection):
            _Edit(connection, records).apply(changed, removed, documents or {})
            write_meta(connection, {UNSAVED: 1})
    finally:
        connection.close()


def mark_saved(index_path: Path, database_path: Path, *, every_edit_saved: bool = True) -> Repointed:
    """The file was just written: point the index's records at their text in it, and, when the file holds every
    edit the index holds (`every_edit_saved`, and the same records), re-key the index to it (its identity and hash,
    the unsaved mark cleared, a new stamp), in one transaction.

    Records kept as places in the file are those no edit touched since the index was built: each is pointed at
    its text in the new file. If one of them is not in it (the file was changed by someone else), nothing
    changes: readers holding the old file open go on reading it, and the mark stays.
    """
    info = file_identity(database_path)
    state = FileState.of(database_path, info)
    connection = sqlite3.connect(index_path, isolation_level=None, timeout=30)
    try:
        rows = {
            record_id: (rowid, kind, body is None)
            for rowid, kind, record_id, body in connection.execute("SELECT rowid, kind, id, body FROM records")
        }
        digest = content_digest()
        places: list[tuple[int, int, int, int]] = []  # (offset, size, document, rowid)
        same_records = True
        for event in read_documents(database_path, digest.update):
            if type(event) is not Document or event.table not in BY_TABLE or not isinstance(event.value, dict):
                continue
            found = rows.pop(str(event.value.get("id")), None)
            if found is None or found[1] != KIND_NUMBER[BY_TABLE[event.table].name] or not event.key.isdigit():
                same_records = False  # (a record the index does not hold, or not as the index holds it)
                continue
            places.append((event.offset, event.size, int(event.key), found[0]))
        if any(in_file for _rowid, _kind, in_file in rows.values()):
            return Repointed(False, False)  # (a record read from the old file is not in the new one)
        if FileState.of(database_path, file_identity(database_path)) != state:
            return Repointed(False, False)  # (it changed again meanwhile)
        saved = every_edit_saved and same_records and not rows
        with _transaction(connection):
            connection.executemany(
                "UPDATE records SET offset = CASE WHEN body IS NULL THEN ? END, "
                "size = CASE WHEN body IS NULL THEN ? END, document = ? WHERE rowid = ?",
                places,
            )
            write_meta(connection, {FILE_PLACES: int(str(read_meta(connection).get(FILE_PLACES) or 0)) + 1})
            if saved:
                write_meta(connection, {**state.meta(), "content_hash": digest.hexdigest()})
                _settle(connection)
                connection.execute("DELETE FROM meta WHERE key = ?", (UNSAVED,))
    finally:
        connection.close()
    if saved:
        write_stamp(index_path, os.stat(index_path).st_mode & 0o777)
    return Repointed(True, saved)


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (`BEGIN IMMEDIATE`), rolled back if anything is raised in it."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _settle(connection: sqlite3.Connection) -> None:
    """Places 0, 1, ... again, ranks made again, facts numbered in order again: the index as a build leaves it."""
    meta = read_meta(connection)
    if meta.get(UNSETTLED):
        connection.execute(
            "CREATE TEMP TABLE places AS "
            "SELECT rowid AS record, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY pos) - 1 AS pos FROM records"
        )
        connection.execute("UPDATE records SET pos = -1 - places.pos FROM places WHERE places.record = records.rowid")
        connection.execute("UPDATE records SET pos = -1 - pos")
        connection.execute("DROP TABLE temp.places")
        rank_listing(connection)
        connection.execute("DELETE FROM meta WHERE key = ?", (UNSETTLED,))
    if meta.get(FACTS_OUT_OF_ORDER):
        connection.execute(
            "CREATE TEMP TABLE fact_order AS SELECT f.rowid AS fact FROM facts f JOIN records r ON r.rowid = f.record "
            "JOIN (SELECT kind, min(rowid) AS first FROM records GROUP BY kind) k ON k.kind = f.kind "
            "ORDER BY k.first, r.pos, f.position"
        )  # (the order of the file: its tables as they come, a record an edit added last of its kind)
        connection.execute("UPDATE facts SET rowid = -o.rowid FROM temp.fact_order o WHERE o.fact = facts.rowid")
        connection.execute("UPDATE facts SET rowid = -rowid")
        connection.execute("DROP TABLE temp.fact_order")
        connection.execute("DELETE FROM meta WHERE key = ?", (FACTS_OUT_OF_ORDER,))


class _Edit:
    """One transaction of changes to an index."""

    def __init__(self, connection: sqlite3.Connection, records: RecordFile | None) -> None:
        self.sql = connection
        meta = read_meta(connection)
        path = meta.get("path")
        self._own_records = records is None
        self.records = records or RecordFile(Path(os.fsdecode(path)) if isinstance(path, bytes) else None)
        self.search = SearchEditor(connection)
        self.fact_names = FactNames(connection)
        self.counts = [int(count) for count in str(meta.get("counts", "0,0,0,0,0")).split(",")]
        self.touched: set[int] = set()
        """Row ids whose count of links may have changed."""
        self._kept_fact_numbers: list[int] = []
        self._freed: dict[tuple[int, int], tuple[int, int]] = {}
        """(row id, place) of the records removed, by (kind, document): a new record in the same document takes
        them (a record whose id changed keeps its place in the file order, as TinyDB keeps its document)."""

    def apply(self, changed: Sequence[Record], removed: Sequence[str], documents: Mapping[str, int]) -> None:
        try:
            for record_id in removed:
                self._remove(record_id)
            for record in changed:
                self._replace(record, documents)
            self._recount_links()
        finally:
            if self._own_records:
                self.records.close()
        self.search.finish()
        # places with holes, ranks not kept: readers count places and sort by the keys until `mark_saved` settles
        write_meta(self.sql, {"counts": ",".join(map(str, self.counts)), UNSETTLED: 1})

    # -- one record -------------------------------------------------------------------

    def _old(self, record_id: str) -> tuple[int, int, int, Record] | None:
        """(row id, kind, place, record) of a record of the index."""
        row = self.sql.execute(
            "SELECT rowid, kind, pos, body, offset, size FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        if row is None:
            return None
        rowid, kind, pos, body, offset, size = row
        return rowid, kind, pos, self.records.decode(kind, body, offset, size, record_id)

    def _remove(self, record_id: str) -> None:
        old = self._old(record_id)
        if old is None:
            return
        rowid, kind, pos, record = old
        sql = self.sql
        (document,) = sql.execute("SELECT document FROM records WHERE rowid = ?", (rowid,)).fetchone()
        if document is not None:
            self._freed[kind, document] = (rowid, pos)
        self._touch_linking(record_id)
        doc = self.search.document_of(rowid)
        if doc is not None:
            self.search.remove(doc, kind, record)
            self.search.drop_document(doc)
        self._drop_links(rowid, record)
        self._drop_facts(rowid)
        sql.execute("DELETE FROM listing WHERE kind = ? AND record = ?", (kind, rowid))
        sql.execute("DELETE FROM problems WHERE kind = ? AND record_id = ?", (kind, record_id))
        sql.execute("DELETE FROM records WHERE rowid = ?", (rowid,))  # (its place stays a hole until settled)
        self.counts[kind] -= 1
        self.touched.discard(rowid)

    def _replace(self, record: Record, documents: Mapping[str, int]) -> None:
        kind = KIND_NUMBER[kind_of(record)]
        document = documents.get(record.id)
        old = self._old(record.id)
        if old is not None and old[1] != kind:  # (an id that moves to another kind: out, then in)
            self._remove(record.id)
            old = None
        sql = self.sql
        names = record.names
        body = _ENCODE(record)
        if old is None:
            freed = self._freed.pop((kind, document), None) if document is not None else None
            if freed is not None:
                rowid, pos = freed
            else:
                (rowid,) = sql.execute("SELECT coalesce(max(rowid), 0) + 1 FROM records").fetchone()
                (pos,) = sql.execute(
                    "SELECT coalesce(max(pos), -1) + 1 FROM records WHERE kind = ?", (kind,)
                ).fetchone()
            if document is None:
                # (the key TinyDB gives a new document, usually: `mark_saved` reads the one it was given)
                (document,) = sql.execute(
                    "SELECT coalesce((SELECT document FROM records WHERE kind = ? ORDER BY pos DESC LIMIT 1), 0) + 1",
                    (kind,),
                ).fetchone()
            sql.execute(
                "INSERT INTO records (rowid, id, kind, pos, title, ar, latin, body, document) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rowid, record.id, kind, pos, names.primary, names.ar, names.latin, body, document),
            )  # (last of its kind, as a new record is in the file it saves, or in the place of one removed)
            self.counts[kind] += 1
            sql.execute(INSERT_LISTING, listing_row(kind, rowid, record))
            doc = self.search.new_document(rowid)
        else:
            rowid, _kind, _pos, previous = old
            sql.execute(
                "UPDATE records SET title = ?, ar = ?, latin = ?, body = ?, offset = NULL, size = NULL WHERE rowid = ?",
                (names.primary, names.ar, names.latin, body, rowid),
            )
            _k, _r, listed_names, ar_key, latin_key, facts, _links = listing_row(kind, rowid, record)
            sql.execute(
                "UPDATE listing SET names = ?, ar_key = ?, latin_key = ?, facts = ? WHERE kind = ? AND record = ?",
                (listed_names, ar_key, latin_key, facts, kind, rowid),
            )
            self._drop_links(rowid, previous)
            self._drop_facts(rowid, keep_numbers=len(getattr(record, "facts", ())))
            sql.execute(  # (a record an edit writes is valid)
                "DELETE FROM problems WHERE kind = ? AND record_id = ? AND rank IN (?, ?)",
                (kind, record.id, ProblemRank.BAD_RECORD, ProblemRank.BAD_REFERENCE),
            )
            found = self.search.document_of(rowid)
            doc = found if found is not None else self.search.new_document(rowid)
            if found is not None:
                self.search.remove(doc, kind, previous)
        self.search.add(doc, kind, record)
        self._touch_linking(record.id)
        self._add_links(rowid, record)
        self._add_facts(kind, rowid, record)
        self.touched.add(rowid)

    # -- links ------------------------------------------------------------------------

    def _drop_links(self, rowid: int, record: Record) -> None:
        self._links(rowid, record, "DELETE FROM links WHERE target = ? AND relation = ? AND record = ?")

    def _add_links(self, rowid: int, record: Record) -> None:
        self._links(rowid, record, "INSERT OR IGNORE INTO links (target, relation, record) VALUES (?, ?, ?)")

    def _links(self, rowid: int, record: Record, statement: str) -> None:
        """Run `statement` for each (target, relation, record) of a record's links; their targets' counts change."""
        targets = list(record_links(record))
        self.sql.executemany(statement, [(target, relation, rowid) for target, relation, _quote in targets])
        self.touched.update(self._rowids({target for target, _relation, _quote in targets}))

    def _touch_linking(self, record_id: str) -> None:
        """The records that point to this id: their counts of links change with it."""
        self.touched.update(
            row for (row,) in self.sql.execute("SELECT record FROM links WHERE target = ?", (record_id,))
        )

    def _rowids(self, ids: set[str]) -> set[int]:
        found: set[int] = set()
        for record_id in ids:
            row = self.sql.execute("SELECT rowid FROM records WHERE id = ?", (record_id,)).fetchone()
            if row is not None:
                found.add(row[0])
        return found

    def _recount_links(self) -> None:
        """The count of links (either way, each other record once) of every record an edit may have changed it for."""
        sql = self.sql
        for rowid in sorted(self.touched):
            row = sql.execute("SELECT kind, id, body, offset, size FROM records WHERE rowid = ?", (rowid,)).fetchone()
            if row is None:
                continue
            kind, record_id, body, offset, size = row
            record = self.records.decode(kind, body, offset, size, record_id)
            linked = self._rowids({target for target, _relation, _quote in record_links(record)})
            linked.update(other for (other,) in sql.execute("SELECT record FROM links WHERE target = ?", (record_id,)))
            linked.discard(rowid)
            sql.execute("UPDATE listing SET links = ? WHERE kind = ? AND record = ?", (len(linked), kind, rowid))

    # -- facts ------------------------------------------------------------------------

    def _drop_facts(self, rowid: int, keep_numbers: int = -1) -> None:
        """Take a record's facts out (and out of the counts of kinds of fact); their numbers are kept for
        `_add_facts` when as many come back (else the facts are no longer numbered in order)."""
        sql = self.sql
        old = sql.execute(
            "SELECT f.rowid, f.kind, field.name, label.name, f.number FROM facts f "
            "JOIN fact_names field ON field.id = f.field JOIN fact_names label ON label.id = f.label "
            "WHERE f.record = ? ORDER BY f.position",
            (rowid,),
        ).fetchall()
        for _fact, kind, field, label, number in old:
            for by, name in (("field", field), ("label", label)):
                sql.execute(
                    "UPDATE fact_kinds SET facts = facts - 1, figures = figures - ? "
                    "WHERE by = ? AND name = ? AND kind = ?",
                    (int(number is not None), by, name, kind),
                )
        sql.execute("DELETE FROM fact_kinds WHERE facts <= 0")
        sql.execute("DELETE FROM facts WHERE record = ?", (rowid,))
        self._kept_fact_numbers = [fact for fact, *_rest in old] if len(old) == keep_numbers else []
        if old and not self._kept_fact_numbers:
            write_meta(sql, {FACTS_OUT_OF_ORDER: 1})

    def _add_facts(self, kind: int, rowid: int, record: Record) -> None:
        sql = self.sql
        facts = getattr(record, "facts", ())
        if not facts:
            return
        numbers = self._kept_fact_numbers
        if len(numbers) != len(facts):
            (first,) = sql.execute("SELECT coalesce(max(rowid), 0) + 1 FROM facts").fetchone()
            numbers = list(range(first, first + len(facts)))
            write_meta(sql, {FACTS_OUT_OF_ORDER: 1})
        rows = fact_rows(0, kind, rowid, record, self.fact_names)
        sql.executemany(INSERT_FACT_NAMES, self.fact_names.take_new())
        sql.executemany(INSERT_FACTS, [(number, *row[1:]) for number, row in zip(numbers, rows, strict=True)])
        for fact in facts:
            for by, name in (("field", fact.field), ("label", fact.label)):
                sql.execute(
                    "INSERT INTO fact_kinds (by, name, kind, facts, figures) VALUES (?, ?, ?, 1, ?) "
                    "ON CONFLICT (by, name, kind) DO UPDATE SET facts = facts + 1, "
                    "figures = figures + excluded.figures",
                    (by, name, kind, int(fact.number is not None)),
                )
        self._kept_fact_numbers = []

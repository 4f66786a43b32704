"""A database as the app reads it: through its index file, one record at a time.

Nothing is loaded up front: list rows come from the index a page at a time,
records are decoded when shown (and kept in a small cache), links between
records are index lookups. Memory does not grow with the file.

One SQLite connection serves every thread (SQLite is built serialized here; a
lock keeps Python's statements apart), opened read-only. It keeps the index file
open, so deleting the cache directory while Marsad runs changes nothing until the
next reload. An index SQLite finds damaged as it reads ("malformed") loses its
stamp, so that the next open builds it again, and is `IndexDamaged`: raised (the
command line says it in one line), or said once to `on_damage` (the app keeps
what it shows).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from tui.data.errors import DatabaseUnreadable, Problem
from tui.data.kinds import KIND_NUMBER, KINDS, RecordKind
from tui.data.models import Association, Kind, Names, Partnership, Person, Record, Source
from tui.data.stored import FileChanged, RecordFile
from tui.i18n import _
from tui.i18n.message import from_json
from tui.store.cache import forget_index
from tui.store.listing import ListRow
from tui.store.schema import FILE_PLACES, UNSETTLED, Relation, read_meta
from tui.text.gate import safe_path

if TYPE_CHECKING:
    from tui.search.early import EarlySearch, NameRow
    from tui.search.query import SearchIndex
    from tui.store.slices import SliceReader

#: decoded records kept in memory
RECORD_CACHE = 4096
#: names read at a time by the early search (`early_search`): the lock is never held long
EARLY_NAMES_BATCH = 5000


class Citation(msgspec.Struct, frozen=True, gc=False):
    """A quote from a source, and the record and fact label that cite it."""

    quote: str
    record: Record
    label: str


class IndexDamaged(DatabaseUnreadable):
    """SQLite found the index damaged while reading it ("database disk image is malformed")."""

    @classmethod
    def of(cls, database: Database, error: sqlite3.DatabaseError) -> IndexDamaged:
        return cls(
            str(database.index_path),
            _("the index of {file} is damaged ({reason})").format(
                file=safe_path(database.path), reason=str(error).lower() or _("unreadable")
            ),
            _("It is built again at the next open"),
        )


class Database:
    """The records of one database file, read through its index."""

    def __init__(self, path: Path, index_path: Path) -> None:
        self.path = path
        """The database file (the source of truth)."""
        self.index_path = index_path
        self._connection = sqlite3.connect(
            f"{index_path.as_uri()}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
        )
        self._lock = threading.Lock()
        self.records = RecordFile(path)
        """Where records kept as their text in the file are read (the file as it is now, held open)."""
        with contextlib.suppress(FileChanged):  # (said when a record is read: the file is not there)
            self.records.open()
        self._record = lru_cache(maxsize=RECORD_CACHE)(self._decode)
        self._search: SearchIndex | None = None
        self._early: EarlySearch | None = None
        self._search_connections: list[sqlite3.Connection] = []
        """Every connection a search engine was given (closed with the database: an engine handed out may still
        be in use when an edit makes a new one)."""
        self.on_damage: Callable[[IndexDamaged], None] | None = None
        """Who is told (once) when the index turns out damaged as it is read; None: `IndexDamaged` is raised."""
        self._damage_said = False
        self._slices: SliceReader | None = None
        try:
            meta = read_meta(self._connection)
        except sqlite3.DatabaseError as error:
            self._connection.close()
            forget_index(index_path)
            raise IndexDamaged.of(self, error) from None
        self.complete = meta.get("complete") == 1
        """False while the index is still being built (the counts grow)."""
        self._version: int | None = self._connection.execute("PRAGMA data_version").fetchone()[0]
        """The index's `PRAGMA data_version` when what is kept was read (an edit in place changes it)."""
        self._settled = not meta.get(UNSETTLED)
        """False while an edit in place left holes in the places of records (`tui.store.update`): pages are
        then counted through the places, not read by them."""
        self._file_places = meta.get(FILE_PLACES)
        """Which file the records kept as places are read from (a save changes it: `tui.store.update.mark_saved`)."""
        self._counts: tuple[int, ...] | None = (
            tuple(int(count) for count in str(meta["counts"]).split(",")) if self.complete else None
        )

    def _fresh(self) -> None:
        """Forget what was kept of an index that an edit changed since (`tui.store.update`): decoded records,
        counts, the search engine; and read the file as it is now (a save points the index at the new one)."""
        if not self.complete:
            return
        found = self._query("PRAGMA data_version")
        version = found[0][0] if found else None
        if version == self._version:
            return
        self._version = version
        self._record.cache_clear()
        self._settled = not self._query("SELECT 1 FROM meta WHERE key = ? AND value = 1", (UNSETTLED,))
        counts = self._query("SELECT value FROM meta WHERE key = 'counts'")
        self._counts = tuple(int(count) for count in str(counts[0][0]).split(",")) if counts else None
        self._search = None
        places = self._query("SELECT value FROM meta WHERE key = ?", (FILE_PLACES,))
        file_places = places[0][0] if places else None
        if file_places != self._file_places:  # (an edit before the save points the index at the new file: the old)
            self._file_places = file_places
            self.records.reopen()

    def follow(self, counts: tuple[int, ...]) -> None:
        """While the index is being built: how many records of each kind it holds now (its builder says)."""
        self._counts = counts

    def close(self) -> None:
        """Close every connection and the file (the app, once it has stopped; a command, when it is done)."""
        with self._lock:
            self._connection.close()
        for connection in self._search_connections:
            connection.close()
        self.records.close()
        if self._slices is not None:
            self._slices.close()

    def search_index(self) -> SearchIndex | None:
        """The search engine over this database's index; None while the index is being built.

        On a connection of its own (hits are searched in workers and drawn by the app).
        """
        if not self.complete:
            return None
        self._fresh()
        if self._search is None:
            connection = sqlite3.connect(
                f"{self.index_path.as_uri()}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
            )
            from tui.search.query import SearchIndex  # (its modules load when search is first used: not at start)

            self._search = SearchIndex(connection, self.records)
            self._search_connections.append(connection)
        return self._search

    def early_search(self) -> EarlySearch:
        """While the index is being built: search over the names of the records it holds so far."""
        if self._early is None:
            from tui.search.early import EarlySearch  # (only while an index is built: not for a one-shot search)

            self._early = EarlySearch(self._names_after, self._names_at)
        return self._early

    def searcher(self) -> SearchIndex | EarlySearch:
        """What `/` searches now: the whole index, or while it is being built the names read so far."""
        return self.search_index() or self.early_search()

    def _names_after(self, rowid: int) -> list[NameRow]:
        return self._name_rows("rowid > ? ORDER BY rowid LIMIT ?", (rowid, EARLY_NAMES_BATCH))

    def _names_at(self, rowid: int) -> NameRow | None:
        return next(iter(self._name_rows("rowid = ?", (rowid,))), None)

    def _name_rows(self, where: str, parameters: tuple[int, ...]) -> list[NameRow]:
        rows = self._query(f"SELECT rowid, kind, id, title, ar, latin FROM records WHERE {where}", parameters)
        return [(row, KINDS[kind].name, record_id, title, ar, latin) for row, kind, record_id, title, ar, latin in rows]

    def slices(self) -> SliceReader:
        """Reads filtered and sorted views of this database (`tui.store.slices`), on connections of its own.

        (While the index is being built its slicing tables are not complete: the
        app slices only a complete index.)
        """
        if self._slices is None:
            from tui.store.slices import SliceReader  # (a first frame needs none)

            self._slices = SliceReader(self.index_path)
        return self._slices

    def _query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of a query; a damaged index is `IndexDamaged` (or, with `on_damage` set, said once and no rows)."""
        try:
            with self._lock:
                return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as error:
            damage = IndexDamaged.of(self, error)
        forget_index(self.index_path)  # (the next open builds it again)
        if self.on_damage is None:
            raise damage
        if not self._damage_said:
            self._damage_said = True
            self.on_damage(damage)
        return []

    # -- records -------------------------------------------------------------------
    def get(self, record_id: str) -> Record | None:
        self._fresh()
        return self._record(record_id)

    def _decode(self, record_id: str) -> Record | None:
        rows = self._query("SELECT kind, body, offset, size, id FROM records WHERE id = ?", (record_id,))
        return self._record_of(*rows[0]) if rows else None

    def _record_of(
        self, kind: int, body: bytes | None, offset: int | None, size: int | None, record_id: str
    ) -> Record | None:
        """A record of a row; None when the file changed under the index (said once, as damage is)."""
        try:
            return self.records.decode(kind, body, offset, size, record_id)
        except FileChanged as error:
            changed = IndexDamaged(
                str(self.path),
                _("{file} changed since it was indexed ({reason})").format(file=safe_path(self.path), reason=error),
                _("It is indexed again at the next open"),
            )
        forget_index(self.index_path)
        if self.on_damage is None:
            raise changed
        if not self._damage_said:
            self._damage_said = True
            self.on_damage(changed)
        return None

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, str) and bool(self._query("SELECT 1 FROM records WHERE id = ?", (record_id,)))

    def __len__(self) -> int:
        return sum(self.counts())

    def counts(self) -> tuple[int, ...]:
        """Records of each kind, in the order of KINDS."""
        self._fresh()
        if self._counts is None:
            found = dict(self._query("SELECT kind, count(*) FROM records GROUP BY kind"))
            self._counts = tuple(found.get(number, 0) for number in range(len(KINDS)))
        return self._counts

    def count(self, kind: Kind) -> int:
        return self.counts()[KIND_NUMBER[kind]]

    def rows(self, kind: Kind, start: int, stop: int) -> list[ListRow]:
        """The list rows `start` to `stop` (excluded) of a kind, in the order of the file."""
        self._fresh()
        if self._settled:
            found = self._query(
                "SELECT id, ar, latin FROM records WHERE kind = ? AND pos >= ? AND pos < ? ORDER BY pos",
                (KIND_NUMBER[kind], start, stop),
            )
        else:
            found = self._query(
                "SELECT id, ar, latin FROM records WHERE kind = ? ORDER BY pos LIMIT ? OFFSET ?",
                (KIND_NUMBER[kind], max(0, stop - start), max(0, start)),
            )
        return [ListRow(record_id, Names(ar=ar, latin=latin)) for record_id, ar, latin in found]

    def document_of(self, record_id: str) -> int | None:
        """A record's document id in the file (its TinyDB key), or None if there is no such record."""
        found = self._query("SELECT document FROM records WHERE id = ?", (record_id,))
        return found[0][0] if found else None

    def position(self, record_id: str) -> int | None:
        """The row of a record in the list of its kind."""
        self._fresh()
        found = self._query("SELECT kind, pos FROM records WHERE id = ?", (record_id,))
        if not found:
            return None
        kind, pos = found[0]
        if self._settled:
            return int(pos)
        return int(self._query("SELECT count(*) FROM records WHERE kind = ? AND pos < ?", (kind, pos))[0][0])

    def table(self, kind: Kind) -> KindTable:
        """The records of one kind, as a read-only mapping by id."""
        return KindTable(self, KINDS[KIND_NUMBER[kind]])

    @property
    def organizations(self) -> KindTable:
        return self.table("organization")

    @property
    def partnerships(self) -> KindTable:
        return self.table("partnership")

    @property
    def associations(self) -> KindTable:
        return self.table("association")

    @property
    def people(self) -> KindTable:
        return self.table("person")

    @property
    def sources(self) -> KindTable:
        return self.table("source")

    def all_records(self) -> Iterator[Record]:
        """Every record, kind by kind, each kind in the order of the file."""
        for kind in KINDS:
            yield from self.table(kind.name).values()

    @property
    def problems(self) -> list[Problem]:
        """What was wrong with the file, in the order `marsad validate` reports it."""
        found = self._query(
            "SELECT severity, table_name, key, record_id, field, message FROM problems "
            "ORDER BY CASE WHEN rank < 2 THEN 0 WHEN rank < 5 THEN 1 ELSE 2 END, kind, rank, place, rowid"
        )
        return [
            Problem(severity, table, key, record_id, field, from_json(message))
            for severity, table, key, record_id, field, message in found
        ]

    # -- links ---------------------------------------------------------------------
    def _linking(self, target: str, relation: Relation) -> list[Record]:
        found = self._query(
            "SELECT r.kind, r.body, r.offset, r.size, r.id FROM links l JOIN records r ON r.rowid = l.record "
            "WHERE l.target = ? AND l.relation = ? ORDER BY r.kind, r.pos",
            (target, int(relation)),
        )
        return [record for row in found if (record := self._record_of(*row)) is not None]

    def partnerships_of(self, organization_id: str) -> list[Partnership]:
        return self._linking(organization_id, Relation.PARTY)  # type: ignore[return-value]

    def associations_of(self, organization_id: str) -> list[Association]:
        return self._linking(organization_id, Relation.MEMBER)  # type: ignore[return-value]

    def people_of(self, organization_id: str) -> list[Person]:
        return self._linking(organization_id, Relation.ROLE)  # type: ignore[return-value]

    def quoting(self, person_id: str) -> list[Record]:
        """The records with a fact that quotes this person (a fact whose `speaker` they are)."""
        return self._linking(person_id, Relation.SPEAKER)

    def citations_of(self, source_id: str) -> list[Citation]:
        """Every quote that a record of this database takes from the source."""
        citations = []
        for record in self._linking(source_id, Relation.CITES):
            for fact in getattr(record, "facts", ()):
                if fact.source == source_id:
                    citations.append(Citation(fact.quote, record, fact.label))
            for member in getattr(record, "members", ()):
                if member.source == source_id:
                    citations.append(Citation(member.quote, record, member.role))
            for role in getattr(record, "roles", ()):
                if role.source == source_id:
                    citations.append(Citation(role.quote, record, role.title))
        return citations

    def sources_of(self, record: Record) -> list[Source]:
        """The articles behind a record, in the order its facts cite them."""
        if isinstance(record, Source):
            return [record]
        ids: dict[str, None] = {}
        for fact in getattr(record, "facts", ()):
            ids.setdefault(fact.source)
        for member in getattr(record, "members", ()):
            ids.setdefault(member.source)
        for role in getattr(record, "roles", ()):
            ids.setdefault(role.source)
        sources = self.sources
        return [source for source_id in ids if isinstance(source := sources.get(source_id), Source)]


class KindTable(Mapping[str, Record]):
    """The records of one kind by id (a view: nothing is read until asked)."""

    def __init__(self, database: Database, kind: RecordKind) -> None:
        self._database = database
        self._kind = kind
        self._number = KIND_NUMBER[kind.name]

    def __getitem__(self, record_id: str) -> Record:
        record = self._database.get(record_id)
        if record is None or not isinstance(record, self._kind.record_type):
            raise KeyError(record_id)
        return record

    def __iter__(self) -> Iterator[str]:
        for (record_id,) in self._database._query(
            "SELECT id FROM records WHERE kind = ? ORDER BY pos", (self._number,)
        ):
            yield record_id

    def __len__(self) -> int:
        return self._database.count(self._kind.name)

    def values(self) -> Iterator[Record]:  # type: ignore[override]
        for row in self._database._query(
            "SELECT kind, body, offset, size, id FROM records WHERE kind = ? ORDER BY pos", (self._number,)
        ):
            if (record := self._database._record_of(*row)) is not None:
                yield record

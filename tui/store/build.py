"""Build the index of a database file: every record, link and problem, in one pass over the file.

Documents stream in (`tui.data.stream`), each becomes a record or problems
(`tui.data.records`), and records go into the index in batches, committed often so
that a reader (the app, showing the first rows while the rest is read) sees them.
Memory stays bounded by a batch and the largest record, whatever the file's size.
Each record's rows for slicing (`tui.store.listing`) go in with it. Then the
references between records are checked in SQL (and quotes against their
articles, each article read once), and the search tables are built.

Nothing is written beside the database file: the index is built under a temporary
name in the cache directory and renamed into place when complete, so that a reader
never sees half an index under the final name, and two builders racing for the
same file both leave a good one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from tui import __version__
from tui.data.errors import QUOTE_NOT_FOUND, DatabaseUnreadable, Problem
from tui.data.kinds import BY_TABLE, KIND_NUMBER, KINDS, RecordKind
from tui.data.models import Association, Partnership, Person, Record, Source
from tui.data.reading import file_identity
from tui.data.records import key_problem, record_of, shown_key, type_problem
from tui.data.stored import RecordFile
from tui.data.stream import Document, Table, content_digest, read_documents
from tui.i18n import N_, _
from tui.i18n.message import Translatable, said, to_json
from tui.i18n.system_errors import reason as system_reason
from tui.search.aids.compiled import store_aids
from tui.search.build import IndexBuildCancelled
from tui.search.feed import SearchFeed, SearchFeedFailed, search_feed
from tui.store.cache import FileState, index_mode, remove_leftovers, temporary_index_path
from tui.store.listing import (
    INSERT_FACT_NAMES,
    INSERT_FACTS,
    INSERT_LISTING,
    FactNames,
    fact_rows,
    finish_listing,
    forget_record,
    index_for_forgetting,
    listing_row,
    renumber_facts,
)
from tui.store.private import create_locked
from tui.store.proof import write_stamp
from tui.store.schema import ProblemRank, Relation, create_tables, write_meta
from tui.text.gate import safe_path

#: records per INSERT batch, at most; and bytes of their bodies (2,000 articles would be 12 MB)
BATCH_RECORDS = 2000
BATCH_BYTES = 2 * 1024 * 1024
#: a reader sees new records at least this often
COMMIT_SECONDS = 0.25
_SOURCE = KIND_NUMBER["source"]
_ORGANIZATION = KIND_NUMBER["organization"]
_PERSON = KIND_NUMBER["person"]


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a build is: `phase` ("reading", "checking", "indexing"), `done` of `total` units."""

    phase: str
    done: int
    total: int
    counts: tuple[int, ...]
    """Records in the index so far, per kind (in the order of KINDS)."""
    index: str
    """The file being built: readable from the first progress on, complete once renamed."""


ProgressCallback = Callable[[Progress], None]


def build_index(
    database_path: Path,
    final_path: Path,
    *,
    progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Path:
    """Build the index of `database_path` at `final_path`; return `final_path`.

    Raises `DatabaseUnreadable` when the file cannot be a database, and
    `IndexBuildCancelled` when `should_stop()` says so; in both cases no file is left.
    """
    info = file_identity(database_path)
    state = FileState.of(database_path, info)
    folder = final_path.parent
    _refuse_a_non_file(final_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_leftovers(folder)
        temporary = temporary_index_path(final_path)
        mode = index_mode(info.st_mode)
        lock = create_locked(temporary, mode)  # (held while building: no one takes this file for a leftover)
    except OSError as error:
        raise IndexUnwritable.of(error, final_path, database_path) from None
    report = progress or (lambda _progress: None)
    stop = should_stop or (lambda: False)
    try:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            _configure(connection)
            create_tables(connection)
            search = search_feed(temporary, connection, info.st_size, stop)
            try:
                rows = _RowWriter(connection, info.st_size, report, str(temporary), search)
                digest = content_digest()

                def consumed(chunk: bytes) -> None:
                    digest.update(chunk)
                    rows.read_bytes += len(chunk)

                _Reader(rows, stop).read(read_documents(database_path, consumed))
                report(Progress("checking", 0, 1, tuple(rows.counts), str(temporary)))
                check_references(connection, stop, RecordFile(database_path))
                report(Progress("indexing", 0, 1, tuple(rows.counts), str(temporary)))
                search.write(connection)
                store_aids(connection)
                report(Progress("indexing", 1, 1, tuple(rows.counts), str(temporary)))
            except SearchFeedFailed as error:
                raise DatabaseUnreadable(
                    str(database_path),
                    _("the search tables could not be built ({reason})").format(reason=error),
                    _("Open it again"),
                ) from None
            finally:
                search.close()
            after = FileState.of(database_path, file_identity(database_path))
            if after != state:
                raise DatabaseUnreadable(
                    str(database_path),
                    _("the file changed while it was being read"),
                    _("Open it again once it is written"),
                )
            _finish(connection, state, digest.hexdigest(), rows.counts)
        finally:
            connection.close()
        os.fsync(lock)  # on disk before it gets its final name
        os.replace(temporary, final_path)
        write_stamp(final_path, mode)
    except (OSError, sqlite3.Error) as error:
        _remove(temporary)
        raise IndexUnwritable.of(error, final_path, database_path) from None
    except BaseException:
        _remove(temporary)
        raise
    finally:
        os.close(lock)
    return final_path


class IndexUnwritable(DatabaseUnreadable):
    """The index cannot be written (a full disk, a folder gone...): one line with the file, the cause, the fix."""

    @classmethod
    def of(cls, error: OSError | sqlite3.Error, index: Path, database: Path) -> IndexUnwritable:
        name = getattr(error, "sqlite_errorname", "") or ""
        number = getattr(error, "errno", None)
        if name == "SQLITE_FULL" or number in (errno.ENOSPC, errno.EDQUOT):
            return cls(
                str(index.parent),
                _("no space left on the device for the index of {file}").format(file=safe_path(database)),
                _(
                    "Free some space there (`marsad index --clear` removes old indexes), or point XDG_CACHE_HOME at a "
                    "disk with room"
                ),
            )
        if not index.parent.is_dir() or number == errno.ENOENT or name.startswith("SQLITE_READONLY_DBMOVED"):
            return cls(
                str(index.parent),
                _("the cache folder went away while the index of {file} was being built").format(
                    file=safe_path(database)
                ),
                _("Run the command again: the index is built anew"),
            )
        reason = system_reason(error) if isinstance(error, OSError) else (str(error) or type(error).__name__).lower()
        return cls(
            str(index),
            _("cannot write the index of {file} ({reason})").format(file=safe_path(database), reason=reason),
            _("Check that the folder can be written, or point XDG_CACHE_HOME at one that can"),
        )


def _refuse_a_non_file(final: Path) -> None:
    """What is at the index's path must be an index (a file) or nothing: else one line, and nothing is built."""
    try:
        info = os.lstat(final)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode):  # (a link is replaced, never written through)
        return
    raise DatabaseUnreadable(
        str(final),
        _("is a folder, where an index should be")
        if stat.S_ISDIR(info.st_mode)
        else _("is not a file, where an index should be"),
        _("Remove it: Marsad keeps only its indexes in this folder, and builds the index there"),
    )


def _remove(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        temporary.unlink()


def _configure(connection: sqlite3.Connection) -> None:
    # A half-built index is thrown away, never repaired: no journal, no waiting for
    # the disk until the end (build_index syncs the finished file before renaming it).
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -65536")  # 64 MB


def _finish(connection: sqlite3.Connection, state: FileState, digest: str, counts: list[int]) -> None:
    connection.execute("BEGIN")
    write_meta(
        connection,
        {
            **state.meta(),
            "content_hash": digest,
            "counts": ",".join(map(str, counts)),
            "built_by": __version__,
            "built_at": int(time.time()),
            "complete": 1,  # written last: an index without it is never used
        },
    )
    connection.execute("COMMIT")


@dataclass
class _TableState:
    """What reading one table of the file remembers."""

    kind: RecordKind
    number: int
    documents: int = 0
    """Documents seen (their place in the table, for ordering problems)."""
    highest_key: int = -1
    in_order: array[int] = field(default_factory=lambda: array("q"))
    """Every key seen while keys arrive in increasing order (TinyDB writes them so): 8 bytes each."""
    keys: set[int] | None = None
    """Every key seen, once they stopped arriving in order."""
    other_keys: set[str] = field(default_factory=set)
    """Keys that are not document ids (reported; remembered only to spot their repeats)."""
    repeated: set[str] = field(default_factory=set)
    """Keys already reported as repeated."""


_Row = tuple[object, ...]
_RecordRow = tuple[int, str, int, int, str, str | None, str | None, bytes | None, int, int | None, int | None]
"""A row of `records`: rowid, id, kind, pos, title, ar, latin, body, the document's key in the file, and the
offset and size of its text there (when the text decodes to the record: then no body)."""


class _Reader:
    """Turns the stream of a file into rows, handed to the writer in batches."""

    def __init__(self, rows: _RowWriter, stop: Callable[[], bool]) -> None:
        self.rows = rows
        self.stop = stop
        self.next_pos = [0] * len(KINDS)
        """The place the next record of each kind takes (places with holes are renumbered at the end)."""
        self.next_rowid = 1
        self.next_fact = 1
        self.records: list[_RecordRow] = []
        self.links: list[tuple[str, int, int]] = []
        self.listing: list[_Row] = []
        self.facts: list[_Row] = []
        self.fact_names = FactNames()
        """The numbers of the fields, labels, units and sources of facts."""
        self.quotes: list[tuple[str, str, int, int]] = []
        """(source id, quote, row id, the reference's place among the record's) of every quote to check"""
        self.problems: list[_Row] = []
        self.places: dict[int, tuple[int, int]] = {}
        """(kind, place in its table) of the records of the batch."""
        self.batch_bytes = 0
        self.top_level: list[str] = []

    def read(self, events: Iterator[Table | Document]) -> None:
        table: _TableState | None = None
        for event in events:
            if type(event) is Document:
                if table is not None:
                    self._document(table, event)
                if len(self.records) >= BATCH_RECORDS or self.batch_bytes >= BATCH_BYTES:
                    self._hand_over()
                    if self.stop():
                        raise IndexBuildCancelled
            else:
                table = self._table(cast(Table, event).name)  # (`type() is`: the loop is hot; mypy does not narrow it)
        self._hand_over()
        self.rows.finish_reading()

    def _hand_over(self) -> None:
        self.rows.insert(
            _Batch(
                self.records,
                self.links,
                self.problems,
                self.places,
                self.listing,
                self.facts,
                self.quotes,
                self.fact_names.take_new(),
            )
        )
        self.records, self.links, self.problems, self.places, self.listing, self.facts = [], [], [], {}, [], []
        self.quotes = []
        self.batch_bytes = 0

    def _table_problem(self, rank: ProblemRank, shown: str, message: Translatable) -> None:
        """A warning about a whole table of the file (the one being started: the last of `top_level`)."""
        self._problem(rank, -1, len(self.top_level), Problem("warning", shown, "", None, "", message))

    def _table(self, name: str) -> _TableState | None:
        """Start reading a table; None for a table that holds no records."""
        shown = shown_key(name)
        if name in self.top_level:
            self._table_problem(
                ProblemRank.DUPLICATE_TABLE,
                shown,
                said(N_("table appears more than once in the file; only the last one is read")),
            )
            if name in BY_TABLE:
                self._hand_over()
                self.rows.forget_table(KIND_NUMBER[BY_TABLE[name].name])
        else:
            self.top_level.append(name)
            if name not in BY_TABLE:
                self._table_problem(
                    ProblemRank.UNKNOWN_TABLE,
                    shown,
                    said(N_("unknown table ignored (known: {tables})"), tables=", ".join(BY_TABLE)),
                )
        kind = BY_TABLE.get(name)
        return None if kind is None else _TableState(kind, KIND_NUMBER[kind.name])

    def _document(self, table: _TableState, document: Document) -> None:
        kind, key = table.kind, document.key
        place = table.documents
        table.documents += 1
        bad_key = key_problem(kind.table, key)
        if self._seen_before(table, key, bad_key is None):
            self._hand_over()
            self.rows.forget_document(table.number, key)
        bad_document = bad_key or type_problem(kind.table, key, document.value)
        if bad_document is not None:
            self._problem(ProblemRank.BAD_DOCUMENT, table.number, place, bad_document)
            return
        record, body, problems, as_written = record_of(kind, key, document.value, document.text)
        for problem in problems:
            self._problem(ProblemRank.BAD_RECORD, table.number, place, problem)
        if record is not None:
            if as_written and document.offset >= 0:
                self._add(table, int(key), place, record, None, document.offset, document.size)
            else:
                self._add(table, int(key), place, record, body, None, None)

    def _seen_before(self, table: _TableState, key: str, is_document_id: bool) -> bool:
        """Whether the table had this key already (then it is reported, once)."""
        if is_document_id:
            number = int(key)
            if number > table.highest_key and table.keys is None:
                table.highest_key = number
                table.in_order.append(number)
                return False
            if table.keys is None:  # keys out of order: from now on, a set
                table.keys = set(table.in_order)
                table.in_order = array("q")
            if number not in table.keys:
                table.keys.add(number)
                return False
        elif key not in table.other_keys:
            table.other_keys.add(key)
            return False
        if key not in table.repeated:
            table.repeated.add(key)
            self._problem(
                ProblemRank.DUPLICATE_DOCUMENT,
                table.number,
                0,
                Problem(
                    "error",
                    table.kind.table,
                    shown_key(key),
                    None,
                    "",
                    said(N_("document key appears more than once; only the last record with it is read")),
                ),
            )
        return True

    def _add(
        self,
        table: _TableState,
        document_id: int,
        place: int,
        record: Record,
        body: bytes | None,
        offset: int | None,
        size: int | None,
    ) -> None:
        number = table.number
        rowid = self.next_rowid
        self.next_rowid += 1
        pos = self.next_pos[number]
        self.next_pos[number] += 1
        names = record.names
        title = names.primary
        self.records.append(
            (rowid, record.id, number, pos, title, names.ar, names.latin, body, document_id, offset, size)
        )
        self.batch_bytes += len(body) if body is not None else 64
        self.places[rowid] = (number, place)
        links = self.links
        quotes = self.quotes
        for step, (target, relation, quote) in enumerate(record_links(record)):
            links.append((target, relation, rowid))
            if quote is not None:
                quotes.append((target, quote, rowid, step))
        self.rows.search.add(rowid, number, title, record.id, record)
        self.listing.append(listing_row(number, rowid, record))
        facts = fact_rows(self.next_fact, number, rowid, record, self.fact_names)
        self.next_fact += len(facts)
        self.facts += facts

    def _problem(self, rank: ProblemRank, kind: int, place: int, problem: Problem) -> None:
        self.problems.append(_problem_row(rank, kind, place, problem))


def _problem_row(rank: ProblemRank, kind: int, place: int, problem: Problem) -> _Row:
    return (
        int(rank),
        kind,
        place,
        problem.severity,
        problem.table,
        problem.key,
        problem.record_id,
        problem.field,
        to_json(problem.said),
    )


@dataclass(slots=True)
class _Batch:
    """The rows a batch of documents gave, for every table."""

    records: list[_RecordRow]
    links: list[tuple[str, int, int]]
    problems: list[_Row]
    places: dict[int, tuple[int, int]]
    """(kind, place in its table) of each record, by row id."""
    listing: list[_Row]
    facts: list[_Row]
    quotes: list[tuple[str, str, int, int]]
    fact_names: list[tuple[int, str]]


_INSERT_PROBLEMS = (
    "INSERT INTO problems(rank, kind, place, severity, table_name, key, record_id, field, message) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class _RowWriter:
    """Writes the rows of the index, committing often enough for a reader to follow.

    (A writer thread, so that SQLite's share of an insert overlaps with reading the
    next documents, measured no faster: the two threads mostly wait for each other.)
    """

    def __init__(
        self, connection: sqlite3.Connection, size: int, report: ProgressCallback, index: str, search: SearchFeed
    ) -> None:
        self.connection = connection
        self.search = search
        """Where each record's search fields go, as it is read."""
        self.index = index
        self.size = size
        self.report = report
        self.read_bytes = 0
        """Bytes of the file read so far."""
        self.counts = [0] * len(KINDS)
        """Records of each kind in the index."""
        self.holes = False
        """Whether a record was taken out (a repeated key or table): places are renumbered at the end."""
        self._last_commit = time.monotonic()
        # links arrive in record order and are sorted into `links` at the end (a bulk
        # insert in key order is several times faster than inserting in random order)
        connection.execute("CREATE TEMP TABLE new_links (target TEXT, relation INTEGER, record INTEGER)")
        # the quotes to find in their articles, checked once every record is in (`check_references`)
        connection.execute("CREATE TEMP TABLE new_quotes (source TEXT, quote TEXT, record INTEGER, step INTEGER)")
        connection.execute("BEGIN")

    def insert(self, batch: _Batch) -> None:
        connection = self.connection
        records, links, listing, facts, quotes = batch.records, batch.links, batch.listing, batch.facts, batch.quotes
        if records:
            before = connection.total_changes
            # ids are unique across all tables: the first record with an id is kept
            connection.executemany("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", records)
            for row in records:
                self.counts[row[2]] += 1
            if connection.total_changes - before != len(records):
                refused = self._refuse_repeated_ids(records, batch.places)
                links = [link for link in links if link[2] not in refused]
                listing = [row for row in listing if row[1] not in refused]
                facts = [row for row in facts if row[2] not in refused]
                quotes = [row for row in quotes if row[2] not in refused]
        if links:
            connection.executemany("INSERT INTO new_links VALUES (?, ?, ?)", links)
        if quotes:
            connection.executemany("INSERT INTO new_quotes VALUES (?, ?, ?, ?)", quotes)
        if listing:
            connection.executemany(INSERT_LISTING, listing)
        if batch.fact_names:
            connection.executemany(INSERT_FACT_NAMES, batch.fact_names)
        if facts:
            connection.executemany(INSERT_FACTS, facts)
        if batch.problems:
            connection.executemany(_INSERT_PROBLEMS, batch.problems)
        now = time.monotonic()
        if now - self._last_commit >= COMMIT_SECONDS:
            connection.execute("COMMIT")
            self._last_commit = now
            self.report(Progress("reading", self.read_bytes, self.size, tuple(self.counts), self.index))
            connection.execute("BEGIN")

    def _refuse_repeated_ids(self, records: list[_RecordRow], places: dict[int, tuple[int, int]]) -> set[int]:
        """Report the records that `INSERT OR IGNORE` left out; their row ids."""
        connection = self.connection
        refused: set[int] = set()
        for rowid, record_id, number, _pos, _title, _ar, _latin, _body, document, _offset, _size in records:
            if connection.execute("SELECT rowid FROM records WHERE id = ?", (record_id,)).fetchone()[0] != rowid:
                refused.add(rowid)
                self.search.forget(rowid)
                kind, place = places[rowid]
                problem = Problem(
                    "error",
                    KINDS[kind].table,
                    str(document),
                    record_id,
                    "$.id",
                    said(N_("duplicate id (ids are unique across all tables)")),
                )
                connection.execute(_INSERT_PROBLEMS, _problem_row(ProblemRank.BAD_RECORD, kind, place, problem))
                self.counts[number] -= 1
        self.holes = True
        return refused

    def forget_document(self, number: int, key: str) -> None:
        """Undo what an earlier document with this key left (only the last one is read)."""
        connection = self.connection
        self._index_for_deleting()
        connection.execute(
            "DELETE FROM problems WHERE kind = ? AND key = ? AND rank IN (?, ?)",
            (number, shown_key(key), ProblemRank.BAD_DOCUMENT, ProblemRank.BAD_RECORD),
        )
        if key.isdigit():
            row = connection.execute(
                "SELECT rowid FROM records WHERE kind = ? AND document = ?", (number, int(key))
            ).fetchone()
            if row is not None:
                self._delete_records([row[0]])
                self.counts[number] -= 1

    def forget_table(self, number: int) -> None:
        """Undo everything an earlier table of this name left (only the last one is read)."""
        connection = self.connection
        self._index_for_deleting()
        self._delete_records(
            [rowid for (rowid,) in connection.execute("SELECT rowid FROM records WHERE kind = ?", (number,))]
        )
        connection.execute(
            "DELETE FROM problems WHERE kind = ? AND rank IN (?, ?, ?)",
            (number, ProblemRank.DUPLICATE_DOCUMENT, ProblemRank.BAD_DOCUMENT, ProblemRank.BAD_RECORD),
        )
        self.counts[number] = 0

    def _index_for_deleting(self) -> None:
        """Indexes that only taking records out needs: made when a file first does (rarely)."""
        self.connection.execute("CREATE INDEX IF NOT EXISTS records_by_document ON records(kind, document)")
        self.connection.execute("CREATE INDEX IF NOT EXISTS temp.new_links_by_record ON new_links(record)")
        self.connection.execute("CREATE INDEX IF NOT EXISTS temp.new_quotes_by_record ON new_quotes(record)")
        index_for_forgetting(self.connection)

    def _delete_records(self, rowids: list[int]) -> None:
        connection = self.connection
        self.holes = self.holes or bool(rowids)
        for rowid in rowids:
            (kind,) = connection.execute("SELECT kind FROM records WHERE rowid = ?", (rowid,)).fetchone()
            connection.execute("DELETE FROM records WHERE rowid = ?", (rowid,))
            connection.execute("DELETE FROM new_links WHERE record = ?", (rowid,))
            connection.execute("DELETE FROM new_quotes WHERE record = ?", (rowid,))
            forget_record(connection, kind, rowid)
            self.search.forget(rowid)

    def finish_reading(self) -> None:
        """Places 0..n-1 per kind, the indexes that reading did without, the links in order."""
        connection = self.connection
        if self.holes:
            connection.execute(
                "CREATE TEMP TABLE places AS "
                "SELECT rowid AS record, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY pos) - 1 AS pos FROM records"
            )
            connection.execute(
                "UPDATE records SET pos = -1 - places.pos FROM places WHERE places.record = records.rowid"
            )  # (never two rows with one place)
            connection.execute("UPDATE records SET pos = -1 - pos")
            connection.execute("DROP TABLE places")
            renumber_facts(connection)
        connection.execute("DROP INDEX IF EXISTS records_by_document")
        connection.execute("COMMIT")  # the lists are whole: a reader may show them all
        self.search.records_final()
        self.report(Progress("reading", self.size, self.size, tuple(self.counts), self.index))
        connection.execute("BEGIN")
        connection.execute(
            "INSERT OR IGNORE INTO links "
            "SELECT target, relation, record FROM new_links ORDER BY target, relation, record"
        )
        connection.execute("DROP TABLE new_links")
        finish_listing(connection)
        connection.execute("COMMIT")


def check_references(connection: sqlite3.Connection, stop: Callable[[], bool], records: RecordFile) -> None:
    """Report references to records that do not exist, and quotes missing from their source.

    The links of every record are checked in SQL; only records with a broken
    link are decoded again, to say exactly which of their fields is wrong. Then
    each source article is decoded once, and the quotes that the reader set
    aside for it (`new_quotes`, from the records it held) are looked for in it;
    only a record with a quote not found is decoded again, to name the field.
    Problems come out in the order of KINDS, records in their order, each
    record's references in the order it makes them.
    """
    broken: dict[int, set[tuple[str, int]]] = {}
    for target, relation, record in connection.execute(
        "SELECT l.target, l.relation, l.record FROM links l LEFT JOIN records r ON r.id = l.target "
        "WHERE r.rowid IS NULL OR (l.relation = ? AND r.kind != ?) OR (l.relation IN (?, ?, ?) AND r.kind != ?) "
        "OR (l.relation = ? AND r.kind != ?)",
        (
            Relation.CITES,
            _SOURCE,
            Relation.PARTY,
            Relation.MEMBER,
            Relation.ROLE,
            _ORGANIZATION,
            Relation.SPEAKER,
            _PERSON,
        ),
    ):
        broken.setdefault(record, set()).add((target, relation))
    missing: list[tuple[int, int, int, int, str, Translatable]] = []  # (kind, pos, step, record, path, message)
    for record, targets in broken.items():
        kind, pos, found = _record_at(connection, records, record)
        for step, (target, relation, path, _quote) in enumerate(_references(found)):
            if (target, relation) in targets:
                missing.append((kind, pos, step, record, path, _missing_reference(target, relation)))
    connection.execute("CREATE INDEX temp.new_quotes_by_source ON new_quotes(source)")
    sources = connection.execute("SELECT rowid, id FROM records WHERE kind = ?", (_SOURCE,)).fetchall()
    for source_rowid, source_id in sources:  # one article in memory at a time
        text: str | None = None
        for record, step, quote in connection.execute(
            "SELECT record, step, quote FROM new_quotes WHERE source = ?", (source_id,)
        ):
            if text is None:
                text = cast(Source, _record_at(connection, records, source_rowid)[2]).text
            if quote not in text:
                kind, pos, found = _record_at(connection, records, record)
                path = list(_references(found))[step][2]
                message = said(QUOTE_NOT_FOUND, source=repr(source_id))
                missing.append((kind, pos, step, record, path.replace(".source", ".quote"), message))
        if stop():
            raise IndexBuildCancelled
    connection.execute("DROP TABLE temp.new_quotes")
    missing.sort()
    connection.execute("BEGIN")
    for kind, pos, _step, record, path, message in missing:
        record_id, document = connection.execute(
            "SELECT id, document FROM records WHERE rowid = ?", (record,)
        ).fetchone()
        problem = Problem("warning", KINDS[kind].table, str(document), record_id, path, message)
        connection.execute(_INSERT_PROBLEMS, _problem_row(ProblemRank.BAD_REFERENCE, kind, pos, problem))
    connection.execute("COMMIT")


_MISSING: dict[int, str] = {
    Relation.CITES: N_("source {target} does not exist"),
    Relation.PARTY: N_("party {target} is not an organization of this database"),
    Relation.MEMBER: N_("member {target} is not an organization of this database"),
    Relation.ROLE: N_("organization {target} does not exist"),
    Relation.SPEAKER: N_("speaker {target} is not a person of this database"),
}


def _record_at(connection: sqlite3.Connection, records: RecordFile, rowid: int) -> tuple[int, int, Record]:
    """(kind, pos, record) of a row of `records`."""
    kind, pos, record_id, body, offset, size = connection.execute(
        "SELECT kind, pos, id, body, offset, size FROM records WHERE rowid = ?", (rowid,)
    ).fetchone()
    return kind, pos, records.decode(kind, body, offset, size, record_id)


def _missing_reference(target: str, relation: int) -> Translatable:
    """What `marsad validate` says of a reference to `target` that is broken."""
    return said(_MISSING.get(relation, N_("refers to {target}, which does not exist")), target=repr(target))


def record_links(record: Record) -> Iterator[tuple[str, int, str | None]]:
    """(target id, relation, quote) of every reference a record makes (`_references` without the paths)."""
    for fact in getattr(record, "facts", ()):
        yield fact.source, Relation.CITES, fact.quote
        if fact.ref is not None:
            yield fact.ref, Relation.REFERS, None
        if fact.speaker is not None:
            yield fact.speaker, Relation.SPEAKER, None
    if type(record) is Partnership:
        for party in record.parties:
            yield party, Relation.PARTY, None
    elif type(record) is Association:
        for member in record.members:
            yield member.source, Relation.CITES, member.quote
            yield member.organization, Relation.MEMBER, None
    elif type(record) is Person:
        for role in record.roles:
            yield role.source, Relation.CITES, role.quote
            if role.organization is not None:
                yield role.organization, Relation.ROLE, None


def _references(record: Record) -> Iterable[tuple[str, int, str, str | None]]:
    """(target id, relation, field path, quote to find in the target) of every reference a record makes."""
    for index, fact in enumerate(getattr(record, "facts", ())):
        yield fact.source, Relation.CITES, f"$.facts[{index}].source", fact.quote
        if fact.ref is not None:
            yield fact.ref, Relation.REFERS, f"$.facts[{index}].ref", None
        if fact.speaker is not None:
            yield fact.speaker, Relation.SPEAKER, f"$.facts[{index}].speaker", None
    if type(record) is Partnership:
        for index, party in enumerate(record.parties):
            yield party, Relation.PARTY, f"$.parties[{index}]", None
    elif type(record) is Association:
        for index, member in enumerate(record.members):
            yield member.source, Relation.CITES, f"$.members[{index}].source", member.quote
            yield member.organization, Relation.MEMBER, f"$.members[{index}].organization", None
    elif type(record) is Person:
        for index, role in enumerate(record.roles):
            yield role.source, Relation.CITES, f"$.roles[{index}].source", role.quote
            if role.organization is not None:
                yield role.organization, Relation.ROLE, f"$.roles[{index}].organization", None
    elif type(record) is Source:
        return

"""Build the search tables of an index file from the records as they are read, in bounded memory.

Each record's searched fields are gathered once, from the record the reader
holds (`SearchGatherer.add`), keyed by its row id; their document numbers come
at the end, from one sorted pass over (title, id). Postings of a chunk of
records are gathered in memory, then written as sets to staging tables
(SQLite's temporary database, beside no file of the user's); once every record
is in, the staging rows are merged in order into the final tables, row ids
turned into document numbers. Memory is bounded by the vocabulary plus one
chunk, whatever the number of records. `tui.search.feed` runs a gatherer in a
second process, beside the reading.
"""

from __future__ import annotations

import contextlib
import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pyroaring import BitMap

from tui.data.models import Record
from tui.data.stored import RecordFile
from tui.search import tables
from tui.search.fields import record_fields
from tui.search.normalize import normalized_words
from tui.search.ranking import (
    EXACT_MAX_TOKENS,
    FIELD_NUMBER,
    FUZZY_FLAGS,
    FUZZY_LONG,
    FUZZY_MAX_LETTERS,
    IN_NAME,
    IN_SHORT,
    NAME_FIELDS,
)
from tui.search.tables import (
    LONG_PREFIX_LENGTH,
    META_DOCS,
    META_PHRASE_BLOCK,
    SCRIPT_ARABIC,
    SCRIPT_LATIN,
    SEARCH_TABLE_NAMES,
    SEARCH_TABLES,
    SHORT_PREFIX_LENGTHS,
    pack,
    unpack,
)
from tui.search.terms import deletions, token_terms, trigrams
from tui.search.translit import is_arabic, skeletons

#: records whose postings are gathered in memory before they are written to staging
CHUNK_RECORDS = 16_384
#: records (or merged rows) between two progress reports and stop checks
CHECK_EVERY = 2_048

Progress = Callable[[int, int], None]

_NAME_FIELD_NUMBERS = frozenset(FIELD_NUMBER[name] for name in NAME_FIELDS)

_STAGING = """
CREATE TEMP TABLE search_stage_postings (
    term TEXT NOT NULL, field INTEGER NOT NULL, part INTEGER NOT NULL, docs BLOB NOT NULL
);
CREATE TEMP TABLE search_stage_prefixes (
    prefix TEXT NOT NULL, field INTEGER NOT NULL, part INTEGER NOT NULL, docs BLOB NOT NULL
);
CREATE TEMP TABLE search_stage_phrases (field INTEGER NOT NULL, text TEXT NOT NULL, docs BLOB NOT NULL);
"""
_STAGING_TABLES = ("search_stage_postings", "search_stage_prefixes", "search_stage_phrases")


class IndexBuildCancelled(Exception):
    """The build was asked to stop (its `should_stop` said so)."""


Fields = list[tuple[int, str, str]]
"""A record's searched fields: (field number, text, hidden words), in `record_fields` order."""


def fields_of(record: Record) -> Fields:
    """What search gathers of a record (`tui.search.fields`), as plain values a pipe carries."""
    return [(FIELD_NUMBER[field.name], field.text, field.hidden) for field in record_fields(record)]


def build_search_index(
    connection: sqlite3.Connection,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    records: RecordFile | None = None,
) -> None:
    """Create and fill the search tables from `records` in `connection` (each record decoded once).

    What an index of records made elsewhere (tests, an index rebuilt whole) uses;
    `tui.store.build` gathers the same from the records it reads, as it reads them
    (`SearchGatherer`, in a second process: `tui.search.feed`). One transaction,
    unless the caller already has one open (then it is the caller's to commit).
    `progress(done, total)` is called every CHECK_EVERY records, and `should_stop()`
    as often: when it is true the build raises `IndexBuildCancelled` (and rolls back
    what it began). `records` reads the records kept in the database file.
    """
    began = not connection.in_transaction
    if began:
        connection.execute("BEGIN")
    gatherer = SearchGatherer(connection, should_stop)
    stored = records or RecordFile(None)
    try:
        (total,) = connection.execute("SELECT count(*) FROM records").fetchone()
        done = 0
        for rowid, kind, title, record_id, body, offset, size in connection.execute(
            "SELECT rowid, kind, title, id, body, offset, size FROM records"
        ):
            if done % CHECK_EVERY == 0:
                gatherer.check(progress, done, total)
            gatherer.add(rowid, kind, title, record_id, fields_of(stored.decode(kind, body, offset, size, record_id)))
            done += 1
        gatherer.check(progress, done, total)
        gatherer.write(connection)
        gatherer.check(progress, total, total)
    except BaseException:
        if began:
            connection.rollback()
        raise
    finally:
        gatherer.close()
    if began:
        connection.commit()


def word_keys(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A normalized word's terms, their 3-letter prefixes (every field), their 1-2 letter prefixes (names)."""
    terms = token_terms(word)
    keys = tuple({term[:LONG_PREFIX_LENGTH] for term in terms if len(term) >= LONG_PREFIX_LENGTH})
    name_keys = tuple({term[:length] for term in terms for length in SHORT_PREFIX_LENGTHS})
    return terms, keys, name_keys


@dataclass(frozen=True, slots=True)
class RecordKeys:
    """Every cell of the search tables a record's fields put its document in (what `SearchGatherer.add` posts)."""

    fields: Fields
    terms: set[tuple[str, int, int]]
    """(term, field, part)"""
    prefixes: set[tuple[str, int, int]]
    """(prefix, field, part)"""
    phrases: set[tuple[int, str]]
    """(field, normalized text) of its short fields"""
    flags: dict[str, int]
    """IN_NAME | IN_SHORT of each term, as these fields use it"""


def record_keys(fields: Fields) -> RecordKeys:
    """The cells one record's fields go in: the gatherer's postings of one record, as sets (for an edit)."""
    keys = RecordKeys(fields, set(), set(), set(), {})
    for number, text, hidden in fields:
        words = normalized_words(text)
        hidden_words = hidden.split()
        if not (words or hidden_words):
            continue
        short = len(words) <= EXACT_MAX_TOKENS
        if short and words:
            keys.phrases.add((number, " ".join(words)))
        words = words + hidden_words
        is_name = number in _NAME_FIELD_NUMBERS
        flag = (IN_NAME if is_name else 0) | (IN_SHORT if short else 0)
        for position, word in enumerate(words):
            part = number * 2 + (position > 0)
            field, half = divmod(part, 2)
            terms, prefixes, name_prefixes = word_keys(word)
            for term in terms:
                keys.terms.add((term, field, half))
                keys.flags[term] = keys.flags.get(term, 0) | flag
            for prefix in (*prefixes, *name_prefixes) if is_name else prefixes:
                keys.prefixes.add((prefix, field, half))
    return keys


def _statements(script: str) -> Iterator[str]:
    """The statements of a script (`executescript` would commit the caller's transaction)."""
    for statement in script.split(";\n"):
        if statement.strip():
            yield statement


def document_order(connection: sqlite3.Connection, last_rowid: int = 0) -> array[int]:
    """Each record's document number by row id, up to `last_rowid` at least (-1: no such record): 0, 1, ... in
    (title, id) order."""
    (last,) = connection.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()
    doc_of: array[int] = array("i", [-1]) * (max(last, last_rowid) + 1)
    for doc, (rowid,) in enumerate(connection.execute("SELECT rowid FROM records ORDER BY title, id")):
        doc_of[rowid] = doc
    return doc_of


class SearchGatherer:
    """Gathers the postings of records as they come (keyed by row id), then writes the search tables.

    Postings of a chunk of records are gathered in memory, then written as sets
    to staging tables (SQLite's temporary database of `staging`); once every
    record is in, the staging rows are merged in order, row ids become document
    numbers (known only then: documents are in (title, id) order), and the final
    tables are written. Memory is bounded by the vocabulary plus one chunk.
    """

    def __init__(self, staging: sqlite3.Connection, should_stop: Callable[[], bool] | None = None) -> None:
        self.staging = self.connection = staging
        self.should_stop = should_stop
        self.flags: dict[str, int] = {}
        """the vocabulary: every term, with its IN_NAME / IN_SHORT flags"""
        self.word_entries: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        """word -> (its terms, their 3-letter prefixes, their 1-2 letter prefixes)"""
        self.first_seen: dict[int, tuple[str, str, int, int]] = {}
        """field number -> (title, id, position among the record's fields, row id) where it first occurs
        (the least in document order)"""
        self.forgotten = False
        """Whether a record was taken out after it was added (its row id has no document)."""
        self.least_document: dict[int, int] = {}
        """field number -> the least document of its postings (kept only when a record was taken out)"""
        self.kinds: dict[int, BitMap] = {}
        self.phrase_block = tables.PHRASE_BLOCK
        self.term_id: dict[str, int] = {}
        """the vocabulary in sorted order: term -> its number (once every record is read)"""
        self.chunk_records = 0
        self.last_rowid = 0
        # one chunk: field * 2 + part -> word -> row ids; word -> flags; (field, text) -> row ids
        self.words: list[defaultdict[str, list[int]]] = []
        self.word_flags: dict[str, int] = {}
        self.phrases: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
        self.doc_of: array[int] = array("i")
        for statement in _statements(_STAGING):
            staging.execute(statement)
        self._new_chunk()

    def close(self) -> None:
        for table in _STAGING_TABLES:
            with contextlib.suppress(sqlite3.OperationalError):  # (a failed build: its reads may be open still)
                self.staging.execute(f"DROP TABLE IF EXISTS temp.{table}")

    def check(self, progress: Progress | None, done: int, total: int) -> None:
        self._check_stop()
        if progress is not None:
            progress(done, total)

    # -- reading records ---------------------------------------------------------------

    def add(self, rowid: int, kind: int, title: str, record_id: str, fields: Fields) -> None:
        """Gather one record's fields (`fields_of`)."""
        if self.chunk_records >= CHUNK_RECORDS:
            self._flush()
        self.chunk_records += 1
        self.last_rowid = max(self.last_rowid, rowid)
        documents = self.kinds.get(kind)
        if documents is None:
            documents = self.kinds[kind] = BitMap()
        documents.add(rowid)
        first_seen = self.first_seen
        for position, (number, text, hidden) in enumerate(fields):
            place = (title, record_id, position, rowid)  # (row ids come in order: of two tied, the first stays)
            seen = first_seen.get(number)
            if seen is None or place < seen:
                first_seen[number] = place
            words = normalized_words(text)
            if words or hidden:
                self._add_field(rowid, number, words, hidden.split())

    def forget(self, rowid: int) -> None:
        """A record added before is not in the index after all (a repeated id or key): its postings are dropped
        when row ids become documents; where fields first occur is found again."""
        self.forgotten = True

    def _add_field(self, doc: int, field: int, words: list[str], hidden: list[str]) -> None:
        """Post a field's words, then its hidden words (as words after them); its phrase is its words only.

        Words are posted as they are (one list append each); they become terms and
        prefixes when the chunk is written, once per distinct word of the chunk.
        """
        short = len(words) <= EXACT_MAX_TOKENS
        if short and words:
            self.phrases[(field, " ".join(words))].append(doc)
        if hidden:
            words = words + hidden
        if not words:
            return
        part = field * 2
        self.words[part][words[0]].append(doc)
        if len(words) > 1:
            # a word repeated in a field adds nothing: visit distinct words
            # (a number posted twice is harmless: a set of documents is made of the list)
            rest = self.words[part + 1]
            for word in dict.fromkeys(words[1:]) if len(words) > 2 else words[1:]:
                rest[word].append(doc)
        flag = (IN_NAME if field in _NAME_FIELD_NUMBERS else 0) | (IN_SHORT if short else 0)
        if flag:
            word_flags = self.word_flags
            for word in words:
                word_flags[word] = word_flags.get(word, 0) | flag

    def _entry(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """A word's terms, their 3-letter prefixes, their 1-2 letter prefixes; its terms join the vocabulary."""
        entry = self.word_entries[word] = word_keys(word)
        for term in entry[0]:
            self.flags.setdefault(term, 0)
        return entry

    def _new_chunk(self) -> None:
        self.words = [defaultdict(list) for _ in range(2 * len(FIELD_NUMBER))]
        self.word_flags = {}
        self.phrases = defaultdict(list)

    def _terms_of_chunk(self) -> tuple[list[dict[str, list[int]]], list[dict[str, list[int]]]]:
        """The chunk's postings per part: of terms, and of their prefixes (3 letters; 1-2 too in names)."""
        flags, entries, entry_of = self.flags, self.word_entries, self._entry
        for word, flag in self.word_flags.items():
            for term in (entries.get(word) or entry_of(word))[0]:
                flags[term] |= flag
        postings: list[dict[str, list[int]]] = []
        prefixes: list[dict[str, list[int]]] = []
        for part, words in enumerate(self.words):
            is_name = part // 2 in _NAME_FIELD_NUMBERS
            terms: defaultdict[str, list[int]] = defaultdict(list)
            starts: defaultdict[str, list[int]] = defaultdict(list)
            for word, docs in words.items():
                entry = entries.get(word) or entry_of(word)
                for term in entry[0]:
                    terms[term] += docs
                for key in entry[1]:
                    starts[key] += docs
                if is_name:
                    for key in entry[2]:
                        starts[key] += docs
            postings.append(terms)
            prefixes.append(starts)
        return postings, prefixes

    def _flush(self) -> None:
        """Write the chunk's postings to staging, and start a new chunk."""
        insert = self.staging.executemany
        postings, prefixes = self._terms_of_chunk()
        insert("INSERT INTO temp.search_stage_postings VALUES (?, ?, ?, ?)", _staged(postings))
        insert("INSERT INTO temp.search_stage_prefixes VALUES (?, ?, ?, ?)", _staged(prefixes))
        insert(
            "INSERT INTO temp.search_stage_phrases VALUES (?, ?, ?)",
            ((field, text, pack(docs)) for (field, text), docs in self.phrases.items()),
        )
        self._new_chunk()
        self.chunk_records = 0

    # -- writing the index ---------------------------------------------------------------

    def write(self, connection: sqlite3.Connection) -> None:
        """Create and fill the search tables in `connection`, whose `records` are final (the caller's transaction)."""
        self.prepare(connection, temporary=False)

    def prepare(self, connection: sqlite3.Connection, *, temporary: bool = True) -> None:
        """Merge what was gathered into the search tables, as documents of the final `records` of `connection`.

        `temporary`: into tables of the connection's temporary database (the index
        itself is not written: its builder may be writing it), for `copy_into`.
        """
        self._flush()
        self.word_entries = {}
        self.doc_of = doc_of = document_order(connection, self.last_rowid)
        for statement in _statements(SEARCH_TABLES):
            connection.execute(statement.replace("CREATE TABLE ", "CREATE TEMP TABLE ") if temporary else statement)
        connection.executemany(
            "INSERT INTO search_docs (doc, record) VALUES (?, ?)",
            ((doc, rowid) for rowid, doc in enumerate(doc_of) if doc >= 0),
        )
        self.connection = connection
        self._check_stop()
        self._write_vocabulary()
        self._merge_postings()
        self.term_id = {}
        self._merge_phrases()
        self._write_documents(sum(1 for doc in doc_of if doc >= 0))
        self.close()

    def copy_into(self, connection: sqlite3.Connection) -> None:
        """Copy the tables `prepare` made into the index itself (the caller's transaction)."""
        for statement in _statements(SEARCH_TABLES):
            connection.execute(statement.replace("CREATE TABLE ", "CREATE TABLE main."))
        for table in SEARCH_TABLE_NAMES:
            connection.execute(f"INSERT INTO main.{table} SELECT * FROM temp.{table}")
            connection.execute(f"DROP TABLE temp.{table}")

    def _write_vocabulary(self) -> None:
        """Terms numbered in sorted order, and the keys that find them by part, typo or skeleton."""
        ordered = sorted(self.flags)
        self.term_id = {term: number for number, term in enumerate(ordered)}
        flags = self.flags
        insert = self.connection.executemany
        insert(
            "INSERT INTO search_terms (id, term, flags) VALUES (?, ?, ?)",
            ((n, t, flags[t]) for n, t in enumerate(ordered)),
        )
        by_gram: dict[str, list[int]] = {}
        by_variant: dict[str, list[int]] = {}
        by_skeleton: dict[tuple[int, str], list[int]] = {}
        for number, term in enumerate(ordered):
            for gram in trigrams(term):
                _post(by_gram, gram, number)
            flag = flags[term]
            if FUZZY_LONG <= len(term) <= FUZZY_MAX_LETTERS and flag & FUZZY_FLAGS:
                for variant in deletions(term):
                    _post(by_variant, variant, number)
            if len(term) >= 2 and flag & IN_NAME:  # skeletons are only matched on name fields
                if is_arabic(term):
                    script = SCRIPT_ARABIC
                elif term.isascii():
                    script = SCRIPT_LATIN
                else:
                    continue
                for skeleton in skeletons(term):
                    if len(skeleton) >= 2:
                        _post(by_skeleton, (script, skeleton), number)
        insert("INSERT INTO search_trigrams VALUES (?, ?)", ((g, pack(t)) for g, t in sorted(by_gram.items())))
        insert("INSERT INTO search_deletions VALUES (?, ?)", ((v, pack(t)) for v, t in sorted(by_variant.items())))
        insert(
            "INSERT INTO search_skeletons VALUES (?, ?, ?)",
            ((script, skeleton, pack(t)) for (script, skeleton), t in sorted(by_skeleton.items())),
        )
        self.flags = {}

    def _merge_postings(self) -> None:
        term_id = self.term_id
        rows = self.staging.execute(
            "SELECT term, field, part, docs FROM temp.search_stage_postings ORDER BY term, field, part"
        )
        self.connection.executemany(
            "INSERT INTO search_postings (term, field, part, docs) VALUES (?, ?, ?, ?)",
            ((term_id[term], field, part, docs) for (term, field, part), docs in self._merged(rows, 3)),
        )
        rows = self.staging.execute(
            "SELECT prefix, field, part, docs FROM temp.search_stage_prefixes ORDER BY prefix, field, part"
        )
        self.connection.executemany(
            "INSERT INTO search_prefixes (prefix, field, part, docs) VALUES (?, ?, ?, ?)",
            ((prefix, field, part, docs) for (prefix, field, part), docs in self._merged(rows, 3)),
        )

    def _merge_phrases(self) -> None:
        """Phrases numbered in (field, text) order, each with its documents, and blocks of them."""
        block_size = self.phrase_block
        rows = self.staging.execute("SELECT field, text, docs FROM temp.search_stage_phrases ORDER BY field, text")
        phrases: list[tuple[int, str, int]] = []
        cells: list[tuple[int, bytes]] = []
        block = BitMap()
        for number, ((field, text), docs) in enumerate(self._merged(rows, 2, keep_sets=True)):
            if number % block_size == 0 and number:
                self._write_phrases(phrases, cells, (number // block_size - 1, pack(block)))
                block = BitMap()
            phrases.append((field, text, number))
            cells.append((number, pack(docs)))  # type: ignore[arg-type]
            block |= docs  # type: ignore[arg-type]
        if phrases:
            self._write_phrases(phrases, cells, (phrases[-1][2] // block_size, pack(block)))

    def _write_phrases(
        self, phrases: list[tuple[int, str, int]], cells: list[tuple[int, bytes]], block: tuple[int, bytes]
    ) -> None:
        insert = self.connection.executemany
        insert("INSERT INTO search_phrases (field, text, id) VALUES (?, ?, ?)", phrases)
        insert("INSERT INTO search_phrase_docs (id, docs) VALUES (?, ?)", cells)
        insert("INSERT INTO search_phrase_blocks (block, docs) VALUES (?, ?)", [block])
        phrases.clear()
        cells.clear()

    def _merged(
        self, rows: Iterable[tuple[Any, ...]], key_size: int, *, keep_sets: bool = False
    ) -> Iterator[tuple[tuple[Any, ...], object]]:
        """(key, merged cell) per key of staging rows sorted by key: the union of a key's chunks, as documents.

        `keep_sets`: give the merged set itself rather than its cell.
        """
        field_at = 1 if key_size == 3 else 0  # (term, field, part) or (field, text)
        key: tuple[Any, ...] | None = None
        cells: list[bytes] = []
        for count, row in enumerate(rows):
            if count % CHECK_EVERY == 0:
                self._check_stop()
            row_key = row[:key_size]
            if row_key != key:
                if key is not None:
                    yield key, self._union(cells, keep_sets, key[field_at])
                key, cells = row_key, []
            cells.append(row[key_size])
        if key is not None:
            yield key, self._union(cells, keep_sets, key[field_at])

    def _union(self, cells: list[bytes], keep_set: bool, field: int | None = None) -> object:
        """The documents of the row ids of some cells: a set, or (not `keep_set`) its cell."""
        rowids = unpack(cells[0]) if len(cells) == 1 else BitMap.union(*map(unpack, cells))
        found = map(self.doc_of.__getitem__, rowids)
        docs = BitMap(array("I", found if not self.forgotten else (doc for doc in found if doc >= 0)))
        if self.forgotten and docs and field is not None:
            least = self.least_document
            least[field] = min(least.get(field, docs.min()), docs.min())
        return docs if keep_set else pack(docs)

    def _first_place(self, field: int) -> tuple[int, int]:
        """(document, position among its fields) where a field first occurs.

        (When the record where it was first seen was taken out, a rare file's fault, the
        least document of its postings stands in, after the fields of that document.)
        """
        _title, _id, position, rowid = self.first_seen[field]
        doc = self.doc_of[rowid]
        if doc >= 0:
            return doc, position
        return self.least_document.get(field, len(self.doc_of)), 1 << 30

    def _check_stop(self) -> None:
        if self.should_stop is not None and self.should_stop():
            raise IndexBuildCancelled

    def _write_documents(self, total: int) -> None:
        insert = self.connection.executemany
        insert(
            "INSERT INTO search_kinds (kind, docs) VALUES (?, ?)",
            ((k, self._union([pack(rowids)], False)) for k, rowids in sorted(self.kinds.items())),
        )
        order = sorted(self.first_seen, key=self._first_place)
        insert("INSERT INTO search_fields (position, field) VALUES (?, ?)", enumerate(order))
        insert(
            "INSERT INTO search_meta (key, value) VALUES (?, ?)",
            [(META_DOCS, total), (META_PHRASE_BLOCK, self.phrase_block)],
        )


def _post(postings: dict[Any, list[int]], key: object, number: int) -> None:
    """Add a number to the list under `key`; numbers come in increasing order, so a repeat is the last one."""
    numbers = postings.get(key)
    if numbers is None:
        postings[key] = [number]
    elif numbers[-1] != number:
        numbers.append(number)


def _staged(parts: Sequence[Mapping[str, list[int]]]) -> Iterator[tuple[str, int, int, bytes]]:
    for number, postings in enumerate(parts):
        field, part = divmod(number, 2)
        for key, docs in postings.items():
            yield key, field, part, pack(docs)

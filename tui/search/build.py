"""Build the search tables of an index file from its `records` table, in bounded memory.

Records are read in file order (one sequential pass); their document numbers
come from one sorted pass over (title, id). Postings of a chunk of records are
gathered in memory, then written as sets to staging tables (SQLite's temporary
database, beside no file of the user's); once every record is read, the staging
rows are merged in order into the final tables. Memory is bounded by the
vocabulary plus one chunk, whatever the number of records.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from pyroaring import BitMap

from tui.data.kinds import decode_record
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


def build_search_index(
    connection: sqlite3.Connection,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> None:
    """Create and fill the search tables from `records` in `connection`.

    One transaction, unless the caller already has one open (then it is the
    caller's to commit). `progress(done, total)` is called every CHECK_EVERY
    records, and `should_stop()` as often: when it is true the build raises
    `IndexBuildCancelled` (and rolls back what it began).
    """
    began = not connection.in_transaction
    if began:
        connection.execute("BEGIN")
    try:
        _Builder(connection, progress, should_stop).build()
    except BaseException:
        if began:
            connection.rollback()
        raise
    finally:
        for table in _STAGING_TABLES:
            connection.execute(f"DROP TABLE IF EXISTS temp.{table}")
    if began:
        connection.commit()


def _statements(script: str) -> Iterator[str]:
    """The statements of a script (`executescript` would commit the caller's transaction)."""
    for statement in script.split(";\n"):
        if statement.strip():
            yield statement


class _Builder:
    def __init__(
        self, connection: sqlite3.Connection, progress: Progress | None, should_stop: Callable[[], bool] | None
    ) -> None:
        self.connection = connection
        self.progress = progress
        self.should_stop = should_stop
        self.flags: dict[str, int] = {}
        """the vocabulary: every term, with its IN_NAME / IN_SHORT flags"""
        self.word_entries: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        """word -> (its terms, their 3-letter prefixes, their 1-2 letter prefixes)"""
        self.first_seen: dict[int, tuple[int, int]] = {}
        """field number -> (doc, position among the doc's fields) where it first occurs"""
        self.kinds: dict[int, BitMap] = {}
        self.phrase_block = tables.PHRASE_BLOCK
        self.term_id: dict[str, int] = {}
        """the vocabulary in sorted order: term -> its number (once every record is read)"""
        # one chunk: field * 2 + part -> term (or prefix) -> docs; (field, text) -> docs
        self.postings: list[defaultdict[str, list[int]]] = []
        self.prefixes: list[defaultdict[str, list[int]]] = []
        self.phrases: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
        self._new_chunk()

    # -- reading records ---------------------------------------------------------------

    def build(self) -> None:
        connection = self.connection
        for statement in _statements(SEARCH_TABLES):
            connection.execute(statement)
        for statement in _statements(_STAGING):
            connection.execute(statement)
        connection.execute(
            "INSERT INTO search_docs (doc, record) "
            "SELECT row_number() OVER (ORDER BY title, id) - 1, rowid FROM records"
        )
        (total,) = connection.execute("SELECT count(*) FROM records").fetchone()
        (last_rowid,) = connection.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()
        doc_of = array("i", bytes(4 * (last_rowid + 1)))
        for record, doc in connection.execute("SELECT record, doc FROM search_docs"):
            doc_of[record] = doc
        done = 0
        for rowid, kind, body in connection.execute("SELECT rowid, kind, body FROM records"):
            if done % CHECK_EVERY == 0:
                self._check(done, total)
            if done and done % CHUNK_RECORDS == 0:
                self._flush()
            self._add(doc_of[rowid], kind, body)
            done += 1
        del doc_of
        self._flush()
        self.word_entries = {}
        self._check(done, total)
        self._write_vocabulary()
        self._merge_postings()
        self.term_id = {}
        self._merge_phrases()
        self._write_documents(total)
        self._check(total, total)

    def _check(self, done: int, total: int) -> None:
        if self.should_stop is not None and self.should_stop():
            raise IndexBuildCancelled
        if self.progress is not None:
            self.progress(done, total)

    def _add(self, doc: int, kind: int, body: bytes) -> None:
        documents = self.kinds.get(kind)
        if documents is None:
            documents = self.kinds[kind] = BitMap()
        documents.add(doc)
        first_seen = self.first_seen
        for position, field in enumerate(record_fields(decode_record(kind, body))):
            number = FIELD_NUMBER[field.name]
            seen = first_seen.get(number)
            if seen is None or (doc, position) < seen:
                first_seen[number] = (doc, position)
            words = normalized_words(field.text)
            if words or field.hidden:
                self._add_field(doc, number, words, field.hidden.split())

    def _add_field(self, doc: int, field: int, words: list[str], hidden: list[str]) -> None:
        """Post a field's words, then its hidden words (as words after them); its phrase is its words only."""
        short = len(words) <= EXACT_MAX_TOKENS
        if short and words:
            self.phrases[(field, " ".join(words))].append(doc)
        if hidden:
            words = words + hidden
        is_name = field in _NAME_FIELD_NUMBERS
        flag = (IN_NAME if is_name else 0) | (IN_SHORT if short else 0)
        flags = self.flags
        entries = self.word_entries
        # a word repeated in a field adds nothing: visit distinct words, in first-occurrence order
        # (a number posted twice is harmless: a set of documents is made of the list)
        distinct = words if len(words) <= 2 else [words[0], *dict.fromkeys(words[1:])]
        for position, word in enumerate(distinct):
            part = field * 2 + (position > 0)
            postings, prefixes = self.postings[part], self.prefixes[part]
            entry = entries.get(word)
            if entry is None:
                entry = self._entry(word)
            terms, keys, name_keys = entry
            for term in terms:
                postings[term].append(doc)
            for key in keys:
                prefixes[key].append(doc)
            if is_name:
                for key in name_keys:
                    prefixes[key].append(doc)
            if flag:
                for term in terms:
                    flags[term] |= flag

    def _entry(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """A word's terms, their 3-letter prefixes, their 1-2 letter prefixes; its terms join the vocabulary."""
        terms = token_terms(word)
        for term in terms:
            self.flags.setdefault(term, 0)
        keys = tuple({term[:LONG_PREFIX_LENGTH] for term in terms if len(term) >= LONG_PREFIX_LENGTH})
        name_keys = tuple({term[:length] for term in terms for length in SHORT_PREFIX_LENGTHS})
        entry = self.word_entries[word] = (terms, keys, name_keys)
        return entry

    def _new_chunk(self) -> None:
        parts = 2 * len(FIELD_NUMBER)
        self.postings = [defaultdict(list) for _ in range(parts)]
        self.prefixes = [defaultdict(list) for _ in range(parts)]
        self.phrases = defaultdict(list)

    def _flush(self) -> None:
        """Write the chunk's postings to staging, and start a new chunk."""
        insert = self.connection.executemany
        insert("INSERT INTO temp.search_stage_postings VALUES (?, ?, ?, ?)", _staged(self.postings))
        insert("INSERT INTO temp.search_stage_prefixes VALUES (?, ?, ?, ?)", _staged(self.prefixes))
        insert(
            "INSERT INTO temp.search_stage_phrases VALUES (?, ?, ?)",
            ((field, text, pack(docs)) for (field, text), docs in self.phrases.items()),
        )
        self._new_chunk()

    # -- writing the index ---------------------------------------------------------------

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
        rows = self.connection.execute(
            "SELECT term, field, part, docs FROM temp.search_stage_postings ORDER BY term, field, part"
        )
        self.connection.executemany(
            "INSERT INTO search_postings (term, field, part, docs) VALUES (?, ?, ?, ?)",
            ((term_id[term], field, part, docs) for (term, field, part), docs in self._merged(rows, 3)),
        )
        rows = self.connection.execute(
            "SELECT prefix, field, part, docs FROM temp.search_stage_prefixes ORDER BY prefix, field, part"
        )
        self.connection.executemany(
            "INSERT INTO search_prefixes (prefix, field, part, docs) VALUES (?, ?, ?, ?)",
            ((prefix, field, part, docs) for (prefix, field, part), docs in self._merged(rows, 3)),
        )

    def _merge_phrases(self) -> None:
        """Phrases numbered in (field, text) order, each with its documents, and blocks of them."""
        block_size = self.phrase_block
        rows = self.connection.execute("SELECT field, text, docs FROM temp.search_stage_phrases ORDER BY field, text")
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
        """(key, merged cell) per key of staging rows sorted by key: the union of a key's chunks.

        `keep_sets`: give the merged set itself rather than its cell.
        """
        key: tuple[Any, ...] | None = None
        cells: list[bytes] = []
        for count, row in enumerate(rows):
            if count % CHECK_EVERY == 0:
                self._check_stop()
            row_key = row[:key_size]
            if row_key != key:
                if key is not None:
                    yield key, _union(cells, keep_sets)
                key, cells = row_key, []
            cells.append(row[key_size])
        if key is not None:
            yield key, _union(cells, keep_sets)

    def _check_stop(self) -> None:
        if self.should_stop is not None and self.should_stop():
            raise IndexBuildCancelled

    def _write_documents(self, total: int) -> None:
        insert = self.connection.executemany
        insert(
            "INSERT INTO search_kinds (kind, docs) VALUES (?, ?)",
            ((k, pack(docs)) for k, docs in sorted(self.kinds.items())),
        )
        order = sorted(self.first_seen, key=self.first_seen.__getitem__)
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


def _union(cells: list[bytes], keep_set: bool) -> object:
    if len(cells) == 1 and not keep_set:
        return cells[0]
    merged = unpack(cells[0])
    for cell in cells[1:]:
        merged |= unpack(cell)
    return merged if keep_set else pack(merged)

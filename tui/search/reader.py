"""Reads of the search tables: each lookup the query needs is one SQL statement.

Sets of numbers come back as Roaring bitmaps (`tui.search.tables.unpack`);
postings come back merged per (field, part): part 0 holds documents whose field
starts with the term, part 1 those with the term further on.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import partial

import msgspec
from pyroaring import BitMap

from tui.data.kinds import KINDS
from tui.data.models import Record
from tui.data.stored import RecordFile
from tui.search.ranking import FIELD_NAMES
from tui.search.tables import META_DOCS, META_PHRASE_BLOCK, META_SORTED_PHRASES, META_SORTED_TERMS, unpack
from tui.search.terms import MAX_CHAR

#: (field number, part) -> documents
Postings = dict[tuple[int, int], BitMap]


class Document(msgspec.Struct, frozen=True):
    """What a hit says of its record without decoding it."""

    kind: str
    id: str
    title: str


def _json(values: Iterable[object]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _merge(rows: Iterator[tuple[int, int, bytes]]) -> Postings:
    gathered: dict[tuple[int, int], list[BitMap]] = {}
    for field, part, cell in rows:
        gathered.setdefault((field, part), []).append(unpack(cell))
    return {key: sets[0] if len(sets) == 1 else BitMap.union(*sets) for key, sets in gathered.items()}


class IndexReader:
    """The search tables of one connection."""

    def __init__(self, connection: sqlite3.Connection, records: RecordFile | None = None) -> None:
        self._sql = connection
        self._records = records or RecordFile(None)
        self._block: int | None = None
        self.sorted_terms = self._meta(META_SORTED_TERMS)
        """Terms numbered in sorted order (None: all): an edit in place numbers those it adds after them."""
        self.sorted_phrases = self._meta(META_SORTED_PHRASES)
        self.checked_phrases: dict[tuple[str, ...], dict[int, BitMap]] = {}
        """Per form of several words of the search aids, the documents per field that have it in a row
        (`tui.search.words.AidLookup` fills it: the index never changes under a reader)."""

    def _meta(self, key: str) -> int | None:
        row = self._sql.execute("SELECT value FROM search_meta WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else None

    # -- documents -----------------------------------------------------------------------

    def document_count(self) -> int:
        row = self._sql.execute("SELECT value FROM search_meta WHERE key = ?", (META_DOCS,)).fetchone()
        return int(row[0]) if row else 0

    def fields(self) -> list[str]:
        """The fields that occur, in the order they first occur in documents."""
        return [
            FIELD_NAMES[field] for (field,) in self._sql.execute("SELECT field FROM search_fields ORDER BY position")
        ]

    def kind_documents(self, kinds: Collection[str]) -> BitMap:
        numbers = [number for number, kind in enumerate(KINDS) if kind.name in kinds]
        rows = self._sql.execute(
            "SELECT docs FROM search_kinds WHERE kind IN (SELECT value FROM json_each(?))", (_json(numbers),)
        )
        found = BitMap()
        for (cell,) in rows:
            found |= unpack(cell)
        return found

    def document(self, doc: int) -> tuple[Document, Callable[[], Record]]:
        """A document's record: what it says of itself, and how to decode it."""
        kind, record_id, title, body, offset, size = self._sql.execute(
            "SELECT r.kind, r.id, r.title, r.body, r.offset, r.size FROM search_docs d JOIN records r"
            " ON r.rowid = d.record WHERE d.doc = ?",
            (doc,),
        ).fetchone()
        return Document(KINDS[kind].name, record_id, title), partial(
            self._records.decode, kind, body, offset, size, record_id
        )

    def records(self, docs: Collection[int]) -> Iterator[tuple[int, Record]]:
        """(doc, record) of some documents, in document order."""
        rows = self._sql.execute(
            "SELECT d.doc, r.kind, r.body, r.offset, r.size, r.id FROM search_docs d JOIN records r"
            " ON r.rowid = d.record WHERE d.doc IN (SELECT value FROM json_each(?)) ORDER BY d.doc",
            (_json(docs),),
        )
        decode = self._records.decode
        return ((doc, decode(kind, body, offset, size, record_id)) for doc, kind, body, offset, size, record_id in rows)

    # -- the vocabulary ------------------------------------------------------------------

    def term_id(self, term: str) -> int | None:
        row = self._sql.execute("SELECT id FROM search_terms WHERE term = ?", (term,)).fetchone()
        return row[0] if row else None

    def starting_with(self, word: str) -> tuple[int, int] | None:
        """(first, last) ids of the terms numbered in order that start with `word` (itself included), or None
        (`added_starting_with` has the others)."""
        if self.sorted_terms is None:
            first, last = self._sql.execute(
                "SELECT (SELECT id FROM search_terms WHERE term >= ?1 ORDER BY term LIMIT 1),"
                " (SELECT id FROM search_terms WHERE term < ?2 ORDER BY term DESC LIMIT 1)",
                (word, word + MAX_CHAR),
            ).fetchone()
        else:
            first, last = self._sql.execute(
                "SELECT (SELECT id FROM search_terms WHERE term >= ?1 AND id < ?3 ORDER BY term LIMIT 1),"
                " (SELECT id FROM search_terms WHERE term < ?2 AND id < ?3 ORDER BY term DESC LIMIT 1)",
                (word, word + MAX_CHAR, self.sorted_terms),
            ).fetchone()
        if first is None or last is None or first > last:
            return None
        return first, last

    def added_starting_with(self, word: str) -> BitMap:
        """Ids of the terms an edit added (numbered out of order) that start with `word`."""
        if self.sorted_terms is None:
            return BitMap()
        rows = self._sql.execute(
            "SELECT id FROM search_terms WHERE id >= ? AND term >= ? AND term < ?",
            (self.sorted_terms, word, word + MAX_CHAR),
        )
        return BitMap(term for (term,) in rows)

    def terms(self, ids: Iterable[int]) -> Iterator[tuple[int, str, int]]:
        """(id, term, flags) of some term ids."""
        return self._sql.execute(
            "SELECT id, term, flags FROM search_terms WHERE id IN (SELECT value FROM json_each(?))", (_json(ids),)
        )

    def term_ids(self, terms: Collection[str]) -> list[int]:
        rows = self._sql.execute(
            "SELECT id FROM search_terms WHERE term IN (SELECT value FROM json_each(?))", (_json(terms),)
        )
        return [term for (term,) in rows]

    def trigram_sets(self, grams: Collection[str]) -> list[BitMap]:
        rows = self._sql.execute(
            "SELECT terms FROM search_trigrams WHERE gram IN (SELECT value FROM json_each(?))", (_json(grams),)
        )
        return [unpack(cell) for (cell,) in rows]

    def deletion_sets(self, variants: Collection[str]) -> list[BitMap]:
        rows = self._sql.execute(
            "SELECT terms FROM search_deletions WHERE variant IN (SELECT value FROM json_each(?))", (_json(variants),)
        )
        return [unpack(cell) for (cell,) in rows]

    def skeleton_sets(self, script: int, skeleton: str, *, extensions: bool) -> Iterator[tuple[str, BitMap]]:
        """(skeleton, terms) of `skeleton` itself, or (`extensions`) of the longer ones that start with it."""
        if extensions:
            rows = self._sql.execute(
                "SELECT skeleton, terms FROM search_skeletons WHERE script = ? AND skeleton > ? AND skeleton < ?",
                (script, skeleton, skeleton + MAX_CHAR),
            )
        else:
            rows = self._sql.execute(
                "SELECT skeleton, terms FROM search_skeletons WHERE script = ? AND skeleton = ?", (script, skeleton)
            )
        return ((key, unpack(cell)) for key, cell in rows)

    # -- postings ------------------------------------------------------------------------

    def term_postings(self, term: int) -> Postings:
        return _merge(self._sql.execute("SELECT field, part, docs FROM search_postings WHERE term = ?", (term,)))

    def range_postings(self, first: int, last: int) -> Postings:
        """Postings of the terms first..last, merged."""
        return _merge(
            self._sql.execute("SELECT field, part, docs FROM search_postings WHERE term BETWEEN ? AND ?", (first, last))
        )

    def set_postings(self, terms: Iterable[int]) -> Postings:
        """Postings of some terms, merged."""
        return _merge(
            self._sql.execute(
                "SELECT field, part, docs FROM search_postings WHERE term IN (SELECT value FROM json_each(?))",
                (_json(terms),),
            )
        )

    def terms_postings(self, terms: Collection[str]) -> dict[str, Postings]:
        """Postings of each of some terms (as text) that the vocabulary has."""
        found: dict[str, list[tuple[int, int, bytes]]] = {}
        rows = self._sql.execute(
            "SELECT t.term, p.field, p.part, p.docs FROM search_terms t JOIN search_postings p ON p.term = t.id"
            " WHERE t.term IN (SELECT value FROM json_each(?))",
            (_json(terms),),
        )
        for term, field, part, cell in rows:
            found.setdefault(term, []).append((field, part, cell))
        return {term: _merge(iter(cells)) for term, cells in found.items()}

    def prefix_postings(self, prefix: str) -> Postings:
        return _merge(self._sql.execute("SELECT field, part, docs FROM search_prefixes WHERE prefix = ?", (prefix,)))

    # -- phrases -------------------------------------------------------------------------

    def phrase_postings(self, text: str, fields: Collection[int]) -> dict[int, BitMap]:
        """Documents per field whose (normalized, short) field is `text`."""
        rows = self._sql.execute(
            "SELECT p.field, d.docs FROM search_phrases p JOIN search_phrase_docs d ON d.id = p.id"
            " WHERE p.field IN (SELECT value FROM json_each(?)) AND p.text = ?",
            (_json(fields), text),
        )
        return {field: unpack(cell) for field, cell in rows}

    def phrase_ids(self, field: int, low: str, high: str) -> tuple[int, int] | None:
        """(first, last) ids of the phrases of a field in [low, high) numbered in order, or None."""
        sorted_phrases = self.sorted_phrases if self.sorted_phrases is not None else 1 << 62
        first, last = self._sql.execute(
            "SELECT (SELECT id FROM search_phrases WHERE field = ?1 AND text >= ?2 AND id < ?4 ORDER BY text LIMIT 1),"
            " (SELECT id FROM search_phrases WHERE field = ?1 AND text < ?3 AND id < ?4 ORDER BY text DESC LIMIT 1)",
            (field, low, high, sorted_phrases),
        ).fetchone()
        if first is None or last is None or first > last:
            return None
        return first, last

    def phrases_between(self, field: int, low: str, high: str) -> BitMap:
        """The documents of the phrases of a field in [low, high): of those in order, and of those an edit added."""
        found = BitMap()
        ids = self.phrase_ids(field, low, high)
        if ids is not None:
            found |= self.phrase_range_documents(*ids)
        if self.sorted_phrases is not None:
            for (cell,) in self._sql.execute(
                "SELECT d.docs FROM search_phrases p JOIN search_phrase_docs d ON d.id = p.id"
                " WHERE p.field = ? AND p.text >= ? AND p.text < ? AND p.id >= ?",
                (field, low, high, self.sorted_phrases),
            ):
                found |= unpack(cell)
        return found

    def phrase_id(self, field: int, text: str) -> int | None:
        row = self._sql.execute("SELECT id FROM search_phrases WHERE field = ? AND text = ?", (field, text)).fetchone()
        return row[0] if row else None

    def has_phrases(self, field: int) -> bool:
        return (
            self._sql.execute("SELECT 1 FROM search_phrases WHERE field = ? LIMIT 1", (field,)).fetchone() is not None
        )

    def phrase_documents(self, phrase: int) -> BitMap:
        row = self._sql.execute("SELECT docs FROM search_phrase_docs WHERE id = ?", (phrase,)).fetchone()
        return unpack(row[0]) if row else BitMap()  # (an edit took the phrase's last document away)

    def phrase_range_documents(self, first: int, last: int) -> BitMap:
        """The documents of phrases first..last: of their whole blocks, and of the phrases beyond them."""
        block = self._phrase_block()
        first_block, last_block = -(-first // block), (last + 1) // block  # whole blocks: first_block .. last_block - 1
        if first_block >= last_block:
            rows = self._sql.execute("SELECT docs FROM search_phrase_docs WHERE id BETWEEN ? AND ?", (first, last))
        else:
            rows = self._sql.execute(
                "SELECT docs FROM search_phrase_docs WHERE id BETWEEN ?1 AND ?2 - 1 OR id BETWEEN ?3 AND ?4"
                " UNION ALL SELECT docs FROM search_phrase_blocks WHERE block BETWEEN ?5 AND ?6 - 1",
                (first, first_block * block, last_block * block, last, first_block, last_block),
            )
        found = BitMap()
        for (cell,) in rows:
            found |= unpack(cell)
        return found

    def _phrase_block(self) -> int:
        if self._block is None:
            row = self._sql.execute("SELECT value FROM search_meta WHERE key = ?", (META_PHRASE_BLOCK,)).fetchone()
            self._block = int(row[0])
        return self._block

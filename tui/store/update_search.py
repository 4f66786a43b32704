"""The search tables of an index, changed in place for the records an edit changed (`tui.store.update`).

The builder (`tui.search.build`) numbers terms in sorted order and phrases in
(field, text) order, densely, so that the terms that start with a word, and
the phrases of a field in a range, are one range of numbers. A new term or
phrase has no number free between its neighbours, so the first edit of an
index *spaces* the numbers: term n becomes n * spacing (and phrase n too, the
phrase blocks growing by the same factor, so that each block holds the same
phrases). A new term then takes the number halfway between its neighbours;
when two neighbours are 1 apart the numbers are spaced again. What the reader
needs holds throughout: numbers in the order of what they number, each block
the union of its phrases' documents.

A record's postings are worked out as the builder works them out (the same
fields, words, terms, prefixes and phrases: `_Postings.of`); what an edit
changes is the difference between the record's postings before and after, so
a corrected label touches a few cells. A changed record keeps its document
number; a new record takes the next one (it ranks after its ties, where a
rebuild would place it by title). A term's flags only ever gain bits (a term no
longer in any name keeps `IN_NAME`: its typo and transliteration keys stay,
and find nothing more than its postings hold).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyroaring import BitMap

from tui.data.models import Record
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
    PHRASE_BLOCK,
    SCRIPT_ARABIC,
    SCRIPT_LATIN,
    SHORT_PREFIX_LENGTHS,
    pack,
    unpack,
)
from tui.search.terms import deletions, token_terms, trigrams
from tui.search.translit import is_arabic, skeletons

#: how far apart neighbouring term numbers are made (fewer when the vocabulary would pass 2**32 otherwise)
TERM_SPACING = 1 << 16
#: how far apart neighbouring phrase numbers are made (phrase numbers are 64-bit: they are in no set)
PHRASE_SPACING = 1 << 20
#: `search_meta` keys that say the numbers are spaced, and by how much
META_TERM_SPACING = "term spacing"
META_PHRASE_SPACING = "phrase spacing"
_MAX_TERM_ID = (1 << 32) - 1
_NAME_FIELD_NUMBERS = frozenset(FIELD_NUMBER[name] for name in NAME_FIELDS)

Key = tuple[object, ...]


@dataclass
class _Postings:
    """Everything a record puts in the search tables, as the builder puts it."""

    terms: set[tuple[str, int, int]] = field(default_factory=set)
    """(term, field, part): part 0 for the field's first word, 1 for the others."""
    prefixes: set[tuple[str, int, int]] = field(default_factory=set)
    phrases: set[tuple[int, str]] = field(default_factory=set)
    flags: dict[str, int] = field(default_factory=dict)
    """Every term of the record, with the flags its fields give it."""
    fields: list[int] = field(default_factory=list)
    """The record's field numbers, in order."""

    @classmethod
    def of(cls, record: Record) -> _Postings:
        posted = cls()
        for searched in record_fields(record):
            number = FIELD_NUMBER[searched.name]
            posted.fields.append(number)
            words = normalized_words(searched.text)
            if words or searched.hidden:
                posted._add_field(number, words, searched.hidden.split())
        return posted

    def _add_field(self, number: int, words: list[str], hidden: list[str]) -> None:
        """`tui.search.build._Builder._add_field`, for one document."""
        short = len(words) <= EXACT_MAX_TOKENS
        if short and words:
            self.phrases.add((number, " ".join(words)))
        if hidden:
            words = words + hidden
        is_name = number in _NAME_FIELD_NUMBERS
        flag = (IN_NAME if is_name else 0) | (IN_SHORT if short else 0)
        distinct = words if len(words) <= 2 else [words[0], *dict.fromkeys(words[1:])]
        for position, word in enumerate(distinct):
            part = int(position > 0)
            terms = token_terms(word)
            for term in terms:
                self.terms.add((term, number, part))
                self.flags[term] = self.flags.get(term, 0) | flag
                if len(term) >= LONG_PREFIX_LENGTH:
                    self.prefixes.add((term[:LONG_PREFIX_LENGTH], number, part))
                if is_name:
                    for length in SHORT_PREFIX_LENGTHS:
                        self.prefixes.add((term[:length], number, part))


class _Cells:
    """The sets of numbers of one search table, changed key by key (read, changed, written back)."""

    def __init__(self, connection: sqlite3.Connection, table: str, keys: tuple[str, ...], cell: str) -> None:
        self.connection = connection
        where = " AND ".join(f"{key} = ?" for key in keys)
        self._select = f"SELECT {cell} FROM {table} WHERE {where}"
        self._insert = f"INSERT INTO {table} ({', '.join(keys)}, {cell}) VALUES ({', '.join('?' * (len(keys) + 1))})"
        self._update = f"UPDATE {table} SET {cell} = ? WHERE {where}"
        self._delete = f"DELETE FROM {table} WHERE {where}"

    def get(self, key: Key) -> BitMap:
        row = self.connection.execute(self._select, key).fetchone()
        return unpack(row[0]) if row else BitMap()

    def add(self, key: Key, numbers: Iterable[int]) -> None:
        row = self.connection.execute(self._select, key).fetchone()
        if row is None:
            self.connection.execute(self._insert, (*key, pack(BitMap(numbers))))
            return
        found = unpack(row[0])
        size = len(found)
        found.update(BitMap(numbers))
        if len(found) != size:
            self.connection.execute(self._update, (pack(found), *key))

    def discard(self, key: Key, numbers: Iterable[int]) -> bool:
        """Take `numbers` out of the set at `key`; whether the set is empty now (its row is then gone)."""
        row = self.connection.execute(self._select, key).fetchone()
        if row is None:
            return True
        found = unpack(row[0])
        found.difference_update(BitMap(numbers))
        if not found:
            self.connection.execute(self._delete, key)
            return True
        self.connection.execute(self._update, (pack(found), *key))
        return False

    def put(self, key: Key, numbers: BitMap) -> None:
        """The set at `key` is `numbers` (the row goes when it is empty)."""
        self.connection.execute(self._delete, key)
        if numbers:
            self.connection.execute(self._insert, (*key, pack(numbers)))


class SearchTables:
    """The search tables of one index, inside the caller's transaction."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.postings = _Cells(connection, "search_postings", ("term", "field", "part"), "docs")
        self.prefixes = _Cells(connection, "search_prefixes", ("prefix", "field", "part"), "docs")
        self.phrase_docs = _Cells(connection, "search_phrase_docs", ("id",), "docs")
        self.blocks = _Cells(connection, "search_phrase_blocks", ("block",), "docs")
        self.kinds = _Cells(connection, "search_kinds", ("kind",), "docs")
        self.trigrams = _Cells(connection, "search_trigrams", ("gram",), "terms")
        self.deletions = _Cells(connection, "search_deletions", ("variant",), "terms")
        self.skeletons = _Cells(connection, "search_skeletons", ("script", "skeleton"), "terms")
        meta = dict(connection.execute("SELECT key, value FROM search_meta"))
        self.term_spacing = int(meta.get(META_TERM_SPACING) or 0)
        self.phrase_spacing = int(meta.get(META_PHRASE_SPACING) or 0)
        self.block = int(meta.get(META_PHRASE_BLOCK) or PHRASE_BLOCK)
        self._term_ids: dict[str, tuple[int, int]] = {}
        """term -> (number, flags), for the terms looked up or made in this edit."""

    # -- spacing the numbers --------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """Whether the tables are ready for edits (`make_room` has nothing to do)."""
        indexed = self.connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'search_docs_by_record'"
        ).fetchone()
        return bool(self.term_spacing and self.phrase_spacing and indexed)

    def make_room(self) -> None:
        """Space the term and phrase numbers, unless they are (the first edit of an index does this once);
        and find a record's document number by an index (edits look it up)."""
        self.connection.execute("CREATE INDEX IF NOT EXISTS search_docs_by_record ON search_docs(record)")
        if not self.term_spacing:
            self._space_terms()
        if not self.phrase_spacing:
            self._space_phrases()

    def _space_terms(self) -> None:
        connection = self.connection
        old = [number for (number,) in connection.execute("SELECT id FROM search_terms ORDER BY term")]
        spacing = max(2, min(TERM_SPACING, _MAX_TERM_ID // (len(old) + 2)))
        new_of = {number: place * spacing + spacing // 2 for place, number in enumerate(old)}
        _renumber(connection, "search_terms", "id", new_of)
        _renumber(connection, "search_postings", "term", new_of)
        for table, keys in (
            ("search_trigrams", ("gram",)),
            ("search_deletions", ("variant",)),
            ("search_skeletons", ("script", "skeleton")),
        ):
            rows = connection.execute(f"SELECT {', '.join(keys)}, terms FROM {table}").fetchall()
            where = " AND ".join(f"{key} = ?" for key in keys)
            connection.executemany(
                f"UPDATE {table} SET terms = ? WHERE {where}",
                ((pack(BitMap(new_of[number] for number in unpack(row[-1]))), *row[:-1]) for row in rows),
            )
        self.term_spacing = spacing
        self._term_ids.clear()
        _set_meta(connection, META_TERM_SPACING, spacing)

    def _space_phrases(self) -> None:
        connection = self.connection
        old = [number for (number,) in connection.execute("SELECT id FROM search_phrases ORDER BY field, text")]
        spacing = PHRASE_SPACING
        # (half a step from 0: room before the first; phrase n stays in block n // PHRASE_BLOCK)
        new_of = {number: place * spacing + spacing // 2 for place, number in enumerate(old)}
        dense = old == list(range(len(old)))
        _renumber(connection, "search_phrases", "id", new_of)
        _renumber(connection, "search_phrase_docs", "id", new_of)
        block = PHRASE_BLOCK * spacing
        if not dense:  # (numbers made by edits: the blocks are made again, PHRASE_BLOCK phrases each)
            connection.execute("DELETE FROM search_phrase_blocks")
            for start in range(0, len(old), PHRASE_BLOCK):
                union = BitMap()
                for (cell,) in connection.execute(
                    "SELECT docs FROM search_phrase_docs WHERE id BETWEEN ? AND ?",
                    (start * spacing, (start + PHRASE_BLOCK) * spacing - 1),
                ):
                    union |= unpack(cell)
                self.blocks.put((start // PHRASE_BLOCK,), union)
        self.phrase_spacing = spacing
        self.block = block
        _set_meta(connection, META_PHRASE_SPACING, spacing)
        _set_meta(connection, META_PHRASE_BLOCK, block)

    # -- a record's documents ---------------------------------------------------------------

    def new_document(self, rowid: int) -> int:
        """A document number for a new record (the next one)."""
        (last,) = self.connection.execute("SELECT coalesce(max(doc), -1) FROM search_docs").fetchone()
        self.connection.execute("INSERT INTO search_docs (doc, record) VALUES (?, ?)", (last + 1, rowid))
        return int(last + 1)

    def document_of(self, rowid: int) -> int | None:
        row = self.connection.execute("SELECT doc FROM search_docs WHERE record = ?", (rowid,)).fetchone()
        return None if row is None else int(row[0])

    def change(self, doc: int, kind: int, before: Record | None, after: Record | None) -> None:
        """Document `doc` (of kind number `kind`) was `before` and is `after` (None: it is not, or no longer)."""
        old = _Postings.of(before) if before is not None else _Postings()
        new = _Postings.of(after) if after is not None else _Postings()
        if before is None:
            self.kinds.add((kind,), (doc,))
        if after is None:
            self.kinds.discard((kind,), (doc,))
            self.connection.execute("DELETE FROM search_docs WHERE doc = ?", (doc,))
        for term, number, part in old.terms - new.terms:
            found = self._term(term)
            if found is not None:
                self.postings.discard((found[0], number, part), (doc,))
        for key in old.prefixes - new.prefixes:
            self.prefixes.discard(key, (doc,))
        for phrase in old.phrases - new.phrases:
            self._drop_phrase_document(phrase, doc)
        for term, flags in new.flags.items():
            self._make_term(term, flags)
        for term, number, part in new.terms - old.terms:
            found = self._term(term)
            assert found is not None  # (made just above)
            self.postings.add((found[0], number, part), (doc,))
        for key in new.prefixes - old.prefixes:
            self.prefixes.add(key, (doc,))
        for phrase in new.phrases - old.phrases:
            self._add_phrase_document(phrase, doc)
        self._add_fields(new.fields)

    def finish(self) -> None:
        """The number of documents, once every record is in."""
        (count,) = self.connection.execute("SELECT count(*) FROM search_docs").fetchone()
        _set_meta(self.connection, META_DOCS, count)

    def _add_fields(self, numbers: list[int]) -> None:
        """Fields no document had before come after those that did (the builder's order: first occurrence)."""
        known = {number for (number,) in self.connection.execute("SELECT field FROM search_fields")}
        for number in dict.fromkeys(numbers):
            if number not in known:
                self.connection.execute(
                    "INSERT INTO search_fields (position, field) "
                    "VALUES ((SELECT coalesce(max(position), -1) + 1 FROM search_fields), ?)",
                    (number,),
                )
                known.add(number)

    # -- terms -----------------------------------------------------------------------------

    def _term(self, term: str) -> tuple[int, int] | None:
        found = self._term_ids.get(term)
        if found is None:
            row = self.connection.execute("SELECT id, flags FROM search_terms WHERE term = ?", (term,)).fetchone()
            if row is None:
                return None
            found = self._term_ids[term] = (int(row[0]), int(row[1]))
        return found

    def _make_term(self, term: str, flags: int) -> None:
        """Make sure the vocabulary has `term` with at least these flags, and its keys (typos, skeletons)."""
        found = self._term(term)
        if found is None:
            number = self._free_term_number(term)
            self.connection.execute(
                "INSERT INTO search_terms (id, term, flags) VALUES (?, ?, ?)", (number, term, flags)
            )
            self._term_ids[term] = (number, flags)
            for gram in trigrams(term):
                self.trigrams.add((gram,), (number,))
            self._add_term_keys(term, number, 0, flags)
            return
        number, old = found
        if flags & ~old:
            self.connection.execute("UPDATE search_terms SET flags = ? WHERE id = ?", (old | flags, number))
            self._term_ids[term] = (number, old | flags)
            self._add_term_keys(term, number, old, old | flags)

    def _add_term_keys(self, term: str, number: int, old: int, new: int) -> None:
        """The typo and transliteration keys a term gains with flags `new` (it had those of `old`)."""
        fuzzy_sized = FUZZY_LONG <= len(term) <= FUZZY_MAX_LETTERS
        if fuzzy_sized and new & FUZZY_FLAGS and not old & FUZZY_FLAGS:
            for variant in deletions(term):
                self.deletions.add((variant,), (number,))
        if len(term) >= 2 and new & IN_NAME and not old & IN_NAME:
            script = SCRIPT_ARABIC if is_arabic(term) else SCRIPT_LATIN if term.isascii() else None
            if script is not None:
                for found in skeletons(term):
                    if len(found) >= 2:
                        self.skeletons.add((script, found), (number,))

    def _free_term_number(self, term: str) -> int:
        """A number between those of the terms before and after `term` (spacing them again when there is none)."""
        for _attempt in range(2):
            below = self.connection.execute(
                "SELECT id FROM search_terms WHERE term < ? ORDER BY term DESC LIMIT 1", (term,)
            ).fetchone()
            above = self.connection.execute(
                "SELECT id FROM search_terms WHERE term > ? ORDER BY term LIMIT 1", (term,)
            ).fetchone()
            low = int(below[0]) if below else -1
            high = int(above[0]) if above else min(_MAX_TERM_ID + 1, low + 1 + 2 * max(1, self.term_spacing))
            if high - low >= 2:
                return (low + high) // 2
            self._space_terms()
        raise RuntimeError("no room for a new term in the search tables")

    # -- phrases -----------------------------------------------------------------------------

    def _phrase(self, phrase: tuple[int, str]) -> int | None:
        row = self.connection.execute("SELECT id FROM search_phrases WHERE field = ? AND text = ?", phrase).fetchone()
        return None if row is None else int(row[0])

    def _add_phrase_document(self, phrase: tuple[int, str], doc: int) -> None:
        number = self._phrase(phrase)
        if number is None:
            number = self._free_phrase_number(phrase)
            self.connection.execute("INSERT INTO search_phrases (field, text, id) VALUES (?, ?, ?)", (*phrase, number))
        self.phrase_docs.add((number,), (doc,))
        self.blocks.add((number // self.block,), (doc,))

    def _drop_phrase_document(self, phrase: tuple[int, str], doc: int) -> None:
        number = self._phrase(phrase)
        if number is None:
            return
        if self.phrase_docs.discard((number,), (doc,)):
            self.connection.execute("DELETE FROM search_phrases WHERE id = ?", (number,))
        block = number // self.block
        union = BitMap()
        for (cell,) in self.connection.execute(
            "SELECT docs FROM search_phrase_docs WHERE id BETWEEN ? AND ?",
            (block * self.block, (block + 1) * self.block - 1),
        ):
            union |= unpack(cell)
        self.blocks.put((block,), union)

    def _free_phrase_number(self, phrase: tuple[int, str]) -> int:
        for _attempt in range(2):
            below = self.connection.execute(
                "SELECT id FROM search_phrases WHERE (field, text) < (?, ?) ORDER BY field DESC, text DESC LIMIT 1",
                phrase,
            ).fetchone()
            above = self.connection.execute(
                "SELECT id FROM search_phrases WHERE (field, text) > (?, ?) ORDER BY field, text LIMIT 1", phrase
            ).fetchone()
            low = int(below[0]) if below else -1
            high = int(above[0]) if above else low + 1 + 2 * max(1, self.phrase_spacing)
            if high - low >= 2:
                return (low + high) // 2
            self._space_phrases()
        raise RuntimeError("no room for a new phrase in the search tables")


def _renumber(connection: sqlite3.Connection, table: str, column: str, new_of: dict[int, int]) -> None:
    """Give `column` of every row of `table` its new number (through negative numbers: never two rows alike)."""
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS renumbering (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)")
    connection.execute("DELETE FROM temp.renumbering")
    connection.executemany("INSERT INTO temp.renumbering VALUES (?, ?)", new_of.items())
    connection.execute(
        f"UPDATE {table} SET {column} = -1 - (SELECT new FROM temp.renumbering WHERE old = {table}.{column})"
    )
    connection.execute(f"UPDATE {table} SET {column} = -1 - {column}")
    connection.execute("DELETE FROM temp.renumbering")


def _set_meta(connection: sqlite3.Connection, key: str, value: object) -> None:
    connection.execute("INSERT OR REPLACE INTO search_meta (key, value) VALUES (?, ?)", (key, value))

"""Changing the search tables of an index in place: one record's documents out, another's in.

What an edit needs (`tui.store.update`): the postings a record made are found
again from the record itself (its fields, normalized as the build does, with
the same functions: `tui.search.build.record_keys`), and the record's document
number is taken out of each of their cells, or put in. A changed record keeps
its document number; a new one takes the next (it is found like any other, and
ties with it break after the others until the index is built again). A term or
a phrase the index did not have gets the next number, after the sorted ones
(`tui.search.tables.META_SORTED_TERMS`, `META_SORTED_PHRASES`): the reader
looks for those apart (`tui.search.reader`). What a term stops being used for
stays in the vocabulary, leading nowhere. All in the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from pyroaring import BitMap

from tui.data.models import Record
from tui.search.build import RecordKeys, fields_of, record_keys
from tui.search.ranking import FUZZY_FLAGS, FUZZY_LONG, FUZZY_MAX_LETTERS, IN_NAME
from tui.search.tables import (
    META_DOCS,
    META_PHRASE_BLOCK,
    META_SORTED_PHRASES,
    META_SORTED_TERMS,
    SCRIPT_ARABIC,
    SCRIPT_LATIN,
    pack,
    unpack,
)
from tui.search.terms import deletions, trigrams
from tui.search.translit import is_arabic, skeletons


def _meta(connection: sqlite3.Connection, key: str) -> int | None:
    row = connection.execute("SELECT value FROM search_meta WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row is not None else None


def _set_meta(connection: sqlite3.Connection, key: str, value: int) -> None:
    connection.execute("INSERT OR REPLACE INTO search_meta (key, value) VALUES (?, ?)", (key, value))


def _change_cell(
    connection: sqlite3.Connection, table: str, column: str, where: str, key: tuple[object, ...], number: int, add: bool
) -> None:
    """Put `number` in (or take it out of) the set in `column` of the row of `table` at `key`; no row: an empty set."""
    row = connection.execute(f"SELECT {column} FROM {table} WHERE {where}", key).fetchone()
    numbers = unpack(row[0]) if row is not None else BitMap()
    if add:
        numbers.add(number)
    else:
        numbers.discard(number)
    if row is None:
        if numbers:
            marks = ", ".join("?" * (len(key) + 1))
            names = ", ".join(part.split(" ")[0] for part in where.split(" AND ")) + f", {column}"
            connection.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", (*key, pack(numbers)))
    elif numbers:
        connection.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (pack(numbers), *key))
    else:
        connection.execute(f"DELETE FROM {table} WHERE {where}", key)


class SearchEditor:
    """Takes records' documents out of the search tables of one index, or puts them in."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._sql = connection
        self._block = _meta(connection, META_PHRASE_BLOCK) or 1
        (terms,) = connection.execute("SELECT count(*) FROM search_terms").fetchone()
        (phrases,) = connection.execute("SELECT count(*) FROM search_phrases").fetchone()
        if _meta(connection, META_SORTED_TERMS) is None:  # (the first edit: every number so far is in order)
            _set_meta(connection, META_SORTED_TERMS, terms)
            _set_meta(connection, META_SORTED_PHRASES, phrases)
        self._next_term: int = terms
        self._next_phrase: int = phrases
        self._sorted_phrases = _meta(connection, META_SORTED_PHRASES) or 0
        self._documents = _meta(connection, META_DOCS) or 0
        # (made by the first edit: a build has no need of it)
        connection.execute("CREATE INDEX IF NOT EXISTS search_docs_by_record ON search_docs(record)")

    def document_of(self, rowid: int) -> int | None:
        row = self._sql.execute("SELECT doc FROM search_docs WHERE record = ?", (rowid,)).fetchone()
        return row[0] if row is not None else None

    def remove(self, doc: int, kind: int, record: Record) -> None:
        """Take a record's document out of every cell its fields put it in."""
        self._apply(doc, kind, record_keys(fields_of(record)), add=False)

    def add(self, doc: int, kind: int, record: Record) -> None:
        """Put a record's document in every cell its fields call for (terms and phrases new to the index too)."""
        self._apply(doc, kind, record_keys(fields_of(record)), add=True)

    def new_document(self, rowid: int) -> int:
        """The next document number, for a new record (its row id)."""
        (last,) = self._sql.execute("SELECT coalesce(max(doc), -1) FROM search_docs").fetchone()
        self._sql.execute("INSERT INTO search_docs (doc, record) VALUES (?, ?)", (last + 1, rowid))
        self._documents += 1
        return int(last) + 1

    def drop_document(self, doc: int) -> None:
        self._sql.execute("DELETE FROM search_docs WHERE doc = ?", (doc,))
        self._documents -= 1

    def finish(self) -> None:
        """The count of documents, once every record is in."""
        _set_meta(self._sql, META_DOCS, self._documents)

    def note_fields(self, fields: Iterable[int]) -> None:
        sql = self._sql
        known = {field for (field,) in sql.execute("SELECT field FROM search_fields")}
        for field in fields:
            if field not in known:
                (position,) = sql.execute("SELECT coalesce(max(position), -1) + 1 FROM search_fields").fetchone()
                sql.execute("INSERT INTO search_fields (position, field) VALUES (?, ?)", (position, field))
                known.add(field)

    # -- cells ---------------------------------------------------------------------------

    def _apply(self, doc: int, kind: int, keys: RecordKeys, *, add: bool) -> None:
        sql = self._sql
        _change_cell(sql, "search_kinds", "docs", "kind = ?", (kind,), doc, add)
        for term, field, part in keys.terms:
            term_id = self._term_id(term, keys.flags.get(term, 0), create=add)
            if term_id is not None:
                _change_cell(
                    sql,
                    "search_postings",
                    "docs",
                    "term = ? AND field = ? AND part = ?",
                    (term_id, field, part),
                    doc,
                    add,
                )
        for key in keys.prefixes:
            _change_cell(sql, "search_prefixes", "docs", "prefix = ? AND field = ? AND part = ?", key, doc, add)
        for field, text in keys.phrases:
            phrase = self._phrase_id(field, text, create=add)
            if phrase is not None:
                _change_cell(sql, "search_phrase_docs", "docs", "id = ?", (phrase,), doc, add)
                if phrase < self._sorted_phrases:  # (phrases added out of order are read apart, not by blocks)
                    self._mend_block(phrase // self._block)
        if add:
            self.note_fields(number for number, _text, _hidden in keys.fields)

    def _term_id(self, term: str, flags: int, *, create: bool) -> int | None:
        sql = self._sql
        row = sql.execute("SELECT id, flags FROM search_terms WHERE term = ?", (term,)).fetchone()
        if row is None and not create:
            return None
        if row is not None:
            known, had = int(row[0]), int(row[1])
            if not create or flags & ~had == 0:
                return known
            sql.execute("UPDATE search_terms SET flags = ? WHERE id = ?", (had | flags, known))
            self._add_term_keys(known, term, had | flags, had)
            return known
        new = self._next_term
        self._next_term += 1
        sql.execute("INSERT INTO search_terms (id, term, flags) VALUES (?, ?, ?)", (new, term, flags))
        for gram in trigrams(term):
            _change_cell(sql, "search_trigrams", "terms", "gram = ?", (gram,), new, True)
        self._add_term_keys(new, term, flags, 0)
        return new

    def _add_term_keys(self, term_id: int, term: str, flags: int, had: int) -> None:
        """The typo and transliteration keys a term's flags call for, that its former flags did not."""
        sql = self._sql
        fuzzy = FUZZY_LONG <= len(term) <= FUZZY_MAX_LETTERS
        if fuzzy and flags & FUZZY_FLAGS and not had & FUZZY_FLAGS:
            for variant in deletions(term):
                _change_cell(sql, "search_deletions", "terms", "variant = ?", (variant,), term_id, True)
        if len(term) >= 2 and flags & IN_NAME and not had & IN_NAME:
            script = SCRIPT_ARABIC if is_arabic(term) else SCRIPT_LATIN if term.isascii() else None
            if script is not None:
                for key in skeletons(term):
                    if len(key) >= 2:
                        _change_cell(
                            sql,
                            "search_skeletons",
                            "terms",
                            "script = ? AND skeleton = ?",
                            (script, key),
                            term_id,
                            True,
                        )

    def _phrase_id(self, field: int, text: str, *, create: bool) -> int | None:
        sql = self._sql
        row = sql.execute("SELECT id FROM search_phrases WHERE field = ? AND text = ?", (field, text)).fetchone()
        if row is not None:
            return int(row[0])
        if not create:
            return None
        phrase: int = self._next_phrase
        self._next_phrase += 1
        sql.execute("INSERT INTO search_phrases (field, text, id) VALUES (?, ?, ?)", (field, text, phrase))
        return phrase

    def _mend_block(self, block: int) -> None:
        """A block's documents made again from its phrases' (an edit may take a document out of one phrase only)."""
        sql = self._sql
        size = self._block
        found = BitMap()
        for (cell,) in sql.execute(
            "SELECT docs FROM search_phrase_docs WHERE id BETWEEN ? AND ? AND id < ?",
            (block * size, block * size + size - 1, self._sorted_phrases),
        ):
            found |= unpack(cell)
        if found:
            sql.execute("INSERT OR REPLACE INTO search_phrase_blocks (block, docs) VALUES (?, ?)", (block, pack(found)))
        else:
            sql.execute("DELETE FROM search_phrase_blocks WHERE block = ?", (block,))

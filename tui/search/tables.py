"""The search engine's tables in the index file, and how a set of numbers is stored in one cell.

Documents are numbered 0, 1, ... in (title, id) order, so ascending document
numbers are the tie-break order of hits. Terms are numbered in sorted order, so
the terms that start with a word are one range of numbers. Phrases (the
normalized text of a short field) are numbered in (field, text) order, so the
phrases of a field that start with a query are one range too, read in blocks.

Every set of document or term numbers is a Roaring bitmap (`pyroaring`),
serialized in its portable format: compact, read without a copy of the cell,
and intersected or merged in C. `tui.store.schema.INDEX_VERSION` covers these
tables too.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyroaring import BitMap

SEARCH_TABLES = """
CREATE TABLE search_meta (
    key TEXT PRIMARY KEY,
    value ANY
) WITHOUT ROWID;
-- the fields (tui.search.ranking.FIELD_NUMBER) that occur, in the order they first occur in documents
CREATE TABLE search_fields (
    position INTEGER PRIMARY KEY,
    field INTEGER NOT NULL
);
CREATE TABLE search_docs (
    doc INTEGER PRIMARY KEY,        -- 0, 1, ... in (title, id) order
    record INTEGER NOT NULL         -- records.rowid
);
CREATE TABLE search_kinds (
    kind INTEGER PRIMARY KEY,       -- tui.store.schema.KIND_NUMBER
    docs BLOB NOT NULL
);
CREATE TABLE search_terms (
    id INTEGER PRIMARY KEY,         -- 0, 1, ... in sorted term order
    term TEXT NOT NULL UNIQUE,
    flags INTEGER NOT NULL          -- tui.search.ranking.IN_NAME | IN_SHORT
);
-- documents whose field holds a term as its first word (part 0) or as another word (part 1)
CREATE TABLE search_postings (
    term INTEGER NOT NULL,
    field INTEGER NOT NULL,
    part INTEGER NOT NULL,
    docs BLOB NOT NULL,
    PRIMARY KEY (term, field, part)
) WITHOUT ROWID;
-- the same for the first 1 or 2 letters of terms (query words that short search names only),
-- and for the first 3 letters of terms in every field (a 3-letter query word's prefix tier)
CREATE TABLE search_prefixes (
    prefix TEXT NOT NULL,
    field INTEGER NOT NULL,
    part INTEGER NOT NULL,
    docs BLOB NOT NULL,
    PRIMARY KEY (prefix, field, part)
) WITHOUT ROWID;
-- normalized short fields (at most EXACT_MAX_TOKENS words): whole-field and whole-query matches
CREATE TABLE search_phrases (
    field INTEGER NOT NULL,
    text TEXT NOT NULL,
    id INTEGER NOT NULL,            -- 0, 1, ... in (field, text) order
    PRIMARY KEY (field, text)
) WITHOUT ROWID;
CREATE TABLE search_phrase_docs (
    id INTEGER PRIMARY KEY,
    docs BLOB NOT NULL
);
-- the documents of phrases block * PHRASE_BLOCK ... (block + 1) * PHRASE_BLOCK - 1 together:
-- the documents of a range of phrases are those of its whole blocks and of a few phrases at its ends
CREATE TABLE search_phrase_blocks (
    block INTEGER PRIMARY KEY,
    docs BLOB NOT NULL
);
-- term numbers by three-letter part (substrings), by deletion variant (typos), by consonant skeleton
CREATE TABLE search_trigrams (
    gram TEXT PRIMARY KEY,
    terms BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE search_deletions (
    variant TEXT PRIMARY KEY,
    terms BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE search_skeletons (
    script INTEGER NOT NULL,        -- SCRIPT_LATIN or SCRIPT_ARABIC: the script of the terms
    skeleton TEXT NOT NULL,
    terms BLOB NOT NULL,
    PRIMARY KEY (script, skeleton)
) WITHOUT ROWID;
"""

#: the tables above, in the order they are made
SEARCH_TABLE_NAMES = tuple(line.split()[2] for line in SEARCH_TABLES.splitlines() if line.startswith("CREATE TABLE "))

SCRIPT_LATIN = 0
SCRIPT_ARABIC = 1

#: a term's first letters kept for short query words (names only)
SHORT_PREFIX_LENGTHS = (1, 2)
#: a term's first letters kept in every field: the prefix tier of a query word this long is one row
LONG_PREFIX_LENGTH = 3

#: phrases per block (search_phrase_blocks); the build records it in search_meta
PHRASE_BLOCK = 256

#: search_meta keys
META_DOCS = "docs"
META_PHRASE_BLOCK = "phrase block"
#: how many terms, and phrases, are numbered in sorted order (written by the first edit in place, `tui.search.edit`:
#: those it adds are numbered after, out of order; without it, all are in order)
META_SORTED_TERMS = "sorted terms"
META_SORTED_PHRASES = "sorted phrases"


def pack(numbers: Iterable[int] | BitMap) -> bytes:
    """A set of non-negative numbers as a cell."""
    bitmap = numbers if isinstance(numbers, BitMap) else BitMap(numbers)
    bitmap.run_optimize()
    return bitmap.serialize()


def unpack(cell: bytes) -> BitMap:
    """The set of numbers in a cell written by `pack`."""
    return BitMap.deserialize(cell)

"""The index file's tables for records, and how a record is stored in one row.

The index is an SQLite file derived from a database file (the source of truth):
records are kept as the place of their text in the file (or, when reading or an
edit changed them, as encoded blobs: `tui.data.stored`), decoded only when shown,
with the few columns that lists and lookups need beside them; links between records and the problems
found while reading are tables of their own. Panes and the facts table are sliced
(filtered and sorted, `tui.store.slices`) through narrow tables of their own:
`listing` (a record's normalized names, sort keys and counts) and `facts` (every
fact of every record, one row each), filled in the same pass (`tui.store.listing`).
The search engine adds its tables (`tui.search`). INDEX_VERSION changes whenever anything here or there changes
meaning: an index of another version is rebuilt, never read.
"""

from __future__ import annotations

import sqlite3
from enum import IntEnum

INDEX_VERSION = 10  # 5: speakers are references; 6: a bad optional value is left out with a warning, its record kept;
# 7: records point to their text in the file; search built beside the reading; edits applied in place;
# 8: problems kept as messages (tui.i18n.message, JSON), said in the language of the run (on a branch without 7);
# 9: both (an index of either branch's 8 is never read as this one); 10: the search aids kept (search_aids)
#: `PRAGMA application_id` of a Marsad index ("MRSD"): any other SQLite file is not one
APPLICATION_ID = 0x4D525344

RECORDS = """
CREATE TABLE records (
    rowid INTEGER PRIMARY KEY,      -- 1, 2, ... in the order of the file
    id TEXT NOT NULL UNIQUE,
    kind INTEGER NOT NULL,          -- the kind's position in tui.data.kinds.KINDS
    pos INTEGER NOT NULL,           -- 0, 1, ... among the records of its kind, in the order of the file
    title TEXT NOT NULL,            -- names.primary: what a list shows first, and search's tie-break
    ar TEXT,                        -- names.ar and names.latin, for list rows
    latin TEXT,
    body BLOB,                      -- the record, as msgspec encodes it in JSON (tui.data.records.Read.json), or
    document INTEGER NOT NULL,      -- its document id in the file (TinyDB's key)
    offset INTEGER,                 -- NULL, and the record is its text in the file: these bytes
    size INTEGER                    -- (tui.data.stored; the file's bytes are the index's key)
);
CREATE UNIQUE INDEX records_by_kind ON records(kind, pos);  -- list rows (places grow: appending is cheap)
"""

LINKS = """
CREATE TABLE links (
    target TEXT NOT NULL,           -- the id a record points to
    relation INTEGER NOT NULL,      -- Relation
    record INTEGER NOT NULL,        -- records.rowid of the record that points
    PRIMARY KEY (target, relation, record)
) WITHOUT ROWID;
"""

PROBLEMS = """
CREATE TABLE problems (
    rowid INTEGER PRIMARY KEY,
    rank INTEGER NOT NULL,          -- ProblemRank: problems come out in this order...
    kind INTEGER NOT NULL,          -- ...then by table (-1: the file's top level)...
    place INTEGER NOT NULL,         -- ...then by the document's place in its table
    severity TEXT NOT NULL,
    table_name TEXT NOT NULL,
    key TEXT NOT NULL,
    record_id TEXT,
    field TEXT NOT NULL,
    message TEXT NOT NULL           -- a message (tui.i18n.message.to_json), said when shown
);
CREATE INDEX problems_by_document ON problems(kind, key);
"""

LISTING = """
CREATE TABLE listing (
    kind INTEGER NOT NULL,
    record INTEGER NOT NULL,        -- records.rowid: in the order of the file, as pos is
    names TEXT NOT NULL,            -- every name, normalized (tui.search.normalize), one a line: what a filter looks in
    ar_key TEXT,                    -- normalize(names.ar), normalize(names.latin): sort keys (NULL: no such name)
    latin_key TEXT,
    facts INTEGER NOT NULL,         -- how many facts the record states
    links INTEGER NOT NULL,         -- how many other records it is linked with, either way (set once links are in)
    -- the record's place among those of its kind sorted by each key (ties: the order of the file;
    -- no such name: after every name), 0, 1, ...: row n of a whole pane so sorted is one lookup
    ar_rank INTEGER NOT NULL DEFAULT 0,
    latin_rank INTEGER NOT NULL DEFAULT 0,
    facts_rank INTEGER NOT NULL DEFAULT 0,
    links_rank INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, record)
) WITHOUT ROWID;
"""

#: the meta key of an index that an edit in place left with holes in the places of records (`records.pos`) and
#: with ranks no longer kept: its lists are read by counting places, its sorted lists made like filtered ones,
#: until the file is saved (`tui.store.update.mark_saved` settles it)
UNSETTLED = "unsettled"

#: the meta key that counts the times the records kept as places in the file were pointed at a new file (a save):
#: a reader holding the file open reads the new one only when this changes (`tui.store.database.Database`)
FILE_PLACES = "file places"

#: the sort keys of `listing` that have a rank column, and the key each sorts by
RANKED_KEYS: dict[str, str] = {"ar": "ar_key", "latin": "latin_key", "facts": "facts", "links": "links"}

FACTS = """
CREATE TABLE facts (
    rowid INTEGER PRIMARY KEY,      -- 1, 2, ... in the order of records, then of each record's facts
    kind INTEGER NOT NULL,          -- the record's kind
    record INTEGER NOT NULL,        -- records.rowid
    position INTEGER NOT NULL,      -- the fact's place among its record's facts (record.facts[position])
    field INTEGER NOT NULL,         -- fact_names.id of the field, the label, the unit and the source's id
    label INTEGER NOT NULL,         -- (a database has few of them, each in many facts: kept once)
    value TEXT NOT NULL,
    number REAL,
    unit INTEGER,
    qualifier TEXT,
    source INTEGER NOT NULL,
    words TEXT NOT NULL             -- label, value, qualifier and unit, normalized: what a filter looks in
);
CREATE TABLE fact_names (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
-- the kinds of fact (a label, a field) with how many facts and figures (facts with a number)
-- each has among the records of each kind
CREATE TABLE fact_kinds (
    by TEXT NOT NULL,               -- 'label' or 'field'
    name TEXT NOT NULL,
    kind INTEGER NOT NULL,          -- the records' kind
    facts INTEGER NOT NULL,
    figures INTEGER NOT NULL,
    PRIMARY KEY (by, name, kind)
) WITHOUT ROWID;
"""

#: made once the tables are full (inserting in order, then indexing, is faster than keeping indexes up);
#: `listing_by_KEY` is the rank index of each key of RANKED_KEYS (`tui.store.slices` names them)
SLICE_INDEXES = """
CREATE INDEX listing_by_ar ON listing(kind, ar_rank);
CREATE INDEX listing_by_latin ON listing(kind, latin_rank);
CREATE INDEX listing_by_facts ON listing(kind, facts_rank);
CREATE INDEX listing_by_links ON listing(kind, links_rank);
CREATE INDEX facts_by_record ON facts(record);
CREATE INDEX facts_by_label ON facts(label, number, kind, record);
CREATE INDEX facts_by_field ON facts(field, number, kind, record);
CREATE INDEX facts_by_number ON facts(number) WHERE number IS NOT NULL;
"""

META = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
"""


class Relation(IntEnum):
    """How a record points to another (the `links` table)."""

    PARTY = 0  # a partnership -> one of its organizations
    MEMBER = 1  # an association -> a member organization
    ROLE = 2  # a person -> an organization they have a role at
    CITES = 3  # any record -> a source it quotes
    REFERS = 4  # a fact's `ref` -> the record it points to (any kind)
    SPEAKER = 5  # a fact's `speaker` -> the person whose words it quotes


class ProblemRank(IntEnum):
    """The order problems are reported in (`marsad validate`), as the file is read."""

    DUPLICATE_TABLE = 0
    UNKNOWN_TABLE = 1
    DUPLICATE_DOCUMENT = 2  # per table, in the order of KINDS
    BAD_DOCUMENT = 3
    BAD_RECORD = 4
    BAD_REFERENCE = 5


def create_tables(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {INDEX_VERSION}")
    connection.executescript(RECORDS + LINKS + PROBLEMS + LISTING + FACTS + META)


def write_meta(connection: sqlite3.Connection, values: dict[str, object]) -> None:
    connection.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", values.items())


def read_meta(connection: sqlite3.Connection) -> dict[str, object]:
    return dict(connection.execute("SELECT key, value FROM meta"))

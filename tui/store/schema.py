"""The index file's tables for records, and how a record is stored in one row.

The index is an SQLite file derived from a database file (the source of truth):
records are kept as encoded blobs, decoded only when shown, with the few columns
that lists and lookups need beside them. The search engine adds its own tables
(`tui.search`). INDEX_VERSION changes whenever anything here or there changes
meaning: an index of another version is rebuilt, never read.
"""

from __future__ import annotations

import msgspec

from tui.data.kinds import KINDS
from tui.data.models import Record

INDEX_VERSION = 1

RECORDS = """
CREATE TABLE records (
    rowid INTEGER PRIMARY KEY,      -- 1, 2, ... in the order of the file
    id TEXT NOT NULL UNIQUE,
    kind INTEGER NOT NULL,          -- the kind's position in tui.data.kinds.KINDS
    pos INTEGER NOT NULL,           -- 0, 1, ... among the records of its kind, in the order of the file
    title TEXT NOT NULL,            -- names.primary: what a list shows first, and search's tie-break
    ar TEXT,                        -- names.ar and names.latin, for list rows
    latin TEXT,
    body BLOB NOT NULL              -- the record, encoded (encode_record)
);
CREATE UNIQUE INDEX records_by_kind ON records(kind, pos);
"""

KIND_NUMBER: dict[str, int] = {kind.name: number for number, kind in enumerate(KINDS)}

_ENCODER = msgspec.msgpack.Encoder()
_DECODERS = tuple(msgspec.msgpack.Decoder(kind.record_type) for kind in KINDS)


def encode_record(record: Record) -> bytes:
    return _ENCODER.encode(record)


def decode_record(kind: int, body: bytes) -> Record:
    """The record of a `records` row, from its `kind` and `body` columns."""
    return _DECODERS[kind].decode(body)

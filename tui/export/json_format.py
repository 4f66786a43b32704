"""JSON: an array of records as the data format writes them (docs/data-format.md), each with its kind.

Every fact, member and role keeps its quote and the id of its article; a whole
database includes the articles themselves. One record per line, so that `jq`,
`grep` and a diff read it as easily as a program. Rows of the facts table are
objects naming the record and the article beside the fact.
"""

from __future__ import annotations

import msgspec

from tui.data.kinds import kind_of
from tui.data.models import Record
from tui.export.lookups import Lookups
from tui.export.outcome import Sink, Tick, Written
from tui.export.scope import FactScope, Scope, StatedFact
from tui.store.database import Database

_encoder = msgspec.json.Encoder()


def record_json(record: Record) -> str:
    """One record as one line of JSON, its kind first: `{"kind":"organization","id":...}`."""
    body = _encoder.encode(record).decode("utf-8")
    return f'{{"kind":"{kind_of(record)}",{body[1:]}'


def write_json(scope: Scope, database: Database, stream: Sink, tick: Tick) -> Written:
    stream.write("[")
    done = 0
    if isinstance(scope, FactScope):
        lookups = Lookups(database)
        for row in scope.rows():
            stream.write(("\n" if done == 0 else ",\n") + _fact_row_json(row, lookups))
            done += 1
            tick(done)
    else:
        for record in scope.records():
            stream.write(("\n" if done == 0 else ",\n") + record_json(record))
            done += 1
            tick(done)
    stream.write("\n]\n" if done else "]\n")
    return Written(done, "fact" if isinstance(scope, FactScope) else "record")


def _fact_row_json(row: StatedFact, lookups: Lookups) -> str:
    citation = lookups.citation(row.fact.source)
    payload = {
        "record_id": row.record.id,
        "record_kind": kind_of(row.record),
        "record_names": row.record.names,
        "fact": row.fact,
        "source_title": citation.title or None,
        "source_outlet": citation.outlet or None,
    }
    return _encoder.encode(payload).decode("utf-8")

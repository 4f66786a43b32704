"""JSON: a Marsad database (a TinyDB file, docs/data-format.md) holding what is exported, and the articles it cites.

A list, a record or the whole database is written as the data format has it:
an object of tables, each an object of records by their document id, so that
`marsad --db`, `marsad validate` and TinyDB itself open it. Every record keeps its
id and its document id from the database it comes from (parts of a database
exported apart merge back without a clash), every figure is written as the data
has it (`1000000`, not `1000000.0`), and the articles the records quote follow
them in a `sources` table, so that every quote can still be checked. Records a
part only points to (the parties of an exported partnership) are not exported:
their ids stay, and `marsad validate` names them. One record per line, so that
`jq`, `grep` and a diff read it as easily as a program.

The facts table is a table, not records: its rows are written as an array of
objects naming the record and the article beside the fact, in the table's order.
"""

from __future__ import annotations

from typing import Any

import msgspec

from tui.data.kinds import BY_NAME, kind_of
from tui.data.models import Record, Source
from tui.export.lookups import Lookups
from tui.export.outcome import Sink, Tick, Written
from tui.export.scope import FactScope, RecordScope, Scope, StatedFact
from tui.export.statements import cited_sources
from tui.store.database import Database

_encoder = msgspec.json.Encoder()


def record_json(record: Record) -> str:
    """One record as one line of JSON, as the data format writes it: a whole figure is an integer."""
    payload = msgspec.to_builtins(record)
    for fact in payload.get("facts", ()):
        _whole_figure(fact)
    return _encoder.encode(payload).decode("utf-8")


def _whole_figure(fact: dict[str, Any]) -> dict[str, Any]:
    """A fact's `number` as the data writes a whole figure: `1000000`, not `1000000.0` (msgspec's float)."""
    number = fact.get("number")
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        fact["number"] = int(number)
    return fact


def write_json(scope: Scope, database: Database, stream: Sink, tick: Tick) -> Written:
    if isinstance(scope, FactScope):
        return _write_fact_rows(scope, database, stream, tick)
    return _write_database(scope, database, stream, tick)


class _Tables:
    """Writes tables one after the other, each an object of records by document id."""

    def __init__(self, stream: Sink) -> None:
        self.stream = stream
        self.table: str | None = None
        self.written: dict[str, set[str]] = {}
        """Per table, the ids of the records written."""
        self.keys: dict[str, set[str]] = {}

    def add(self, table: str, key: str, record: Record) -> None:
        if table != self.table:
            if table in self.written:  # (a scope gives each kind's records together)
                raise ValueError(f"table {table} given twice")
            self.stream.write(("{\n" if self.table is None else "\n},\n") + _encoder.encode(table).decode() + ": {\n")
            self.table = table
            self.written[table] = set()
            self.keys[table] = set()
        elif self.written[table]:
            self.stream.write(",\n")
        if key in self.keys[table]:  # (never from one database: its document ids are unique per table)
            key = str(max(int(known) for known in self.keys[table]) + 1)
        self.keys[table].add(key)
        self.written[table].add(record.id)
        self.stream.write(f'"{key}": {record_json(record)}')

    def close(self) -> None:
        self.stream.write("{}\n" if self.table is None else "\n}\n}\n")


def _write_database(scope: RecordScope, database: Database, stream: Sink, tick: Tick) -> Written:
    tables = _Tables(stream)
    cited: dict[str, None] = {}
    done = 0
    for record in scope.records():
        tables.add(BY_NAME[kind_of(record)].table, _document_key(database, record.id, done), record)
        cited.update(dict.fromkeys(cited_sources(record)))
        done += 1
        tick(done)
    sources = BY_NAME["source"].table
    for source_id in cited:
        if source_id in tables.written.get(sources, ()):
            continue
        source = database.get(source_id)
        if isinstance(source, Source):
            tables.add(sources, _document_key(database, source_id, 0), source)
    tables.close()
    return Written(done, "record")


def _document_key(database: Database, record_id: str, done: int) -> str:
    document = database.document_of(record_id)
    return str(document if document is not None else done + 1)


def _write_fact_rows(scope: FactScope, database: Database, stream: Sink, tick: Tick) -> Written:
    stream.write("[")
    lookups = Lookups(database)
    done = 0
    for row in scope.rows():
        stream.write(("\n" if done == 0 else ",\n") + _fact_row_json(row, lookups))
        done += 1
        tick(done)
    stream.write("\n]\n" if done else "]\n")
    return Written(done, "fact")


def _fact_row_json(row: StatedFact, lookups: Lookups) -> str:
    citation = lookups.citation(row.fact.source)
    payload: dict[str, Any] = {
        "record_id": row.record.id,
        "record_kind": kind_of(row.record),
        "record_names": row.record.names,
        "fact": _whole_figure(msgspec.to_builtins(row.fact)),
        "source_title": citation.title or None,
        "source_outlet": citation.outlet or None,
    }
    return _encoder.encode(payload).decode("utf-8")

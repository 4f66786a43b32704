"""The five kinds of record, named once: their table in the file, their type, their pane.

Every module that lists the kinds (the loader, the index, the panes, the CLI's
`--type`, labels in search results and the palette) reads them from here, in
this order, which is also the order of the panes and of the tables in a report.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from tui.data.models import Association, Kind, Organization, Partnership, Person, Record, Source


@dataclass(frozen=True, slots=True)
class RecordKind:
    name: Kind
    """As the app and the CLI say it: `organization`."""
    table: str
    """The TinyDB table in the file: `organizations`."""
    record_type: type[Record]
    label: str
    """One record, for people: `Organization`."""
    pane_title: str
    """The pane that lists them: `Organizations`."""
    key: str
    """The key that focuses the pane."""


KINDS: tuple[RecordKind, ...] = (
    RecordKind("organization", "organizations", Organization, "Organization", "Organizations", "1"),
    RecordKind("partnership", "partnerships", Partnership, "Partnership", "Partnerships", "2"),
    RecordKind("association", "associations", Association, "Association", "Association", "3"),
    RecordKind("person", "people", Person, "Person", "People", "4"),
    RecordKind("source", "sources", Source, "Source", "Sources", "5"),
)
KIND_NAMES: tuple[Kind, ...] = tuple(kind.name for kind in KINDS)
BY_NAME: dict[str, RecordKind] = {kind.name: kind for kind in KINDS}
BY_TABLE: dict[str, RecordKind] = {kind.table: kind for kind in KINDS}
BY_TYPE: dict[type, RecordKind] = {kind.record_type: kind for kind in KINDS}
#: a kind's number where records are stored by number (the index's `kind` columns): its place in KINDS
KIND_NUMBER: dict[str, int] = {kind.name: number for number, kind in enumerate(KINDS)}

_DECODERS = tuple(msgspec.json.Decoder(kind.record_type) for kind in KINDS)


def decode_record(kind: int, body: bytes) -> Record:
    """A record from its kind's number and its msgspec JSON (an index's `records.body`)."""
    return _DECODERS[kind].decode(body)


def kind_of(record: Record) -> Kind:
    """The kind of a record: `organization` for an `Organization`..."""
    return BY_TYPE[type(record)].name


def label(kind: str) -> str:
    """`Organization` for `organization`."""
    return BY_NAME[kind].label

"""The five kinds of record, named once: their table in the file, their type, their pane.

Every module that lists the kinds (the loader, the index, the panes, the CLI's
`--type`, labels in search results and the palette) reads them from here, in
this order, which is also the order of the panes and of the tables in a report.
"""

from __future__ import annotations

import msgspec

from tui.data.models import Association, Kind, Organization, Partnership, Person, Record, Source
from tui.i18n import N_, _


class RecordKind(msgspec.Struct, frozen=True):
    name: Kind
    """As the app and the CLI say it: `organization`."""
    table: str
    """The TinyDB table in the file: `organizations`."""
    record_type: type[Record]
    label: str
    """One record, for people: `Organization` (a message: `_()` says it in the language spoken)."""
    pane_title: str
    """The pane that lists them: `Organizations` (a message)."""
    key: str
    """The key that focuses the pane."""
    none: str
    """What an empty pane says (a message)."""


KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        "organization",
        "organizations",
        Organization,
        N_("Organization"),
        N_("Organizations"),
        "1",
        N_("No organizations in this database"),
    ),
    RecordKind(
        "partnership",
        "partnerships",
        Partnership,
        N_("Partnership"),
        N_("Partnerships"),
        "2",
        N_("No partnerships in this database"),
    ),
    RecordKind(
        "association",
        "associations",
        Association,
        N_("Association"),
        N_("Association"),
        "3",
        N_("No associations in this database"),
    ),
    RecordKind("person", "people", Person, N_("Person"), N_("People"), "4", N_("No people in this database")),
    RecordKind("source", "sources", Source, N_("Source"), N_("Sources"), "5", N_("No sources in this database")),
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
    """`Organization` for `organization`, in the language spoken."""
    return _(BY_NAME[kind].label)


def pane_title(kind: str) -> str:
    """`Organizations` for `organization`, in the language spoken."""
    return _(BY_NAME[kind].pane_title)

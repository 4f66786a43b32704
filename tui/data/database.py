"""The loaded database: records by kind and id, and the links between them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from tui.data.errors import Problem
from tui.data.models import (
    Association,
    Kind,
    Organization,
    Partnership,
    Person,
    Record,
    Source,
)

KIND_OF: dict[type, Kind] = {
    Organization: "organization",
    Partnership: "partnership",
    Association: "association",
    Person: "person",
    Source: "source",
}

_TABLE_OF: dict[str, str] = {
    "organization": "organizations",
    "partnership": "partnerships",
    "association": "associations",
    "person": "people",
    "source": "sources",
}


class Citation(msgspec.Struct, frozen=True, gc=False):
    """A quote from a source, and the record and fact label that cite it.

    (A struct rather than a dataclass: a big database makes hundreds of
    thousands at load, and a struct is made several times faster.)
    """

    quote: str
    record: Record
    label: str


@dataclass
class Database:
    """Every valid record of one file, plus what was wrong with the others."""

    path: Path
    organizations: dict[str, Organization] = field(default_factory=dict)
    partnerships: dict[str, Partnership] = field(default_factory=dict)
    associations: dict[str, Association] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id: dict[str, Record] = {}
        self._partnerships_of: dict[str, list[Partnership]] = defaultdict(list)
        self._associations_of: dict[str, list[Association]] = defaultdict(list)
        self._people_of: dict[str, list[Person]] = defaultdict(list)
        self._citations: dict[str, list[Citation]] = defaultdict(list)

    # -- building -----------------------------------------------------------
    def add(self, record: Record) -> None:
        record_type = type(record)
        self.table(KIND_OF[record_type])[record.id] = record  # type: ignore[index]
        self._by_id[record.id] = record
        if record_type is Source:
            return
        citations = self._citations
        for fact in record.facts:  # type: ignore[union-attr]
            citations[fact.source].append(Citation(fact.quote, record, fact.label))
        if record_type is Partnership:
            for party in record.parties:  # type: ignore[union-attr]
                self._partnerships_of[party].append(record)  # type: ignore[arg-type]
        elif record_type is Association:
            for member in record.members:  # type: ignore[union-attr]
                self._associations_of[member.organization].append(record)  # type: ignore[arg-type]
                citations[member.source].append(Citation(member.quote, record, member.role))
        elif record_type is Person:
            for role in record.roles:  # type: ignore[union-attr]
                if role.organization:
                    self._people_of[role.organization].append(record)  # type: ignore[arg-type]
                citations[role.source].append(Citation(role.quote, record, role.title))

    # -- reading ------------------------------------------------------------
    def table(self, kind: Kind) -> dict[str, Record]:
        return getattr(self, _TABLE_OF[kind])

    def get(self, record_id: str) -> Record | None:
        return self._by_id.get(record_id)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def all_records(self) -> list[Record]:
        return list(self._by_id.values())

    def partnerships_of(self, organization_id: str) -> list[Partnership]:
        return self._partnerships_of.get(organization_id, [])

    def associations_of(self, organization_id: str) -> list[Association]:
        return self._associations_of.get(organization_id, [])

    def people_of(self, organization_id: str) -> list[Person]:
        return list(dict.fromkeys(self._people_of.get(organization_id, [])))

    def citations_of(self, source_id: str) -> list[Citation]:
        """Every quote that a record of this database takes from the source."""
        return self._citations.get(source_id, [])

    def sources_of(self, record: Record) -> list[Source]:
        """The articles behind a record, in the order its facts cite them."""
        if isinstance(record, Source):
            return [record]
        ids: dict[str, None] = {}
        for fact in getattr(record, "facts", ()):
            ids.setdefault(fact.source)
        for member in getattr(record, "members", ()):
            ids.setdefault(member.source)
        for role in getattr(record, "roles", ()):
            ids.setdefault(role.source)
        return [self.sources[i] for i in ids if i in self.sources]


def kind_of(record: Record) -> Kind:
    return KIND_OF[type(record)]

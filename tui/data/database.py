"""The loaded database: records by kind and id, and the links between them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern

import msgspec
from msgspec.structs import force_setattr

from tui.data.errors import Problem
from tui.data.kinds import BY_NAME, BY_TYPE
from tui.data.models import Association, Fact, Kind, Organization, Partnership, Person, Record, Source

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
        self._citing: dict[str, dict[str, None]] = defaultdict(dict)
        """source id -> ids of the records that quote it (citations are made on demand)"""

    # -- building -----------------------------------------------------------
    def add(self, record: Record) -> None:
        record_type = type(record)
        self.table(BY_TYPE[record_type].name)[record.id] = record  # type: ignore[index]
        self._by_id[record.id] = record
        if record_type is Source:
            return
        citing = self._citing
        for fact in record.facts:  # type: ignore[union-attr]
            _intern_fact(fact)
            citing[fact.source][record.id] = None
        if record_type is Partnership:
            for party in record.parties:  # type: ignore[union-attr]
                self._partnerships_of[party].append(record)  # type: ignore[arg-type]
        elif record_type is Association:
            for member in record.members:  # type: ignore[union-attr]
                self._associations_of[member.organization].append(record)  # type: ignore[arg-type]
                citing[member.source][record.id] = None
        elif record_type is Person:
            for role in record.roles:  # type: ignore[union-attr]
                if role.organization:
                    self._people_of[role.organization].append(record)  # type: ignore[arg-type]
                citing[role.source][record.id] = None

    # -- reading ------------------------------------------------------------
    def table(self, kind: Kind) -> dict[str, Record]:
        return getattr(self, BY_NAME[kind].table)

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
        """Every quote that a record of this database takes from the source.

        Made when asked (opening a source), not at load: a big database has
        hundreds of thousands of them.
        """
        citations = []
        for record_id in self._citing.get(source_id, ()):
            record = self._by_id[record_id]
            for fact in getattr(record, "facts", ()):
                if fact.source == source_id:
                    citations.append(Citation(fact.quote, record, fact.label))
            for member in getattr(record, "members", ()):
                if member.source == source_id:
                    citations.append(Citation(member.quote, record, member.role))
            for role in getattr(record, "roles", ()):
                if role.source == source_id:
                    citations.append(Citation(role.quote, record, role.title))
        return citations

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


def _intern_fact(fact: Fact) -> None:
    """Share the few distinct labels, field names and source ids between facts.

    A big database repeats them hundreds of thousands of times; decoded, each is
    its own string. (Facts are frozen: `force_setattr` is msgspec's way in.)
    """
    force_setattr(fact, "field", intern(fact.field))
    force_setattr(fact, "label", intern(fact.label))
    force_setattr(fact, "source", intern(fact.source))
    if fact.unit is not None:
        force_setattr(fact, "unit", intern(fact.unit))
    if fact.qualifier is not None:
        force_setattr(fact, "qualifier", intern(fact.qualifier))

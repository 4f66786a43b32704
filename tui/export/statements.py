"""A record's statements, each with the quote and the article behind it, as flat rows.

A fact, an association's member, a person's role and a partnership's party are
all statements about a record; CSV writes one row per statement and
FollowTheMoney one entity. Parties are the only statements without a quote (the
data format gives them none).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from tui.data.models import Association, Fact, Partnership, Person, Record

StatementKind = Literal["fact", "member", "role", "party"]


@dataclass(frozen=True, slots=True)
class Statement:
    """One thing a record's data says, with its evidence."""

    kind: StatementKind
    field: str
    """What it is about: a fact's field (`cost`), or `member`, `role`, `party`."""
    label: str
    """How it is called: a fact's label, a member's role in the association, `Role`, `Party`."""
    value: str
    """What it says: a fact's value, a role's title; for a member or a party, the id of the organization."""
    refers_to: str | None = None
    """The id of the record it points to (a fact's `ref`, the member, the role's organization, the party)."""
    source: str | None = None
    quote: str | None = None
    fact: Fact | None = None
    """The fact, for its number, unit and qualifier."""

    @property
    def speaker(self) -> str | None:
        """The id of the person whose words the quote is (a fact's `speaker`)."""
        return self.fact.speaker if self.fact is not None else None


def statements_of(record: Record) -> Iterator[Statement]:
    """Every statement of a record, in the order of its detail: parties, members, roles, then facts."""
    if isinstance(record, Partnership):
        for party in record.parties:
            yield Statement("party", "party", "Party", party, refers_to=party)
    if isinstance(record, Association):
        for member in record.members:
            yield Statement(
                "member", "member", member.role, member.organization, member.organization, member.source, member.quote
            )
    if isinstance(record, Person):
        for role in record.roles:
            yield Statement("role", "role", "Role", role.title, role.organization, role.source, role.quote)
    for fact in getattr(record, "facts", ()):
        yield fact_statement(fact)


def fact_statement(fact: Fact) -> Statement:
    return Statement("fact", fact.field, fact.label, fact.value, fact.ref, fact.source, fact.quote, fact)


def cited_sources(record: Record) -> list[str]:
    """The ids of the articles a record's statements quote, in the order they first do."""
    ids: dict[str, None] = {}
    for statement in statements_of(record):
        if statement.source is not None:
            ids.setdefault(statement.source)
    return list(ids)

"""Typed records of a Marsad database: what each table holds.

Records are never tracked by the garbage collector (`gc=False`: they hold only
strings, numbers and other records, so they cannot form cycles), and encode without
their default fields (`omit_defaults`, which the loader's fast path relies on).

Every fact carries the id of the source article that states it and the verbatim
quote that supports it; a fact that is something a person said names that
person (`speaker`). References between records use the records' slug ids.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=200)]
NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]


class Names(msgspec.Struct, frozen=True, omit_defaults=True, gc=False):
    """The names of a record: Arabic as written in the article, Latin where it gives one."""

    ar: str | None = None
    latin: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def primary(self) -> str:
        """The name to show first: Arabic when there is one."""
        return self.ar or self.latin or ""

    @property
    def all(self) -> tuple[str, ...]:
        """Every name of the record, primary first, without duplicates."""
        seen: dict[str, None] = {}
        for name in (self.ar, self.latin, *self.aliases):
            if name:
                seen.setdefault(name)
        return tuple(seen)


class Fact(msgspec.Struct, frozen=True, omit_defaults=True, gc=False):
    """One sourced statement: a figure, a role, a commitment, a region, a goal...

    `ref` is a record the fact points to; `speaker` the person (a record of the
    people table) whose words the quote is, when the article quotes someone.
    """

    field: NonEmpty
    label: NonEmpty
    value: NonEmpty
    source: Slug
    quote: NonEmpty
    number: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    ref: Slug | None = None
    speaker: Slug | None = None


class Membership(msgspec.Struct, frozen=True, omit_defaults=True, gc=False):
    """An organization's place in an association, with its source."""

    organization: Slug
    role: NonEmpty
    source: Slug
    quote: NonEmpty


class Role(msgspec.Struct, frozen=True, omit_defaults=True, gc=False):
    """A person's title, at an organization where the article names one."""

    title: NonEmpty
    source: Slug
    quote: NonEmpty
    organization: Slug | None = None


class Organization(msgspec.Struct, frozen=True, omit_defaults=True, gc=False):
    id: Slug
    names: Names
    facts: tuple[Fact, ...] = ()


class Partnership(msgspec.Struct, frozen=True, omit_defaults=True, gc=False):
    id: Slug
    names: Names
    parties: tuple[Slug, ...]
    facts: tuple[Fact, ...] = ()


class Association(msgspec.Struct, frozen=True, omit_defaults=True, gc=False):
    id: Slug
    names: Names
    members: tuple[Membership, ...] = ()
    facts: tuple[Fact, ...] = ()


class Person(msgspec.Struct, frozen=True, omit_defaults=True, gc=False):
    id: Slug
    names: Names
    roles: tuple[Role, ...] = ()
    facts: tuple[Fact, ...] = ()


class Source(msgspec.Struct, frozen=True, omit_defaults=True, gc=False):
    id: Slug
    language: NonEmpty
    text: NonEmpty
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None

    @property
    def names(self) -> Names:
        """Sources are listed by title, or by the start of their text when untitled."""
        if self.title:
            return Names(ar=self.title)
        first_line = self.text.split("\n", 1)[0]
        words = first_line.split()
        if not words:
            return Names(latin=self.id)
        return Names(ar=" ".join(words[:8]) + (" …" if len(words) > 8 else ""))


Record = Organization | Partnership | Association | Person | Source
Kind = Literal["organization", "partnership", "association", "person", "source"]

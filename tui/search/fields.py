"""What of a record search indexes: its names, facts and roles, each a field with a weight.

The index build reads these fields from every record; a hit reads them again
from its own record (decoded when the hit is shown) to say which field matched.
Both must see the same fields in the same order, so they come from here only.

What the detail and the facts table show beside a fact's value is searched with
it as hidden words (found, but not shown in the value): its label ("Care
units", "Founding groups"), its unit ("MAD", "beds") and its normalized
`number` (``1000000`` for "مليون درهم"). A hit found there says which.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

import msgspec

from tui.data.models import Person, Record, Source
from tui.search.normalize import normalize
from tui.search.ranking import FIELD_WEIGHTS


class SearchField(msgspec.Struct, frozen=True):
    """A searched field: its `text` as shown, and `hidden`, normalized words searched after it but not shown.

    `hidden_parts` says what the hidden words are, in their order: (what, as shown),
    `what` one of HIDDEN_KINDS ("label", "unit", "number").
    """

    name: str
    weight: float
    text: str
    hidden: str = ""
    hidden_parts: tuple[tuple[str, str], ...] = ()


#: what a fact's hidden words may be, in the order they are searched
HIDDEN_KINDS = ("label", "unit", "number")


#: facts whose field holds what a record *is*, searched with more weight than other facts
_FACT_FIELDS = {"kind": "kind", "country": "country"}


def _is_acronym(name: str) -> bool:
    letters = name.replace(" ", "")
    return 1 < len(letters) <= 6 and letters.isupper()


def _field(name: str, text: str, hidden: tuple[tuple[str, str], ...] = ()) -> SearchField:
    if not hidden:  # (a name, an alias, a role: most fields)
        return SearchField(name, FIELD_WEIGHTS[name], text)
    parts = tuple((what, shown) for what, shown in hidden if shown)
    words = " ".join(_label_words(shown) if what != "number" else shown for what, shown in parts)
    return SearchField(name, FIELD_WEIGHTS[name], text, words, parts if words else ())


@lru_cache(maxsize=4096)
def _label_words(text: str) -> str:
    """A label or a unit, normalized (a database has few of them, repeated in every record)."""
    return normalize(text)


def number_words(number: float | None) -> str:
    """A fact's number as normalized words: 1000000.0 -> "1000000", 2.5 -> "2 5" (as "2.5" in text)."""
    if number is None or not math.isfinite(number):
        return ""
    if number.is_integer():
        return str(abs(int(number)))
    return normalize(format(Decimal(repr(abs(number))), "f"))


def _record_fields(record: Record) -> Iterator[SearchField]:
    if isinstance(record, Source):  # an untitled source's display name is only its first words
        if record.title:
            yield _field("name", record.title)
        if record.outlet:
            yield _field("kind", record.outlet)
        yield _field("source", record.text)
        return
    names = record.names
    for text in (names.ar, names.latin):
        if text:
            yield _field("acronym" if _is_acronym(text) else "name", text)
    for alias in names.aliases:
        yield _field("acronym" if _is_acronym(alias) else "alias", alias)
    for fact in getattr(record, "facts", ()):
        shown_beside = (("label", fact.label), ("unit", fact.unit or ""), ("number", number_words(fact.number)))
        yield _field(_FACT_FIELDS.get(fact.field, "fact"), fact.value, shown_beside)
    if isinstance(record, Person):
        for role in record.roles:
            yield _field("role", role.title)


def record_fields(record: Record) -> tuple[SearchField, ...]:
    """The searched fields of a record, in a fixed order."""
    return tuple(_record_fields(record))

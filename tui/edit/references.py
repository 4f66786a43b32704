"""The references a stored document makes to other records, and re-pointing them.

Works on documents as TinyDB holds them (plain dicts, possibly wrong: every
access is checked), so that a write can check the references of what it changes
and an edit can move every reference from one id to another (rename, merge)
without decoding a record.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

#: (list field, item field, kind the target must be, the item's quote field or None)
_ITEM_REFERENCES: dict[str, tuple[tuple[str, str | None, str | None], ...]] = {
    "facts": (("source", "source", "quote"), ("ref", None, None), ("speaker", "person", None)),
    "members": (("organization", "organization", None), ("source", "source", "quote")),
    "roles": (("organization", "organization", None), ("source", "source", "quote")),
}
_TABLES_WITH = {
    "facts": ("organizations", "partnerships", "associations", "people"),
    "members": ("associations",),
    "roles": ("people",),
}


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference: where it is in its document, whom it names, what that must be."""

    path: str
    """`$.facts[2].source`"""
    target: str
    kind: str | None
    """The kind the target must be (`source`, `person`, `organization`), or None for any record."""
    quote: str | None
    """For a citation of a source: the words that must occur in its text."""


def references(table: str, document: Any) -> Iterator[Reference]:
    """Every reference `document` (of `table`) makes, in document order; what is malformed is skipped."""
    if not isinstance(document, Mapping):
        return
    if table == "partnerships":
        parties = document.get("parties")
        if isinstance(parties, list):
            for index, party in enumerate(parties):
                if isinstance(party, str):
                    yield Reference(f"$.parties[{index}]", party, "organization", None)
    for list_field in ("members", "roles", "facts"):
        if table not in _TABLES_WITH[list_field]:
            continue
        items = document.get(list_field)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                continue
            for field, kind, quote_field in _ITEM_REFERENCES[list_field]:
                target = item.get(field)
                if isinstance(target, str):
                    quote = item.get(quote_field) if quote_field else None
                    yield Reference(
                        f"$.{list_field}[{index}].{field}", target, kind, quote if isinstance(quote, str) else None
                    )


def refers_to(table: str, document: Any, targets: frozenset[str] | set[str]) -> bool:
    """Whether `document` names any of `targets`."""
    return any(reference.target in targets for reference in references(table, document))


def repointed(table: str, document: Mapping[str, Any], old: str, new: str) -> dict[str, Any]:
    """A copy of `document` with every reference to `old` made to `new` (duplicate parties dropped).

    Only references change: a fact that is the same fact twice after the move stays twice.
    """
    copy = dict(document)
    if table == "partnerships" and isinstance(copy.get("parties"), list):
        parties: list[Any] = []
        for party in copy["parties"]:
            moved = new if party == old else party
            if moved not in parties:
                parties.append(moved)
        copy["parties"] = parties
    for list_field in ("members", "roles", "facts"):
        items = copy.get(list_field)
        if table not in _TABLES_WITH[list_field] or not isinstance(items, list):
            continue
        fields = [field for field, _kind, _quote in _ITEM_REFERENCES[list_field]]
        copy[list_field] = [
            {key: (new if key in fields and value == old else value) for key, value in item.items()}
            if isinstance(item, Mapping)
            else item
            for item in items
        ]
    return copy

"""Edits that correct: a fact's wording and figure, a fact that should not be there, a name, a duplicate record.

A fact's quote and source are never edited: they are the evidence, and new
words are a new citation (`AddFact`). A fact is named by its place in its
record and its quote, so an edit planned on a screen that is out of date (the
facts moved) is refused rather than applied to another fact. Renaming a record's
id and merging two records move every reference to it, in every record.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from tui.data.kinds import BY_NAME, BY_TABLE
from tui.data.models import Fact, Names
from tui.edit.adding import checked, clean_names, one_line, stored_number
from tui.edit.errors import InvalidEdit
from tui.edit.operations import Applied, DatabaseView, DocumentChange, Found
from tui.edit.references import refers_to, repointed
from tui.edit.slugs import SLUG
from tui.edit.wording import name_of, shown

#: what `EditFact` may change; None removes an optional one
EDITABLE = ("label", "value", "number", "unit", "qualifier", "speaker", "ref")
_REQUIRED = ("label", "value")
_RECORD_KINDS = ("organization", "partnership", "association", "person")


def _fact_at(view: DatabaseView, record: str, index: int, quote: str) -> tuple[Found, list[Any]]:
    found = view.require(record, *_RECORD_KINDS)
    facts = found.document.get("facts")
    facts = list(facts) if isinstance(facts, list) else []
    if not 0 <= index < len(facts) or not isinstance(facts[index], Mapping):
        raise InvalidEdit(f"{name_of(found.document)} has no fact {index + 1}")
    if facts[index].get("quote") != quote:
        raise InvalidEdit(f"fact {index + 1} of {name_of(found.document)} is not the one shown (its quote differs)")
    return found, facts


@dataclass(frozen=True, slots=True)
class EditFact:
    """Change what a fact says of its quote: label, value, number, unit, qualifier, speaker, ref."""

    record: str
    index: int
    quote: str
    """The fact's quote, as shown when the edit was asked (the guard against a moved fact)."""
    changes: Mapping[str, Any] = field(default_factory=dict)

    def plan(self, view: DatabaseView) -> Applied:
        for name in self.changes:
            if name in ("quote", "source"):
                raise InvalidEdit(f"a fact's {name} is never edited: cite the new passage as a new fact")
            if name not in EDITABLE:
                raise InvalidEdit(f"{shown(name)} is not something a fact's edit changes ({', '.join(EDITABLE)})")
        found, facts = _fact_at(view, self.record, self.index, self.quote)
        old: Mapping[str, Any] = facts[self.index]
        new = dict(old)
        for name, value in self.changes.items():
            if value is None or value == "":
                if name in _REQUIRED:
                    raise InvalidEdit(f"a fact needs a {name}")
                new.pop(name, None)
            elif name == "number":
                new[name] = stored_number(value)
            elif name == "speaker":
                new[name] = view.require(value, "person", role="person").document["id"]
            elif name == "ref":
                new[name] = view.require(value).document["id"]
            else:
                new[name] = one_line(str(value))
        checked(new, Fact, "the fact")
        what = [
            f"{name} {_said(old.get(name))} → {_said(new.get(name))}"
            for name in EDITABLE
            if old.get(name) != new.get(name)
        ]
        if not what:
            raise InvalidEdit("the fact already says that")
        facts[self.index] = new
        after = dict(found.document) | {"facts": facts}
        return Applied(
            f"Changed fact {self.index + 1} of {name_of(found.document)}: {'; '.join(what)}",
            (DocumentChange(found.table, found.key, found.document, after),),
        )


@dataclass(frozen=True, slots=True)
class DeleteFact:
    """Remove a fact from its record."""

    record: str
    index: int
    quote: str

    def plan(self, view: DatabaseView) -> Applied:
        found, facts = _fact_at(view, self.record, self.index, self.quote)
        gone = facts.pop(self.index)
        after = dict(found.document) | {"facts": facts}
        return Applied(
            f"Deleted fact {self.index + 1} of {name_of(found.document)}: "
            f"{shown(gone.get('label'))} = {shown(gone.get('value'))}",
            (DocumentChange(found.table, found.key, found.document, after),),
        )


@dataclass(frozen=True, slots=True)
class RenameRecord:
    """Give a record other names, another id (every reference to it follows), or both."""

    record: str
    names: Names | None = None
    new_id: str | None = None

    def plan(self, view: DatabaseView) -> Applied:
        found = view.require(self.record)
        before = found.document
        after = dict(before)
        what: list[str] = []
        if self.names is not None:
            if found.kind == "source":
                raise InvalidEdit("a source is named by its title, not by names")
            names = msgspec.to_builtins(clean_names(self.names))
            if names != before.get("names"):
                what.append(f"names {_names_text(before.get('names'))} → {_names_text(names)}")
                after["names"] = names
        changes: list[DocumentChange] = []
        if self.new_id is not None and self.new_id != self.record:
            if not SLUG.match(self.new_id) or len(self.new_id) > 200:
                raise InvalidEdit(f"{shown(self.new_id)} is not an id: use lowercase letters, digits and hyphens")
            if view.is_taken(self.new_id):
                raise InvalidEdit(f"the id {shown(self.new_id)} is already taken")
            after = repointed(found.table, after, self.record, self.new_id) | {"id": self.new_id}
            moved = list(_repointed_elsewhere(view, self.record, self.new_id, skip=found))
            changes.extend(moved)
            follow = f" ({len(moved)} records follow)" if len(moved) > 1 else " (1 record follows)" if moved else ""
            what.append(f"id → {shown(self.new_id)}{follow}")
        if not what:
            raise InvalidEdit("the record already has those names and that id")
        checked(after, BY_TABLE[found.table].record_type, "the record")
        return Applied(
            f"Renamed {name_of(before)}: {'; '.join(what)}",
            (DocumentChange(found.table, found.key, before, after), *changes),
        )


@dataclass(frozen=True, slots=True)
class MergeRecords:
    """Two records are the same entity: keep one, fold the other into it, and point every reference at the one kept.

    The kept record gains the other's names (as aliases), facts, members, roles
    and parties that it does not already have; the other is removed.
    """

    keep: str
    merged: str

    def plan(self, view: DatabaseView) -> Applied:
        if self.keep == self.merged:
            raise InvalidEdit("a record cannot be merged into itself")
        kept = view.require(self.keep)
        gone = view.require(self.merged, kept.kind, role=BY_NAME[kept.kind].label.lower())
        if kept.kind == "source" and gone.document.get("text") != kept.document.get("text"):
            raise InvalidEdit(
                f"sources {shown(self.keep)} and {shown(self.merged)} have different texts: "
                "only copies of one article are merged"
            )
        after = _folded(kept, gone)
        after = repointed(kept.table, after, self.merged, self.keep)
        checked(after, BY_TABLE[kept.table].record_type, "the merged record")
        moved = list(_repointed_elsewhere(view, self.merged, self.keep, skip=kept, also_skip=gone))
        gained = _gained(kept.document, after)
        return Applied(
            f"Merged {name_of(gone.document)} into {name_of(kept.document)}"
            + (f": {gained}" if gained else "")
            + (f"; {_records_now_point(len(moved))} to {shown(self.keep)}" if moved else ""),
            (
                DocumentChange(kept.table, kept.key, kept.document, after),
                DocumentChange(gone.table, gone.key, gone.document, None),
                *moved,
            ),
        )


def _folded(kept: Found, gone: Found) -> dict[str, Any]:
    """The kept record with what the other one adds to it."""
    after = dict(kept.document)
    if kept.kind != "source":
        names = kept.document.get("names") or {}
        other = gone.document.get("names") or {}
        known = {names.get("ar"), names.get("latin"), *(names.get("aliases") or [])}
        extra = [name for name in (other.get("ar"), other.get("latin"), *(other.get("aliases") or [])) if name]
        aliases = list(names.get("aliases") or []) + [name for name in dict.fromkeys(extra) if name not in known]
        after["names"] = {key: value for key, value in (*names.items(), ("aliases", aliases)) if value}
    for list_field in ("parties", "members", "roles", "facts"):
        mine = kept.document.get(list_field)
        theirs = gone.document.get(list_field)
        if isinstance(theirs, list) and theirs:
            combined = list(mine) if isinstance(mine, list) else []
            combined += [item for item in theirs if item not in combined]
            after[list_field] = combined
    return after


def _records_now_point(count: int) -> str:
    return f"{count} records now point" if count > 1 else "1 record now points"


def _gained(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    parts = []
    for list_field, noun in (("facts", "fact"), ("members", "member"), ("roles", "role"), ("parties", "party")):
        count = len(after.get(list_field) or []) - len(before.get(list_field) or [])
        if count > 0:
            parts.append(f"{count} {noun if count == 1 else noun + 's' if noun != 'party' else 'parties'}")
    aliases = len((after.get("names") or {}).get("aliases") or []) - len(
        (before.get("names") or {}).get("aliases") or []
    )
    if aliases > 0:
        parts.append(f"{aliases} name{'s' if aliases > 1 else ''}")
    return ", ".join(parts)


def _repointed_elsewhere(
    view: DatabaseView, old: str, new: str, *, skip: Found, also_skip: Found | None = None
) -> Iterator[DocumentChange]:
    """The other records that name `old`, made to name `new`."""
    skipped = {(skip.table, skip.key)} | ({(also_skip.table, also_skip.key)} if also_skip else set())
    targets = frozenset({old})
    for table in BY_TABLE:
        for key, document in view.documents(table, holding=targets):
            if (table, key) not in skipped and refers_to(table, document, targets):
                yield DocumentChange(table, key, document, repointed(table, document, old, new))


def _said(value: object) -> str:
    return "(none)" if value is None else shown(f"{value:,}" if isinstance(value, int | float) else value)


def _names_text(names: object) -> str:
    if not isinstance(names, Mapping):
        return "(none)"
    return " / ".join(shown(name) for name in (names.get("ar"), names.get("latin")) if name) or "(none)"

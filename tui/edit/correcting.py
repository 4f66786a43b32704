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
from tui.i18n import Nn_, _, ngettext, number

#: what `EditFact` may change; None removes an optional one
EDITABLE = ("label", "value", "number", "unit", "qualifier", "speaker", "ref")
_REQUIRED = ("label", "value")
_RECORD_KINDS = ("organization", "partnership", "association", "person")


def _fact_at(view: DatabaseView, record: str, index: int, quote: str) -> tuple[Found, list[Any]]:
    found = view.require(record, *_RECORD_KINDS)
    facts = found.document.get("facts")
    facts = list(facts) if isinstance(facts, list) else []
    if not 0 <= index < len(facts) or not isinstance(facts[index], Mapping):
        raise InvalidEdit(_("{record} has no fact {number}").format(record=name_of(found.document), number=index + 1))
    if facts[index].get("quote") != quote:
        raise InvalidEdit(
            _("fact {number} of {record} is not the one shown (its quote differs)").format(
                number=index + 1, record=name_of(found.document)
            )
        )
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
                raise InvalidEdit(
                    _("a fact's {field} is never edited: cite the new passage as a new fact").format(field=name)
                )
            if name not in EDITABLE:
                raise InvalidEdit(
                    _("{field} is not something a fact's edit changes ({fields})").format(
                        field=shown(name), fields=", ".join(EDITABLE)
                    )
                )
        found, facts = _fact_at(view, self.record, self.index, self.quote)
        old: Mapping[str, Any] = facts[self.index]
        new = dict(old)
        for name, value in self.changes.items():
            if value is None or value == "":
                if name in _REQUIRED:
                    raise InvalidEdit(_("a fact needs a {field}").format(field=name))
                new.pop(name, None)
            elif name == "number":
                new[name] = stored_number(value)
            elif name == "speaker":
                new[name] = view.require(value, "person", role="person").document["id"]
            elif name == "ref":
                new[name] = view.require(value).document["id"]
            else:
                new[name] = one_line(str(value))
        checked(new, Fact, _("the fact"))
        what = [
            f"{name} {_said(old.get(name))} → {_said(new.get(name))}"
            for name in EDITABLE
            if old.get(name) != new.get(name)
        ]
        if not what:
            raise InvalidEdit(_("the fact already says that"))
        facts[self.index] = new
        after = dict(found.document) | {"facts": facts}
        return Applied(
            _("Changed fact {number} of {record}: {changes}").format(
                number=self.index + 1, record=name_of(found.document), changes=_("; ").join(what)
            ),
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
            _("Deleted fact {number} of {record}: {label} = {value}").format(
                number=self.index + 1,
                record=name_of(found.document),
                label=shown(gone.get("label")),
                value=shown(gone.get("value")),
            ),
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
                raise InvalidEdit(_("a source is named by its title, not by names"))
            names = msgspec.to_builtins(clean_names(self.names))
            if names != before.get("names"):
                what.append(
                    _("names {before} → {after}").format(
                        before=_names_text(before.get("names")), after=_names_text(names)
                    )
                )
                after["names"] = names
        changes: list[DocumentChange] = []
        if self.new_id is not None and self.new_id != self.record:
            if not SLUG.match(self.new_id) or len(self.new_id) > 200:
                raise InvalidEdit(
                    _("{id} is not an id: use lowercase letters, digits and hyphens").format(id=shown(self.new_id))
                )
            if view.is_taken(self.new_id):
                raise InvalidEdit(_("the id {id} is already taken").format(id=shown(self.new_id)))
            after = repointed(found.table, after, self.record, self.new_id) | {"id": self.new_id}
            moved = list(_repointed_elsewhere(view, self.record, self.new_id, skip=found))
            changes.extend(moved)
            if moved:
                follow = ngettext(
                    "id → {id} ({count} record follows)", "id → {id} ({count} records follow)", len(moved)
                )
                what.append(follow.format(id=shown(self.new_id), count=number(len(moved))))
            else:
                what.append(_("id → {id}").format(id=shown(self.new_id)))
        if not what:
            raise InvalidEdit(_("the record already has those names and that id"))
        checked(after, BY_TABLE[found.table].record_type, _("the record"))
        return Applied(
            _("Renamed {record}: {changes}").format(record=name_of(before), changes=_("; ").join(what)),
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
            raise InvalidEdit(_("a record cannot be merged into itself"))
        kept = view.require(self.keep)
        gone = view.require(self.merged, kept.kind, role=BY_NAME[kept.kind].label.lower())
        if kept.kind == "source" and gone.document.get("text") != kept.document.get("text"):
            raise InvalidEdit(
                _("sources {kept} and {merged} have different texts: only copies of one article are merged").format(
                    kept=shown(self.keep), merged=shown(self.merged)
                )
            )
        after = _folded(kept, gone)
        after = repointed(kept.table, after, self.merged, self.keep)
        checked(after, BY_TABLE[kept.table].record_type, _("the merged record"))
        moved = list(_repointed_elsewhere(view, self.merged, self.keep, skip=kept, also_skip=gone))
        gained = _gained(kept.document, after)
        said = _("Merged {merged} into {kept}").format(merged=name_of(gone.document), kept=name_of(kept.document))
        if gained:
            said = _("{merge}: {gained}").format(merge=said, gained=gained)
        if moved:
            said = ngettext(
                "{merge}; {count} record now points to {kept}",
                "{merge}; {count} records now point to {kept}",
                len(moved),
            ).format(merge=said, count=number(len(moved)), kept=shown(self.keep))
        return Applied(
            said,
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


#: what a merge gained, by list: (one, many), messages with {count}
_GAINED = (
    ("facts", Nn_("{count} fact", "{count} facts")),
    ("members", Nn_("{count} member", "{count} members")),
    ("roles", Nn_("{count} role", "{count} roles")),
    ("parties", Nn_("{count} party", "{count} parties")),
)


def _gained(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    parts = []
    for list_field, said in _GAINED:
        count = len(after.get(list_field) or []) - len(before.get(list_field) or [])
        if count > 0:
            parts.append(ngettext(*said, count).format(count=number(count)))
    aliases = len((after.get("names") or {}).get("aliases") or []) - len(
        (before.get("names") or {}).get("aliases") or []
    )
    if aliases > 0:
        parts.append(ngettext("{count} name", "{count} names", aliases).format(count=number(aliases)))
    return _(", ").join(parts)


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
    return _("(none)") if value is None else shown(number(value) if isinstance(value, int | float) else value)


def _names_text(names: object) -> str:
    if not isinstance(names, Mapping):
        return _("(none)")
    return " / ".join(shown(name) for name in (names.get("ar"), names.get("latin")) if name) or _("(none)")

"""Several edits made as one: a new record and the fact cited for it, undone together.

Citing a passage for a record that does not exist yet is two edits (add the
record, add the fact) that the user made with one gesture: `Then` plans the
first, then the next on the database as the first leaves it, the next made
from what the first did (the new record's id), and is one `Applied`: one
write, one line, one undo.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tui.data.models import Kind, Names
from tui.edit.adding import AddRecord
from tui.edit.errors import InvalidEdit
from tui.edit.operations import Applied, DatabaseView, DocumentChange, Operation
from tui.edit.stored import record_id
from tui.i18n import _
from tui.text.direction import reading_direction


@dataclass(frozen=True, slots=True)
class NewRecord:
    """A record to make with an edit that names it: its kind, its name (Arabic or Latin, as written), and a
    partnership's parties."""

    kind: Kind
    name: str
    parties: tuple[str, ...] = ()

    def operation(self) -> AddRecord:
        name = self.name.strip()
        names = Names(ar=name) if reading_direction(name) == "rtl" else Names(latin=name)
        return AddRecord(self.kind, names, parties=self.parties)


Named = str | NewRecord | None
"""A record an edit names: its id, one to make, or none."""


def with_records(named: Sequence[Named], make: Callable[[list[str | None]], Operation]) -> Operation:
    """The edit `make` makes of the ids of `named`, each `NewRecord` made first (one edit, one undo)."""

    def step(done: list[str | None]) -> Operation:
        if len(done) == len(named):
            return make(done)
        value = named[len(done)]
        if isinstance(value, NewRecord):
            return Then(value.operation(), lambda made: step([*done, made]))
        return step([*done, value])

    return step([])


@dataclass(frozen=True, slots=True)
class Then:
    """`first`, then the edit `next_of` makes of the id of the record `first` added (or changed)."""

    first: Operation
    next_of: Callable[[str], Operation]

    def plan(self, view: DatabaseView) -> Applied:
        done = self.first.plan(view)
        made = next((found for change in done.changes if (found := record_id(change.after)) is not None), None)
        if made is None:
            raise InvalidEdit(_("the first edit made no record to go on with"))
        after = _after(view, done)
        following = self.next_of(made).plan(after)
        said = _("; ").join((done.description, following.description))
        return Applied(said, _joined(done.changes, following.changes))


def _after(view: DatabaseView, done: Applied) -> DatabaseView:
    """The database as `view` sees it once `done` is made (the tables it changes copied; the others shared)."""
    tables: dict[str, Any] = dict(view.tables)
    places = dict(view.places) if view.places is not None else None
    for change in done.changes:
        documents = tables[change.table] = dict(tables.get(change.table) or {})
        key = str(change.key)
        before, after = record_id(change.before), record_id(change.after)
        if change.after is None:
            documents.pop(key, None)
        else:
            documents[key] = dict(change.after)
        if places is not None:
            if before is not None and places.get(before) == (change.table, key):
                del places[before]
            if after is not None:
                places.setdefault(after, (change.table, key))
    return DatabaseView(tables, places)


def _joined(first: tuple[DocumentChange, ...], then: tuple[DocumentChange, ...]) -> tuple[DocumentChange, ...]:
    """One change per document: from how it was before the first edit to how the second leaves it."""
    changes: dict[tuple[str, int], DocumentChange] = {}
    for change in (*first, *then):
        place = (change.table, change.key)
        earlier = changes.get(place)
        changes[place] = (
            change if earlier is None else DocumentChange(change.table, change.key, earlier.before, change.after)
        )
    return tuple(change for change in changes.values() if change.before != change.after)

"""Edits as data: each says what it changes, is checked before anything is written, and can be undone.

An operation (`AddSource`, `EditFact`, `MergeRecords`... in `tui.edit.adding` and
`tui.edit.correcting`) is a frozen value. `plan(view)` reads the database as it
is (`DatabaseView`), refuses what cannot be done (`InvalidEdit`, with the
reason), and returns an `Applied`: the documents it changes, before and after,
and one line saying what changed. `apply(db, operation)` plans it and writes its
changes through TinyDB's API, as one write of the storage (`transaction`), so an
edit that changes several records is written whole or not at all. The inverse of
an `Applied` is a `Restore` of the documents as they were; undoing is applying
it, and it refuses when a record it would restore changed since (after a reload).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, Protocol

from tinydb import TinyDB
from tinydb.table import Document

from tui.data.kinds import BY_TABLE
from tui.edit.errors import FileChangedOnDisk, InvalidEdit
from tui.edit.storage import SafeStorage
from tui.edit.stored import StoredDocument, may_hold, needles, plain
from tui.edit.stored import record_id as id_of
from tui.edit.wording import KIND_NOUNS, a, shown
from tui.i18n import _


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """One document of a table, before and after an edit (None: it does not exist)."""

    table: str
    key: int
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


@dataclass(frozen=True, slots=True)
class Applied:
    """What an edit did: its changes and, in one line, what changed."""

    description: str
    changes: tuple[DocumentChange, ...]

    def inverse(self) -> Restore:
        """The edit that puts every changed document back as it was (undo)."""
        return Restore(
            tuple(DocumentChange(c.table, c.key, c.after, c.before) for c in reversed(self.changes)),
            _("Undid: {edit}").format(edit=self.description),
            _("cannot undo {edit}").format(edit=shown(self.description)),
        )

    def again(self) -> Restore:
        """The edit that makes these changes again, once undone (redo)."""
        return Restore(
            self.changes,
            _("Redid: {edit}").format(edit=self.description),
            _("cannot redo {edit}").format(edit=shown(self.description)),
        )


class Operation(Protocol):
    def plan(self, view: DatabaseView) -> Applied:
        """The changes this edit makes to the database seen through `view` (raises `InvalidEdit`)."""
        ...


@dataclass(frozen=True, slots=True)
class Found:
    """A record found by id: its table, document key and document."""

    table: str
    key: int
    document: Mapping[str, Any]

    @property
    def kind(self) -> str:
        return BY_TABLE[self.table].name


class DatabaseView:
    """The records of a database, as the storage holds them, for planning edits (read-only)."""

    def __init__(self, tables: Mapping[str, Any] | None, places: Mapping[str, tuple[str, str]] | None = None) -> None:
        """`places`: where each record is (id -> table and document key), when the caller knows (the storage does)."""
        self.tables: Mapping[str, Any] = tables or {}
        self._places = places
        self._ids: dict[str, Found] | None = None

    @property
    def places(self) -> Mapping[str, tuple[str, str]] | None:
        """Where each record is (id -> table and document key), when the view was given it."""
        return self._places

    def documents(self, table: str, *, holding: Iterable[str] = ()) -> Iterator[tuple[int, Mapping[str, Any]]]:
        """(document key, document) of every usable document of a table (decoded copies: change them freely).

        `holding`: only documents that may hold one of these strings (those that
        certainly do not are passed over without being decoded).
        """
        documents = self.tables.get(table)
        if not isinstance(documents, dict):
            return
        forms = needles(holding)
        for key, document in documents.items():
            if isinstance(document, Mapping) and key.isascii() and key.isdigit():
                if forms and not may_hold(document, forms):
                    continue
                found = plain(document)
                if isinstance(found, dict):
                    yield int(key), found

    def find(self, record_id: str) -> Found | None:
        if self._places is not None:
            place = self._places.get(record_id)
            if place is None:
                return None
            table_name, document_key = place
            return Found(table_name, int(document_key), plain(self.tables[table_name][document_key]))
        if self._ids is None:
            self._ids = {}
            for table in BY_TABLE:
                documents = self.tables.get(table)
                for key, document in documents.items() if isinstance(documents, dict) else ():
                    found_id = id_of(document)
                    if found_id is not None and key.isascii() and key.isdigit():
                        self._ids.setdefault(found_id, Found(table, int(key), plain(document)))
        return self._ids.get(record_id)

    def require(self, record_id: str, *kinds: str, role: str = "record") -> Found:
        """The record `record_id`, which must be of one of `kinds` (any when none): else `InvalidEdit`."""
        found = self.find(record_id)
        if found is None:
            noun = _(KIND_NOUNS[role]) if role in KIND_NOUNS else role
            raise InvalidEdit(
                _("no {kind} with id {record_id} in this database").format(kind=noun, record_id=shown(record_id))
            )
        if kinds and found.kind not in kinds:
            wanted = _(" or ").join(a(kind) for kind in kinds)
            raise InvalidEdit(
                _("{record_id} is {kind}, not {wanted}").format(
                    record_id=shown(record_id), kind=a(found.kind), wanted=wanted
                )
            )
        return found

    def is_taken(self, record_id: str) -> bool:
        return self.find(record_id) is not None

    def next_key(self, table: str) -> int:
        """The document key TinyDB would give a new document of `table`."""
        documents = self.tables.get(table)
        keys = documents if isinstance(documents, dict) else ()
        return max((int(key) for key in keys if key.isascii() and key.isdigit()), default=0) + 1

    def source_text(self, source_id: str) -> str:
        text = self.require(source_id, "source", role="source").document.get("text")
        return text if isinstance(text, str) else ""


@dataclass(frozen=True, slots=True)
class Restore:
    """Put documents back as they were: the inverse of an edit (undo), and of an undo (redo)."""

    changes: tuple[DocumentChange, ...]
    description: str
    refusal: str
    """What a refusal says first: `cannot undo '...'`."""

    def plan(self, view: DatabaseView) -> Applied:
        """The changes, each applied to its document as it is now.

        A document changed since (another edit of this session undone out of
        order, another process's edit after a reload) is merged three ways, as
        `marsad merge` would: the restore goes through when it touches nothing
        that changed since, and is refused when it would undo someone else's change.
        """
        from tui.edit.merge import merge_document  # (the merge quotes data through this package's wording)

        planned: list[DocumentChange] = []
        for change in self.changes:
            documents = view.tables.get(change.table)
            current = plain(documents.get(str(change.key))) if isinstance(documents, dict) else None
            if current == change.before:
                planned.append(change)
                continue
            merged, conflicts = merge_document(change.table, change.before, current, change.after)
            if conflicts:
                raise InvalidEdit(
                    _("{refusal}: {document} changed since ({conflict})").format(
                        refusal=self.refusal, document=f"{change.table}[{change.key}]", conflict=conflicts[0].what
                    )
                )
            planned.append(DocumentChange(change.table, change.key, current, merged))
        return Applied(self.description, tuple(planned))


def apply(db: TinyDB, operation: Operation, *, fresh: bool = False) -> Applied:
    """Plan `operation` and write its changes through TinyDB as one write; what it did.

    `db` must use `tui.edit.storage.SafeStorage`. Without `fresh`, the edit is
    planned on what the session read, and refused if the file changed since
    (the app: its user sees what changed). With `fresh` (the CLI), it is planned
    on the file as it is now, and planned again under the lock if another
    process wrote meanwhile: it never finds the file changed. An edit that
    cannot be made is refused before anything is locked or written.
    """
    storage = db.storage
    if not isinstance(storage, SafeStorage):
        raise TypeError("edits are written through tui.edit.storage.SafeStorage only")
    if fresh:
        storage.reload()
        operation.plan(DatabaseView(storage.read(), storage.places()))
        try:
            return _applied(db, storage, operation, fresh=False)
        except FileChangedOnDisk:
            pass  # (another process wrote since we read: plan again on its file, under the lock)
    return _applied(db, storage, operation, fresh=fresh)


def _applied(db: TinyDB, storage: SafeStorage, operation: Operation, *, fresh: bool) -> Applied:
    with storage.transaction(fresh=fresh):
        applied = _planned(storage, operation)
        _write(db, applied.changes)
    return applied


def stage(db: TinyDB, operation: Operation) -> Applied:
    """Plan `operation` and make it in memory only, checked as a write would check it; what it did.

    The edit is written by the next `SafeStorage.save()`. Refused (`EditRefused`),
    nothing changes, in memory or on disk.
    """
    storage = db.storage
    if not isinstance(storage, SafeStorage):
        raise TypeError("edits are written through tui.edit.storage.SafeStorage only")
    with storage.staging() as staged:
        applied = _planned(storage, operation)
        staged.check(
            (change.table, str(change.key), change.after, id_of(change.before) if change.before is not None else None)
            for change in applied.changes
        )
        _write(db, applied.changes)
    return applied


def _planned(storage: SafeStorage, operation: Operation) -> Applied:
    """The edit planned on the database as the storage holds it, its documents copied (writing changes TinyDB's)."""
    planned = operation.plan(DatabaseView(storage.read(), storage.places()))
    return Applied(
        planned.description,
        tuple(
            DocumentChange(change.table, change.key, _copy(change.before), _copy(change.after))
            for change in planned.changes
        ),
    )


def _copy(document: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if document is None else copy.deepcopy(dict(document))


def _write(db: TinyDB, changes: Iterable[DocumentChange]) -> None:
    """Write the changes through TinyDB, table by table: one call for the documents changed (in place), one for
    those added, one for those removed (each call of TinyDB's costs a pass over its table)."""
    by_table: dict[str, list[DocumentChange]] = {}
    for change in changes:
        by_table.setdefault(change.table, []).append(change)
    storage = db.storage
    for name, table_changes in by_table.items():
        table = db.table(name)
        stored = (storage.read() or {}).get(name) or {}
        replaced = {
            id(stored[str(change.key)]): change.after
            for change in table_changes
            if change.before is not None and change.after is not None and str(change.key) in stored
        }
        if replaced:

            def replace(document: MutableMapping[str, Any], replaced: dict[int, Any] = replaced) -> None:
                after = copy.deepcopy(dict(replaced[id(document)]))
                if isinstance(document, StoredDocument):
                    document.replace(after)  # (whole at once: a save in another thread may be reading it)
                else:  # (a document added by an edit: a save takes its JSON before it reads anything)
                    document.clear()
                    document.update(after)

            table.update(
                replace,
                doc_ids=[
                    change.key for change in table_changes if change.before is not None and change.after is not None
                ],
            )
        removed = [change.key for change in table_changes if change.after is None]
        if removed:
            table.remove(doc_ids=removed)
        new = [
            Document(copy.deepcopy(dict(change.after)), doc_id=change.key)
            for change in table_changes
            if change.before is None and change.after is not None
        ]
        if new:
            table.insert_multiple(new)

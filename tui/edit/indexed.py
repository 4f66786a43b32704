"""What an edit changed, as the index takes it: the records now, and the ids no longer there.

An `Applied` edit says which documents it changed, before and after; the index
(`tui.store.update.apply_to_index`) is given the records the documents hold now,
read as Marsad's reader reads them, and the ids that went (a removed record, or
the old id of a renamed one).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from tui.data.kinds import BY_TABLE
from tui.data.models import Record
from tui.data.records import record_of
from tui.edit.canonical import document_bytes
from tui.edit.operations import Applied


class IndexChanges(NamedTuple):
    """The arguments of `apply_to_index` after the index's path."""

    changed: list[Record]
    """Records changed or added, in order (a record changed twice: as it is last)."""
    removed: list[str]
    """Ids no longer there."""
    documents: dict[str, int]
    """The TinyDB document key of each changed record (a renamed record keeps its document, and its place)."""


def index_changes(edits: Iterable[Applied]) -> IndexChanges:
    """What `edits` changed, as the index takes it."""
    changed: dict[str, Record] = {}
    removed: dict[str, None] = {}
    documents: dict[str, int] = {}
    for applied in edits:
        for change in applied.changes:
            kind = BY_TABLE.get(change.table)
            if kind is None:
                continue  # (a table Marsad does not read: not in the index)
            before_id = change.before.get("id") if change.before is not None else None
            record = None
            if change.after is not None:
                text = document_bytes(change.after).decode("utf-8", "surrogatepass")
                record = record_of(kind, str(change.key), dict(change.after), text, strict=True).record
            if isinstance(before_id, str) and (record is None or record.id != before_id):
                changed.pop(before_id, None)
                removed[before_id] = None
            if record is not None:
                removed.pop(record.id, None)
                changed[record.id] = record
                documents[record.id] = int(change.key)
    return IndexChanges(list(changed.values()), list(removed), documents)

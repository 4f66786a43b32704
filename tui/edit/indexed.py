"""What an edit changed, as the index takes it: the records now, and the ids no longer there.

An `Applied` edit says which documents it changed, before and after; the index
(`tui.store.update.apply_to_index`) is given the records the documents hold now,
read as Marsad's reader reads them, and the ids that went (a removed record, or
the old id of a renamed one).
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.data.kinds import BY_TABLE
from tui.data.models import Record
from tui.data.records import record_of
from tui.edit.canonical import document_bytes
from tui.edit.operations import Applied


def index_changes(edits: Iterable[Applied]) -> tuple[list[Record], list[str]]:
    """(records changed or added, ids removed) by `edits`, in order (a record changed twice: as it is last)."""
    changed: dict[str, Record] = {}
    removed: dict[str, None] = {}
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
    return list(changed.values()), list(removed)

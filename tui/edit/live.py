"""Editing the open database from the app: each edit on screen at once, the file saved behind it.

`LiveEditing` joins an `EditSession` on the file (edits staged in memory, then
saved whole from a worker thread) and the file's index (`tui.store.update`):

* `open` reads the file for editing and readies its index (seconds for a
  large file: in a worker, when an editor first opens);
* `make`, `undo`, `redo` stage an edit and change the index in place, on the UI
  thread, in milliseconds: a `Database` opened on the index then shows it;
* `save` (a worker) writes the file whole and points the index at it
  (`mark_saved`: the records no edit touched are read from the new file); once
  the file holds every edit the index holds, the index is re-keyed to it, so the
  next open trusts it;
* `reload_keeping_edits` reads a file changed on disk (another analyst's save)
  and makes the unsaved edits again on it and on its new index.

The index is changed and re-keyed under one lock, and re-keyed only when no
edit came after the save took what it wrote: the index never says that the
file holds what it does not. The index reads records it keeps as places in the
file from `indexed_file`, held open: an edit made while a save renames the new
file over the old one still reads the file those places are in.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from tui.data.stored import RecordFile
from tui.edit.errors import EditRefused
from tui.edit.indexed import index_changes
from tui.edit.operations import Applied, Operation
from tui.edit.session import EditSession
from tui.edit.storage import WriteReport
from tui.store.cache import forget_index
from tui.store.update import apply_to_index, mark_saved


@dataclass(frozen=True, slots=True)
class Saved:
    """What a save wrote."""

    report: WriteReport
    edits: int
    """How many edits (undos and redos included) the file gained."""
    index_rekeyed: bool
    """Whether the index now belongs to the file as saved (False: edits came meanwhile; the next save re-keys)."""


class IndexNotFollowing(Exception):
    """An edit was made (and will be saved) but the index could not be changed to show it (a full disk...)."""

    def __init__(self, applied: Applied, reason: str) -> None:
        super().__init__(reason)
        self.applied = applied
        self.reason = reason


class LiveEditing:
    """The open database file, edited: its session and its index."""

    def __init__(self, path: Path, index_path: Path) -> None:
        self.path = path
        self.index_path = index_path
        self.session = EditSession(path)
        self._index_lock = threading.Lock()
        """Held while the index changes, and while a save re-keys it."""
        self.index_behind = False
        """An edit the index could not follow: it is never re-keyed to the file (the next open builds it again)."""
        self.indexed_file = RecordFile(path)
        """The file whose text the index's places point into (held open; reopened when a save re-points them)."""

    # -- opening (a worker) ----------------------------------------------------------------

    def open(self) -> None:
        """Read the file for editing and ready its index (raises what reading raises)."""
        self.session.view()
        with self._index_lock:
            self.indexed_file.open()

    # -- edits (the UI thread) ---------------------------------------------------------------

    def make(self, operation: Operation) -> Applied:
        """Stage an edit and show it in the index; what it did. Raises `EditRefused` (nothing changed)."""
        return self._shown(self.session.stage(operation))

    def undo(self) -> Applied | None:
        """Undo the last edit (None: there is none). Raises `EditRefused` when it cannot."""
        undone = self.session.stage_undo()
        return None if undone is None else self._shown(undone)

    def redo(self) -> Applied | None:
        """Make the last undone edit again (None: there is none). Raises `EditRefused` when it cannot."""
        redone = self.session.stage_redo()
        return None if redone is None else self._shown(redone)

    def _shown(self, applied: Applied) -> Applied:
        """The index follows the edit (raises `IndexNotFollowing` when it cannot: the edit stays made)."""
        changes = index_changes([applied])
        with self._index_lock:
            try:
                apply_to_index(self.index_path, *changes, records=self.indexed_file)
            except sqlite3.Error as error:
                self.index_behind = True
                forget_index(self.index_path)  # (it does not hold the edit: never trusted again)
                raise IndexNotFollowing(applied, str(error) or type(error).__name__) from None
        return applied

    @property
    def unsaved(self) -> int:
        """How many edits the file does not hold yet."""
        return len(self.session.unsaved)

    @property
    def can_undo(self) -> bool:
        return bool(self.session.done)

    @property
    def can_redo(self) -> bool:
        return bool(self.session.undone)

    # -- saving (a worker) -----------------------------------------------------------------------

    def save(self) -> Saved | None:
        """Write the edits staged so far (None: there were none). Raises what a write raises.

        The edits then stay staged: `save` again, or `reload_keeping_edits`.
        """
        report = self.session.save()
        if report is None:
            return None
        with self._index_lock:
            rekeyed = False
            if not self.index_behind:
                repointed = mark_saved(self.index_path, self.path, every_edit_saved=not self.session.storage.unsaved)
                if repointed.places:
                    self.indexed_file.reopen()
                rekeyed = repointed.saved
        return Saved(report, self.session.last_saved, rekeyed)

    # -- a file changed on disk (a worker) ------------------------------------------------------------

    def reload_keeping_edits(self, index_path: Path) -> list[tuple[Applied, str]]:
        """The file changed on disk and `index_path` is its index now: make the unsaved edits again on both.

        Returns the edits that no longer apply, and why.
        """
        dropped = self.session.reload_keeping_edits()
        with self._index_lock:
            self.index_path = index_path
            self.indexed_file.reopen()
            kept = self.session.unsaved
            if kept:
                apply_to_index(index_path, *index_changes(kept), records=self.indexed_file)
        return dropped

    def forget(self, index_path: Path) -> None:
        """The file was read again with nothing unsaved: the next edit reads it afresh."""
        self.session.reload()
        with self._index_lock:
            self.index_path = index_path
            self.indexed_file.reopen()

    def close(self) -> None:
        self.session.close()
        self.indexed_file.close()


__all__ = ["EditRefused", "IndexNotFollowing", "LiveEditing", "Saved"]

"""An editing session on one database file: edits in order, with undo and redo.

The session holds TinyDB over `SafeStorage` on the file, and two stacks: what
was done (to undo, newest last) and what was undone (to redo). Each entry is
an `Applied`, so undoing writes its inverse and redoing writes it again, each
one write, each with a line saying what it did. A new edit clears the redo
stack, as in any editor. When the file changed on disk (`FileChangedOnDisk`),
`reload()` reads it again; the stacks stay, and an undo whose records changed
meanwhile is refused rather than undoing someone else's work.

Two ways to write. `do`, `undo` and `redo` write each edit at once (the command
line, the tests). The app `stage`s edits instead (`stage`, `stage_undo`,
`stage_redo`: made in memory and checked, in milliseconds) and `save`s them
from a worker thread; `unsaved` lists what the file does not hold yet, and
`reload_keeping_edits` reads a file changed on disk and makes the unsaved edits
again on it (those that still apply: the others are returned, dropped).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from tinydb import TinyDB

from tui.edit.errors import EditRefused
from tui.edit.locking import DEFAULT_TIMEOUT
from tui.edit.operations import Applied, DatabaseView, Operation, Restore, apply, stage
from tui.edit.storage import SafeStorage, WriteReport
from tui.edit.wording import shown
from tui.i18n import _


class EditSession:
    """Edits to one database file, written as they are made, or staged and saved, with undo and redo."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = Path(path)
        self.db = TinyDB(self.path, storage=SafeStorage, lock_timeout=lock_timeout)
        self.storage: SafeStorage = self.db.storage  # type: ignore[assignment]  # (the class given above)
        self.done: list[Applied] = []
        self.undone: list[Applied] = []
        self._unsaved: list[tuple[int, Applied]] = []
        """What was staged (edits, undos, redos) and not saved yet, oldest first, with its storage generation."""
        self._unsaved_lock = threading.Lock()
        self.last_saved = 0
        """How many staged edits the last `save` wrote."""
        self.changed_on_disk: list[str] = []
        """What the file held, at the last `reload_keeping_edits`, that differed from what was read before."""

    def view(self) -> DatabaseView:
        """The database as this session sees it (read from the file when first asked)."""
        return DatabaseView(self.storage.read(), self.storage.places())

    # -- writing each edit at once -------------------------------------------------------

    def do(self, operation: Operation) -> Applied:
        """Make and write an edit; what it did. Raises an `EditRefused` (nothing written) when it cannot."""
        applied = apply(self.db, operation)
        self.done.append(applied)
        self.undone.clear()
        return applied

    def undo(self) -> Applied | None:
        """Undo the last edit (None when there is none); what the undo did."""
        return self._replay(self.done, self.undone, Applied.inverse, lambda edit: apply(self.db, edit))

    def redo(self) -> Applied | None:
        """Make the last undone edit again (None when there is none); what it did."""
        return self._replay(self.undone, self.done, Applied.again, lambda edit: apply(self.db, edit))

    # -- staging edits, saving them later ----------------------------------------------------

    def stage(self, operation: Operation) -> Applied:
        """Make an edit in memory, checked as a write is; what it did (`save` writes it). Raises `EditRefused`."""
        applied = self._staged(operation)
        self.done.append(applied)
        self.undone.clear()
        return applied

    def stage_undo(self) -> Applied | None:
        """Undo the last edit, in memory (None when there is none); what the undo did."""
        return self._replay(self.done, self.undone, Applied.inverse, self._staged)

    def stage_redo(self) -> Applied | None:
        """Make the last undone edit again, in memory (None when there is none); what it did."""
        return self._replay(self.undone, self.done, Applied.again, self._staged)

    @property
    def unsaved(self) -> list[Applied]:
        """What was staged (edits, undos, redos) and not saved yet, oldest first."""
        with self._unsaved_lock:
            return [applied for _generation, applied in self._unsaved]

    def save(self) -> WriteReport | None:
        """Write what was staged (from any thread; None when nothing was). Raises what a write raises.

        Edits staged while it writes stay unsaved, for the next save.
        """
        report = self.storage.save()
        saved = self.storage.saved_generation
        with self._unsaved_lock:
            kept = [(generation, applied) for generation, applied in self._unsaved if generation > saved]
            self.last_saved = len(self._unsaved) - len(kept)
            self._unsaved = kept
        return report

    def reload_keeping_edits(self) -> list[tuple[Applied, str]]:
        """Read the file as it is now, and make the unsaved edits again on it; those that no longer apply, and why.

        An edit is made again when the documents it changed were not changed on
        disk in a way it would undo (a three-way merge, as `marsad merge` does).
        What the file holds that differs from what was read is in `changed_on_disk`.
        """
        pending = self.unsaved
        with self._unsaved_lock:
            self._unsaved = []
        self.changed_on_disk = self.storage.reread()
        dropped: list[tuple[Applied, str]] = []
        for applied in pending:
            try:
                replayed = self._staged(
                    Restore(
                        applied.changes,
                        applied.description,
                        _("cannot make {edit} again").format(edit=shown(applied.description)),
                    )
                )
            except EditRefused as refused:
                dropped.append((applied, refused.message))
                self.done = [entry for entry in self.done if entry is not applied]
                self.undone = [entry for entry in self.undone if entry is not applied]
                continue
            self.done = [replayed if entry is applied else entry for entry in self.done]
        return dropped

    def _staged(self, operation: Operation) -> Applied:
        applied = stage(self.db, operation)
        with self._unsaved_lock:
            self._unsaved.append((self.storage.generation, applied))
        return applied

    # -- both -----------------------------------------------------------------------------

    def _replay(
        self,
        source: list[Applied],
        target: list[Applied],
        restore: Callable[[Applied], Restore],
        make: Callable[[Restore], Applied],
    ) -> Applied | None:
        """Make `restore` of the last entry of `source`, then move the entry to `target` (not when refused)."""
        if not source:
            return None
        applied = source[-1]
        replayed = make(restore(applied))
        target.append(source.pop())
        return replayed

    def reload(self) -> None:
        """Read the file again as it is now (after `FileChangedOnDisk`), dropping what was staged."""
        with self._unsaved_lock:
            self._unsaved = []
        self.storage.reload()

    def close(self) -> None:
        self.db.close()

"""An editing session on one database file: edits in order, with undo and redo.

The session holds TinyDB over `SafeStorage` on the file, and two stacks: what
was done (to undo, newest last) and what was undone (to redo). Each entry is
an `Applied`, so undoing writes its inverse and redoing writes it again, each
one write, each with a line saying what it did. A new edit clears the redo
stack, as in any editor. When the file changed on disk (`FileChangedOnDisk`),
`reload()` reads it again; the stacks stay, and an undo whose records changed
meanwhile is refused rather than undoing someone else's work.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tinydb import TinyDB

from tui.edit.locking import DEFAULT_TIMEOUT
from tui.edit.operations import Applied, DatabaseView, Operation, Restore, apply
from tui.edit.storage import SafeStorage


class EditSession:
    """Edits to one database file, written as they are made, with undo and redo."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = Path(path)
        self.db = TinyDB(self.path, storage=SafeStorage, lock_timeout=lock_timeout)
        self.storage: SafeStorage = self.db.storage  # type: ignore[assignment]  # (the class given above)
        self.done: list[Applied] = []
        self.undone: list[Applied] = []

    def view(self) -> DatabaseView:
        """The database as this session sees it (read from the file when first asked)."""
        return DatabaseView(self.storage.read(), self.storage.places())

    def do(self, operation: Operation) -> Applied:
        """Make and write an edit; what it did. Raises an `EditRefused` (nothing written) when it cannot."""
        applied = apply(self.db, operation)
        self.done.append(applied)
        self.undone.clear()
        return applied

    def undo(self) -> Applied | None:
        """Undo the last edit (None when there is none); what the undo did."""
        return self._replay(self.done, self.undone, Applied.inverse)

    def redo(self) -> Applied | None:
        """Make the last undone edit again (None when there is none); what it did."""
        return self._replay(self.undone, self.done, Applied.again)

    def _replay(
        self, source: list[Applied], target: list[Applied], restore: Callable[[Applied], Restore]
    ) -> Applied | None:
        """Write `restore` of the last entry of `source`, then move the entry to `target` (not when refused)."""
        if not source:
            return None
        applied = source[-1]
        replayed = apply(self.db, restore(applied))
        target.append(source.pop())
        return replayed

    def reload(self) -> None:
        """Read the file again as it is now (after `FileChangedOnDisk`)."""
        self.storage.reload()

    def close(self) -> None:
        self.db.close()

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
from pathlib import Path

from tinydb import TinyDB

from tui.edit.locking import DEFAULT_TIMEOUT
from tui.edit.operations import Applied, DatabaseView, Operation, apply
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
        if not self.done:
            return None
        applied = self.done[-1]
        undoing = apply(self.db, applied.inverse())
        self.done.pop()
        self.undone.append(applied)
        return undoing

    def redo(self) -> Applied | None:
        """Make the last undone edit again (None when there is none); what it did."""
        if not self.undone:
            return None
        applied = self.undone[-1]
        redoing = apply(self.db, applied.again())
        self.undone.pop()
        self.done.append(applied)
        return redoing

    def reload(self) -> None:
        """Read the file again as it is now (after `FileChangedOnDisk`)."""
        self.storage.reload()

    def close(self) -> None:
        self.db.close()

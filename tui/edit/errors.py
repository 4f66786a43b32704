"""Why an edit was not written, as typed errors that say it in one line.

Each error's `message` is one line, safe to print or show (it has passed the
gate: paths and values from the file are data), saying what happened, where,
and what to do. The CLI maps them to exit codes (`tui.edit.commands`); the app
turns `BundledReadOnly` into an offer to copy the bundled database
(`tui.edit.storage.copy_bundled_database`) and `FileChangedOnDisk` into a reload.
"""

from __future__ import annotations

import os

from tui.data.errors import Problem
from tui.text.gate import safe_line, safe_path


class EditRefused(Exception):
    """Nothing was written; `message` says why, in one line."""

    def __init__(self, message: str) -> None:
        self.message = safe_line(message)
        super().__init__(self.message)


class NotWritten(EditRefused):
    """The database file cannot be written here and now (the file on disk is unchanged)."""

    def __init__(self, path: str | os.PathLike[str], reason: str, hint: str = "") -> None:
        self.path = os.fspath(path)
        self.reason = reason
        text = f"{safe_path(path)}: {reason}"
        super().__init__(f"{text}. {hint}" if hint else text)


class BundledReadOnly(NotWritten):
    """The database shipped with Marsad is never edited: copy it to a file you own first."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(
            path,
            "the bundled database is read-only",
            "Copy it to a file you own and edit that (marsad copy-bundled PATH)",
        )


class FileChangedOnDisk(NotWritten):
    """Someone else wrote the file since it was read: writing now would undo their change."""

    def __init__(self, path: str | os.PathLike[str], changes: tuple[str, ...]) -> None:
        self.changes = changes
        super().__init__(
            path,
            f"changed on disk since it was read ({'; '.join(changes)}); nothing was written",
            "Reload it, then make the edit again",
        )


class LockBusy(NotWritten):
    """Another Marsad process held the lock for longer than we wait."""

    def __init__(self, path: str | os.PathLike[str], waited: float, holder: str) -> None:
        self.waited = waited
        super().__init__(
            path,
            f"another Marsad process{holder} is writing it; waited {waited:g} s",
            "Try again when it has finished",
        )


class RecordsInvalid(EditRefused):
    """A new or changed record would not validate: the write is refused, with every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"not written: {_problem_text(first)}{more}")


class InvalidEdit(EditRefused):
    """An edit that cannot be made as asked (a quote that is not in its source, an unknown record...)."""


def reason(error: OSError) -> str:
    """What the system said of a failed file operation, as a phrase: `permission denied`."""
    return (error.strerror or str(error)).lower()


def _problem_text(problem: Problem) -> str:
    where = problem.table
    if problem.record_id:
        where += f" {problem.record_id!r}"
    elif problem.key:
        where += f"[{problem.key}]"
    if problem.field:
        where += f" at {problem.field}"
    return f"{where}: {problem.message}"

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
from tui.i18n import _, ngettext, number
from tui.i18n.numbers import localized
from tui.i18n.system_errors import reason as system_reason
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
        super().__init__(_("{text}. {hint}").format(text=text, hint=hint) if hint else text)


class BundledReadOnly(NotWritten):
    """The database shipped with Marsad is never edited: copy it to a file you own first."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(
            path,
            _("the bundled database is read-only"),
            _("Copy it to a file you own and edit that (marsad copy-bundled PATH)"),
        )


class FileChangedOnDisk(NotWritten):
    """Someone else wrote the file since it was read: writing now would undo their change."""

    def __init__(self, path: str | os.PathLike[str], changes: tuple[str, ...]) -> None:
        self.changes = changes
        super().__init__(
            path,
            _("changed on disk since it was read ({changes}); nothing was written").format(
                changes=_("; ").join(changes)
            ),
            _("Reload it, then make the edit again"),
        )


class LockBusy(NotWritten):
    """Another Marsad process held the lock for longer than we wait."""

    def __init__(self, path: str | os.PathLike[str], waited: float, holder: str) -> None:
        self.waited = waited
        super().__init__(
            path,
            _("another Marsad process{holder} is writing it; waited {seconds} s").format(
                holder=holder, seconds=localized(f"{waited:g}")
            ),
            _("Try again when it has finished"),
        )


class RecordsInvalid(EditRefused):
    """A new or changed record would not validate: the write is refused, with every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        if len(problems) > 1:
            said = ngettext(
                "not written: {problem} (and {count} more)",
                "not written: {problem} (and {count} more)",
                len(problems) - 1,
            ).format(problem=_problem_text(first), count=number(len(problems) - 1))
        else:
            said = _("not written: {problem}").format(problem=_problem_text(first))
        super().__init__(said)


class InvalidEdit(EditRefused):
    """An edit that cannot be made as asked (a quote that is not in its source, an unknown record...)."""


def reason(error: OSError) -> str:
    """What the system said of a failed file operation, as a phrase: `permission denied` (in the language spoken)."""
    return system_reason(error)


def _problem_text(problem: Problem) -> str:
    where = problem.table
    if problem.record_id:
        where += f" {problem.record_id!r}"
    elif problem.key:
        where += f"[{problem.key}]"
    if problem.field:
        where = _("{where} at {field}").format(where=where, field=problem.field)
    return f"{where}: {problem.message}"

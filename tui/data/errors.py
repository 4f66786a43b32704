"""What can go wrong when reading a database, as values the CLI and the app can show."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

import msgspec

from tui.i18n import N_, _, ngettext, number
from tui.i18n.message import Translatable
from tui.text.gate import safe_line


class DatabaseUnreadable(Exception):
    """The file cannot be read as a Marsad database at all (exit code 2)."""

    def __init__(self, path: str, reason: str, hint: str = "") -> None:
        self.path = path
        self.reason = reason
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        # The path comes from the user or a directory listing, the reason may quote
        # the file or the environment: all of it passes the gate.
        text = f"{self.path}: {self.reason}"
        return safe_line(_("{text}. {hint}").format(text=text, hint=self.hint) if self.hint else text)


class Problem(msgspec.Struct, frozen=True):
    """A record that is bad (skipped) or suspicious (kept, but reported), or a table ignored whole (no key).

    Every string in it is safe to print: the loader cleans table names and keys
    taken from the file.
    """

    severity: Literal["error", "warning"]
    table: str
    key: str  # the TinyDB document id, as stored
    record_id: str | None
    field: str  # a path such as "$.facts[2].source", or "" for the whole record
    said: Translatable | str
    """What is wrong, said in the language spoken when it is shown (`message`); a `str` is said as it is."""

    @property
    def message(self) -> str:
        """What is wrong, in the language spoken."""
        return str(self.said)

    def __str__(self) -> str:
        where = f"{self.table}[{self.key}]" if self.key else self.table
        if self.record_id:
            where = _("{where} (id {record_id})").format(where=where, record_id=repr(self.record_id))
        if self.field:
            where = _("{where} at {field}").format(where=where, field=self.field)
        severity = _(_SEVERITIES[self.severity])
        if not self.key:  # (about a whole table, not a record: its message says what became of it)
            return _("{severity}: {where}: {message}").format(severity=severity, where=where, message=self.message)
        verdict = _("skipped") if self.severity == "error" else _("kept")
        return _("{severity}: {where}: {message} [{verdict}]").format(
            severity=severity, where=where, message=self.message, verdict=verdict
        )


#: what `marsad validate` says of a quote its source does not hold (`{source}`: the source's id, quoted)
QUOTE_NOT_FOUND = N_("quote not found in the text of source {source}")
#: how a report names a problem's severity (messages)
_SEVERITIES = {"error": N_("error"), "warning": N_("warning")}


def problems_notice(problems: Sequence[Problem], shown_path: str | None) -> str:
    """What the app says on opening a file with bad records: how many were left out, of which tables, where to look.

    Empty when no record was left out (warnings alone are for `marsad validate`).
    `shown_path` is the file as the user named it (None: the bundled database).
    """
    skipped = Counter(problem.table for problem in problems if problem.severity == "error")
    if not skipped:
        return ""
    total = sum(skipped.values())
    tables = _(", ").join(f"{table}: {number(count)}" for table, count in sorted(skipped.items()))
    command = f"marsad validate {shown_path}" if shown_path else "marsad validate"
    notice = ngettext(
        "{count} bad record was left out ({tables}). `{command}` says what is wrong with each.",
        "{count} bad records were left out ({tables}). `{command}` says what is wrong with each.",
        total,
    )
    return safe_line(notice.format(count=number(total), tables=tables, command=command))

"""What can go wrong when reading a database, as values the CLI and the app can show."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

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
        return safe_line(f"{text}. {self.hint}" if self.hint else text)


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that is bad (skipped) or suspicious (kept, but reported), or a table ignored whole (no key).

    Every string in it is safe to print: the loader cleans table names and keys
    taken from the file.
    """

    severity: Literal["error", "warning"]
    table: str
    key: str  # the TinyDB document id, as stored
    record_id: str | None
    field: str  # a path such as "$.facts[2].source", or "" for the whole record
    message: str

    def __str__(self) -> str:
        where = f"{self.table}[{self.key}]" if self.key else self.table
        if self.record_id:
            where += f" (id {self.record_id!r})"
        if self.field:
            where += f" at {self.field}"
        if not self.key:  # (about a whole table, not a record: its message says what became of it)
            return f"{self.severity}: {where}: {self.message}"
        verdict = "skipped" if self.severity == "error" else "kept"
        return f"{self.severity}: {where}: {self.message} [{verdict}]"


def problems_notice(problems: Sequence[Problem], shown_path: str | None) -> str:
    """What the app says on opening a file with bad records: how many were left out, of which tables, where to look.

    Empty when no record was left out (warnings alone are for `marsad validate`).
    `shown_path` is the file as the user named it (None: the bundled database).
    """
    skipped = Counter(problem.table for problem in problems if problem.severity == "error")
    if not skipped:
        return ""
    total = sum(skipped.values())
    tables = ", ".join(f"{table}: {count:,}" for table, count in sorted(skipped.items()))
    command = f"marsad validate {shown_path}" if shown_path else "marsad validate"
    records = "record was" if total == 1 else "records were"
    return safe_line(f"{total:,} bad {records} left out ({tables}). `{command}` says what is wrong with each.")

"""The editing sub-commands of `marsad`: `add-source`, `copy-bundled` and `merge` (a git merge driver).

`tui.cli` parses the arguments and calls these; each prints one line on success,
one line per error (through the gate), and returns its exit code:

add-source: 0 added (the line is the new source's id); 1 the article or an option
is not valid (empty, a date, web address, language or id that is not one, an
article already there); 2 the database or FILE cannot be read, or no article
was given; 3 not written (another process holds the file past the timeout, the
bundled database, a link, a read-only file or folder, a full disk).

copy-bundled: 0 copied; 3 not written (the file exists, or cannot be written).

merge: 0 merged cleanly; 1 conflicts, written between markers and named on
stderr (git then leaves the file unmerged); 2 a file cannot be read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, BinaryIO

from tinydb import TinyDB

from tui.data.errors import DatabaseUnreadable
from tui.edit.adding import AddSource
from tui.edit.errors import InvalidEdit, NotWritten, RecordsInvalid, reason
from tui.edit.merge import merge_databases
from tui.edit.operations import apply
from tui.edit.references import references
from tui.edit.replace import replace_file
from tui.edit.storage import SafeStorage, copy_bundled_database, tables_of, text_of
from tui.edit.validation import IdDirectory
from tui.i18n import _, ngettext, number
from tui.terminal.printing import err, out
from tui.text.gate import safe_path

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE, EXIT_NOT_WRITTEN = 0, 1, 2, 3
EXIT_CONFLICTS = 1
#: the largest article `add-source` reads (about 8,000 pages of Arabic text)
MAX_ARTICLE_BYTES = 16 * 1024 * 1024


def add_source(
    file: str,
    *,
    db: str,
    create: bool,
    title: str | None,
    outlet: str | None,
    date: str | None,
    url: str | None,
    language: str,
    record_id: str | None,
    wait: float = 10.0,
) -> int:
    """`marsad add-source`: add the article in `file` (`-`: standard input) to the database `db`."""
    name = "marsad add-source"
    path = Path(db)
    if not create and not path.exists() and not path.is_symlink():
        err(
            _("{command}: {file}: no such file; give --create to start a new database there").format(
                command=name, file=safe_path(path)
            )
        )
        return EXIT_UNREADABLE
    text = _article(file, name)
    if text is None:
        return EXIT_UNREADABLE
    database = TinyDB(path, storage=SafeStorage, lock_timeout=max(0.0, wait))
    operation = AddSource(text, language, title=title, outlet=outlet, date=date, url=url, id=record_id)
    try:
        applied = apply(database, operation, fresh=True)
    except (InvalidEdit, RecordsInvalid) as problem:
        err(f"{name}: {problem.message}")
        return EXIT_INVALID
    except NotWritten as problem:
        err(f"{name}: {problem.message}")
        return EXIT_NOT_WRITTEN
    finally:
        database.close()
    after = applied.changes[0].after
    out(str(after["id"]) if after else "")
    return EXIT_OK


def _article(file: str, name: str) -> str | None:
    """The article's text from `file` or standard input; None after saying why there is none."""
    if file == "-":
        if sys.stdin is None or sys.stdin.isatty():
            err(
                _("{command}: no article: give its FILE, or pipe it in (… | marsad add-source - --db PATH …)").format(
                    command=name
                )
            )
            return None
        raw = _read_limited(sys.stdin.buffer)
        shown = _("standard input")
    else:
        shown = safe_path(file)
        try:
            with open(file, "rb") as handle:
                raw = _read_limited(handle)
        except OSError as error:
            err(_("{command}: {file}: cannot read ({reason})").format(command=name, file=shown, reason=reason(error)))
            return None
    if raw is None:
        err(
            _("{command}: {file}: over {limit} MB: that is not one article").format(
                command=name, file=shown, limit=number(MAX_ARTICLE_BYTES // (1024 * 1024))
            )
        )
        return None
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as error:
        err(
            _("{command}: {file}: not UTF-8 (invalid byte at offset {offset}); save it as UTF-8").format(
                command=name, file=shown, offset=error.start
            )
        )
        return None


def _read_limited(stream: BinaryIO) -> bytes | None:
    raw = stream.read(MAX_ARTICLE_BYTES + 1)
    return None if len(raw) > MAX_ARTICLE_BYTES else raw


def copy_bundled(destination: str) -> int:
    """`marsad copy-bundled`: the bundled database as a new file of one's own, to edit."""
    try:
        path = copy_bundled_database(destination)
    except NotWritten as problem:
        err(f"marsad copy-bundled: {problem.message}")
        return EXIT_NOT_WRITTEN
    out(_("{file}: a copy of the bundled database; edit it with --db {file}").format(file=safe_path(path)))
    return EXIT_OK


def merge(base: str, ours: str, theirs: str, *, shown_path: str | None, marker_size: int) -> int:
    """`marsad merge BASE OURS THEIRS`: git's `%O %A %B`; the result replaces OURS."""
    label = safe_path(shown_path or ours)
    name = f"marsad merge: {label}"
    sides: list[dict[str, Any]] = []
    for role, path in (("base", base), ("ours", ours), ("theirs", theirs)):
        try:
            sides.append(_database(Path(path)))
        except DatabaseUnreadable as problem:
            err(
                _("{command}: {side} is not a Marsad database ({reason}); merging it line by line instead").format(
                    command=name, side=role, reason=problem.reason
                )
            )
            return _line_merge(base, ours, theirs, marker_size, name)
    result = merge_databases(*sides)
    target = Path(ours)
    try:
        replace_file(target, result.text(marker_size), like=os.stat(target))
    except NotWritten as refused:
        err(_("{command}: cannot write the result ({reason})").format(command=name, reason=refused.reason))
        return EXIT_UNREADABLE
    except OSError as error:
        err(_("{command}: cannot write the result ({reason})").format(command=name, reason=reason(error)))
        return EXIT_UNREADABLE
    for conflict in result.conflicts:
        err(_("{command}: conflict: {conflict}").format(command=name, conflict=conflict))
    if result.conflicts:
        count = len(result.conflicts)
        said = ngettext(
            "{command}: {count} conflict, between <<<<<<< and >>>>>>> in the file",
            "{command}: {count} conflicts, between <<<<<<< and >>>>>>> in the file",
            count,
        )
        err(said.format(command=name, count=number(count)))
        return EXIT_CONFLICTS
    for dangling in _new_dangling(result.ours, sides[1], sides[2]):
        err(_("{command}: warning: {problem} (run marsad validate)").format(command=name, problem=dangling))
    return EXIT_OK


def _database(path: Path) -> dict[str, Any]:
    """The tables of one side of a merge (an empty file: an empty database, as git gives a file new on both sides)."""
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DatabaseUnreadable(shown, _("cannot read ({reason})").format(reason=reason(error))) from None
    return tables_of(text_of(raw, shown), shown)


def _line_merge(base: str, ours: str, theirs: str, marker_size: int, name: str) -> int:
    """Git's own line merge of the three files (what git does without a driver)."""
    git = shutil.which("git")
    if git is None:
        err(_("{command}: git is not on PATH to merge it line by line; the file is left as ours").format(command=name))
        return EXIT_UNREADABLE
    labels = ["-L", "ours", "-L", "base", "-L", "theirs"]
    done = subprocess.run([git, "merge-file", f"--marker-size={marker_size}", *labels, ours, base, theirs], check=False)
    if done.returncode < 0 or done.returncode > 127:
        return EXIT_UNREADABLE
    return EXIT_OK if done.returncode == 0 else EXIT_CONFLICTS


def _dangling(data: dict[str, Any]) -> set[str]:
    """Each reference of `data` to a record it does not hold, in words."""
    directory = IdDirectory(data)
    found: set[str] = set()
    for table, documents in data.items():
        if not isinstance(documents, dict):
            continue
        for document in documents.values():
            for reference in references(table, document):
                if directory.kind(reference.target) is None:
                    record = document.get("id", "?")
                    found.add(
                        _("{table} {record} at {path} names {target}, which is gone").format(
                            table=table, record=repr(record), path=reference.path, target=repr(reference.target)
                        )
                    )
    return found


def _new_dangling(merged: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """References the merge left pointing at nothing, that neither side had alone."""
    return sorted(_dangling(merged) - _dangling(ours) - _dangling(theirs))

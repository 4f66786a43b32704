"""The one way into a database file: its index, trusted, built here, or built by a child while the app waits.

`load_database` is what the CLI, the tests and small files use: it builds in this
process. `open_database` is the app's: a file whose index can be trusted (the usual case: the same file as yesterday)
opens in milliseconds, whatever its size; so does a small file, indexed on the
spot. A large file without an index is indexed by a child process
(`tui.store.background`), and the app is handed the half-built index as soon as
it holds records, then told each time it holds more, then handed the finished one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tui.data.bundled import bundled_database_path
from tui.data.reading import file_identity
from tui.i18n import _
from tui.store.cache import FileState, IndexCheck, check_index, usable_index
from tui.store.database import Database
from tui.text.gate import safe_path

if TYPE_CHECKING:
    from tui.store.build import Progress, ProgressCallback


def is_indexed(path: str | os.PathLike[str] | None = None) -> bool:
    """Whether the file has an index that can be trusted, so that opening it builds nothing."""
    file_path = Path(path) if path is not None else bundled_database_path()
    return usable_index(file_path, FileState.of(file_path, file_identity(file_path))) is not None


Notice = Callable[[str], None]
"""Told, in one line, what opening found and did about it (an index damaged, built again)."""


def load_database(
    path: str | os.PathLike[str] | None = None,
    *,
    progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    notice: Notice | None = None,
) -> Database:
    """Open a database file, building its index in this process if it has none to trust.

    Raises `DatabaseUnreadable` if the file cannot be used, and `IndexBuildCancelled`
    when `should_stop()` turned true while the index was being built (nothing is left
    of it). Bad records, tables and references are reported in `Database.problems`;
    the good records of a partly bad file are all there. A damaged index is said to
    `notice`, and built again.
    """
    file_path = Path(path) if path is not None else bundled_database_path()
    check = check_index(file_path, FileState.of(file_path, file_identity(file_path)))
    if check.usable:
        return Database(file_path, check.path)
    _say_damage(file_path, check, notice)
    from tui.store.build import build_index  # (only to build: opening a known file needs none of it)

    return Database(file_path, build_index(file_path, check.path, progress=progress, should_stop=should_stop))


def _say_damage(database: Path, check: IndexCheck, notice: Notice | None) -> None:
    if check.damage and notice is not None:
        notice(
            _("the index of {file} ({index}) {damage}: it is built again").format(
                file=safe_path(database), index=safe_path(check.path), damage=check.damage
            )
        )


#: files up to this size are indexed in the app's own process (a fraction of a second)
INDEX_IN_PROCESS_MAX_BYTES = 4 * 1024 * 1024


def read_through(path: Path) -> None:
    """Read a small file's documents once, without indexing them: `DatabaseUnreadable` if it cannot be a database.

    What the command line does before it takes the terminal for a file with no
    index: a file that is not one is said plainly, while indexing it (seconds, for
    60,000 aliases) happens behind the first frame. At most a parse of
    INDEX_IN_PROCESS_MAX_BYTES.
    """
    from tui.data.stream import read_documents

    for _event in read_documents(path):
        pass


def opens_at_once(path: Path) -> bool:
    """Whether `open_database` returns without building in the background (raises if unreadable)."""
    info = file_identity(path)
    return info.st_size <= INDEX_IN_PROCESS_MAX_BYTES or usable_index(path, FileState.of(path, info)) is not None


def open_database(
    path: Path,
    *,
    on_progress: Callable[[Progress], None],
    on_partial: Callable[[Database], None],
    should_stop: Callable[[], bool],
    on_notice: Notice | None = None,
) -> Database | None:
    """The database of `path`; None when `should_stop()` said so before it was ready.

    While a child builds the index, `on_progress` gets each progress, and
    `on_partial` gets a `Database` over the half-built index once it holds records
    (then again each time it holds more: its counts follow the builder's).
    A damaged index is said to `on_notice` before it is built again.
    Raises `DatabaseUnreadable` for a file that cannot be a database.
    """
    if opens_at_once(path):
        from tui.search.build import IndexBuildCancelled

        try:  # (a quit stops the build between batches)
            return load_database(path, should_stop=should_stop, notice=on_notice)
        except IndexBuildCancelled:
            return None
    from tui.store.background import BackgroundBuild, Failed, Finished  # (only for a large file with no index)

    _say_damage(path, check_index(path, FileState.of(path, file_identity(path))), on_notice)
    build = BackgroundBuild(path)
    partial: Database | None = None  # (not closed here: the app may still be drawing from it)
    try:
        for event in build.events():
            if should_stop():
                return None
            if isinstance(event, Failed):
                raise event.error
            if isinstance(event, Finished):
                return Database(path, event.index)
            on_progress(event)
            if event.phase == "reading" and any(event.counts):
                if partial is None:
                    partial = Database(path, Path(event.index))
                partial.follow(event.counts)
                on_partial(partial)
        return None
    finally:
        build.cancel()

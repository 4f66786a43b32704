"""Open a database file for the app: at once when it can be, else while its index is built.

A file whose index can be trusted (the usual case: the same file as yesterday)
opens in milliseconds, whatever its size; so does a small file, indexed on the
spot. A large file without an index is indexed by a child process
(`tui.store.background`), and the app is handed the half-built index as soon as
it holds records, then told each time it holds more, then handed the finished one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui.data.loader import load_database
from tui.data.reading import file_identity
from tui.store.background import BackgroundBuild, Failed, Finished
from tui.store.build import Progress
from tui.store.cache import FileState, usable_index
from tui.store.database import Database

#: files up to this size are indexed in the app's own process (a fraction of a second)
INDEX_IN_PROCESS_MAX_BYTES = 4 * 1024 * 1024


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
) -> Database | None:
    """The database of `path`; None when `should_stop()` said so before it was ready.

    While a child builds the index, `on_progress` gets each progress, and
    `on_partial` gets a `Database` over the half-built index once it holds records
    (then again each time it holds more: its counts follow the builder's).
    Raises `DatabaseUnreadable` for a file that cannot be a database.
    """
    if opens_at_once(path):
        return load_database(path)
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
            if event.phase == "reading" and sum(event.counts):
                if partial is None:
                    partial = Database(path, Path(event.index))
                partial.follow(event.counts)
                on_partial(partial)
        return None
    finally:
        build.cancel()

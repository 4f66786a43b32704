"""Open a database file: through its index, built (or rebuilt) when there is none to trust.

`load_database` is what the CLI, the tests and small files use: it builds in this
process. The app builds large files in a child process, to keep the screen
responsive and show progress (`tui.store.builder`); both end with the same index.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tui.data.reading import file_identity
from tui.paths import bundled
from tui.store.cache import FileState, index_path, usable_index
from tui.store.database import Database

if TYPE_CHECKING:
    from tui.store.build import ProgressCallback


def bundled_database_path() -> Path:
    """The database shipped with Marsad."""
    return bundled("data/marsad.json")


def is_indexed(path: str | os.PathLike[str] | None = None) -> bool:
    """Whether the file has an index that can be trusted, so that opening it builds nothing."""
    file_path = Path(path) if path is not None else bundled_database_path()
    return usable_index(file_path, FileState.of(file_path, file_identity(file_path))) is not None


def load_database(path: str | os.PathLike[str] | None = None, *, progress: ProgressCallback | None = None) -> Database:
    """Open a database file; raise `DatabaseUnreadable` if it cannot be used.

    Bad records, tables and references are reported in `Database.problems`; the
    good records of a partly bad file are all there.
    """
    file_path = Path(path) if path is not None else bundled_database_path()
    state = FileState.of(file_path, file_identity(file_path))
    index = usable_index(file_path, state)
    if index is None:
        from tui.store.build import build_index  # (only to build: opening a known file needs none of it)

        index = build_index(file_path, index_path(file_path), progress=progress)
    return Database(file_path, index)

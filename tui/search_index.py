"""Transitional: a search index of an already loaded database, in an SQLite database in memory.

The app and the CLI still load every record before they search; until they read
through the index file, this copies the records into a `records` table in memory
and builds the search tables over it. Remove it once they do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import msgspec

from tui.data.kinds import kind_of
from tui.search.build import build_search_index
from tui.search.query import SearchIndex
from tui.store.database import Database
from tui.store.schema import KIND_NUMBER, RECORDS


def build_index(database: Database, should_stop: Callable[[], bool] | None = None) -> SearchIndex:
    """The search index of a database (`should_stop`: see `build_search_index`)."""
    # searched in workers, hits drawn by the app: one connection, used by several threads
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    for statement in RECORDS.split(";\n"):
        if statement.strip():
            connection.execute(statement)
    positions: dict[str, int] = {}
    rows = []
    for record in database.all_records():
        kind = kind_of(record)
        position = positions[kind] = positions.get(kind, -1) + 1
        names = record.names
        body = msgspec.json.encode(record)
        rows.append((record.id, KIND_NUMBER[kind], position, names.primary, names.ar, names.latin, body, len(rows) + 1))
    with connection:
        connection.executemany(
            "INSERT INTO records (id, kind, pos, title, ar, latin, body, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
    build_search_index(connection, should_stop=should_stop)
    return SearchIndex(connection)

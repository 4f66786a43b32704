"""Building the search tables: chunks merge to the same index, progress, cancelling, transactions."""

from __future__ import annotations

import sqlite3
from unittest import mock

import msgspec
import pytest
from search_oracle.records import records_connection

from benchmarks import synth
from tui.data.kinds import BY_TABLE
from tui.search import build
from tui.search.build import IndexBuildCancelled, build_search_index
from tui.search.query import SearchIndex
from tui.store.opening import load_database


def synthetic_records(count: int) -> list:
    data = synth.generate(count, seed=3)
    return [msgspec.convert(doc, BY_TABLE[table].record_type) for table, docs in data.items() for doc in docs.values()]


def search_tables(connection: sqlite3.Connection) -> dict[str, list[tuple]]:
    names = [
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search%'")
    ]
    return {name: connection.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall() for name in sorted(names)}


@pytest.fixture(scope="module")
def records() -> list:
    return synthetic_records(400)


def test_records_read_in_chunks_make_the_same_tables(records: list) -> None:
    whole = records_connection(records)
    build_search_index(whole)
    chunked = records_connection(records)
    with mock.patch.object(build, "CHUNK_RECORDS", 7):
        build_search_index(chunked)
    tables = search_tables(whole)
    assert len(tables) == 13 and all(tables.values())
    assert search_tables(chunked) == tables


def test_progress_counts_records_up_to_all(records: list) -> None:
    reports: list[tuple[int, int]] = []
    with mock.patch.object(build, "CHECK_EVERY", 50):
        build_search_index(records_connection(records), progress=lambda done, total: reports.append((done, total)))
    assert {total for _done, total in reports} == {len(records)}
    done = [done for done, _total in reports]
    assert done == sorted(done) and done[0] == 0 and done[-1] == len(records) and len(set(done)) >= len(records) // 50


def test_a_stopped_build_leaves_nothing_behind(records: list) -> None:
    connection = records_connection(records)
    before = connection.execute("SELECT * FROM records ORDER BY rowid").fetchall()
    asked = []
    with mock.patch.object(build, "CHECK_EVERY", 50), pytest.raises(IndexBuildCancelled):
        build_search_index(connection, should_stop=lambda: asked.append(1) or len(asked) > 3)
    assert len(asked) == 4
    assert not connection.in_transaction
    assert connection.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search%'").fetchall() == []
    assert connection.execute("SELECT name FROM sqlite_temp_master").fetchall() == []
    assert connection.execute("SELECT * FROM records ORDER BY rowid").fetchall() == before
    build_search_index(connection)  # and a new build can start over
    assert len(SearchIndex(connection)) == len(records)


def test_a_build_inside_the_callers_transaction_is_the_callers_to_commit() -> None:
    connection = records_connection(load_database().all_records())
    connection.execute("BEGIN")
    build_search_index(connection)
    assert connection.in_transaction
    assert SearchIndex(connection).search("akdital")[0].doc.id == "akdital"
    connection.rollback()
    assert connection.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search%'").fetchall() == []


def test_an_empty_records_table() -> None:
    connection = records_connection([])
    build_search_index(connection)
    engine = SearchIndex(connection)
    assert len(engine) == 0 and engine.search("x") == [] and engine.search("a b") == []

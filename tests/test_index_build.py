"""Building an index: the search tables gathered beside the reading (a second process) are those gathered here;
records are kept as the place of their text in the file, decoded from there as they were read."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from unittest import mock

import pytest

from benchmarks import synth
from tui.data.kinds import BY_TABLE
from tui.data.records import record_of
from tui.data.stream import Document, read_documents
from tui.search import feed
from tui.store.database import Database, IndexDamaged
from tui.store.opening import is_indexed, load_database


def _tables(index: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(index)
    names = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    tables = {}
    for name in names:
        columns = len(connection.execute(f"SELECT * FROM {name} LIMIT 1").description)
        order = ", ".join(str(column + 1) for column in range(columns))
        tables[name] = connection.execute(f"SELECT * FROM {name} ORDER BY {order}").fetchall()
    connection.close()
    tables.pop("meta")  # (times and the builder's version)
    return tables


def _build(path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool) -> dict[str, list[tuple]]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    with mock.patch.object(feed, "PARALLEL_MIN_BYTES", 0 if parallel else 1 << 60):
        database = load_database(path)
    return _tables(database.index_path)


def test_the_second_process_gathers_the_search_tables_this_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    synth.write(path, 400, seed=11)
    here = _build(path, tmp_path / "here", monkeypatch, parallel=False)
    beside = _build(path, tmp_path / "beside", monkeypatch, parallel=True)
    assert len(here["search_postings"]) > 1000 and len(here["search_phrases"]) > 100
    assert beside == here


def test_a_file_with_repeated_ids_and_keys_builds_the_same_beside_the_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = synth.generate(120, seed=2)
    organizations = data["organizations"]
    first, second = list(organizations)[:2]
    organizations[second] = dict(organizations[second], id=organizations[first]["id"])  # a repeated id
    text = json.dumps(data, ensure_ascii=False)
    key = next(iter(data["people"]))
    repeated = json.dumps({key: data["people"][key]}, ensure_ascii=False)[1:-1]
    text = text.replace('"people": {', '"people": {' + repeated + ", ", 1)  # a repeated key: the last is read
    path = tmp_path / "db.json"
    path.write_text(text, encoding="utf-8")
    here = _build(path, tmp_path / "here", monkeypatch, parallel=False)
    beside = _build(path, tmp_path / "beside", monkeypatch, parallel=True)
    assert beside == here
    assert any("duplicate id" in row[-1] for row in here["problems"])


def test_records_are_read_from_the_file_and_a_file_rewritten_in_place_is_said(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    synth.write(path, 200, seed=4)
    database = load_database(path)
    connection = sqlite3.connect(database.index_path)
    kept, total = connection.execute("SELECT count(body), count(*) FROM records").fetchone()
    connection.close()
    assert kept == 0 and total == 200  # (every record of a clean file is its text in the file)
    for document in read_documents(path):  # read from the file, each is the record the reader made
        if isinstance(document, Document) and document.table in BY_TABLE:
            read = record_of(BY_TABLE[document.table], document.key, document.value, document.text)
            assert read.record is not None and database.get(read.record.id) == read.record
    first = next(iter(database.all_records()))
    data = path.read_bytes()
    path.write_bytes(b" " * 7 + data)  # the same file, shifted in place: the index no longer points at records
    index = database.index_path
    with pytest.raises(IndexDamaged, match="changed since it was indexed"):
        Database(path, index).get(first.id)  # (opened anew: nothing cached)
    said: list[IndexDamaged] = []
    database = Database(path, index)
    database.on_damage = said.append
    assert database.get(first.id) is None and database.get(first.id) is None  # (said once; the app offers a reload)
    assert len(said) == 1 and not is_indexed(path)

"""The search aids an index keeps (tui.search.aids.compiled): the same aids as their sources make, used only
when they are this installation's and whole, and the same hits either way."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from tui.search.aids import compiled, default_aids
from tui.search.aids.compiled import aids_fingerprint, index_aids
from tui.search.query import SearchIndex
from tui.store.opening import load_database

#: queries that go through the aids: a country by its French name, a region, a word of the sector, a label
AIDED = ["madagascar", "afrique subsaharienne", "formation", "durée de la relation", "Maroc"]


@pytest.fixture(scope="module")
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled database's index (built for this module), to be changed by a test."""
    database = load_database()
    copy = tmp_path_factory.mktemp("aids") / "index.sqlite"
    shutil.copyfile(database.index_path, copy)
    return copy


def _connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _changed_copy(index: Path, tmp_path: Path, statement: str, parameters: tuple[object, ...] = ()) -> Path:
    copy = tmp_path / "changed.sqlite"
    shutil.copyfile(index, copy)
    with _connection(copy) as connection:
        connection.execute(statement, parameters)
    return copy


def test_an_index_keeps_the_aids_its_sources_make(bundled_index: Path) -> None:
    with _connection(bundled_index) as connection:
        fingerprint, _parts = connection.execute("SELECT fingerprint, parts FROM search_aids").fetchone()
        kept = index_aids(connection)
    assert fingerprint == aids_fingerprint()
    assert kept is not default_aids(), "read from the index, not made again"
    assert kept.parts() == default_aids().parts()


def test_the_kept_aids_expand_every_query_as_the_sources_do(bundled_index: Path) -> None:
    with _connection(bundled_index) as connection:
        kept = index_aids(connection)
    for query in [*AIDED, "mada", "afri", "المغرب", "بالمغرب", "GE Healthcare"]:
        words = query.lower().split()
        assert kept.expand(words) == default_aids().expand(words), query


def test_a_search_finds_the_same_hits_through_kept_aids(bundled_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def hits(index: SearchIndex) -> list[list[tuple[str, str, list[str]]]]:
        return [
            [(hit.doc.id, hit.field.name, [via.form for via in hit.via]) for hit in index.search(query)]
            for query in AIDED
        ]

    with _connection(bundled_index) as connection:
        kept = hits(SearchIndex(connection, load_database().records))
    monkeypatch.setattr(compiled, "index_aids", lambda _connection: default_aids())
    with _connection(bundled_index) as connection:
        made = hits(SearchIndex(connection, load_database().records))
    assert kept == made
    assert any(via for query_hits in kept for _id, _field, via in query_hits), "the queries go through the aids"


@pytest.mark.parametrize(
    ("what", "statement", "parameters"),
    [
        ("another installation's", "UPDATE search_aids SET fingerprint = ?", ("0" * 64,)),
        ("not msgpack", "UPDATE search_aids SET parts = ?", (b"\xc1not msgpack",)),
        ("not the parts' types", "UPDATE search_aids SET parts = ?", (msgspec.msgpack.encode({"entries": 1}),)),
        ("no aids at all", "DELETE FROM search_aids", ()),
        ("no table", "DROP TABLE search_aids", ()),
    ],
)
def test_aids_that_are_not_this_installations_or_whole_are_made_again(
    bundled_index: Path, tmp_path: Path, what: str, statement: str, parameters: tuple[object, ...]
) -> None:
    copy = _changed_copy(bundled_index, tmp_path, statement, parameters)
    with _connection(copy) as connection:
        assert index_aids(connection) is default_aids(), what


def test_aids_whose_numbers_name_no_entry_are_made_again(bundled_index: Path, tmp_path: Path) -> None:
    with _connection(bundled_index) as connection:
        parts = index_aids(connection).parts()
    first = next(iter(parts.by_first))
    key = parts.by_first[first][0]
    parts.by_first[first][0] = msgspec.structs.replace(key, entry=len(parts.entries))
    copy = _changed_copy(bundled_index, tmp_path, "UPDATE search_aids SET parts = ?", (msgspec.msgpack.encode(parts),))
    with _connection(copy) as connection:
        assert index_aids(connection) is default_aids()


def test_the_fingerprint_follows_each_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = aids_fingerprint()
    sources = []
    for number, source in enumerate(compiled._OWN_SOURCES):
        copy = tmp_path / f"{number}-{source.name}"
        copy.write_bytes(source.read_bytes() + b"\n# a name added\n")
        sources.append(copy)
    for changed in range(len(sources)):
        own = tuple(sources[at] if at == changed else source for at, source in enumerate(compiled._OWN_SOURCES))
        monkeypatch.setattr(compiled, "_OWN_SOURCES", own)
        aids_fingerprint.cache_clear()
        assert aids_fingerprint() != before, own[changed]
    monkeypatch.undo()
    aids_fingerprint.cache_clear()
    assert aids_fingerprint() == before


def test_the_aids_are_the_same_bytes_whatever_the_hash_seed() -> None:
    """Python's hash of strings changes from one process to the next: the keys are sorted, never in set order."""
    script = "import sys, msgspec; from tui.search.aids import default_aids; "
    script += "sys.stdout.buffer.write(msgspec.msgpack.encode(default_aids().parts()))"
    made = [
        subprocess.run(
            [sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, check=True
        ).stdout
        for seed in ("1", "2")
    ]
    assert made[0] == made[1] == msgspec.msgpack.encode(default_aids().parts())

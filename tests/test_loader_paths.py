"""A document read the fast way and the thorough way gives the same record (tui.data.records)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import msgspec
import pytest

from benchmarks.synth import write as write_synthetic
from tui.data import records
from tui.data.bundled import bundled_database_path
from tui.data.kinds import BY_TABLE, KIND_NUMBER, decode_record
from tui.data.reading import loads
from tui.data.stream import Document, read_documents


def _with_hostile_strings(path: Path, tmp_path: Path) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    organization = next(iter(data["organizations"].values()))
    organization["names"]["ar"] = "اسم\x1b]0;x\x07 مع\u202e سطر\nجديد\t[bold]"
    organization["names"]["aliases"] = ["\ud800 lone", "tab\there"]
    out = tmp_path / "strings.json"
    out.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")  # (\ud800 survives as an escape)
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "db.json"
    write_synthetic(path, 800, seed=3)
    return path


def _documents(path: Path) -> list[Document]:
    return [event for event in read_documents(path) if isinstance(event, Document) and event.table in BY_TABLE]


@pytest.mark.parametrize("which", ["bundled", "synthetic", "hostile strings"])
def test_both_ways_give_the_same_record(which: str, synthetic: Path, tmp_path: Path) -> None:
    path = {"bundled": bundled_database_path(), "synthetic": synthetic}.get(which) or _with_hostile_strings(
        bundled_database_path(), tmp_path
    )
    compared = as_written_seen = 0
    for document in _documents(path):
        kind = BY_TABLE[document.table]
        fast = records._fast(kind, document.value, document.text)
        thorough, problems = records._thorough(kind, document.key, loads(document.text))
        assert thorough is not None and problems == []
        if fast is not None:
            compared += 1
            record, encoded, as_written = fast
            assert record == thorough
            assert encoded == msgspec.json.encode(thorough)
            if as_written:  # an index keeps only where the text is: decoding the text gives this very record
                assert decode_record(KIND_NUMBER[kind.name], document.text.encode()) == thorough
                as_written_seen += 1
    assert compared > 0
    assert which == "hostile strings" or as_written_seen == compared


EXPLICIT_DEFAULT = re.compile(r":\s*(null|\[\s*\])")


def test_the_fast_way_takes_the_documents_of_valid_files(synthetic: Path) -> None:
    """The thorough way is for doubtful documents only: valid ones without explicit defaults never need it."""
    plain = [
        document
        for path in (bundled_database_path(), synthetic)
        for document in _documents(path)
        if not EXPLICIT_DEFAULT.search(document.text)
    ]
    assert len(plain) > 500
    for document in plain:
        assert records._fast(BY_TABLE[document.table], document.value, document.text) is not None, document.key


@pytest.mark.parametrize(
    "document",
    [
        '{"id": "a", "id": "b", "names": {"ar": "x"}}',  # a key written twice
        '{"id": "a", "names": {"ar": "x"}, "unknown": 1}',  # a field records do not have
        '{"id": "a", "names": {"ar": "x", "latin": null}}',  # an explicit default
        '{"id": "a", "names": {"ar": "x\\u003ay"}}',  # an escaped colon
    ],
)
def test_doubtful_documents_take_the_thorough_way(document: str) -> None:
    kind = BY_TABLE["organizations"]
    assert records._fast(kind, json.loads(document), document) is None

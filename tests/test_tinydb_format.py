"""A file written with TinyDB's own API is a Marsad database: the format is TinyDB's.

Marsad reads the file with its own streaming reader (TinyDB's storage would hold a
whole million-record file in memory); this checks that both agree on what the file
says, document ids included.
"""

from __future__ import annotations

import json
from pathlib import Path

from tinydb import TinyDB

from tui.data.bundled import bundled_database_path
from tui.data.kinds import KINDS
from tui.store.opening import load_database


def test_a_database_written_by_tinydb_opens_with_the_same_records(tmp_path: Path) -> None:
    bundled = json.loads(bundled_database_path().read_text(encoding="utf-8"))
    path = tmp_path / "tiny.json"
    with TinyDB(path, encoding="utf-8", ensure_ascii=False) as tiny:
        for kind in KINDS:
            table = tiny.table(kind.table)
            for document in bundled.get(kind.table, {}).values():
                table.insert(document)
        expected = {kind.name: [document["id"] for document in tiny.table(kind.table).all()] for kind in KINDS}
    database = load_database(path)
    assert database.problems == []
    assert {kind.name: list(database.table(kind.name)) for kind in KINDS} == expected
    assert database.get("t2s") == load_database().get("t2s")

"""The floor peer of a first open: the least an index of a database file can cost.

    python benchmarks/floor.py FILE OUT.sqlite

msgspec decodes the whole file at once, every record goes into SQLite as its
JSON (id, kind, body), and an FTS5 table (tokenizer unicode61, diacritics
removed) indexes each record's names and fact values; all in one transaction.
No validation, no references checked, no slicing tables, no typo or
transliteration keys, no bounded memory (the file is held whole): what
`benchmarks/run.py` compares `marsad index` with (issue 20: "index complete
<= 2x the floor"). Prints one JSON line: seconds, the index's size, peak RSS.
"""

from __future__ import annotations

import json
import resource
import sqlite3
import sys
import time
from pathlib import Path

import msgspec

KINDS = ("organizations", "partnerships", "associations", "people", "sources")


def build(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    data = msgspec.json.decode(source.read_bytes())
    encode = msgspec.json.encode
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("CREATE TABLE records (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, kind INTEGER, body BLOB)")
    connection.execute(
        "CREATE VIRTUAL TABLE search USING fts5(names, facts, tokenize = 'unicode61 remove_diacritics 2')"
    )
    connection.execute("BEGIN")
    rows, texts = [], []
    for kind, table in enumerate(KINDS):
        for document in (data.get(table) or {}).values():
            rowid = len(rows) + 1
            names = document.get("names") or {}
            name_text = " ".join(
                name for name in (names.get("ar"), names.get("latin"), *names.get("aliases", ())) if name
            )
            if table == "sources":
                name_text = document.get("title") or ""
            facts = " ".join(fact.get("value", "") for fact in document.get("facts", ()))
            rows.append((rowid, document.get("id"), kind, encode(document)))
            texts.append((rowid, name_text, facts))
    connection.executemany("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?)", rows)
    connection.executemany("INSERT INTO search(rowid, names, facts) VALUES (?, ?, ?)", texts)
    connection.execute("COMMIT")
    connection.close()


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    start = time.perf_counter()
    build(source, target)
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "total_s": seconds,
                "index_mb": target.stat().st_size / 2**20,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()

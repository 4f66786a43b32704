"""SQLite's FTS5 against Marsad's own postings (pyroaring), on the same normalized fields of the same records.

    python benchmarks/bench_fts5.py [--size 100000] [--rounds 2]

The records of a synthetic database (`benchmarks/synth.py`, seed 1) are decoded once
and their searched fields (`tui.search.build.fields_of`) kept in memory; then, in
interleaved rounds, each engine builds its tables from them into a new SQLite file:

* postings: `tui.search.build.SearchGatherer` (normalization, terms, 3-letter and
  name prefixes, phrases, the vocabulary with its trigram, typo and transliteration
  keys), what an index holds;
* FTS5: one row per field (its first word and its other words in two columns, the
  project's normalization already applied, `prefix='1 2 3'`, tokenizer unicode61
  with nothing left to fold), then the same vocabulary keys made from FTS5's own
  vocabulary (`fts5vocab`): what FTS5 would need to serve the same tiers.

Then each answers the lookups a query makes (a word's documents per field; a
prefix's), for words drawn from the vocabulary, as sets of documents (what the
ranking intersects). Prints build seconds, file sizes and lookup medians, with ratios.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile, synthetic_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="marsad-bench-fts5-"))
    os.environ["XDG_CACHE_HOME"] = str(folder)
    os.environ["MARSAD_MAX_DB_MB"] = "4096"
    from pyroaring import BitMap

    from tui.search.build import SearchGatherer, fields_of
    from tui.search.normalize import normalized_words
    from tui.store.opening import load_database

    database = load_database(synthetic_database(args.size))
    records = []
    for rowid, record in enumerate(database.all_records(), 1):
        records.append((rowid, record.names.primary, record.id, fields_of(record)))
    print(f"{len(records):,} records in memory; load {os.getloadavg()[0]:.1f}")

    def scratch(name: str) -> sqlite3.Connection:
        path = folder / name
        path.unlink(missing_ok=True)
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("CREATE TABLE records (rowid INTEGER PRIMARY KEY, title TEXT, id TEXT)")
        connection.executemany("INSERT INTO records VALUES (?, ?, ?)", [row[:3] for row in records])
        return connection

    def postings() -> float:
        connection = scratch("postings.sqlite")
        start = time.perf_counter()
        connection.execute("BEGIN")
        gatherer = SearchGatherer(connection)
        for rowid, title, record_id, fields in records:
            gatherer.add(rowid, 0, title, record_id, fields)
        gatherer.write(connection)
        connection.execute("COMMIT")
        seconds = time.perf_counter() - start
        connection.close()
        return seconds

    def fts5() -> float:
        connection = scratch("fts5.sqlite")
        start = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute(
            "CREATE VIRTUAL TABLE fts USING fts5(record UNINDEXED, field UNINDEXED, head, rest, "
            "tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3')"
        )
        rows = []
        for rowid, _title, _id, fields in records:
            for number, text, hidden in fields:
                words = normalized_words(text) + hidden.split()
                if words:
                    rows.append((rowid, number, words[0], " ".join(words[1:])))
        connection.executemany("INSERT INTO fts (record, field, head, rest) VALUES (?, ?, ?, ?)", rows)
        # the typo, part and transliteration keys, from FTS5's vocabulary, as the postings make them
        connection.execute("CREATE VIRTUAL TABLE vocabulary USING fts5vocab(fts, 'row')")
        keys = SearchGatherer(connection)
        keys.flags = {term: 3 for (term,) in connection.execute("SELECT term FROM vocabulary")}
        keys.connection = connection
        for statement in (
            "CREATE TABLE search_terms (id INTEGER PRIMARY KEY, term TEXT UNIQUE, flags INTEGER)",
            "CREATE TABLE search_trigrams (gram TEXT PRIMARY KEY, terms BLOB) WITHOUT ROWID",
            "CREATE TABLE search_deletions (variant TEXT PRIMARY KEY, terms BLOB) WITHOUT ROWID",
            "CREATE TABLE search_skeletons (script INTEGER, skeleton TEXT, terms BLOB, PRIMARY KEY (script, skeleton))",
        ):
            connection.execute(statement)
        keys._write_vocabulary()
        keys.close()
        connection.execute("COMMIT")
        seconds = time.perf_counter() - start
        connection.close()
        return seconds

    built: dict[str, list[float]] = {"postings": [], "fts5": []}
    for _round in range(args.rounds):
        built["postings"].append(postings())
        built["fts5"].append(fts5())
    sizes = {name: (folder / f"{name}.sqlite").stat().st_size / 2**20 for name in built}
    for name, seconds in built.items():
        print(f"build {name:<9} median {statistics.median(seconds):6.2f} s  ({sizes[name]:.0f} MB)")
    ratio = statistics.median(built["fts5"]) / statistics.median(built["postings"])
    print(f"build ratio fts5 / postings: {ratio:.2f}x")

    # lookups: a word's documents per field and part, and a 3-letter prefix's, as sets
    post = sqlite3.connect(folder / "postings.sqlite")
    fts = sqlite3.connect(folder / "fts5.sqlite")
    terms = [term for (term,) in post.execute("SELECT term FROM search_terms WHERE length(term) >= 4")]
    words = random.Random(1).sample(terms, min(200, len(terms)))
    timing: dict[str, list[float]] = {"postings word": [], "fts5 word": [], "postings prefix": [], "fts5 prefix": []}
    for word in words:
        start = time.perf_counter()
        found: dict[tuple[int, int], BitMap] = {}
        for field, part, cell in post.execute(
            "SELECT p.field, p.part, p.docs FROM search_terms t JOIN search_postings p ON p.term = t.id "
            "WHERE t.term = ?",
            (word,),
        ):
            found[(field, part)] = BitMap.deserialize(cell)
        timing["postings word"].append(time.perf_counter() - start)
        start = time.perf_counter()
        sets: dict[tuple[int, int], list[int]] = {}
        for column, part in (("head", 0), ("rest", 1)):
            for rowid, field in fts.execute(f"SELECT record, field FROM fts WHERE {column} MATCH ?", (f'"{word}"',)):
                sets.setdefault((field, part), []).append(rowid)
        {key: BitMap(values) for key, values in sets.items()}
        timing["fts5 word"].append(time.perf_counter() - start)
        prefix = word[:3]
        start = time.perf_counter()
        {
            (field, part): BitMap.deserialize(cell)
            for field, part, cell in post.execute(
                "SELECT field, part, docs FROM search_prefixes WHERE prefix = ?", (prefix,)
            )
        }
        timing["postings prefix"].append(time.perf_counter() - start)
        start = time.perf_counter()
        sets = {}
        for column, part in (("head", 0), ("rest", 1)):
            for rowid, field in fts.execute(f"SELECT record, field FROM fts WHERE {column} MATCH ?", (f'"{prefix}"*',)):
                sets.setdefault((field, part), []).append(rowid)
        {key: BitMap(values) for key, values in sets.items()}
        timing["fts5 prefix"].append(time.perf_counter() - start)
    for name, values in timing.items():
        middle, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
        print(f"lookup {name:<16} median {middle:7.3f} ms  p95 {p95:7.3f} ms")
    for what in ("word", "prefix"):
        ratio = statistics.median(timing[f"fts5 {what}"]) / statistics.median(timing[f"postings {what}"])
        print(f"lookup ratio fts5 / postings ({what}): {ratio:.1f}x")


if __name__ == "__main__":
    main()

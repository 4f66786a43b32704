"""Benchmark of search over the index file: build time and memory, then latency per keystroke.

    python benchmarks/bench_search.py RECORDS.db [RECORDS.db ...] [--peer] [--json PATH]

Each RECORDS.db is an SQLite file with a `records` table (`tui.store.schema`),
as the index builder makes it (search tables already there are built again). In
fresh child processes, each file is copied and its search tables are built
(`tui.search.build`: time, peak RSS, size on disk), then realistic queries are
typed one character at a time (as the search screen does, 200 hits asked), and
each keystroke is timed:

- warm: one connection for every keystroke;
- cold connection: a new connection (an empty SQLite page cache) per keystroke;
- cold file: the same, after asking the kernel to drop the file's cached pages
  (`posix_fadvise(DONTNEED)`), the first look at a file just opened;
- warm + hits: the search and the field, label and spans of the 20 hits a screen shows.

`--peer` also times, in the same run and on the same keystrokes, the in-memory
engine Marsad used before the index file (`tests/search_oracle`, built from the
same records): its build time and memory, and its keystrokes. Medians and p95
in ms; prefixes of 3+ characters are the target's (p95 <= 16 ms). No assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import summarize  # noqa: E402

#: realistic queries, typed one character at a time (the app benchmark's, plus names of the file's records);
#: many name entries of the search aids (casablanca, clinique, groupe, شراكة, madagascar, afrique,
#: formation, maroc), and some are numbers (35, 2 500)
QUERIES = [
    "akdital",
    "أكديتال",
    "اكديتال",
    "مجموعة",
    "مصحه الشفاء",
    "clinique",
    "groupe",
    "laboratoire",
    "الدار البيضاء",
    "casablanca",
    "الرباط",
    "marrakech",
    "مختبر",
    "centre diagnostic",
    "الجمعية المغربية",
    "شراكة",
    "partenariat",
    "oncologie",
    "الأورام",
    "ibn sina",
    "ابن سينا",
    "محمد",
    "mohamed",
    "xyzzy",
    "madagascar",
    "afrique",
    "formation",
    "maroc",
    "35",
    "2 500",
]
LIMIT = 200
SHOWN = 20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _names(connection: sqlite3.Connection, count: int = 12) -> list[str]:
    """The first one to three words of the names of some records (deterministic)."""
    rng = random.Random(1)
    (total,) = connection.execute("SELECT count(*) FROM records").fetchone()
    picked: list[str] = []
    for rowid in sorted(rng.sample(range(1, total + 1), min(total, count * 3))):
        row = connection.execute("SELECT ar, latin FROM records WHERE rowid = ?", (rowid,)).fetchone()
        name = row and (row[0] or row[1])
        if name and len(picked) < count:
            words = name.split()
            picked.append(" ".join(words[: rng.randint(1, min(3, len(words)))]))
    return picked


def _keystrokes(queries: list[str]) -> list[str]:
    return [query[:end] for query in queries for end in range(1, len(query) + 1) if query[:end].strip()]


def _figures(samples: list[tuple[str, float]]) -> dict:
    return {
        "all": summarize([ms for _q, ms in samples]),
        "3plus": summarize([ms for q, ms in samples if len(q.strip()) >= 3]),
        "slowest": [(q, round(ms, 2)) for q, ms in sorted(samples, key=lambda s: -s[1])[:5]],
    }


# -- children -------------------------------------------------------------------------------


def child_build(records: str, index: str) -> dict:
    from tui.search.build import build_search_index

    shutil.copyfile(records, index)
    connection = sqlite3.connect(index)
    tables = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'search_*'"
    ).fetchall()
    if tables:  # an index file that has them already: built again
        for (table,) in tables:
            connection.execute(f'DROP TABLE "{table}"')
        connection.execute("VACUUM")
    before = os.path.getsize(index)
    start = time.perf_counter()
    build_search_index(connection)
    seconds = time.perf_counter() - start
    (docs,) = connection.execute("SELECT count(*) FROM records").fetchone()
    connection.close()
    return {
        "docs": docs,
        "build_s": round(seconds, 2),
        "peak_rss_mb": round(_peak_rss_mb()),
        "tables_mb": round((os.path.getsize(index) - before) / 1e6, 1),
    }


def _drop_cached_pages(path: str) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(descriptor)


def child_queries(index: str) -> dict:
    from tui.search.query import SearchIndex

    connection = sqlite3.connect(index)
    keys = _keystrokes(QUERIES + _names(connection))
    engine = SearchIndex(connection)
    for key in keys[:20]:  # warm up
        engine.search(key, limit=LIMIT)
    result: dict = {"keystrokes": len(keys)}
    for mode in ("warm", "warm + hits", "cold connection", "cold file"):
        samples = []
        for key in keys:
            if mode.startswith("cold"):
                if mode == "cold file":
                    _drop_cached_pages(index)
                start = time.perf_counter()
                fresh = sqlite3.connect(index)
                SearchIndex(fresh).search(key, limit=LIMIT)
            else:
                start = time.perf_counter()
                hits = engine.search(key, limit=LIMIT)
                if mode == "warm + hits":
                    for hit in hits[:SHOWN]:
                        hit.spans  # noqa: B018 - works out the field, label and spans
            samples.append((key, (time.perf_counter() - start) * 1000))
            if mode.startswith("cold"):
                fresh.close()
        result[mode] = _figures(samples)
    result["peak_rss_mb"] = round(_peak_rss_mb())
    return result


def child_peer(index: str) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from search_oracle.documents import index_of

    from tui.data.kinds import decode_record

    connection = sqlite3.connect(index)
    keys = _keystrokes(QUERIES + _names(connection))
    records = [decode_record(kind, body) for kind, body in connection.execute("SELECT kind, body FROM records")]
    rss_records = _peak_rss_mb()
    start = time.perf_counter()
    engine = index_of(records)
    seconds = time.perf_counter() - start
    for key in keys[:20]:
        engine.search(key, limit=LIMIT)
    result: dict = {
        "build_s": round(seconds, 2),
        "peak_rss_mb": round(_peak_rss_mb()),
        "index_mb": round(_peak_rss_mb() - rss_records),
    }
    for mode in ("warm", "warm + hits"):
        samples = []
        for key in keys:
            start = time.perf_counter()
            hits = engine.search(key, limit=LIMIT)
            if mode == "warm + hits":
                for hit in hits[:SHOWN]:
                    hit.spans  # noqa: B018
            samples.append((key, (time.perf_counter() - start) * 1000))
        result[mode] = _figures(samples)
    return result


# -- parent ---------------------------------------------------------------------------------


def _run_child(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _line(label: str, figures: dict) -> str:
    every, longer = figures["all"], figures["3plus"]
    return (
        f"  {label:18} 3+ chars: median {longer['median']:6.2f}  p95 {longer['p95']:6.2f}  max {longer['max']:7.2f}"
        f"   every prefix: median {every['median']:6.2f}  p95 {every['p95']:6.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", nargs="*", help="SQLite files with a records table")
    parser.add_argument("--peer", action="store_true", help="also time the in-memory engine on the same records")
    parser.add_argument("--json", dest="json_path", help="write the figures here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *paths = args.child
        result = {"build": child_build, "queries": child_queries, "peer": child_peer}[mode](*paths)
        print(json.dumps(result, ensure_ascii=False))
        return
    results = {}
    with tempfile.TemporaryDirectory(prefix="marsad-bench-search-") as directory:
        for records in args.records:
            index = str(Path(directory) / "index.db")
            built = _run_child("build", records, index)
            print(
                f"{records}: {built['docs']} records; search tables built in {built['build_s']} s, "
                f"peak RSS {built['peak_rss_mb']} MB, {built['tables_mb']} MB on disk",
                flush=True,
            )
            timed = _run_child("queries", index)
            print(f"  per keystroke, {timed['keystrokes']} keystrokes, {LIMIT} hits asked (ms):")
            for mode in ("warm", "warm + hits", "cold connection", "cold file"):
                print(_line(mode, timed[mode]))
            print(f"  slowest (warm): {timed['warm']['slowest']}", flush=True)
            result = {"build": built, "queries": timed}
            if args.peer:
                peer = _run_child("peer", index)
                print(
                    f"  peer, in-memory engine: built in {peer['build_s']} s, index {peer['index_mb']} MB of RSS "
                    f"(peak {peer['peak_rss_mb']} MB)"
                )
                for mode in ("warm", "warm + hits"):
                    print(_line("peer " + mode, peer[mode]))
                ratio = timed["warm"]["3plus"]["p95"] / max(peer["warm"]["3plus"]["p95"], 1e-9)
                print(f"  p95 (3+ chars, warm) index / in-memory: {ratio:.2f}x", flush=True)
                result["peer"] = peer
            results[records] = result
            os.remove(index)
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

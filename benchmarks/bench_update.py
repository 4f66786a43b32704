"""The index following an edit in place (`tui.store.update`), beside the least such a write can cost.

    python benchmarks/bench_update.py [--size 100000] [--edits 21]

On a synthetic database (`benchmarks/synth.py`, seed 1) with its index built once:
edits alternate (a record renamed, a fact added to another, a record added, one
removed), each `apply_to_index` timed (wall, one transaction), interleaved with the
peer: a transaction that replaces one row of the index's `records` table (what any
in-place update must at least do). Then `mark_saved` once (it reads the saved file
through: where each record's text is), beside reading the file through
(`tui.data.stream.read_documents`) alone. Prints medians and p95 and the ratios.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import msgspec
from common import percentile, synthetic_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=21)
    args = parser.parse_args()
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="marsad-bench-update-")
    os.environ["MARSAD_MAX_DB_MB"] = "4096"
    from tui.data.models import Fact
    from tui.data.stream import read_documents
    from tui.store.opening import load_database
    from tui.store.update import apply_to_index, mark_saved

    path = synthetic_database(args.size)
    start = time.perf_counter()
    database = load_database(path)
    print(f"{args.size:,} records, index built in {time.perf_counter() - start:.1f} s; load {os.getloadavg()[0]:.1f}")
    began = time.perf_counter()
    mark_saved(database.index_path, path)  # (the file as built: every record's place read again)
    saved = time.perf_counter() - began
    began = time.perf_counter()
    for _event in read_documents(path):
        pass
    read = time.perf_counter() - began
    organizations = list(database.organizations.values())[:200]
    source = next(iter(database.sources.values()))
    marsad: list[float] = []
    peer: list[float] = []
    for edit in range(args.edits):
        record = organizations[edit]
        step = edit % 4
        if step == 0:
            names = msgspec.structs.replace(record.names, latin=f"Edited {edit}")
            changed, removed = [msgspec.structs.replace(record, names=names)], []
        elif step == 1:
            fact = Fact("beds", "Beds", f"{edit} سرير", source.id, source.text[:30], number=float(edit), unit="beds")
            changed, removed = [msgspec.structs.replace(record, facts=(*record.facts, fact))], []
        elif step == 2:
            changed, removed = [msgspec.structs.replace(record, id=f"bench-new-{edit}")], []
        else:
            changed, removed = [], [record.id]
        began = time.perf_counter()
        apply_to_index(database.index_path, changed, removed)
        marsad.append(time.perf_counter() - began)
        connection = sqlite3.connect(database.index_path, isolation_level=None)
        body = msgspec.json.encode(organizations[-1 - edit])
        began = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE records SET body = ? WHERE id = ?", (body, organizations[-1 - edit].id))
        connection.execute("COMMIT")
        peer.append(time.perf_counter() - began)
        connection.close()

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.1f} ms (p95 {percentile(values, 0.95) * 1000:.1f})"

    print(f"apply_to_index, one edit:        {ms(marsad)}")
    print(f"peer: one records row replaced:  {ms(peer)}")
    print(f"ratio (medians): {statistics.median(marsad) / statistics.median(peer):.1f}x")
    print(f"mark_saved: {saved:.2f} s; peer, the file read through: {read:.2f} s ({saved / read:.2f}x)")


if __name__ == "__main__":
    main()

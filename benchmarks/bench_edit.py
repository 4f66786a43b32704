"""Editing a database: how long an edit takes to be planned and to be saved, beside TinyDB's own writer and a warm open.

    python benchmarks/bench_edit.py [--sizes 10000,100000] [--edits 7] [--json PATH]

For each size, a synthetic database (synth.py) is copied and written once in the
canonical layout (not timed: the first edit of a file in another layout rewrites
it whole). Then, in one fresh process:

* **open for editing**: `EditSession(path).view()`: the file read, parsed and
  fingerprinted (TinyDB's model: the whole database in memory);
* **edits**: alternately a fact added to, and a fact's label changed in, an
  organization: `plan` is the edit checked and its changes computed (what a
  screen waits for before it can show the change), `saved` is `session.do`
  whole: planned, applied through TinyDB, validated, encoded and written
  (temporary file, fsync, rename, folder fsync), under the lock;
* **peers**: TinyDB's own `JSONStorage` reading the file, and writing the same
  data (in place, no temporary file; compact JSON, its default, and indented like
  ours), and the bytes alone (`write` + `fsync` of the encoded file);
* **RSS** of the process once the file is open for editing (the storage keeps
  each document as its JSON), and its peak (the peers hold a decoded copy).

And, in another fresh process, `load_database` of the file with its index built
(how `marsad` opens a file it has opened before, warm, before any screen is drawn;
the app's rows on screen, warm, are in the README's table).

And, in a third fresh process, **the app** (`MarsadApp`, headless, 120x40) on the
file, its index warm, as a user edits it (`--app-edits` edits, alternately a
fact's label corrected and a fact added, then a record renamed):

* **first rows**: from `run_test` to the panes filled (the warm open, as seen);
* **ready to edit**: the file read for editing and its index readied, in the
  background (what the first editor to open starts);
* per edit, from `submit_edit`: **on screen** (the edit staged, the index changed
  in place, the screens told, and the next frame drawn: `call_after_refresh`), and **saved** (the file written
  whole by the save worker, the index re-keyed to it: the top bar says "saved");
  the index's own share of "on screen" (`apply_to_index`) is given apart;
* **RSS** of the app after the edits (now and peak).

Medians over the edits; the machine is shared, so read ratios beside their peers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, emit_result, run_child, synthetic_database, write_json

CHILD = "child"


def _rss_mb() -> int:
    """This process's resident memory now (Linux), in MB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20


def _median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def child(path: Path, edits: int) -> dict[str, Any]:
    from tinydb.storages import JSONStorage

    from tui.edit.adding import AddFact
    from tui.edit.canonical import encode_database
    from tui.edit.correcting import EditFact
    from tui.edit.session import EditSession

    started = time.perf_counter()
    session = EditSession(path)
    view = session.view()
    opened = time.perf_counter() - started
    rss_open = _rss_mb()
    organizations = [document for _key, document in view.documents("organizations") if document.get("facts")]
    plan: list[float] = []
    saved: list[float] = []
    written: list[float] = []
    for number in range(edits):
        record = organizations[(number * 7919) % len(organizations)]
        facts = record["facts"]
        if number % 2 == 0:
            fact = facts[0]
            operation: Any = AddFact(record["id"], "note", f"Edit {number}", fact["source"], fact["quote"])
        else:
            operation = EditFact(record["id"], 0, facts[0]["quote"], {"label": f"Edited {number}"})
        began = time.perf_counter()
        operation.plan(session.view())
        plan.append(time.perf_counter() - began)
        began = time.perf_counter()
        session.do(operation)
        saved.append(time.perf_counter() - began)
        assert session.storage.last_write is not None
        written.append(session.storage.last_write.seconds)
    from tui.edit.stored import plain

    data = {  # (decoded, as TinyDB's own storage holds a database)
        name: {key: plain(document) for key, document in table.items()} if isinstance(table, dict) else table
        for name, table in session.storage.read().items()
    }
    began = time.perf_counter()
    JSONStorage(str(path), access_mode="r").read()
    tinydb_read = time.perf_counter() - began
    peers: dict[str, list[float]] = {"tinydb_compact": [], "tinydb_indented": [], "bytes_only": []}
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        target = Path(folder) / "peer.json"
        target.touch()
        for _ in range(3):
            for name, options in (("tinydb_compact", {}), ("tinydb_indented", {"indent": 2, "ensure_ascii": False})):
                storage = JSONStorage(str(target), **options)
                began = time.perf_counter()
                storage.write(data)
                peers[name].append(time.perf_counter() - began)
                storage.close()
            began = time.perf_counter()
            encoded = encode_database(data)
            with open(target, "wb") as handle:
                handle.write(encoded)
                handle.flush()
                os.fsync(handle.fileno())
            peers["bytes_only"].append(time.perf_counter() - began)
    return {
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "open_for_editing_s": round(opened, 2),
        "tinydb_jsonstorage_read_s": round(tinydb_read, 2),
        "plan_ms": _median_ms(plan),
        "saved_ms": _median_ms(saved),
        "storage_write_ms": _median_ms(written),
        "tinydb_jsonstorage_compact_ms": _median_ms(peers["tinydb_compact"]),
        "tinydb_jsonstorage_indented_ms": _median_ms(peers["tinydb_indented"]),
        "encode_and_write_bytes_ms": _median_ms(peers["bytes_only"]),
        "rss_after_open_mb": rss_open,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "edits": edits,
    }


def warm_open(path: Path) -> dict[str, Any]:
    from tui.store.opening import load_database

    load_database(path).close()  # (builds the index when there is none: not timed)
    times = []
    for _ in range(5):
        began = time.perf_counter()
        load_database(path).close()
        times.append(time.perf_counter() - began)
    return {"warm_open_ms": _median_ms(times)}


def app_child(path: Path, edits: int) -> dict[str, Any]:
    """The app edits the file: on screen, saved, and the app's memory."""
    import asyncio

    return asyncio.run(_app_edits(path, edits))


async def _app_edits(path: Path, edits: int) -> dict[str, Any]:
    import tui.store.update as update
    from tui.app import MarsadApp
    from tui.data.models import Names
    from tui.edit.adding import AddFact
    from tui.edit.correcting import EditFact, RenameRecord

    index_seconds: list[float] = []
    real_apply = update.apply_to_index

    def timed_apply(*args: Any, **options: Any) -> None:
        began = time.perf_counter()
        real_apply(*args, **options)
        if args[1] or args[2]:
            index_seconds.append(time.perf_counter() - began)

    import tui.edit.live as live

    live.apply_to_index = timed_apply  # type: ignore[assignment]  # (timed, in the one module that calls it)
    app = MarsadApp(path)
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: app.database is not None and app.search_index is not None)
        first_rows = time.perf_counter() - started
        began = time.perf_counter()
        app.prepare_editing()
        await _until(pilot, lambda: app._editing_ready)
        ready = time.perf_counter() - began
        assert app.editing is not None
        view = app.editing.session.view()
        organizations = [document for _key, document in view.documents("organizations") if document.get("facts")]
        on_screen: list[float] = []
        saved: list[float] = []
        renamed: dict[str, float] = {}
        for number in range(edits + 1):
            record = organizations[(number * 7919) % len(organizations)]
            facts = record["facts"]
            if number == edits:
                operation: Any = RenameRecord(record["id"], Names(ar=f"اسم جديد {number}", latin=f"Renamed {number}"))
            elif number % 2 == 0:
                operation = EditFact(record["id"], 0, facts[0]["quote"], {"label": f"Edited {number}"})
            else:
                operation = AddFact(record["id"], "note", f"Added {number}", facts[0]["source"], facts[0]["quote"])
            answers: list[object] = []
            drawn: list[float] = []
            began = time.perf_counter()
            app.submit_edit(operation, answers.append)
            app.call_after_refresh(lambda drawn=drawn: drawn.append(time.perf_counter()))  # (the next frame drawn)
            await _until(pilot, lambda drawn=drawn: bool(drawn))
            shown = drawn[0] - began
            assert not isinstance(answers[0], str), answers[0]
            await _until(pilot, lambda: app.edit_status == "saved" and not app._saving, timeout=600)
            written = time.perf_counter() - began
            if number == edits:
                renamed = {"on_screen_ms": round(shown * 1000, 1), "saved_s": round(written, 2)}
            else:
                on_screen.append(shown)
                saved.append(written)
        rss_now = _rss_mb()
    return {
        "app_first_rows_s": round(first_rows, 2),
        "app_ready_to_edit_s": round(ready, 2),
        "app_on_screen_ms": _median_ms(on_screen),
        "app_on_screen_max_ms": round(max(on_screen) * 1000, 1),
        "app_index_update_ms": _median_ms(index_seconds[:-1]),
        "app_saved_s": round(statistics.median(saved), 2),
        "app_rename": renamed | {"index_update_ms": round(index_seconds[-1] * 1000, 1)},
        "app_rss_after_edits_mb": rss_now,
        "app_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "app_edits": edits,
    }


async def _until(pilot: Any, condition: Any, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("not seen in time")
        await pilot.pause(0.005)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == CHILD:
        mode, path, edits = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
        work = {"edit": child, "app": app_child}.get(mode)
        emit_result(work(path, edits) if work is not None else warm_open(path))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--app-edits", type=int, default=7, help="edits made in the app (0: not measured)")
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MARSAD_MAX_DB_MB": os.environ.get("MARSAD_MAX_DB_MB", "4096")}
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        env["XDG_CACHE_HOME"] = str(Path(folder) / "cache")
        for size in (int(size) for size in args.sizes.split(",")):
            path = Path(folder) / f"edit-{size}.json"
            shutil.copyfile(synthetic_database(size), path)
            from tui.edit.storage import SafeStorage

            storage = SafeStorage(path)
            storage.write(storage.read())  # (into the canonical layout, untimed)
            del storage
            script = str(Path(__file__).resolve())
            result = run_child([script, CHILD, "edit", str(path), str(args.edits)], timeout=3600, env=env)
            result |= run_child([script, CHILD, "warm", str(path), "0"], timeout=3600, env=env)
            if args.app_edits:
                result |= run_child([script, CHILD, "app", str(path), str(args.app_edits)], timeout=3600, env=env)
            results[str(size)] = result
            print(f"{size:,} records ({result['file_mb']} MB)")
            print(f"  open for editing            {result['open_for_editing_s']:>9} s")
            print(f"  peer: TinyDB JSONStorage    {result['tinydb_jsonstorage_read_s']:>9} s    reads it")
            print(f"  an edit planned             {result['plan_ms']:>9} ms")
            alone = result["storage_write_ms"]
            print(f"  an edit saved (whole)       {result['saved_ms']:>9} ms   (the write alone {alone} ms)")
            print(f"  peer: TinyDB JSONStorage    {result['tinydb_jsonstorage_compact_ms']:>9} ms   compact, in place")
            print(
                f"  peer: TinyDB JSONStorage    {result['tinydb_jsonstorage_indented_ms']:>9} ms   indented, in place"
            )
            print(f"  peer: the bytes alone       {result['encode_and_write_bytes_ms']:>9} ms   encode + write + fsync")
            print(f"  load_database, warm         {result['warm_open_ms']:>9} ms   (its index trusted)")
            print(f"  RSS once open for editing   {result['rss_after_open_mb']:>9} MB")
            print(f"  peak RSS of the editor      {result['peak_rss_mb']:>9} MB   (the peers' decoded copy included)")
            print(
                f"  saved / TinyDB compact      {result['saved_ms'] / result['tinydb_jsonstorage_compact_ms']:>9.2f}x"
            )
            if args.app_edits:
                print(f"  app: first rows (warm)      {result['app_first_rows_s']:>9} s")
                print(f"  app: ready to edit          {result['app_ready_to_edit_s']:>9} s    (in the background)")
                on_screen, index = result["app_on_screen_ms"], result["app_index_update_ms"]
                print(f"  app: an edit on screen      {on_screen:>9} ms   (the index's share {index} ms)")
                print(f"  app: an edit saved          {result['app_saved_s']:>9} s    (written whole, re-keyed)")
                rename = result["app_rename"]
                index = rename["index_update_ms"]
                print(f"  app: a rename on screen     {rename['on_screen_ms']:>9} ms   (index {index} ms)")
                now, peak = result["app_rss_after_edits_mb"], result["app_peak_rss_mb"]
                print(f"  app: RSS after the edits    {now:>9} MB   (peak {peak} MB)")
    if args.json:
        write_json(args.json, results)
    else:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

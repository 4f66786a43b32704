"""Benchmark of slicing: filters as typed, sort changes, the facts table, and scrolling a slice.

    python benchmarks/bench_slices.py DATABASE.json [--app] [--presses 30] [--json PATH]

The database is opened through its index (built first if there is none: set
MARSAD_MAX_DB_MB for files over 256 MB). Every figure is milliseconds, median
and p95 over the samples, with a peer measured in the same run:

- filter keystroke: realistic filters typed one character at a time on the
  largest kind (organizations), each prefix materialized as the app does it
  (`SliceReader.records`), in the order of the file and sorted by Latin name;
  split into the SQL scan alone (`count(*)` over the same rows) and the rest
  (fetching the row ids into the array). Peer: the whole list, which needs no
  slice (a count).
- sort change: each key, ascending and descending, on the whole kind.
- facts: the kinds of fact (the picker), and slices of the facts table.
- page: reading one page of 128 rows of a slice (what scrolling reads), random
  places; peer: a page of the whole list in the order of the file.

`--app` also runs the app (headless, 120x40) on the file: per filter keystroke,
the UI thread's CPU time (the key, the title, starting the worker) and the wall
time until the pane shows the slice; then `j` and `pagedown` in a filtered and
sorted pane against the same keys in a whole pane (CPU per press, caches cold).
No assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import summarize, write_json  # noqa: E402
from tui.store.opening import load_database  # noqa: E402
from tui.store.slices import (  # noqa: E402
    ALL_FACTS,
    FIGURES,
    RECORD_KEYS,
    FactKind,
    FactOrder,
    FactSlice,
    RecordOrder,
    RecordSlice,
    _record_query,
)

FILTERS = ["مجموعة", "مصحة الأمل", "groupe", "clinique", "laboratoire", "akdital", "tazi", "سيم", "xyzzy"]
PAGE = 128


def _ms(seconds: float) -> float:
    return seconds * 1000


def _timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return _ms(time.perf_counter() - start), result


def store_figures(path: Path) -> dict:
    database = load_database(path)
    reader = database.slices()
    counts = dict(zip(("organization", "partnership", "association", "person", "source"), database.counts()))
    figures: dict = {"records": len(database), "counts": counts}
    # -- filters, one keystroke at a time
    for order_name, order in (("file order", RecordOrder()), ("Latin name", RecordOrder("latin"))):
        total, scan, rows = [], [], []
        for text in FILTERS:
            for end in range(1, len(text) + 1):
                sliced = RecordSlice("organization", text[:end], order)
                sql, parameters = _record_query(sliced)
                where = sql.split(" WHERE ", 1)[1].split(" ORDER BY ", 1)[0]
                scan_ms, _ = _timed(reader._page_query, f"SELECT count(*) FROM listing l WHERE {where}", parameters)
                took, made = _timed(reader.records, sliced)
                total.append(took)
                scan.append(scan_ms)
                rows.append(made.count)
        figures[f"filter keystroke, {order_name}"] = {
            "total": summarize(total),
            "SQL scan alone (count)": summarize(scan),
            "rows": summarize(rows, 0),
        }
    peer = [_timed(reader.records, RecordSlice("organization"))[0] for _ in range(20)]
    figures["peer: whole list (no slice)"] = summarize(peer)
    # -- sort changes on the whole kind
    sorts = {}
    for key in RECORD_KEYS:
        for descending in (False, True):
            fact = FactKind("field", "footprint") if key == "fact" else None
            samples = [
                _timed(reader.records, RecordSlice("organization", "", RecordOrder(key, descending, fact)))[0]
                for _ in range(3)
            ]
            sorts[f"{key} {'desc' if descending else 'asc'}"] = summarize(samples)
    figures["sort change (whole kind)"] = sorts
    # -- the facts table
    kinds_ms, kinds = _timed(reader.fact_kinds)
    figures["facts: kinds picker"] = {
        "ms": round(kinds_ms, 3),
        "kinds": len(kinds),
        "facts": kinds[0].facts,
        "figures": kinds[0].figures,
    }
    largest_label = max((each for each in kinds if each.kind.by == "label"), key=lambda each: each.figures)
    facts = {}
    for name, sliced in (
        ("all facts, file order", FactSlice(ALL_FACTS)),
        ("all figures, by number desc", FactSlice(FIGURES, order=FactOrder("number", True))),
        (
            f"label {largest_label.kind.name!r} ({largest_label.facts:,}), by number desc",
            FactSlice(largest_label.kind, order=FactOrder("number", True)),
        ),
        (f"label {largest_label.kind.name!r}, by record", FactSlice(largest_label.kind, order=FactOrder("record"))),
        ("all figures, filter 'groupe'", FactSlice(FIGURES, "groupe")),
        ("all facts, filter 'مجموعة', by value", FactSlice(ALL_FACTS, "مجموعة", FactOrder("value"))),
    ):
        samples, made = [], None
        for _ in range(3):
            took, made = _timed(reader.facts, sliced)
            samples.append(took)
        facts[name] = {**summarize(samples), "rows": made.count}  # type: ignore[union-attr]
    figures["facts table slices"] = facts
    # -- pages of a slice (scrolling) against pages of the whole list
    rng = random.Random(1)
    sliced = reader.records(RecordSlice("organization", "م", RecordOrder("latin")))
    whole = reader.records(RecordSlice("organization"))
    figures["page of a slice (128 rows)"] = summarize(
        [
            _timed(sliced.rows, start, start + PAGE)[0]
            for start in (rng.randrange(max(1, sliced.count - PAGE)) for _ in range(200))
        ]
    )
    figures["peer: page of the whole list"] = summarize(
        [
            _timed(whole.rows, start, start + PAGE)[0]
            for start in (rng.randrange(max(1, whole.count - PAGE)) for _ in range(200))
        ]
    )
    figures["peak RSS MB (store figures)"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    database.close()
    return figures


async def app_figures(path: Path, presses: int) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from pilot_helpers import wait_for, wait_until_loaded

    from tui.app import MarsadApp
    from tui.widgets.entity_list import EntityList

    app = MarsadApp(db_path=path)
    figures: dict = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        screen = app.main_screen
        organizations: EntityList = screen.list_of("organization")
        await pilot.press("1", "f")
        ui, shown = [], []
        for text in FILTERS[:5]:
            screen.query_one("#pane-filter").query_one("#find-input").value = ""
            await wait_for(pilot, lambda: organizations.slice.filter == "", "the filter cleared", 120)
            for character in text:
                cpu, wall = time.process_time(), time.perf_counter()
                await pilot.press(character)
                ui.append(_ms(time.process_time() - cpu))
                wanted = screen.wanted_slice("organization")
                await wait_for(pilot, lambda wanted=wanted: organizations.slice == wanted, "the slice shown", 120)
                shown.append(_ms(time.perf_counter() - wall))
        figures["filter keystroke: UI thread CPU (press + pause)"] = summarize(ui)
        figures["filter keystroke: until the pane shows it (wall)"] = summarize(shown)
        await pilot.press("enter")

        async def keys(key: str) -> list[float]:
            samples = []
            for _ in range(presses):
                organizations._strip_cache.clear()
                organizations._pages.clear()
                cpu = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                samples.append(_ms(time.process_time() - cpu))
            return samples

        screen.reslice("organization", RecordSlice("organization", "م", RecordOrder("latin")))
        await wait_for(
            pilot, lambda: organizations.slice == screen.wanted_slice("organization"), "the slice shown", 120
        )
        organizations.focus()
        figures["rows in the filtered pane"] = organizations.row_count
        for key in ("j", "pagedown"):
            figures[f"{key} in a filtered, sorted pane (CPU)"] = summarize(await keys(key))
        screen.reslice("organization", RecordSlice("organization"))
        await wait_for(pilot, lambda: organizations.slice == RecordSlice("organization"), "the whole list shown", 120)
        for key in ("j", "pagedown"):
            figures[f"peer: {key} in a whole pane (CPU)"] = summarize(await keys(key))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--app", action="store_true", help="also run the app headless and time its keys")
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    figures = {"store": store_figures(arguments.database)}
    if arguments.app:
        figures["app"] = asyncio.run(app_figures(arguments.database, arguments.presses))
    for section, values in figures.items():
        print(f"== {section}")
        for name, value in values.items():
            print(f"  {name}: {value}")
    if arguments.json:
        write_json(arguments.json, {"database": str(arguments.database), "cpus": os.cpu_count(), **figures})


if __name__ == "__main__":
    main()

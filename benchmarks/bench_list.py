"""Benchmark `VirtualList`: mount time and per-key-press time for 1k, 10k, 100k rows.

Headless (`App.run_test`); prints a table; no time assertions.

    python benchmarks/bench_list.py [--sizes 1000 10000 100000] [--presses 50]
                                    [--json PATH]

A key press is timed around `await pilot.press(key)` + `await pilot.pause()`, which
includes Textual's message dispatch, the binding, the cursor move, the repaint of
the changed lines and the headless driver's screen update.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.text import Text
from textual.app import App, ComposeResult

from benchmarks.common import percentile
from tui.widgets.virtual_list import VirtualList

TERMINAL_SIZE = (100, 40)


def render_row(index: int, width: int) -> Text:
    return Text(f"{index:>7}  Organisation number {index} — Casablanca, Maroc")


class BenchApp(App[None]):
    CSS = "VirtualList { height: 1fr; }"

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows
        self.calls = 0

    def counting_render_row(self, index: int, width: int) -> Text:
        self.calls += 1
        return render_row(index, width)

    def compose(self) -> ComposeResult:
        yield VirtualList(self.rows, render_row=self.counting_render_row)


async def bench_size(rows: int, presses: int) -> dict:
    app = BenchApp(rows)
    start = time.perf_counter()
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await pilot.pause()
        first_frame_ms = (time.perf_counter() - start) * 1000
        vlist = app.query_one(VirtualList)

        # set_rows on a mounted list (replace the rows, then paint).
        start = time.perf_counter()
        vlist.set_rows(rows, app.counting_render_row)
        set_rows_ms = (time.perf_counter() - start) * 1000
        await pilot.pause()
        set_rows_paint_ms = (time.perf_counter() - start) * 1000

        results: dict[str, dict] = {}
        # Each scenario: (name, key, key that resets the position before each press).
        scenarios = [
            ("down", "down", None),
            ("pagedown", "pagedown", None),
            ("end/G", "G", "g"),
            ("home/g", "g", "G"),
        ]
        for name, key, reset in scenarios:
            await pilot.press("g" if reset is None else reset)
            await pilot.pause()
            times: list[float] = []
            cpu_times: list[float] = []
            calls: list[int] = []
            for _ in range(presses):
                if reset is not None:
                    await pilot.press(reset)
                    await pilot.pause()
                elif vlist.cursor >= rows - 1:
                    await pilot.press("g")
                    await pilot.pause()
                vlist._strip_cache.clear()  # Cold: measure rendering, not the LRU.
                app.calls = 0
                start = time.perf_counter()
                cpu_start = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                cpu_times.append((time.process_time() - cpu_start) * 1000)
                times.append((time.perf_counter() - start) * 1000)
                calls.append(app.calls)
            results[name] = {
                "median_ms": statistics.median(times),
                "p95_ms": percentile(times, 0.95),
                "max_ms": max(times),
                "cpu_median_ms": statistics.median(cpu_times),
                "cpu_p95_ms": percentile(cpu_times, 0.95),
                "render_row_calls_median": statistics.median(calls),
            }

        # The widget's own cost, without Pilot's idle waits: the action plus a full
        # repaint of every visible line (cold strip cache), for each key's action.
        height = vlist.scrollable_content_region.height
        actions = {
            "down": vlist.action_cursor_down,
            "pagedown": vlist.action_cursor_page_down,
            "end/G": vlist.action_cursor_last,
            "home/g": vlist.action_cursor_first,
        }
        for name, action in actions.items():
            direct: list[float] = []
            for _ in range(presses):
                if (name in ("down", "pagedown") and vlist.cursor >= rows - 1) or name == "end/G":
                    vlist.action_cursor_first()
                elif name == "home/g":
                    vlist.action_cursor_last()
                vlist._strip_cache.clear()
                start = time.perf_counter()
                action()
                for y in range(height):
                    vlist.render_line(y)
                direct.append((time.perf_counter() - start) * 1000)
            results[name]["widget_median_ms"] = statistics.median(direct)
            results[name]["widget_p95_ms"] = percentile(direct, 0.95)
            await pilot.pause()
    return {
        "rows": rows,
        "first_frame_ms": first_frame_ms,
        "set_rows_ms": set_rows_ms,
        "set_rows_and_paint_ms": set_rows_paint_ms,
        "keys": results,
    }


async def main_async(sizes: list[int], presses: int) -> list[dict]:
    # Warm up imports and Textual's first-app costs so they don't land on 1k rows.
    await bench_size(10, 3)
    return [await bench_size(rows, presses) for rows in sizes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--presses", type=int, default=50, help="presses per key")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()

    results = asyncio.run(main_async(args.sizes, args.presses))

    print(
        f"VirtualList benchmark, terminal {TERMINAL_SIZE[0]}x{TERMINAL_SIZE[1]}, "
        f"{args.presses} presses per key, python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs"
    )
    print(
        "key columns: wall = pilot.press + pilot.pause (includes Pilot's idle waits); "
        "cpu = process CPU time of the same; widget = action + render of all "
        "visible lines, cold cache; rows = render_row calls per press"
    )
    print(
        f"{'rows':>8} {'mount':>9} {'set_rows':>9} {'+paint':>8}  key        "
        f"{'wall med':>8} {'wall p95':>8} {'cpu med':>8} {'cpu p95':>8} "
        f"{'widg med':>8} {'widg p95':>8} {'rows':>5}"
    )
    for result in results:
        first = True
        for key, figures in result["keys"].items():
            head = (
                f"{result['rows']:>8} {result['first_frame_ms']:>7.1f}ms "
                f"{result['set_rows_ms']:>7.3f}ms {result['set_rows_and_paint_ms']:>6.1f}ms"
                if first
                else " " * 38
            )
            first = False
            print(
                f"{head}  {key:<10} {figures['median_ms']:>6.2f}ms {figures['p95_ms']:>6.2f}ms "
                f"{figures['cpu_median_ms']:>6.2f}ms {figures['cpu_p95_ms']:>6.2f}ms "
                f"{figures['widget_median_ms']:>6.2f}ms {figures['widget_p95_ms']:>6.2f}ms "
                f"{figures['render_row_calls_median']:>5}"
            )
    if args.json:
        payload = {
            "terminal_size": TERMINAL_SIZE,
            "presses": args.presses,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "results": results,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Benchmark: what a pane's row count change costs, the way `VirtualList` does it against
the public way.

    python benchmarks/bench_row_count.py [--changes 200]

A pane's number of rows changes at every keystroke of a filter and at every batch
of records while a large file is being indexed. `VirtualList._update_virtual_size`
sets `virtual_size` without its reactive's layout (`set_reactive`) and updates the
scrollbars itself, through `ScrollView._scroll_update`, a private Textual method.
The public way is to assign `virtual_size`, whose reactive asks for a layout of the
whole screen. Both run here on the main screen of the bundled database (120x40,
headless), interleaved in the same process; each change is timed around
`set_rows` + `await pilot.pause()` (the refresh included). No assertions: it prints
medians and the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.geometry import Size

from tui.app import MarsadApp
from tui.widgets.virtual_list import VirtualList

SIZE = (120, 40)
_AS_SHIPPED = VirtualList._update_virtual_size


def _public_way(self: VirtualList) -> None:
    """What the public API offers: assign the reactive (a layout of the whole screen follows)."""
    width = max(0, self.scrollable_content_region.width)
    virtual_size = Size(width, self.row_count)
    if virtual_size != self.virtual_size:
        self.virtual_size = virtual_size
        self.refresh()


async def measure(changes: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"as shipped (_scroll_update)": [], "public (virtual_size =)": []}
    app = MarsadApp()
    async with app.run_test(size=SIZE) as pilot:
        while app.database is None or app.search_index is None:
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane = app.main_screen.list_of("organization")
        rows = pane.row_count
        for change in range(changes):
            for name, way in (("as shipped (_scroll_update)", _AS_SHIPPED), ("public (virtual_size =)", _public_way)):
                VirtualList._update_virtual_size = way  # type: ignore[method-assign]
                count = rows - 1 - (change % 2)  # the count differs from the one before at every change
                start = time.perf_counter()
                pane.set_rows(count, keep_cursor=True)
                await pilot.pause()
                timings[name].append((time.perf_counter() - start) * 1000)
        VirtualList._update_virtual_size = _AS_SHIPPED  # type: ignore[method-assign]
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    # the bundled database's index and the default settings, in a folder of this run's own
    os.environ["XDG_CACHE_HOME"] = os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="marsad-bench-rows-")
    timings = asyncio.run(measure(args.changes))
    shipped, public = timings.values()
    print(f"{'row count change':32} {'median ms':>10} {'p90 ms':>8}")
    for name, values in timings.items():
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{name:32} {statistics.median(values):>10.2f} {p90:>8.2f}")
    print(f"public / as shipped (medians): {statistics.median(public) / statistics.median(shipped):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

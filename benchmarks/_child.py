"""Measurements that need a fresh process; started by `benchmarks/run.py`, one per process.

    python benchmarks/_child.py load PATH
    python benchmarks/_child.py startup-bare
    python benchmarks/_child.py startup-marsad PATH|bundled
    python benchmarks/_child.py interactive PATH|bundled [--presses N]

Each prints one `BENCH-RESULT {json}` line. Start-up modes read the wall-clock
time the parent took just before spawning the process from `MARSAD_BENCH_T0`
(`time.time()`), so their figures include interpreter start-up and imports, the
same way for the bare app and for Marsad.
"""

import time

_MODULE_START = time.time()  # before any import but `time`: interpreter start-up ends here

import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import emit_result  # noqa: E402

TERMINAL_SIZE = (120, 40)
#: the child gives up (and reports what it has) after this long
INNER_TIMEOUT = float(os.environ.get("MARSAD_BENCH_INNER_TIMEOUT", "170"))


def _t0() -> float:
    return float(os.environ.get("MARSAD_BENCH_T0", _MODULE_START))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


def _db_arg(value: str):
    return None if value == "bundled" else value


# --------------------------------------------------------------------- load
def load(path: str) -> None:
    from tui.data.loader import load_database
    from tui.search_index import build_index

    rss_imports = _current_rss_mb()
    start = time.perf_counter()
    database = load_database(_db_arg(path))
    loaded = time.perf_counter()
    peak_after_load = _peak_rss_mb()
    index = build_index(database)
    indexed = time.perf_counter()
    emit_result({
        "records": len(database.all_records()),
        "load_s": loaded - start,
        "index_s": indexed - loaded,
        "total_s": indexed - start,
        "rss_after_imports_mb": rss_imports,
        "peak_rss_after_load_mb": peak_after_load,
        "peak_rss_mb": _peak_rss_mb(),
        "rss_retained_mb": _current_rss_mb(),
        "index_docs": len(index),
    })


# ------------------------------------------------------------------ start-up
def startup_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    imported = time.time()

    class Bare(App[None]):
        first_frame: float | None = None

        def compose(self) -> ComposeResult:
            yield Static("Hello from a bare Textual app")

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            if renderable is not None and not self._batch_count and self.first_frame is None:
                self.first_frame = time.time()
                self.exit()

        def on_mount(self) -> None:
            self.set_timer(INNER_TIMEOUT, self.exit)

    app = Bare()
    app.run(headless=True, size=TERMINAL_SIZE)
    t0 = _t0()
    emit_result({
        "interpreter_ms": (_MODULE_START - t0) * 1000,
        "imports_ms": (imported - t0) * 1000,
        "first_frame_ms": (app.first_frame - t0) * 1000 if app.first_frame else None,
        "peak_rss_mb": _peak_rss_mb(),
    })


def startup_marsad(path: str) -> None:
    from tui.app import MarsadApp

    imported = time.time()

    class Measured(MarsadApp):
        first_frame: float | None = None
        data_shown: float | None = None
        index_ready: float | None = None

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            if renderable is None or self._batch_count:
                return
            now = time.time()
            if self.first_frame is None and screen is self.main_screen:
                self.first_frame = now
            if self.data_shown is None and self.main_screen.database is not None:
                self.data_shown = now  # first frame painted after show_database filled the lists
                self._maybe_exit()

        def _index(self, database) -> None:
            super()._index(database)
            self.index_ready = time.time()
            self.call_from_thread(self._maybe_exit)

        def _maybe_exit(self) -> None:
            if self.data_shown is not None and self.index_ready is not None:
                self.exit()

        def on_mount(self) -> None:
            super().on_mount()
            self.set_timer(INNER_TIMEOUT, self.exit)

    app = Measured(_db_arg(path))
    app.run(headless=True, size=TERMINAL_SIZE)
    t0 = _t0()

    def ms(value: float | None) -> float | None:
        return (value - t0) * 1000 if value else None

    emit_result({
        "interpreter_ms": (_MODULE_START - t0) * 1000,
        "imports_ms": (imported - t0) * 1000,
        "first_frame_ms": ms(app.first_frame),
        "data_shown_ms": ms(app.data_shown),
        "index_ready_ms": ms(app.index_ready),
        "peak_rss_mb": _peak_rss_mb(),
        "load_error": app.load_error.message if app.load_error else None,
    })


# --------------------------------------------------------------- interactive
#: realistic queries, typed one character at a time (plus names taken from the database)
QUERIES = [
    "akdital", "أكديتال", "اكديتال", "مجموعة", "مصحه الشفاء", "clinique", "groupe", "laboratoire",
    "الدار البيضاء", "casablanca", "الرباط", "marrakech", "مختبر", "centre diagnostic", "الجمعية المغربية",
    "شراكة", "partenariat", "oncologie", "الأورام", "ibn sina", "ابن سينا", "محمد", "mohamed", "xyzzy",
]


def _queries_from(database, count: int = 12) -> list[str]:
    import random

    rng = random.Random(1)
    records = database.all_records()
    picked: list[str] = []
    for record in rng.sample(records, min(len(records), count * 3)):
        names = record.names
        # a user types the start of a name: the first one to three words
        for name in (names.ar, names.latin):
            if name and len(picked) < count:
                words = name.split()
                picked.append(" ".join(words[: rng.randint(1, min(3, len(words)))]))
                break
    return picked


def _search(index, database) -> dict:
    from common import summarize

    queries = QUERIES + _queries_from(database)
    for query in queries[:3]:  # warm up
        index.search(query, limit=200)
    every: list[float] = []
    long: list[float] = []
    for query in queries:
        for end in range(1, len(query) + 1):
            prefix = query[:end]
            start = time.perf_counter()
            index.search(prefix, limit=200)
            elapsed = (time.perf_counter() - start) * 1000
            every.append(elapsed)
            if len(prefix.strip()) >= 3:
                long.append(elapsed)
    return {"queries": queries, "all_ms": summarize(every), "3plus_ms": summarize(long)}


def _render(database) -> dict:
    import random

    from common import summarize
    from tui.text import BidiMode, clear_layout_cache, single_line
    from tui.widgets.rows import name_row

    records = database.all_records()
    sample = random.Random(1).sample(records, min(len(records), 300))
    names = [record.names for record in sample]
    for item in names[:20]:  # warm imports and interpreter caches
        single_line(item.primary, 40)

    def timed(call, *, cold: bool) -> list[float]:
        samples = []
        for item in names:
            if cold:
                clear_layout_cache()
            start = time.perf_counter_ns()
            call(item)
            samples.append((time.perf_counter_ns() - start) / 1000)
        return samples

    def one(item):
        return single_line(item.primary, 40)

    def row(item):
        return name_row(item, 40, BidiMode.APP)

    uncached = timed(one, cold=True)
    timed(one, cold=False)  # fill the cache
    cached = timed(one, cold=False)
    row_uncached = timed(row, cold=True)
    clear_layout_cache()
    return {
        "rows": len(names),
        "single_line_w40_uncached_us": summarize(uncached, 2),
        "single_line_w40_cached_us": summarize(cached, 2),
        "name_row_w40_uncached_us": summarize(row_uncached, 2),
    }


async def _interactive(path: str, presses: int) -> dict:
    import asyncio

    from common import summarize
    from tui.app import MarsadApp
    from tui.text import clear_layout_cache

    app = MarsadApp(_db_arg(path))
    result: dict = {}
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        deadline = time.monotonic() + INNER_TIMEOUT
        while app.search_index is None or app.main_screen.database is None:
            if app.load_error is not None or time.monotonic() > deadline:
                raise SystemExit(f"database not ready: {app.load_error}")
            await asyncio.sleep(0.05)
        await pilot.pause()
        screen = app.main_screen
        lst = screen.list_of("organization")
        lst.focus()
        await pilot.pause()
        rows = lst.row_count
        height = lst.scrollable_content_region.height
        result["list"] = {"kind": "organization", "rows": rows, "visible_rows": height}

        def cold() -> None:
            lst._strip_cache.clear()
            clear_layout_cache()

        async def reset(key: str | None) -> None:
            if key is not None or lst.cursor >= rows - 2 or lst.cursor >= rows - height - 1:
                await pilot.press(key or "g")
                await pilot.pause()

        # 1. A key press through Textual, as CPU time (process_time): bindings, the
        #    action, the Highlighted handler (detail pane), compositor and the headless
        #    driver; Pilot's idle sleeps cost wall time but almost no CPU. A key with no
        #    binding measures the floor (event dispatch + Pilot's own loop), subtracted.
        scenarios = [("noop", "z", None), ("j", "j", None), ("pagedown", "pagedown", None), ("G", "G", "g")]
        raw: dict[str, list[float]] = {}
        walls: dict[str, list[float]] = {}
        for name, key, before in scenarios:
            await pilot.press("g")
            await pilot.pause()
            cpu_samples, wall_samples = [], []
            for _ in range(presses):
                await reset(before)
                cold()
                wall = time.perf_counter()
                cpu = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                cpu_samples.append((time.process_time() - cpu) * 1000)
                wall_samples.append((time.perf_counter() - wall) * 1000)
            raw[name], walls[name] = cpu_samples, wall_samples
        floor = summarize(raw["noop"])["median"]
        keys = {}
        for name in ("j", "pagedown", "G"):
            net = [max(0.0, sample - floor) for sample in raw[name]]
            keys[name] = {"key_cpu_net_ms": summarize(net), "key_cpu_raw_ms": summarize(raw[name]),
                          "key_wall_ms": summarize(walls[name])}
        # 2. The list widget alone, wall time: the action plus a render of every visible
        #    line, with the strip cache and the layout cache cleared first.
        actions = {"j": (lst.action_cursor_down, None), "pagedown": (lst.action_cursor_page_down, None),
                   "G": (lst.action_cursor_last, lst.action_cursor_first)}
        for name, (action, before_action) in actions.items():
            lst.action_cursor_first()
            await pilot.pause()
            samples = []
            for _ in range(presses):
                if before_action is not None or lst.cursor >= rows - height - 1:
                    (before_action or lst.action_cursor_first)()
                    await pilot.pause()
                cold()
                start = time.perf_counter()
                action()
                for y in range(height):
                    lst.render_line(y)
                samples.append((time.perf_counter() - start) * 1000)
                await pilot.pause()  # let the Highlighted handler run, untimed
            keys[name]["widget_ms"] = summarize(samples)
        result["nav"] = {"noop_floor_cpu_ms": summarize(raw["noop"]), "keys": keys, "presses": presses}
        result["search"] = _search(app.search_index, app.database)
        result["render"] = _render(app.database)
    return result


def interactive(path: str, presses: int) -> None:
    import asyncio

    emit_result(asyncio.run(_interactive(path, presses)))


def main() -> None:
    mode, *rest = sys.argv[1:]
    if mode == "load":
        load(rest[0])
    elif mode == "startup-bare":
        startup_bare()
    elif mode == "startup-marsad":
        startup_marsad(rest[0])
    elif mode == "interactive":
        presses = int(rest[2]) if len(rest) > 2 and rest[1] == "--presses" else 30
        interactive(rest[0], presses)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()

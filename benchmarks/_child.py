"""Measurements that need a fresh process; started by `benchmarks/run.py`, one per process.

    python benchmarks/_child.py startup-bare
    python benchmarks/_child.py startup-floor
    python benchmarks/_child.py startup-marsad PATH|bundled
    python benchmarks/_child.py index PATH|bundled
    python benchmarks/_child.py interactive PATH|bundled [--presses N]

Each prints one `BENCH-RESULT {json}` line. Start-up modes read the wall-clock
time the parent took just before spawning the process from `MARSAD_BENCH_T0`
(`time.time()`), so their figures include interpreter start-up and imports, the
same way for the bare app and for Marsad. Whether Marsad opens a file cold (no
index yet) or warm is the parent's doing: it points XDG_CACHE_HOME at an empty
folder, or at one holding the index.
"""

import time

_MODULE_START = time.time()  # before any import but `time`: interpreter start-up ends here

import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import emit_result, summarize  # noqa: E402

TERMINAL_SIZE = (120, 40)
#: what the cold app searches among the names read so far, as soon as rows are on screen
NAMES_QUERY = "groupe"
#: the child gives up (and reports what it has) after this long
INNER_TIMEOUT = float(os.environ.get("MARSAD_BENCH_INNER_TIMEOUT", "1700"))


def _t0() -> float:
    return float(os.environ.get("MARSAD_BENCH_T0", _MODULE_START))


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def _db_arg(value: str):
    return None if value == "bundled" else value


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

    _run_to_first_frame(Bare(), imported)


def startup_floor() -> None:
    """Marsad's main screen made of stock Textual widgets (`textual_floor.py`), on the bundled database's records:
    the first frame of that screen in Textual itself, nothing of Marsad's."""
    from textual_floor import TextualFloor, read_tables

    from tui.data.bundled import bundled_database_path

    tables = read_tables(bundled_database_path())
    imported = time.time()

    class Floor(TextualFloor):
        first_frame: float | None = None

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            frame = renderable is not None and not self._batch_count and self.first_frame is None
            if frame and self.organizations.option_count:
                self.first_frame = time.time()
                self.exit()

        def on_mount(self) -> None:
            super().on_mount()
            self.set_timer(INNER_TIMEOUT, self.exit)

    _run_to_first_frame(Floor(tables), imported)


def _run_to_first_frame(app, imported: float) -> None:
    """Run `app` headless until it notes its first frame (`first_frame`, then it exits); say when, from the start."""
    app.run(headless=True, size=TERMINAL_SIZE)
    t0 = _t0()
    emit_result(
        {
            "imports_ms": (imported - t0) * 1000,
            "first_frame_ms": (app.first_frame - t0) * 1000 if app.first_frame else None,
            "peak_rss_mb": _peak_rss_mb(),
        }
    )


def startup_marsad(path: str) -> None:
    """The app as `marsad --db PATH` runs it: opened before the first frame when it can be."""
    from tui.data.bundled import bundled_database_path
    from tui.store.opening import load_database, opens_at_once

    file_path = bundled_database_path() if path == "bundled" else Path(path)
    database = load_database(file_path) if opens_at_once(file_path) else None
    from tui.app import MarsadApp

    imported = time.time()

    class Measured(MarsadApp):
        first_frame: float | None = None
        rows: float | None = None
        names: float | None = None
        lists: float | None = None
        search: float | None = None

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            if renderable is None or self._batch_count or screen is not self.main_screen:
                return
            now = time.time()
            if self.first_frame is None:
                self.first_frame = now
            if self.rows is None and self.main_screen.list_of("organization").row_count:
                self.rows = now  # the first frame with rows on screen
            if self.names is None and self.rows is not None and self.database is not None:
                # `/` answers: from the names read so far while the index is built (one query, timed to its
                # answer); a complete index's search engine opens just after the first frame ("search usable")
                if not self.database.complete:
                    self.database.early_search().search(NAMES_QUERY)
                self.names = time.time()
            if self.lists is None and self.database is not None and self.database.complete:
                self.lists = now  # every list whole
            if self.search is None and self.search_index is not None:
                self.search = now  # a keystroke in `/` would be answered
            if self.lists is not None and self.search is not None:
                self.exit()

        def on_mount(self) -> None:
            super().on_mount()
            self.set_timer(INNER_TIMEOUT, self.exit)
            self.set_interval(0.05, self.refresh)  # a frame now and then, to notice the index getting ready

    # (MARSAD_BENCH_LANGUAGE: the interface in that language, as `marsad --lang CODE` runs it)
    app = Measured(_db_arg(path), database=database, language=os.environ.get("MARSAD_BENCH_LANGUAGE") or None)
    app.run(headless=True, size=TERMINAL_SIZE)
    t0 = _t0()

    def ms(value: float | None) -> float | None:
        return (value - t0) * 1000 if value else None

    emit_result(
        {
            "imports_ms": (imported - t0) * 1000,
            "first_frame_ms": ms(app.first_frame),
            "rows_ms": ms(app.rows),
            "lists_ms": ms(app.lists),
            "names_ms": ms(app.names),
            "search_ms": ms(app.search),
            "peak_rss_mb": _peak_rss_mb(),
            "builder_peak_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN),
            "load_error": app.load_error.message if app.load_error else None,
        }
    )


# ---------------------------------------------------------------------- index
def index(path: str) -> None:
    """`marsad index` in this process: the build alone, from an empty cache."""
    from tui.store.opening import load_database

    start = time.perf_counter()
    marks: dict[str, float] = {}

    def progress(event) -> None:
        if event.phase == "reading" and event.done >= event.total and "lists_s" not in marks:
            marks["lists_s"] = time.perf_counter() - start

    database = load_database(_db_arg(path), progress=progress)
    emit_result(
        {
            "records": len(database),
            "counts": database.counts(),
            "lists_s": marks.get("lists_s"),
            "total_s": time.perf_counter() - start,
            "peak_rss_mb": _peak_rss_mb(),
            "index_mb": database.index_path.stat().st_size / 2**20,
        }
    )


# --------------------------------------------------------------- interactive
#: realistic queries, typed one character at a time (plus names taken from the database)
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
]


def _queries_from(database, count: int = 12) -> list[str]:
    import random

    rng = random.Random(1)
    picked: list[str] = []
    rows = database.rows("organization", 0, 2000) + database.rows("person", 0, 1000)
    for row in rng.sample(rows, min(len(rows), count * 3)):
        for name in (row.names.ar, row.names.latin):
            if name and len(picked) < count:  # a user types the start of a name: one to three words
                words = name.split()
                picked.append(" ".join(words[: rng.randint(1, min(3, len(words)))]))
                break
    return picked


def _search(index, database) -> dict:
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


async def _interactive(path: str, presses: int) -> dict:
    import asyncio

    from tui.app import MarsadApp
    from tui.text.layout import clear_layout_cache

    app = MarsadApp(_db_arg(path))
    result: dict = {}
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        deadline = time.monotonic() + INNER_TIMEOUT
        while app.search_index is None or app.main_screen.database is None or not app.main_screen.database.complete:
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

        def cold() -> None:  # nothing drawn or laid out before is reused
            lst._strip_cache.clear()
            clear_layout_cache()

        # A key press through Textual, as CPU time (process_time): the binding, the
        # action, the Highlighted handler, the compositor and the headless driver;
        # Pilot's idle sleeps cost wall time but almost no CPU. A key with no binding
        # measures the floor (dispatch + Pilot's own loop), subtracted. `enter` opens
        # the highlighted record in the detail (and focuses it); escape, untimed, comes back.
        scenarios = [
            ("noop", "z", None),
            ("j", "j", None),
            ("pagedown", "pagedown", None),
            ("G", "G", "g"),
            ("enter", "enter", "escape"),
        ]
        raw: dict[str, list[float]] = {}
        for name, key, before in scenarios:
            await pilot.press("g")
            await pilot.pause()
            samples = []
            for press in range(presses):
                if before is not None or lst.cursor >= rows - height - 1:
                    await pilot.press(before or "g")
                    await pilot.pause()
                if name == "enter":
                    lst.move_cursor(press * 37 % max(1, rows))  # a different record each time
                    await pilot.pause()
                cold()
                cpu = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                samples.append((time.process_time() - cpu) * 1000)
            raw[name] = samples
        floor = summarize(raw["noop"])["median"]
        keys = {
            name: {
                "key_cpu_net_ms": summarize([max(0.0, s - floor) for s in raw[name]]),
                "key_cpu_raw_ms": summarize(raw[name]),
            }
            for name in ("j", "pagedown", "G", "enter")
        }
        result["nav"] = {"noop_floor_cpu_ms": summarize(raw["noop"]), "keys": keys, "presses": presses}
        result["search"] = _search(app.search_index, app.database)
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def interactive(path: str, presses: int) -> None:
    import asyncio

    emit_result(asyncio.run(_interactive(path, presses)))


def main() -> None:
    mode, *rest = sys.argv[1:]
    if mode == "startup-bare":
        startup_bare()
    elif mode == "startup-floor":
        startup_floor()
    elif mode == "startup-marsad":
        startup_marsad(rest[0])
    elif mode == "index":
        index(rest[0])
    elif mode == "interactive":
        presses = int(rest[2]) if len(rest) > 2 and rest[1] == "--presses" else 30
        interactive(rest[0], presses)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()

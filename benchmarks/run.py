"""Marsad's benchmarks in one command: first open (cold) and every open after (warm), with peers.

    python benchmarks/run.py [--sizes 1000,10000,100000,300000] [--million] [--runs N]
                             [--large-runs N] [--presses N] [--no-bundled] [--json PATH]

For the bundled database and synthetic databases of each size (`benchmarks/synth.py`,
seed 1, cached in $TMPDIR/marsad-bench), every figure comes from fresh child
processes. COLD is the first open of a file (an empty index cache); WARM is every
open after (the index is there). Peers run in the same run, on the same file:
a bare Textual app and Marsad's main screen made of stock Textual widgets
(start-up; `benchmarks/textual_floor.py`), VisiData (`vd`, if installed: its rows on screen
against Marsad's, both in a real pseudo-terminal) and `grep -c` (against `marsad
search`). Prints a table per database with PASS/FAIL beside each target; see
benchmarks/README.md for what each figure is.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, ChildFailed, pty_time, run_child, summarize, synthetic_database, write_json

CHILD = str(Path(__file__).resolve().parent / "_child.py")
FLOOR = str(Path(__file__).resolve().parent / "floor.py")
LARGE = 100_000
MB = 2**20
#: what `marsad search` and `grep -c` look for (a word of many synthetic records)
QUERY = "groupe"
#: the interface languages whose start-up is compared with English (issue 22: within 5%)
LANGUAGES = ("fr", "ar")


@contextmanager
def empty_cache() -> Iterator[Path]:
    """An empty cache folder for one cold run, removed after it (a 1M-record index is 2.3 GB)."""
    cache = Path(tempfile.mkdtemp(prefix="marsad-bench-cold-"))
    try:
        yield cache
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="marsad-bench-xdg-")  # default theme, no writes to ~
    env["XDG_CACHE_HOME"] = str(cache)  # cold: an empty folder; warm: the one holding the index
    env["MARSAD_MAX_DB_MB"] = "4096"  # a million records are 1.3 GB
    env.pop("TEXTUAL", None)  # no devtools
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: every module's bytecode compiled once (main() does it)
    return env


def spawn(args: list[str], cache: Path, timeout: float, language: str | None = None) -> dict:
    env = child_env(cache)
    if language is not None:
        env["MARSAD_BENCH_LANGUAGE"] = language
    env["MARSAD_BENCH_T0"] = repr(time.time())  # the child compares its own time.time() to this
    return run_child([CHILD, *args], timeout=timeout, env=env)


def timed_process(command: list[str], env: dict[str, str] | None, runs: int) -> dict:
    """Whole-process wall time of a command, in seconds (every run)."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return summarize(samples)


def bench_database(label: str, path: str, size: int | None, args: argparse.Namespace) -> dict:
    runs = args.large_runs if size is not None and size >= LARGE else args.runs
    out: dict = {"label": label, "size": size, "runs": runs, "errors": []}
    file_path = path if path != "bundled" else str(ROOT / "data" / "marsad.json")
    out["file_mb"] = round(os.path.getsize(file_path) / MB, 1)
    timeout = args.timeout

    def attempt(child_args: list[str], cache: Path, language: str | None = None) -> dict | None:
        try:
            return spawn(child_args, cache, timeout, language)
        except ChildFailed as error:
            out["errors"].append(str(error))
            print(f"  ! {error}", file=sys.stderr, flush=True)
            return None

    # -- cold: the first open of the file ----------------------------------------------
    cold_app, cold_index, pty_marsad, pty_vd, floor, loads = [], [], [], [], [], []
    vd = shutil.which(args.visidata) if args.visidata else None
    for run in range(runs):
        print(f"  {label}: cold run {run + 1}/{runs}…", flush=True)
        loads.append(os.getloadavg()[0])
        with empty_cache() as cache:  # the floor peer, then Marsad, in the same round
            try:
                done = subprocess.run(
                    [sys.executable, FLOOR, file_path, str(cache / "floor.sqlite")],
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    check=True,
                )
                floor.append(json.loads(done.stdout.strip().splitlines()[-1]))
            except (subprocess.SubprocessError, ValueError, IndexError) as error:
                out["errors"].append(f"floor: {error}")
        with empty_cache() as cache:
            if (result := attempt(["index", path], cache)) is not None:
                cold_index.append(result)
        with empty_cache() as cache:
            if (result := attempt(["startup-marsad", path], cache)) is not None:
                cold_app.append(result)
        if cold_index:
            organizations = cold_index[0]["counts"][0]  # what both show of the first table, once it is all read
            with empty_cache() as cache:
                env = child_env(cache)
                env["PYTHONPATH"] = str(ROOT)
                # (the pane's border says the count; while reading it ends in "…")
                seconds = pty_time(
                    [sys.executable, "-m", "tui", "--db", file_path], f" {organizations:,} \x1b".encode(), env, timeout
                )
            if seconds is not None:
                pty_marsad.append(seconds)
            if vd:
                seconds = pty_time([vd, file_path], f"{{{organizations}}}".encode(), dict(os.environ), timeout)
                if seconds is not None:
                    pty_vd.append(seconds)
    out["cold"] = {
        "app": cold_app,
        "index": cold_index,
        "first_frame_ms": summarize([r["first_frame_ms"] for r in cold_app if r["first_frame_ms"]], 1),
        "rows_ms": summarize([r["rows_ms"] for r in cold_app if r["rows_ms"]], 1),
        "lists_ms": summarize([r["lists_ms"] for r in cold_app if r["lists_ms"]], 1),
        "names_ms": summarize([r["names_ms"] for r in cold_app if r.get("names_ms")], 1),
        "search_ms": summarize([r["search_ms"] for r in cold_app if r["search_ms"]], 1),
        "app_rss_mb": summarize([r["peak_rss_mb"] for r in cold_app], 1),
        "builder_rss_mb": summarize([r["builder_peak_rss_mb"] for r in cold_app], 1),
        "index_lists_s": summarize([r["lists_s"] for r in cold_index if r["lists_s"]], 2),
        "index_total_s": summarize([r["total_s"] for r in cold_index], 2),
        "index_rss_mb": summarize([r["peak_rss_mb"] for r in cold_index], 1),
        "index_mb": round(cold_index[0]["index_mb"], 1) if cold_index else None,
        "floor_total_s": summarize([r["total_s"] for r in floor], 2),
        "floor_mb": round(floor[0]["index_mb"], 1) if floor else None,
        "floor_rss_mb": summarize([r["peak_rss_mb"] for r in floor], 1),
        "index_over_floor": summarize(
            [index["total_s"] / peer["total_s"] for index, peer in zip(cold_index, floor, strict=False)], 2
        ),
        "load_average": summarize(loads, 2),
        "pty_lists_s": summarize(pty_marsad, 2),
        "visidata_rows_s": summarize(pty_vd, 2),
        "visidata": vd or "not installed (pip install visidata)",
    }

    # -- warm: every open after ---------------------------------------------------------------
    warm = Path(tempfile.mkdtemp(prefix="marsad-bench-warm-"))
    attempt(["index", path], warm)  # the index every warm run finds
    bare, floor_app, marsad = [], [], []
    #: per round, Marsad's rows on screen in French and in Arabic over the same in English (interleaved)
    language_ratios: dict[str, list[float]] = {code: [] for code in LANGUAGES}
    for run in range(runs):
        print(f"  {label}: warm run {run + 1}/{runs}…", flush=True)
        if (result := attempt(["startup-bare"], warm)) is not None:
            bare.append(result)
        if (result := attempt(["startup-floor"], warm)) is not None:
            floor_app.append(result)
        if (result := attempt(["startup-marsad", path], warm)) is not None:
            marsad.append(result)
            for code in LANGUAGES:
                spoken = attempt(["startup-marsad", path], warm, code)
                if spoken is not None and spoken["rows_ms"] and result["rows_ms"]:
                    language_ratios[code].append(spoken["rows_ms"] / result["rows_ms"])
    bare_ff = summarize([r["first_frame_ms"] for r in bare if r["first_frame_ms"]], 1)
    out["warm"] = {
        "bare": bare,
        "floor": floor_app,
        "marsad": marsad,
        "bare_first_frame_ms": bare_ff,
        "floor_first_frame_ms": summarize([r["first_frame_ms"] for r in floor_app if r["first_frame_ms"]], 1),
        "first_frame_ms": summarize([r["first_frame_ms"] for r in marsad if r["first_frame_ms"]], 1),
        "rows_ms": summarize([r["rows_ms"] for r in marsad if r["rows_ms"]], 1),
        "search_ms": summarize([r["search_ms"] for r in marsad if r["search_ms"]], 1),
        "rss_mb": summarize([r["peak_rss_mb"] for r in marsad], 1),
        "language_ratios": {code: summarize(ratios, 3) for code, ratios in language_ratios.items()},
    }
    print(f"  {label}: keys and search (warm)…", flush=True)
    out["interactive"] = attempt(["interactive", path, "--presses", str(args.presses)], warm)
    env = child_env(warm)
    env["PYTHONPATH"] = str(ROOT)
    # interleaved rounds: Marsad, grep, rg (each a whole process)
    cli, grep, rg = [], [], []
    rg_command = shutil.which("rg")
    out["search_load_average"] = os.getloadavg()[0]
    for _round in range(max(5, runs)):
        cli.append(timed_process([sys.executable, "-m", "tui", "search", QUERY, "--db", file_path], env, 1)["median"])
        grep.append(timed_process(["grep", "-c", QUERY, file_path], None, 1)["median"])
        if rg_command:
            rg.append(timed_process([rg_command, "-c", QUERY, file_path], None, 1)["median"])
    out["cli_search_s"] = summarize(cli)
    out["grep_s"] = summarize(grep)
    out["rg_s"] = summarize(rg)
    shutil.rmtree(warm, ignore_errors=True)
    return out


# ---------------------------------------------------------------- printing
def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return {
        "s": f"{value:.2f} s",
        "ms": f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms",
        "MB": f"{value:.0f} MB",
        "x": f"{value:.2f}x",
        "n": f"{value:.2f}",
    }[unit]


def verdict(value: float | None, limit: float, *, strict: bool = False) -> str:
    if value is None:
        return "FAIL (no figure)"
    ok = value < limit if strict else value <= limit
    return f"{'PASS' if ok else 'FAIL'} ({(value - limit) / limit * 100:+.0f}% vs limit)"


def median(summary: dict | None) -> float | None:
    return summary.get("median") if summary and summary.get("n") else None


def print_table(result: dict) -> None:
    size = result["size"]
    large = size is not None and size >= LARGE
    print()
    print(
        f"== {result['label']}: {result['file_mb']} MB file; "
        f"{result['runs']} run(s) of each figure in fresh processes =="
    )
    print(f"{'figure':<58} {'median':>10} {'p95':>10} {'min':>10} {'max':>10}  target")

    def line(name: str, summary: dict | None, unit: str, target: str = "") -> None:
        if not summary or not summary.get("n"):
            print(f"{name:<58} {'—':>10} {'':>32}  {target}")
            return
        cells = [fmt(summary.get(k), unit) for k in ("median", "p95", "min", "max")]
        print(f"{name:<58} {cells[0]:>10} {cells[1]:>10} {cells[2]:>10} {cells[3]:>10}  {target}")

    def ratio_line(name: str, value: float | None, target: str = "") -> None:
        print(f"{name:<58} {fmt(value, 'x'):>10} {'':>32}  {target}")

    cold, warm = result["cold"], result["warm"]
    line("COLD app: first frame", cold["first_frame_ms"], "ms")
    line("COLD app: first rows on screen", cold["rows_ms"], "ms")
    line("COLD app: lists filled", cold["lists_ms"], "ms")
    line("COLD app: search usable (the names read so far)", cold["names_ms"], "ms")
    line("COLD app: whole search usable (the index complete)", cold["search_ms"], "ms")
    line("COLD app: peak RSS of the app", cold["app_rss_mb"], "MB")
    builder = cold["builder_rss_mb"]
    line(
        "COLD app: peak RSS of the index builder (child)",
        builder,
        "MB",
        f"<= 500 MB {verdict(builder.get('max'), 500)}" if size and size >= 1_000_000 else "",
    )
    line("COLD `marsad index`: lists filled", cold["index_lists_s"], "s")
    line("COLD `marsad index`: done (references checked, search indexed)", cold["index_total_s"], "s")
    line("COLD `marsad index`: peak RSS", cold["index_rss_mb"], "MB")
    print(f"{'COLD index file size':<58} {fmt(cold['index_mb'], 'MB'):>10}")
    index_ratio = cold["index_mb"] / result["file_mb"] if cold["index_mb"] and result["file_mb"] else None
    ratio_line(
        "COLD ratio index file / database file",
        index_ratio,
        f"<= 1.3x {verdict(index_ratio, 1.3)}" if large else "",
    )
    line("COLD peer: the floor (benchmarks/floor.py) done", cold["floor_total_s"], "s")
    print(f"{'COLD peer: the floor index file size':<58} {fmt(cold['floor_mb'], 'MB'):>10}")
    over = cold["index_over_floor"]
    line(
        "COLD ratio `marsad index` done / floor done (per round)",
        over,
        "x",
        f"<= 2.0x {verdict(over.get('median'), 2.0)}" if large else "",
    )
    line("COLD load average (1 min) at each round", cold["load_average"], "n")
    lists, vd = median(cold["pty_lists_s"]), median(cold["visidata_rows_s"])
    line("COLD real terminal: Marsad lists filled", cold["pty_lists_s"], "s")
    line(
        f"COLD real terminal: peer VisiData rows shown ({Path(str(cold['visidata'])).name})",
        cold["visidata_rows_s"],
        "s",
    )
    if lists is not None and vd is not None:
        ratio_line("COLD ratio Marsad lists filled / VisiData rows shown", lists / vd)
    usable, whole = median(cold["names_ms"]), median(cold["search_ms"])
    if usable is not None and vd is not None:
        ratio_line(
            "COLD ratio Marsad search usable (names) / VisiData rows",
            usable / 1000 / vd,
            f"<= 1.5x {verdict(usable / 1000 / vd, 1.5)}" if size == LARGE else "",
        )
    if whole is not None and vd is not None:
        ratio_line("COLD ratio Marsad whole search usable / VisiData rows", whole / 1000 / vd)
    bare = median(warm["bare_first_frame_ms"])
    line("WARM peer: bare Textual app, first frame", warm["bare_first_frame_ms"], "ms")
    if warm.get("floor_first_frame_ms"):
        line("WARM peer: the same screen of stock widgets (textual_floor.py), rows", warm["floor_first_frame_ms"], "ms")
        floor_rows = median(warm["floor_first_frame_ms"])
        floor_ratio = floor_rows / bare if floor_rows and bare else None
        ratio_line("WARM ratio stock-widget screen / bare first frame", floor_ratio)
    line("WARM Marsad: first frame", warm["first_frame_ms"], "ms")
    line("WARM Marsad: rows on screen", warm["rows_ms"], "ms")
    line("WARM Marsad: search usable", warm["search_ms"], "ms")
    for name, key in (("rows on screen", "rows_ms"), ("search usable", "search_ms")):
        value = median(warm[key])
        ratio = value / bare if value is not None and bare else None
        ratio_line(f"WARM ratio {name} / bare first frame", ratio, f"<= 1.3x {verdict(ratio, 1.3)}")
    for code, ratios in warm.get("language_ratios", {}).items():
        ratio = median(ratios)
        ratio_line(f"WARM ratio rows on screen in {code} / in English", ratio, f"<= 1.05x {verdict(ratio, 1.05)}")
    rss = warm["rss_mb"]
    line("WARM Marsad: peak RSS", rss, "MB", f"<= 150 MB {verdict(rss.get('max'), 150)} (max)")
    inter = result.get("interactive")
    if inter:
        for key, figures in inter["nav"]["keys"].items():
            net = figures["key_cpu_net_ms"]
            line(
                f"WARM key {key}: CPU minus no-op floor (cold caches)",
                net,
                "ms",
                f"p95 <= 16 ms {verdict(net.get('p95'), 16)}",
            )
        search = inter["search"]["3plus_ms"]
        line(
            "WARM search per keystroke, prefixes of 3+ characters",
            search,
            "ms",
            f"p95 <= 16 ms {verdict(search.get('p95'), 16)}",
        )
    cli, grep, rg = median(result["cli_search_s"]), median(result["grep_s"]), median(result.get("rg_s"))
    line(f"WARM `marsad search {QUERY}` (whole process)", result["cli_search_s"], "s")
    line(f"peer: `grep -c {QUERY}` on the file (whole process)", result["grep_s"], "s")
    line(f"peer: `rg -c {QUERY}` on the file (whole process)", result.get("rg_s"), "s")
    if cli is not None and grep:
        ratio_line(
            "WARM ratio marsad search / grep -c",
            cli / grep,
            f"< 1.0x {verdict(cli / grep, 1.0, strict=True)}" if size == LARGE else "",
        )
    if cli is not None and rg:
        ratio_line(
            "WARM ratio marsad search / rg -c",
            cli / rg,
            f"<= 3.0x {verdict(cli / rg, 3.0)}" if size == LARGE else "",
        )
    print(f"{'WARM load average (1 min) when searching':<58} {result.get('search_load_average', 0):>10.2f}")
    if result["errors"]:
        print(f"errors: {len(result['errors'])} child process(es) failed (details in the JSON)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000,300000", help="synthetic sizes, comma-separated ('' for none)"
    )
    parser.add_argument(
        "--million", action="store_true", help="also 1,000,000 records (a 1.3 GB file; about 15 minutes more)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="fresh-process runs of each cold and warm figure (default 3)"
    )
    parser.add_argument("--large-runs", type=int, default=1, help=f"runs for sizes >= {LARGE} (default 1)")
    parser.add_argument("--presses", type=int, default=30, help="presses per key (default 30)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per child process (default 1800)")
    parser.add_argument("--visidata", default="vd", help="the VisiData command (default vd; '' to skip the peer)")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled database")
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results.json", help="write every figure here"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()] + ([1_000_000] if args.million else [])

    databases: list[tuple[str, str, int | None]] = [] if args.no_bundled else [("bundled", "bundled", None)]
    for size in sizes:
        print(f"synthetic database of {size:,} records (seed 1)…", flush=True)
        label = (
            f"{size // 1_000_000}M" if size % 1_000_000 == 0 else f"{size // 1000}k" if size % 1000 == 0 else str(size)
        )
        databases.append((label, str(synthetic_database(size, 1)), size))
    # as pip installs a package: bytecode compiled ahead, so no run pays for compiling sources
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "tui"), str(ROOT / "benchmarks")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    started = time.time()
    results = [bench_database(label, path, size, args) for label, path, size in databases]
    env = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "seconds": round(time.time() - started, 1),
    }
    print(
        f"\nMarsad benchmarks — python {env['python']}, {env['cpus']} CPUs, load {env['load']}, "
        f"headless 120x40, took {env['seconds']} s"
    )
    for result in results:
        print_table(result)
    write_json(args.json, {"environment": env, "args": {k: str(v) for k, v in vars(args).items()}, "results": results})
    print(f"\nwrote {args.json}")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

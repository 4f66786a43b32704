"""Marsad's benchmarks in one command: load, start-up, navigation, search, render.

    python benchmarks/run.py [--sizes 1000,10000,100000] [--runs N] [--large-runs N]
                             [--presses N] [--no-bundled] [--json PATH]

For the bundled database and for synthetic databases of each size (`tui.synth`,
seed 1, cached in $TMPDIR/marsad-bench), every measurement runs in fresh child
processes (`benchmarks/_child.py`); prints a table per database with median,
p95, min and max, and PASS/FAIL against the targets. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, ChildFailed, run_child, summarize, synthetic_database, write_json  # noqa: E402

CHILD = str(Path(__file__).resolve().parent / "_child.py")
LARGE = 100_000
#: (label, limit, unit) per target; which databases each applies to is in `targets_for`
MB = 2**20


def targets_for(label: str, size: int | None) -> dict[str, float]:
    """Targets that apply to a database: first-frame ratio, nav p95, search p95, RSS."""
    if size is not None and size >= LARGE:
        return {"ratio": 2.5, "nav_p95_ms": 16.0, "search_p95_ms": 16.0, "rss_mb": 500.0}
    if label == "bundled" or size == 1_000:
        return {"ratio": 1.3}
    return {}


def verdict(value: float | None, limit: float | None, *, strict: bool) -> str:
    if limit is None:
        return ""
    if value is None:
        return "FAIL (no figure)"
    ok = value < limit if strict else value <= limit
    margin = (value - limit) / limit * 100
    return f"{'PASS' if ok else 'FAIL'} ({margin:+.0f}% vs limit)"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="marsad-bench-xdg-")  # default theme, no writes to ~
    env.pop("TEXTUAL", None)  # no devtools
    return env


def spawn(args: list[str], timeout: float) -> dict:
    env = child_env()
    env["MARSAD_BENCH_T0"] = repr(time.time())  # the child compares its own time.time() to this
    return run_child([CHILD, *args], timeout=timeout, env=env)


def pick(results: list[dict], key: str) -> list[float]:
    return [r[key] for r in results if r.get(key) is not None]


def bench_database(label: str, path: str, size: int | None, runs: int, presses: int, timeout: float) -> dict:
    out: dict = {"label": label, "path": path, "runs": runs}
    if path != "bundled":
        out["file_mb"] = round(os.path.getsize(path) / MB, 1)
    errors: list[str] = []

    def attempt(args: list[str]) -> dict | None:
        try:
            return spawn(args, timeout)
        except ChildFailed as error:
            errors.append(str(error))
            print(f"  ! {error}", file=sys.stderr, flush=True)
            return None

    loads, bare, marsad = [], [], []
    for run in range(runs):
        print(f"  {label}: run {run + 1}/{runs}: load…", end="", flush=True)
        if (result := attempt(["load", path])) is not None:
            loads.append(result)
        print(" start-up (bare, Marsad)…", end="", flush=True)
        if (result := attempt(["startup-bare"])) is not None:
            bare.append(result)
        if (result := attempt(["startup-marsad", path])) is not None:
            marsad.append(result)
        print(" done", flush=True)
    print(f"  {label}: navigation, search, render…", flush=True)
    interactive = attempt(["interactive", path, "--presses", str(presses)])

    out["load"] = {
        "records": loads[0]["records"] if loads else None,
        "load_s": summarize(pick(loads, "load_s")),
        "index_s": summarize(pick(loads, "index_s")),
        "total_s": summarize(pick(loads, "total_s")),
        "peak_rss_mb": summarize(pick(loads, "peak_rss_mb"), 1),
        "peak_rss_after_load_mb": summarize(pick(loads, "peak_rss_after_load_mb"), 1),
        "raw": loads,
    }
    bare_ff = summarize(pick(bare, "first_frame_ms"), 1)
    marsad_ff = summarize(pick(marsad, "first_frame_ms"), 1)
    ratio = (marsad_ff["median"] / bare_ff["median"]) if bare_ff["n"] and marsad_ff["n"] else None
    out["startup"] = {
        "bare_first_frame_ms": bare_ff,
        "marsad_first_frame_ms": marsad_ff,
        "ratio_of_medians": round(ratio, 3) if ratio else None,
        "marsad_data_shown_ms": summarize(pick(marsad, "data_shown_ms"), 1),
        "marsad_index_ready_ms": summarize(pick(marsad, "index_ready_ms"), 1),
        "marsad_peak_rss_mb": summarize(pick(marsad, "peak_rss_mb"), 1),
        "bare_imports_ms": summarize(pick(bare, "imports_ms"), 1),
        "marsad_imports_ms": summarize(pick(marsad, "imports_ms"), 1),
        "raw_bare": bare,
        "raw_marsad": marsad,
    }
    out["interactive"] = interactive
    out["errors"] = errors
    return out


# ---------------------------------------------------------------- printing
def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"
    if unit == "us":
        return f"{value:.1f} µs"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "x":
        return f"{value:.2f}x"
    return str(value)


def print_table(result: dict) -> None:
    label = result["label"]
    size = result.get("size")
    targets = targets_for(label, size)
    head = f"== {label}"
    if result["load"].get("records") is not None:
        head += f": {result['load']['records']} records"
    if "file_mb" in result:
        head += f", {result['file_mb']} MB file"
    head += f"; load and start-up: {result['runs']} run(s) in fresh processes =="
    print()
    print(head)
    print(f"{'figure':<50} {'median':>10} {'p95':>10} {'min':>10} {'max':>10}  target")

    def line(name: str, summary: dict | None, unit: str, target: str = "") -> None:
        if not summary or not summary.get("n"):
            print(f"{name:<50} {'—':>10} {'':>10} {'':>10} {'':>10}  {target}")
            return
        cells = [fmt(summary.get(k), unit) for k in ("median", "p95", "min", "max")]
        print(f"{name:<50} {cells[0]:>10} {cells[1]:>10} {cells[2]:>10} {cells[3]:>10}  {target}")

    load, start = result["load"], result["startup"]
    line("load: load_database", load["load_s"], "s")
    line("load: build_index", load["index_s"], "s")
    line("load: load + index", load["total_s"], "s")
    line("load: peak RSS after load_database", load["peak_rss_after_load_mb"], "MB")
    line("load: peak RSS after load + index", load["peak_rss_mb"], "MB")
    line("start-up: bare Textual, first frame", start["bare_first_frame_ms"], "ms")
    line("start-up: Marsad, first frame (main screen)", start["marsad_first_frame_ms"], "ms")
    ratio = start["ratio_of_medians"]
    limit = targets.get("ratio")
    target = f"<= {limit}x bare  {verdict(ratio, limit, strict=False)}" if limit else ""
    print(f"{'start-up: ratio Marsad / bare (medians)':<50} {fmt(ratio, 'x'):>10} {'':>43}  {target}")
    line("start-up: Marsad, data shown (lists filled)", start["marsad_data_shown_ms"], "ms")
    line("start-up: Marsad, search index ready", start["marsad_index_ready_ms"], "ms")
    rss = start["marsad_peak_rss_mb"]
    limit = targets.get("rss_mb")
    line("memory: Marsad app peak RSS (whole process)", rss, "MB",
         f"< {limit:.0f} MB  {verdict(rss.get('max'), limit, strict=True)} (max)" if limit else "")
    inter = result.get("interactive")
    if not inter:
        print("navigation / search / render: — (the child failed, see errors)")
        return
    nav = inter["nav"]
    lst = inter["list"]
    print(f"navigation: {lst['kind']} list, {lst['rows']} rows, {lst['visible_rows']} visible, "
          f"{nav['presses']} presses per key; no-op key floor (CPU) median "
          f"{fmt(nav['noop_floor_cpu_ms']['median'], 'ms')}")
    limit = targets.get("nav_p95_ms")
    for key, figures in nav["keys"].items():
        net = figures["key_cpu_net_ms"]
        line(f"nav {key}: key press, CPU minus floor", net, "ms",
             f"p95 < {limit:.0f} ms  {verdict(net.get('p95'), limit, strict=True)}" if limit else "")
        line(f"nav {key}: list widget only (action + repaint)", figures.get("widget_ms"), "ms")
    search = inter["search"]
    limit = targets.get("search_p95_ms")
    line("search: per keystroke, every prefix", search["all_ms"], "ms")
    line("search: per keystroke, prefixes of 3+ chars", search["3plus_ms"], "ms",
         f"p95 < {limit:.0f} ms  {verdict(search['3plus_ms'].get('p95'), limit, strict=True)}" if limit else "")
    render = inter["render"]
    line("render: single_line w40, uncached (per row)", render["single_line_w40_uncached_us"], "us")
    line("render: single_line w40, cached (per row)", render["single_line_w40_cached_us"], "us")
    line("render: list row (name_row w40), uncached", render["name_row_w40_uncached_us"], "us")
    if result["errors"]:
        print(f"errors: {len(result['errors'])} child process(es) failed (details in the JSON)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="synthetic sizes, comma-separated ('' for none)")
    parser.add_argument("--runs", type=int, default=3, help="fresh-process runs of load and start-up (default 3)")
    parser.add_argument("--large-runs", type=int, default=1,
                        help=f"runs for sizes >= {LARGE} (default 1: a 100k run takes about a minute)")
    parser.add_argument("--presses", type=int, default=30, help="key presses per navigation key (default 30)")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per child process (default 180)")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled database")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json",
                        help="write every figure here (default benchmarks/results.json)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    databases: list[tuple[str, str, int | None]] = [] if args.no_bundled else [("bundled", "bundled", None)]
    for size in sizes:
        print(f"synthetic database of {size} records (seed 1)…", flush=True)
        databases.append((f"{size // 1000}k" if size % 1000 == 0 else str(size), str(synthetic_database(size, 1)), size))

    started = time.time()
    results = []
    for label, path, size in databases:
        runs = args.large_runs if size is not None and size >= LARGE else args.runs
        result = bench_database(label, path, size, max(1, runs), args.presses, args.timeout)
        result["size"] = size
        results.append(result)

    env = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "terminal": "120x40 headless",
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "seconds": round(time.time() - started, 1),
    }
    print(f"\nMarsad benchmarks — python {env['python']}, {env['cpus']} CPUs, {env['platform']}, "
          f"headless 120x40, took {env['seconds']} s")
    for result in results:
        print_table(result)
    if args.json:
        write_json(args.json, {"environment": env, "args": vars(args) | {"json": str(args.json)}, "results": results})
        print(f"\nwrote {args.json}")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark for tui.data.loader: load time, tracemalloc peak and RSS growth.

    python benchmarks/bench_load.py [--sizes 1000,10000,100000] [--runs 3] [--json PATH]

Synthetic databases (`tui.synth.write`, seed 1) are generated once into
$MARSAD_BENCH_DIR (default /tmp/marsad-bench-load) and reused; the bundled
database is measured too. Every run is a fresh subprocess, so RSS growth
(ru_maxrss after load minus before) is honest; time and RSS come from runs
without tracemalloc, the tracemalloc peak from one extra run with it (tracing
slows loading). Prints median [min-max]. No assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = r"""
import gc, json, resource, sys, time, tracemalloc
sys.path.insert(0, sys.argv[1])
from tui.data.loader import load_database
path, trace = sys.argv[2], sys.argv[3] == "1"
gc.collect()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if trace:
    tracemalloc.start()
started = time.perf_counter()
database = load_database(path)
elapsed = time.perf_counter() - started
peak = tracemalloc.get_traced_memory()[1] if trace else 0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "tracemalloc_peak": peak, "rss_growth": (after - before) * 1024,
                  "records": len(database), "problems": len(database.problems)}))
"""


def dataset(size: int) -> Path:
    directory = Path(os.environ.get("MARSAD_BENCH_DIR", "/tmp/marsad-bench-load"))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"db{size}-seed1.json"
    if not path.exists():
        from tui.synth import write

        print(f"generating {path} ...", file=sys.stderr)
        write(path, size, seed=1)
    return path


def measure(root: Path, path: Path, trace: bool) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(root), str(path), "1" if trace else "0"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--root", type=Path, default=ROOT, help="the Marsad tree whose loader is measured (default: this one)")
    args = parser.parse_args()
    from tui.data.loader import bundled_database_path

    cases = [("bundled", bundled_database_path())] + [(f"{int(s):,}", dataset(int(s))) for s in args.sizes.split(",")]
    results = {}
    print(f"{'database':>10} {'MB':>6} {'records':>8}  {'load s median [min-max]':>26}  {'RSS growth MB':>22}  {'tracemalloc peak MB':>20}")
    for name, path in cases:
        runs = [measure(args.root, path, trace=False) for _ in range(args.runs)]
        traced = measure(args.root, path, trace=True)
        seconds = summary([r["seconds"] for r in runs])
        rss = summary([r["rss_growth"] / 2**20 for r in runs])
        results[name] = {"path": str(path), "bytes": path.stat().st_size, "records": runs[0]["records"],
                         "problems": runs[0]["problems"], "seconds": seconds, "rss_growth_mb": rss,
                         "tracemalloc_peak_mb": traced["tracemalloc_peak"] / 2**20}
        print(f"{name:>10} {path.stat().st_size / 2**20:6.1f} {runs[0]['records']:8d}  "
              f"{seconds['median']:8.3f} [{seconds['min']:.3f}-{seconds['max']:.3f}]  "
              f"{rss['median']:7.0f} [{rss['min']:.0f}-{rss['max']:.0f}]  {traced['tracemalloc_peak'] / 2**20:20.0f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

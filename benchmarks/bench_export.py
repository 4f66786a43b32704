"""Exporting a whole database: time and peak memory of each format, against walking the records alone.

    python benchmarks/bench_export.py [--sizes 10000,100000] [--runs 3] [--json PATH]

For each size (a synthetic database from synth.py, its index built first and not
timed), each run starts fresh processes: the peer walks every record of the
database in display order and writes nothing (the floor any export stands on),
then `marsad export --format F -o FILE` runs for each format. Each process's
wall time and peak RSS (`wait4`'s ru_maxrss) are taken; the table gives medians
over the runs and the ratio of each to the peer's. Memory that does not grow
from one size to the next is what "streams" means.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, write_json

FORMATS = ("csv", "json", "md", "ftm")
PEER = (
    "import sys; from tui.store.opening import load_database; from tui.export.scope import whole_database; "
    "database = load_database(sys.argv[1]); print(sum(1 for _ in whole_database(database).records()))"
)


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def database_of(size: int, env: dict[str, str]) -> Path:
    path = Path(os.environ.get("MARSAD_BENCH_DB_DIR", tempfile.gettempdir())) / f"synth{size // 1000}k.json"
    if not path.exists():
        subprocess.run([sys.executable, "benchmarks/synth.py", str(size), str(path)], cwd=ROOT, check=True)
    subprocess.run(
        [sys.executable, "-m", "tui", "index", "--db", str(path), "--progress", "none"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MARSAD_MAX_DB_MB": os.environ.get("MARSAD_MAX_DB_MB", "4096")}
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(size) for size in args.sizes.split(",")):
            path = database_of(size, env)
            samples: dict[str, list[tuple[float, float]]] = {name: [] for name in ("peer", *FORMATS)}
            output_mb: dict[str, float] = {}
            for _run in range(args.runs):
                samples["peer"].append(measure([sys.executable, "-c", PEER, str(path)], env))
                for name in FORMATS:
                    target = Path(folder) / f"out.{name}"
                    samples[name].append(
                        measure(
                            [
                                sys.executable,
                                "-m",
                                "tui",
                                "export",
                                "--db",
                                str(path),
                                "--format",
                                name,
                                "-o",
                                str(target),
                                "--force",
                            ],
                            env,
                        )
                    )
                    output_mb[name] = target.stat().st_size / 1e6
            medians = {
                name: {
                    "seconds": statistics.median(s[0] for s in runs),
                    "rss_mb": statistics.median(s[1] for s in runs),
                }
                for name, runs in samples.items()
            }
            for name, megabytes in output_mb.items():
                medians[name]["file_mb"] = megabytes
            results[str(size)] = medians
            peer = medians["peer"]
            print(f"\n{size:,} records ({path.stat().st_size / 1e6:,.0f} MB file), median of {args.runs} runs")
            print(f"{'':8} {'time':>9} {'x peer':>7} {'peak RSS':>10} {'x peer':>7} {'output':>9}")
            for name, figures in medians.items():
                output = f"{figures['file_mb']:,.0f} MB" if "file_mb" in figures else ""
                print(
                    f"{name:8} {figures['seconds']:8.2f}s {figures['seconds'] / peer['seconds']:6.2f}x "
                    f"{figures['rss_mb']:8.0f}MB {figures['rss_mb'] / peer['rss_mb']:6.2f}x {output:>9}"
                )
    if args.json:
        write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

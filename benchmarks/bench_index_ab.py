"""A first open (`marsad index`) of this checkout beside another one, in interleaved rounds: what a change saves.

    python benchmarks/bench_index_ab.py FILE --baseline CHECKOUT [--rounds N]

Each round builds the index of FILE once with each checkout (a `git worktree` of an
earlier commit, say), in a fresh cache, in alternating order, and prints the seconds of
each; at the end the medians, each round's ratio this / baseline and the machine's load.
On this shared 2-core machine one build's time moves by 10-20% from one run to the next:
read the median of the per-round ratios, over 5 rounds or more.
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

CHECKOUT = Path(__file__).resolve().parent.parent


def build_seconds(checkout: Path, file: Path) -> float:
    """Seconds `marsad index FILE` takes with `checkout`'s code, in a cache of its own."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "PYTHONPATH": str(checkout), "XDG_CACHE_HOME": cache, "MARSAD_MAX_DB_MB": "4096"}
        start = time.perf_counter()
        # (`python -m` puts the working directory first on the path: the checkout's `tui`)
        subprocess.run(
            [sys.executable, "-m", "tui", "index", "--progress", "none", str(file)],
            env=env,
            cwd=checkout,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--baseline", type=Path, required=True, help="another checkout of Marsad")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    checkouts = {"this": CHECKOUT, "baseline": args.baseline.resolve()}
    seconds: dict[str, list[float]] = {name: [] for name in checkouts}
    loads = []
    for round_number in range(args.rounds):
        loads.append(os.getloadavg()[0])
        order = list(checkouts.items()) if round_number % 2 == 0 else list(checkouts.items())[::-1]
        for name, checkout in order:
            seconds[name].append(build_seconds(checkout, args.file.resolve()))
            print(f"round {round_number + 1}: {name} {seconds[name][-1]:.2f} s", flush=True)
    ratios = [this / baseline for this, baseline in zip(seconds["this"], seconds["baseline"], strict=True)]
    this, baseline = statistics.median(seconds["this"]), statistics.median(seconds["baseline"])
    print(
        f"median: this {this:.2f} s, baseline {baseline:.2f} s;"
        f" this / baseline per round {', '.join(f'{ratio:.3f}' for ratio in ratios)}"
        f" (median {statistics.median(ratios):.3f}); load {min(loads):.2f}-{max(loads):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

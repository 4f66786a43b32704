"""The first-open A/B builds with each checkout it names and prints the ratio of each round."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tui.data.bundled import bundled_database_path

BENCHMARKS = Path(__file__).resolve().parent


def test_one_round_against_this_same_checkout_says_both_times_and_their_ratio() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "bench_index_ab.py"),
            str(bundled_database_path()),
            "--baseline",
            str(BENCHMARKS.parent),
            "--rounds",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(":")[1].split()[0] for line in lines[:2]] == ["this", "baseline"]
    assert lines[-1].startswith("median: this ") and "this / baseline per round" in lines[-1]

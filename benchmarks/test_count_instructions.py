"""What `count_instructions.py` runs under valgrind reaches the frame it counts to and ends there, or it lies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks.count_instructions import _BARE, _MARSAD, _OPEN

CHECKOUT = Path(__file__).resolve().parent.parent


def _run(script: str, *args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "XDG_CONFIG_HOME": str(cache / "config")}
    return subprocess.run(
        [sys.executable, "-c", script, *args], env=env, cwd=CHECKOUT, capture_output=True, text=True, timeout=120
    )


def test_the_bare_app_ends_at_its_first_frame(tmp_path: Path) -> None:
    assert _run(_BARE, cache=tmp_path).returncode == 0


def test_marsad_ends_at_its_first_frame_with_rows_on_a_warm_index(tmp_path: Path) -> None:
    assert _run(_OPEN, "bundled", cache=tmp_path).returncode == 0  # (the index, built)
    # (the app exits only from the frame with rows: a run that never drew them would hit the timeout, not pass)
    done = _run(_MARSAD + "\nraise SystemExit(3)", "bundled", cache=tmp_path)
    assert done.returncode == 0, done.stderr

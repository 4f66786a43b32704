"""The warm start counted in instructions (valgrind), beside the bare Textual app: a figure noise does not move.

    python benchmarks/count_instructions.py [PATH|bundled ...] [--baseline CHECKOUT]

On this shared 2-core machine a warm start's wall-clock time moves by 10-20% from one
run to the next, and two copies of the same commit differ by ~4% over 20 interleaved
rounds: a change worth 2-5% cannot be told from noise by timing it. valgrind's callgrind
counts the instructions a process executes, the same from run to run within 0.1%
(`PYTHONHASHSEED` fixed). Counted, each in a fresh interpreter:

- the bare app: a Textual `App` with one `Static`, to its first frame;
- Marsad: `load_database` on a warm index (built beforehand, in a cache of this run's),
  then the app, to its first frame with rows on screen;

and the ratio Marsad / bare, which is issue 20's "warm time to rows <= 1.3x a bare
Textual app" in instructions rather than seconds. `--baseline CHECKOUT` counts another
checkout of Marsad (a `git worktree`) on the same files: what a change saves. The
count includes interpreter start-up and every import, as the timed start-up does. It
leaves out what instructions do not show: waiting (none, warm) and the cost of a cache
miss, so a ratio of counts is close to a ratio of times, not equal to it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent

#: the bare app, to its first frame
_BARE = """
import os
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Hello from a bare Textual app")

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and not self._batch_count:
            os._exit(0)

Bare().run(headless=True, size=(120, 40))
"""

#: opens a database file (PATH or `bundled`), building its index when there is none yet
_OPEN = """
import os, sys
from pathlib import Path
from tui.data.bundled import bundled_database_path
from tui.store.opening import load_database

path = None if sys.argv[1] == "bundled" else Path(sys.argv[1])
database = load_database(path or bundled_database_path())
"""

#: Marsad as `marsad --db PATH` starts on an indexed file, to its first frame with rows
_MARSAD = (
    _OPEN
    + """
from tui.app import MarsadApp

class FirstRows(MarsadApp):
    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is None or self._batch_count or screen is not self.main_screen:
            return
        if self.main_screen.list_of("organization").row_count:
            os._exit(0)

FirstRows(path, database=database).run(headless=True, size=(120, 40))
"""
)


def count(script: str, args: list[str], env: dict[str, str], cwd: Path) -> int:
    """Instructions a fresh `python -c script args` executes (callgrind's total)."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", script, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"count_instructions: the run failed ({done.stderr.strip().splitlines()[-1:]})")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", default=["bundled"], help="database files, or `bundled`")
    parser.add_argument("--baseline", type=Path, help="another checkout of Marsad to count on the same files")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("count_instructions: valgrind is not installed (Debian: apt install valgrind)", file=sys.stderr)
        return 2
    checkouts = {"Marsad": CHECKOUT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    with tempfile.TemporaryDirectory() as scratch:
        base = {**os.environ, "PYTHONHASHSEED": "0", "XDG_CONFIG_HOME": str(Path(scratch, "config"))}
        bare = count(_BARE, [], base, Path(scratch))
        print(f"bare Textual app, first frame: {bare / 1e6:,.0f} M instructions")
        for file in args.files:
            for name, checkout in checkouts.items():
                # (each checkout its own cache: an index is built once, by the checkout that reads it)
                env = {**base, "PYTHONPATH": str(checkout), "XDG_CACHE_HOME": str(Path(scratch, name))}
                subprocess.run([sys.executable, "-c", _OPEN, file], env=env, cwd=checkout, check=True)  # (warm)
                marsad = count(_MARSAD, [file], env, checkout)
                print(f"{name} ({checkout.name}), {file}: {marsad / 1e6:,.0f} M, {marsad / bare:.3f}x the bare app")
    return 0


if __name__ == "__main__":
    sys.exit(main())

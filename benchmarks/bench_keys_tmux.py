"""Keys in a real terminal: the time from a key press until the screen settles, Marsad beside VisiData.

    python benchmarks/bench_keys_tmux.py [--size 100000] [--presses 100] [--rounds 4] [--visidata vd]
                                         [--back Escape|BSpace] [--no-textual-floor] [--baseline CHECKOUT]

Both programs run in tmux (120x40, TERM=xterm-256color) on the same synthetic file
(Marsad with its index built first: warm; VisiData on the sheet of the organizations,
opened with `z Enter` from the file's first sheet, a row each as Marsad's pane). tmux copies what each program writes to
a file (`pipe-pane -O`, which shows that both draw); a press is `tmux send-keys`,
and the screen has settled when what tmux shows (`capture-pane`, polled, about
3 ms a poll, with colours and styles) has not changed for QUIET seconds: the time of the press is from
sending the key to the last change before that. Presses alternate
between the two programs in rounds (a round: `presses / rounds` presses of each
key in Marsad, then in VisiData), so that both see the same load. Keys:
`j` (one row down), `pagedown`, `enter` (Marsad: the record's detail, focused;
VisiData: the row opened), and back (Marsad: `escape`, or `backspace` with `--back BSpace`,
which goes back too without the wait Textual's input thread makes after an escape
byte; VisiData: `q`, its back).
A third program, the floor of any Textual app (`benchmarks/textual_floor.py`: the
same screen of stock Textual widgets, nothing of Marsad's), takes the same keys in
the same rounds (Marsad's back key): what Textual itself costs per key here.
`--baseline CHECKOUT` adds Marsad from another checkout (a `git worktree` of an earlier
commit, say) to the same rounds: a change measured against what it changed, on the
same load.
Prints median and p95 per key and program, and the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, percentile, synthetic_database

QUIET = 0.3
#: (name, Marsad's key, VisiData's key), in the order pressed; enter and back alternate
KEYS = (("j", "j", "j"), ("pagedown", "PageDown", "PageDown"), ("enter", "Enter", "Enter"))
#: VisiData's back key (Marsad's is `--back`)
VISIDATA_BACK = "q"


class Pane:
    """One program in its own tmux server, its output copied to a file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], folder: Path, cwd: Path = ROOT) -> None:
        self.socket = str(folder / f"{name}.sock")
        self.log = folder / f"{name}.out"
        self.log.write_bytes(b"")
        self._tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", "-c", str(cwd), *command, env=env)
        self._tmux("pipe-pane", "-O", "-t", name, f"cat >> {self.log}")
        self.name = name

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> None:
        subprocess.run(["tmux", "-S", self.socket, *args], check=True, env=env)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "-S", self.socket, "capture-pane", "-p", "-e", "-t", self.name], capture_output=True, text=True
        ).stdout

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen():
            if time.monotonic() > deadline:
                raise SystemExit(f"{self.name}: {text!r} not on screen after {timeout} s:\n{self.screen()}")
            time.sleep(0.1)

    def press(self, key: str) -> float:
        """Seconds from sending `key` to the last change of the screen before QUIET seconds without one."""
        before = self.settle()
        start = time.perf_counter()
        self._tmux("send-keys", "-t", self.name, key)
        last, shown = start, before
        while True:
            screen = self.screen()
            now = time.perf_counter()
            if screen != shown:
                shown, last = screen, now
            elif now - last > QUIET and (last > start or now - start > 2):
                return last - start

    def settle(self) -> str:
        """The screen once it stopped changing."""
        shown, last = self.screen(), time.perf_counter()
        while time.perf_counter() - last < QUIET:
            if (screen := self.screen()) != shown:
                shown, last = screen, time.perf_counter()
        return shown

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], check=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=100, help="presses of each key in each program")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--visidata", default="vd")
    parser.add_argument("--back", default="Escape", help="Marsad's back key, as tmux names it (Escape or BSpace)")
    parser.add_argument(
        "--no-textual-floor", action="store_true", help="leave out the stock-Textual app (benchmarks/textual_floor.py)"
    )
    parser.add_argument("--baseline", type=Path, help="another checkout of Marsad, run beside this one")
    args = parser.parse_args()
    keys_pressed = (*KEYS, ("back", args.back, VISIDATA_BACK))
    path = synthetic_database(args.size)
    folder = Path(tempfile.mkdtemp(prefix="marsad-bench-keys-"))
    env = {**os.environ, "TERM": "xterm-256color", "XDG_CACHE_HOME": str(folder / "cache"), "MARSAD_MAX_DB_MB": "4096"}
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env.pop("TMUX", None)
    env["PYTHONPATH"] = str(ROOT)
    subprocess.run([sys.executable, "-m", "tui", "index", "--db", str(path)], env=env, check=True, cwd=ROOT)
    marsad = Pane("marsad", [sys.executable, "-m", "tui", "--db", str(path)], env, folder)
    baseline = None
    if args.baseline is not None:
        checkout = args.baseline.resolve()  # (its `tui`: `python -m` puts the working directory first on the path)
        baseline_env = {**env, "PYTHONPATH": str(checkout), "XDG_CACHE_HOME": str(folder / "baseline")}
        index_command = [sys.executable, "-m", "tui", "index", "--db", str(path)]
        subprocess.run(index_command, env=baseline_env, check=True, cwd=checkout)
        baseline = Pane("baseline", [sys.executable, "-m", "tui", "--db", str(path)], baseline_env, folder, checkout)
    vd_command = shutil.which(args.visidata)
    peer = Pane("visidata", [vd_command, str(path)], env, folder) if vd_command else None
    floor = (
        None
        if args.no_textual_floor
        else Pane("textual", [sys.executable, str(ROOT / "benchmarks" / "textual_floor.py"), str(path)], env, folder)
    )
    try:
        marsad.wait_for("Organizations", 60)
        if baseline is not None:
            baseline.wait_for("Organizations", 60)
        if floor is not None:
            floor.wait_for("Organizations ›", 600)
        if peer is not None:
            peer.wait_for("organizations", 600)
            peer.press("z")  # (`z Enter`, open-cell: the organizations, a row each, as Marsad's pane lists them)
            peer.press("Enter")
            peer.wait_for("open-cell", 600)
        samples: dict[tuple[str, str], list[float]] = {}
        per_round = max(1, args.presses // args.rounds)
        loads = []
        for _round in range(args.rounds):
            loads.append(os.getloadavg()[0])
            for pane, column in ((marsad, 1), (baseline, 1), (peer, 2), (floor, 1)):
                if pane is None:
                    continue
                for name, *keys in keys_pressed:
                    if name == "back":
                        continue
                    for _press in range(per_round):
                        key = keys[column - 1]
                        samples.setdefault((pane.name, name), []).append(pane.press(key))
                        if name == "enter":  # (back, timed too: the screen the enter left)
                            samples.setdefault((pane.name, "back"), []).append(pane.press(keys_pressed[3][column]))
                    if name == "pagedown":
                        pane.press("Home" if pane is peer else "g")
        print({k: [round(x * 1000) for x in v] for k, v in samples.items()}) if os.environ.get("BENCH_DEBUG") else None
        print(f"{args.size:,} records, tmux 120x40, quiet {QUIET * 1000:.0f} ms, load {statistics.median(loads):.2f}")
        programs = (("marsad", "Marsad"), ("visidata", "VisiData"), ("textual", "Textual floor"))
        if baseline is not None:
            programs += (("baseline", "baseline"),)
        print(f"{'key':<10}" + "".join(f" {title + ' median':>22} {'p95':>9}" for _name, title in programs))
        for name, *_keys in keys_pressed:
            line, medians = f"{name:<10}", {}
            for program, _title in programs:
                times = samples.get((program, name), [])
                if times:
                    medians[program] = statistics.median(times) * 1000
                    line += f" {medians[program]:19.1f} ms {percentile(times, 0.95) * 1000:6.1f} ms"
                else:
                    line += f" {'-':>22} {'-':>9}"
            mine = samples.get(("marsad", name), [])
            if not mine:
                continue
            if "visidata" in medians:
                line += f"   Marsad/VisiData {medians['marsad'] / medians['visidata']:.2f}x"
                line += f" (p95 {percentile(mine, 0.95) * 1000 / medians['visidata']:.2f}x)"
            if "textual" in medians:
                line += f"   Marsad/floor {medians['marsad'] / medians['textual']:.2f}x"
                if "visidata" in medians:
                    line += f"   floor/VisiData {medians['textual'] / medians['visidata']:.2f}x"
            if "baseline" in medians:
                line += f"   Marsad/baseline {medians['marsad'] / medians['baseline']:.2f}x"
            print(line)
        print("(p95 x: Marsad's p95 over VisiData's median, as the target reads: p95 <= 1.5x VisiData's)")
    finally:
        for pane in (marsad, baseline, peer, floor):
            if pane is not None:
                pane.close()


if __name__ == "__main__":
    main()

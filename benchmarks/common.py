"""Helpers shared by the benchmark scripts: percentiles, summaries, JSON, synthetic files.

Importing this module is cheap (standard library only); nothing here imports
Textual or the app, so a child process that measures start-up can use it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
"""The repository root (so `import tui` works from any working directory)."""

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (`fraction` in 0..1) of a non-empty sequence."""
    ordered = sorted(values)
    position = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[position]


def summarize(values: Sequence[float], digits: int = 3) -> dict[str, Any]:
    """Median, p95, min, max and count of some samples (an empty list gives counts only)."""
    if not values:
        return {"n": 0}
    return {
        "median": round(statistics.median(values), digits),
        "p95": round(percentile(values, 0.95), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "n": len(values),
    }


def write_json(path: str | os.PathLike[str], payload: Any) -> None:
    """Write `payload` as indented UTF-8 JSON (Arabic kept as is), creating the folder."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def emit_result(payload: Any) -> None:
    """A child process's answer: one JSON line on stdout, tagged for `run_child`."""
    sys.stdout.write("BENCH-RESULT " + json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


class ChildFailed(RuntimeError):
    pass


def run_child(args: Sequence[str], *, timeout: float, env: dict[str, str] | None = None) -> Any:
    """Run `python ARGS` in a fresh process and return what it `emit_result`-ed.

    Raises `ChildFailed` (with the tail of its stderr) on a crash, a timeout or no answer.
    """
    try:
        done = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise ChildFailed(f"timed out after {timeout:.0f} s: {' '.join(args)}") from None
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("BENCH-RESULT "):
            return json.loads(line[len("BENCH-RESULT ") :])
    tail = "\n".join(done.stderr.strip().splitlines()[-15:])
    raise ChildFailed(f"exit {done.returncode}, no result from {' '.join(args)}:\n{tail}")


def pty_time(
    command: Sequence[str], needle: bytes, env: dict[str, str], timeout: float, size: tuple[int, int] = (40, 120)
) -> float | None:
    """Seconds from starting `command` in a pseudo-terminal until `needle` is in its output.

    What a user sees: the program draws into a real terminal device (rows, columns
    = `size`). The program is killed once the needle is seen (or after `timeout`).
    """
    import fcntl
    import select
    import signal
    import struct
    import termios
    import time

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm-256color"},
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(slave)
    seen = bytearray()
    found: float | None = None
    try:
        while time.perf_counter() - start < timeout:
            if select.select([master], [], [], 0.01)[0]:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                if needle in seen[-(len(chunk) + len(needle)) :]:
                    found = time.perf_counter() - start
                    break
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
    return found


def cache_dir() -> Path:
    folder = Path(os.environ.get("MARSAD_BENCH_CACHE") or Path(tempfile.gettempdir()) / "marsad-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def synthetic_database(n: int, seed: int = 1, *, timeout: float = 600) -> Path:
    """Path of a synthetic database of `n` records, generated once and cached.

    The cache key includes a hash of `benchmarks/synth.py`, so a changed generator
    writes a new file. Generation runs in a child process (`python benchmarks/synth.py`).
    """
    digest = hashlib.sha256((ROOT / "benchmarks" / "synth.py").read_bytes()).hexdigest()[:10]
    path = cache_dir() / f"synth-{n}-seed{seed}-{digest}.json"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "synth.py"), str(n), str(path), "--seed", str(seed)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    return path

"""A real `marsad serve` on loopback, and what a test needs to attack it: its address, its secret, its app processes.

The server runs as a child (`python -m tui serve --port 0 ...`); the address it
prints is read from its output with a deadline. App processes are found as the
server's children in /proc (Linux).
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from terminal_session import ROOT, clean_environment

from tools.served_page import served_address

DEADLINE = 30.0
POLL = 0.05


@dataclass
class Served:
    """A running `marsad serve`: its process, the address it printed and what it printed so far."""

    process: subprocess.Popen[bytes]
    address: str
    output: bytearray = field(default_factory=bytearray)
    """What it printed after the address, as far as `read_output` has read."""

    @property
    def base(self) -> str:
        """`http://host:port`: the page's origin."""
        parts = urlsplit(self.address)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def secret(self) -> str:
        return urlsplit(self.address).query.removeprefix("token=")

    def socket_url(self, secret: str | None = None, query: str = "width=100&height=30") -> str:
        return f"ws{self.base.removeprefix('http')}/ws/{self.secret if secret is None else secret}?{query}"

    def app_processes(self) -> set[int]:
        """The app processes this server started that are still alive (not zombies)."""
        return {pid for pid in children_of(self.process.pid) if alive(pid)}

    def wait_for_app_processes(self, count: int) -> set[int]:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            if len(found := self.app_processes()) == count:
                return found
            time.sleep(POLL)
        raise AssertionError(f"{count} app process(es) expected, found {self.app_processes()}")

    def read_output(self) -> str:
        """What the server printed (stdout and stderr) so far."""
        assert self.process.stdout is not None
        while select.select([self.process.stdout], [], [], 0)[0]:
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                break
            self.output += chunk
        return self.output.decode("utf-8", "replace")


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until_gone(pids: set[int], deadline: float = DEADLINE) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if not any(alive(pid) for pid in pids):
            return
        time.sleep(POLL)
    raise AssertionError(f"still running after {deadline:.0f} s: {[pid for pid in pids if alive(pid)]}")


def start_serve(*args: str) -> Served:
    """Start `marsad serve --port 0 ARGS` and wait for the address it prints."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", "0", *args],
        cwd=ROOT,
        env=clean_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        return Served(process, served_address(process))
    except RuntimeError as error:
        stop_serve(process)
        raise AssertionError(str(error)) from None


def stop_serve(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (the way it stops), then SIGKILL for its group if it did not."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def serving(*args: str) -> Iterator[Served]:
    served = start_serve(*args)
    try:
        yield served
    finally:
        apps = served.app_processes()
        stop_serve(served.process)
        for pid in apps:  # (only if a test left one behind: the server ends them)
            if alive(pid):
                os.kill(pid, signal.SIGKILL)

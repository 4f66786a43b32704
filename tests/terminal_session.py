"""Run `marsad` in a real pseudo-terminal and wait for what it draws, never for a fixed time.

`TerminalSession` starts `python ARGS` with its standard input on a pty (stdout and
stderr on the pty too, or redirected to a pipe or a file), collects every byte the
pty receives, and offers `wait_for(bytes)`, `wait_for_screen(condition)` (the rows
a terminal emulator, pyte, shows), `press(keys)`, `signal(sig)` and `finish()`;
each wait has a deadline and fails with the tail of the output or the screen.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Self

import pyte

ROOT = Path(__file__).resolve().parent.parent
DEADLINE = 30.0

#: what the main screen draws once it is up (a pane title)
MAIN_SCREEN_DRAWN = b"Organizations"


def clean_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The test's environment without any terminal's signature, so each test says which terminal it is."""
    from tui.terminal.detect import TERMINALS

    signatures = {signature.variable for kind in TERMINALS for signature in kind.signatures}
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "PYTEST", "MARSAD")) and key not in signatures
    }
    env.update(TERM="xterm-256color", COLUMNS="100", LINES="30", PYTHONPATH=str(ROOT))
    env.pop("NO_COLOR", None)
    env.update(extra or {})
    return env


def readable(fd: int, timeout: float) -> bool:
    """Whether `fd` has something to read within `timeout` seconds (poll: any descriptor number, where
    `select.select` refuses one above 1023)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(timeout * 1000))


class TerminalSession:
    """A process whose controlling terminal is a pty of `columns` x `lines` (100x30) this object reads."""

    def __init__(
        self,
        args: list[str],
        *,
        env: dict[str, str] | None = None,
        stdin: int | IO[bytes] | None = None,
        stdout: int | IO[bytes] | None = None,
        stderr: int | IO[bytes] | None = None,
        columns: int = 100,
        lines: int = 30,
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.columns, self.lines = columns, lines
        self.master = master
        self.output = bytearray()
        self.process = subprocess.Popen(
            [sys.executable, *args],
            stdin=slave if stdin is None else stdin,
            stdout=slave if stdout is None else stdout,
            stderr=slave if stderr is None else stderr,
            env=env if env is not None else clean_environment(),
            cwd=ROOT,
            start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(slave, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self._screen: pyte.Screen | None = None
        self._stream: pyte.ByteStream | None = None
        self._played = 0

    # -- reading -----------------------------------------------------------------
    def _read(self, timeout: float) -> bool:
        """Read what is there within `timeout`; False once the pty is closed."""
        if not readable(self.master, timeout):
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: every process closed the pty
            return False
        if not chunk:
            return False
        self.output += chunk
        return True

    def wait_for(self, expected: bytes, *, start: int = 0, deadline: float = DEADLINE) -> int:
        """Wait until `expected` appears in the output at or after `start`; return where it starts."""
        end = time.monotonic() + deadline
        while (found := self.output.find(expected, start)) < 0:
            if time.monotonic() > end or not self._read(0.05):
                if (found := self.output.find(expected, start)) >= 0:
                    return found
                raise AssertionError(f"{expected!r} never came; output tail: {bytes(self.output[-1500:])!r}")
        return found

    def screen_rows(self) -> list[str]:
        """The rows a terminal emulator (pyte, the pty's size) shows after every byte read so far."""
        if self._screen is None:
            self._screen = pyte.Screen(self.columns, self.lines)
            self._stream = pyte.ByteStream(self._screen)
        assert self._stream is not None
        self._stream.feed(bytes(self.output[self._played :]))
        self._played = len(self.output)
        return list(self._screen.display)

    def wait_for_screen(
        self, condition: Callable[[list[str]], bool], what: str, deadline: float = DEADLINE
    ) -> list[str]:
        """Wait until the emulated screen's rows satisfy `condition`; return them."""
        end = time.monotonic() + deadline
        while not condition(rows := self.screen_rows()):
            if time.monotonic() > end or not self._read(0.05):
                if condition(rows := self.screen_rows()):
                    return rows
                raise AssertionError(f"not seen within {deadline:.0f} s: {what}; screen:\n" + "\n".join(rows))
        return rows

    # -- acting ------------------------------------------------------------------
    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def signal(self, signum: int) -> None:
        os.kill(self.process.pid, signum)

    def finish(self, deadline: float = DEADLINE) -> int:
        """Wait for the process to exit, reading everything it wrote; return its exit code."""
        end = time.monotonic() + deadline
        while self.process.poll() is None:
            if time.monotonic() > end:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
                raise AssertionError(f"marsad did not exit; output tail: {bytes(self.output[-1500:])!r}")
            self._read(0.05)
        while readable(self.master, 0.2) and self._read(0):
            pass
        return self.process.returncode

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)

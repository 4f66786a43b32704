"""How the `marsad` command prints: every line through the gate, whatever the stream.

Output quotes records and file names (`tui.unsafe`); the terminal may not take
UTF-8 (`LC_ALL=C`), and a reader such as `head` may close the pipe early. None
of these may crash the command or let a control reach the terminal.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING, TextIO

from tui.unsafe import safe_line

if TYPE_CHECKING:
    from tui.store.build import Progress


def prepare_streams() -> None:
    """Make stdout and stderr degrade instead of crash on what their encoding lacks.

    A character the stream cannot encode becomes `?` (or its encoding's replacement).
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


class ProgressLine:
    """A one-line progress report on stderr, redrawn in place, gone when done.

    Used only when stderr is a terminal (the text is Marsad's own: numbers and
    words, never data).
    """

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False

    def show(self, progress: Progress) -> None:
        self.shown = True
        if not self.enabled:
            return
        share = f" {100 * progress.done // max(1, progress.total)}%" if progress.phase == "reading" else ""
        sys.stderr.write(f"\r\x1b[K{progress.phase}{share} · {sum(progress.counts):,} records")
        sys.stderr.flush()

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.enabled and self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def silence_stdout() -> None:
    """After a closed pipe: send what is left (Python's final flush) nowhere, not to a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def out(text: str = "", stream: TextIO | None = None) -> None:
    """Print `text` through the gate; its line ends and tabs (columns) stay."""
    target = stream if stream is not None else sys.stdout
    for line in text.split("\n"):
        print("\t".join(safe_line(field) for field in line.split("\t")), file=target)


def err(text: str) -> None:
    """Print a message on stderr through the gate."""
    out(text, sys.stderr)

"""How the `marsad` command prints: every line through the gate, and Arabic that reads right in a terminal.

Output quotes records and file names (`tui.text.gate`); the terminal may not take
UTF-8 (`LC_ALL=C`), and a reader such as `head` may close the pipe early. None
of these may crash the command or let a control reach the terminal.

A terminal that does no bidi of its own (most of them: `tui.terminal.detect`) would show
logical Arabic unjoined and backwards, so a line printed to such a terminal is
shaped and put in reading order by the text pipeline, each tab-separated field on
its own (`set_line_mode(BidiMode.APP)`, chosen by the CLI from the terminal's
`Decision.print_mode`). Output to a pipe or a file stays logical, as does data
meant for programs (`out(..., logical=True)`: JSON).

In an Arabic interface (`tui.i18n.is_rtl`) a line of Marsad's own words printed to
such a terminal reads right to left: it is laid out as a right-to-left paragraph,
wrapped at the terminal's width by Marsad (a terminal wrapping a line put in reading
order would start with its end) and right-aligned. Tab-separated lines (search
results) keep each field in its own direction, as in every language.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import unicodedata
from collections.abc import Callable
from typing import Self, TextIO

from tui import i18n
from tui.text.direction import BidiMode
from tui.text.gate import clean_for_display, clean_indexed, safe_line

#: what the index's builder is doing, as a progress line names it (messages)
PHASES = {
    "reading": i18n.N_("reading"),
    "checking": i18n.N_("checking"),
    "indexing": i18n.N_("indexing"),
}

_line_mode: BidiMode | Callable[[], BidiMode] = BidiMode.TERMINAL
"""Who orders the lines printed to a terminal: APP (this module) or TERMINAL (left logical); or what decides it."""


def prepare_streams() -> None:
    """Make stdout and stderr degrade instead of crash on what their encoding lacks.

    A character the stream cannot encode becomes `?` (or its encoding's replacement).
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def set_line_mode(mode: BidiMode | Callable[[], BidiMode]) -> None:
    """Whether lines printed to a terminal are shaped and reordered here (APP) or left logical (TERMINAL).

    `mode` may be what decides it, asked once, when a line first goes to a terminal:
    deciding reads the terminal's environment and settings (`tui.terminal.handshake`),
    which a command printing to pipes and files never needs.
    """
    global _line_mode
    _line_mode = mode


def _mode() -> BidiMode:
    global _line_mode
    if not isinstance(_line_mode, BidiMode):
        _line_mode = _line_mode()
    return _line_mode


class ProgressLine:
    """A one-line progress report on stderr, redrawn in place, gone when done.

    Used only when stderr is a terminal (the text is Marsad's own: numbers and
    words, never data).
    """

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False

    def show(self, phase: str, done: int, total: int, records: int) -> None:
        """`phase` (a share of `total` while reading), and the records read so far."""
        self.shown = True
        if not self.enabled:
            return
        said = i18n._(PHASES[phase]) if phase in PHASES else phase
        if phase == "reading":
            said = i18n._("{phase} {percent}%").format(phase=said, percent=i18n.number(100 * done // max(1, total)))
        counted = i18n.ngettext("{phase} · {count} record", "{phase} · {count} records", records)
        line = safe_line(counted.format(phase=said, count=i18n.number(records)))
        if _mode() is BidiMode.APP and i18n.is_rtl():
            line = _laid_out(line, _terminal_width(sys.stderr))[0]
        sys.stderr.write(f"\r\x1b[K{line}")
        sys.stderr.flush()

    def __enter__(self) -> Self:
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


def out(text: str = "", stream: TextIO | None = None, *, logical: bool = False) -> None:
    """Print `text` through the gate; its line ends and tabs (columns) stay.

    To a terminal in APP line mode each field is drawn in reading order, unless
    `logical` (data for programs, such as JSON).
    """
    target = stream if stream is not None else sys.stdout
    visual = not logical and _is_terminal(target) and _mode() is BidiMode.APP
    mirrored = visual and i18n.is_rtl()
    width = _terminal_width(target) if mirrored else 0
    for line in text.split("\n"):
        if mirrored and "\t" not in line and line.strip():
            # (the bidi marks a translation holds steer the layout, which draws none of them)
            for drawn in _laid_out(clean_indexed(line, keep_marks=True)[0].replace("\n", " "), width):
                print(drawn, file=target)
            continue
        fields = [safe_line(field) for field in line.split("\t")]
        if visual:
            fields = [reading_order(field) for field in fields]
        print("\t".join(fields), file=target)


def _laid_out(line: str, width: int) -> list[str]:
    """A line of a right-to-left interface as a terminal without bidi must receive it: wrapped at `width` in
    logical order, each line shaped, in reading order and right-aligned."""
    from tui.text.layout import layout  # (only for a right-to-left interface on a terminal: a pipe never needs it)

    lines = layout(line, max(10, width), direction="rtl", mode=BidiMode.APP)
    return [drawn.to_text(max(10, width)).plain for drawn in lines] or [""]


def _terminal_width(stream: TextIO) -> int:
    """The width a line printed to `stream` may take (the terminal's, less one: a full row wraps in some)."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        columns = shutil.get_terminal_size().columns
    return max(20, columns - 1)


class GatedWriter:
    """Data written to a terminal (`marsad export` without `-o`): each piece passes the gate, line ends kept.

    Data for a pipe or a file is written as stored; a terminal gets no control
    and no invisible character from it, and logical text (it is data, not a report).
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(clean_for_display(text))


def data_writer(stream: TextIO) -> TextIO | GatedWriter:
    """`stream` for data as stored, gated when it is a terminal."""
    return GatedWriter(stream) if _is_terminal(stream) else stream


def err(text: str) -> None:
    """Print a message on stderr through the gate."""
    out(text, sys.stderr)


def reading_order(field: str) -> str:
    """One safe line as a terminal without bidi must receive it: shaped, in visual order.

    The paragraph direction is the line's own (its first strong character), as a
    browser would take it; a line without right-to-left letters is returned as is.
    """
    if not any(unicodedata.bidirectional(char) in ("R", "AL") for char in field):
        return field
    from tui.text.layout import layout  # (only for Arabic printed to a terminal: a pipe never needs it)

    lines = layout(field, 2 * len(field) + 2, mode=BidiMode.APP)
    return "".join(line.text for line in lines)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, OSError, ValueError):
        return False

"""The one gate between text Marsad did not write and the terminal.

Everything Marsad draws or prints comes, at least in part, from outside: records
of a database file, the file's name, environment variables, the settings file,
error messages that quote them. Any of these may hold characters that drive a
terminal (ESC, CSI, OSC: retitle it, write the clipboard, clear the screen),
reorder the screen (bidi overrides), cannot be written as UTF-8 (lone
surrogates, also what `os.fsdecode` makes of undecodable bytes in a file name),
or take a different number of cells in Rich than in the terminal (so borders
move). This module names those characters once, by what they are, and says what
becomes of them; every other module derives its use from here:

* `clean_stored` -- at load, for the records kept in memory (`tui.data`);
* `clean_indexed` / `clean_for_display` -- before text is laid out for the
  screen (`tui.text`);
* `safe_line` / `safe_path` -- one line printed by the CLI or shown in a
  notification, and a file name;
* `DISPLAY_UNSAFE` -- the last line of defence of widgets that draw strips;
* `STORED_UNSAFE_IN_JSON` -- the loader's fast test on a document's JSON text;
* `SEARCH_IGNORED` -- characters search neither indexes nor needs to be typed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

__all__ = [
    "BIDI_MARKS",
    "BIDI_OVERRIDES",
    "DISPLAY_UNSAFE",
    "INVISIBLE",
    "JOIN_CONTROLS",
    "REPLACEMENT",
    "SEARCH_IGNORED",
    "STORED_UNSAFE_IN_JSON",
    "TERMINAL_CONTROLS",
    "clean_for_display",
    "clean_indexed",
    "clean_stored",
    "safe_line",
    "safe_path",
]

REPLACEMENT = "\ufffd"
"""What an unsafe character becomes when its place must stay visible (one cell)."""

Ranges = tuple[tuple[int, int], ...]
"""Inclusive code point ranges."""

# -- the registry -------------------------------------------------------------------

TERMINAL_CONTROLS: Ranges = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F))
"""C0 controls but TAB and LF, DEL, C1 controls: they move the cursor, start escape
sequences (ESC, CSI U+009B, OSC U+009D) or ring the bell. (CR is among them: it
returns the cursor; a CR before LF is a line end and is dropped.)"""

BIDI_OVERRIDES: Ranges = ((0x202A, 0x202E), (0x2066, 0x2069))
"""Embeddings, overrides and isolates: they reorder whatever follows them on screen."""

SURROGATES: Ranges = ((0xD800, 0xDFFF),)
"""Lone surrogates: JSON's \\ud800 escapes make them, and so does `os.fsdecode` of a
file name that is not UTF-8; no UTF-8 stream can carry them."""

NONCHARACTERS: Ranges = (
    (0xFDD0, 0xFDEF),
    *((plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF) for plane in range(17)),
)
"""Code points Unicode reserves as never to be interchanged."""

AMBIGUOUS_WIDTH: Ranges = ((0x115F, 0x1160), (0x3164, 0x3164), (0xFFA0, 0xFFA0))
"""Hangul fillers: blank, and 0, 1 or 2 cells wide depending on whom you ask (Rich
says 0 or 2, terminals disagree), so a border after one moves."""

INVISIBLE: Ranges = (
    # Format characters (category Cf) but the bidi overrides above and the join
    # controls below: soft hyphen, Arabic number signs, ALM, ZWSP, LRM, RLM, word
    # joiner, invisible operators, BOM, interlinear annotation, tags... A test checks
    # this list against `unicodedata`.
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200B),
    (0x200E, 0x200F),
    (0x2060, 0x2064),
    (0x206A, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
    # Emoji presentation selectors and skin-tone modifiers: Rich 15 measures
    # U+263A U+FE0F and a thumb with its modifier as one 2-cell cluster, terminals
    # without emoji clusters draw 1 and 4 cells. Without them every terminal and
    # Rich agree on the base character's width.
    (0xFE0E, 0xFE0F),
    (0x1F3FB, 0x1F3FF),
)
"""Characters that draw nothing (or only change how the next one is drawn): removed
from what is displayed."""

JOIN_CONTROLS = "\u200c\u200d"
"""ZWNJ and ZWJ steer Arabic joining: kept until shaping has used them (see
`tui.text.shaping`), never drawn."""

BIDI_MARKS = "\u200e\u200f\u061c"
"""LRM, RLM and ALM: invisible, strong for the bidi algorithm only where they stand (they reorder nothing
beyond their neighbours, unlike the overrides). Layout keeps them to resolve levels (a translation writes
`\u200e--db` so that an option reads `--db` inside Arabic) and never draws them (`tui.text.layout`)."""

LINE_SEPARATORS = "\u2028\u2029"
"""LINE and PARAGRAPH SEPARATOR: terminals do not draw them; they are line ends."""


def _class(ranges: Iterable[tuple[int, int]]) -> str:
    """A regular expression character class body matching the ranges."""
    return "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges
    )


_STORED_REPLACED = TERMINAL_CONTROLS + BIDI_OVERRIDES + SURROGATES
_DISPLAY_REPLACED = _STORED_REPLACED + NONCHARACTERS + AMBIGUOUS_WIDTH

DISPLAY_UNSAFE = re.compile(f"[{_class(_DISPLAY_REPLACED)}\t\n]")
"""Any character that must not be drawn as it is (widgets replace it by REPLACEMENT)."""

SEARCH_IGNORED = frozenset(
    code for low, high in INVISIBLE + BIDI_OVERRIDES for code in range(low, high + 1)
) | frozenset(map(ord, JOIN_CONTROLS))
"""Characters with no letter in them: normalization drops them (`tui.search.normalize`)."""

STORED_UNSAFE_IN_JSON = re.compile(
    r"[\\"  # an escape: C0 controls (and lone surrogates) can only be written escaped in JSON
    + _class(((max(low, 0x7F), high) for low, high in _STORED_REPLACED if high >= 0x7F and low < 0xD800))
    + "]"
)
"""In the JSON text of a document, whatever `clean_stored` may have to change
(over-matching is harmless: the record is then cleaned the slow way)."""

_STORED = re.compile(f"[{_class(_STORED_REPLACED)}]")
_STORED_LINE_BREAKS = re.compile("[\t\n]")


def clean_stored(text: str, *, multiline: bool = False) -> str:
    """A string read from a database file, as it is kept in memory.

    Terminal controls, bidi overrides and lone surrogates become REPLACEMENT.
    TAB and LF become spaces unless `multiline` (article texts and quotes); there, a
    Windows line end is a line end. Invisible characters stay: they are data (ZWNJ
    changes a word), and display removes them.
    """
    if multiline:
        text = text.replace("\r\n", "\n")
    cleaned = _STORED.sub(REPLACEMENT, text)
    if not multiline:
        cleaned = _STORED_LINE_BREAKS.sub(" ", cleaned)
    return cleaned


_REMOVED = INVISIBLE
_SPECIAL = re.compile(f"[{_class(_DISPLAY_REPLACED + _REMOVED)}\t\r{LINE_SEPARATORS}]")
_REMOVE = re.compile(f"[{_class(_REMOVED)}]")
_SPECIAL_BUT_MARKS = re.compile(f"(?![{BIDI_MARKS}])[{_class(_DISPLAY_REPLACED + _REMOVED)}\t\r{LINE_SEPARATORS}]")


def _substitute(char: str, following: str) -> str:
    """What one special character becomes on screen ("" when it is removed)."""
    if char == "\t":
        return " "
    if char in LINE_SEPARATORS:
        return "\n"
    if char == "\r":
        return "" if following == "\n" else REPLACEMENT
    if _REMOVE.match(char):
        return ""
    return REPLACEMENT


def clean_indexed(text: str, *, keep_marks: bool = False) -> tuple[str, tuple[int, ...]]:
    """`text` safe to lay out (LF kept), and for every output character its input index.

    Each character is replaced by at most one, so the index map is the input
    positions of the characters that were not removed. `keep_marks`: the BIDI_MARKS
    stay (for the layout, which resolves levels with them and draws none).
    """
    special = _SPECIAL_BUT_MARKS if keep_marks else _SPECIAL
    if special.search(text) is None:
        return text, tuple(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    last = len(text) - 1
    for position, char in enumerate(text):
        if special.match(char):
            char = _substitute(char, text[position + 1] if position < last else "")
            if not char:
                continue
        out.append(char)
        index.append(position)
    return "".join(out), tuple(index)


def clean_for_display(text: str) -> str:
    """`text` safe to draw: no control, no bidi override, no ambiguous width; LF kept.

    >>> clean_for_display("a\\x1b[31mb\\u200fc\\td")
    'a\\ufffd[31mbc d'
    """
    if _SPECIAL.search(text) is None:
        return text
    return clean_indexed(text)[0]


def safe_line(text: str) -> str:
    """One line to print or notify: `clean_for_display`, with line ends as spaces."""
    return clean_for_display(text).replace("\n", " ")


def safe_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A file name as a user should see it: undecodable bytes and controls made visible."""
    return safe_line(os.fsdecode(path))

"""Sanitising text from data before it reaches the terminal.

Nothing stored in the data may send an escape sequence or an invisible
direction override to the terminal.  The rules, applied character by character
so that every kept character can be traced back to its index in the input:

* ``\\n`` is kept: it separates paragraphs.  U+2028 LINE SEPARATOR and U+2029
  PARAGRAPH SEPARATOR become ``\\n`` as well (terminals do not draw them).
* ``\\r`` directly before ``\\n`` is removed (a CRLF line ending is not data).
* ``\\t`` becomes a space.
* Every other C0/C1 control and DEL, the bidi embedding / override / isolate
  controls U+202A..U+202E and U+2066..U+2069, lone surrogates and
  noncharacters become a visible U+FFFD.
* The zero-width direction marks LRM, RLM and ALM are removed, and so is every
  other format character (category Cf: soft hyphen, ZWSP, word joiner, BOM,
  tag characters...) except ZWNJ and ZWJ, which steer Arabic joining and are
  consumed by shaping (see :mod:`tui.text.shaping`).
"""

from __future__ import annotations

import re

__all__ = ["REPLACEMENT", "clean_for_display", "clean_indexed"]

REPLACEMENT = "\ufffd"

_TO_REPLACEMENT = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but \t \n), DEL, C1
    "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides, isolates
    "\ud800-\udfff"  # lone surrogates
    "\ufdd0-\ufdef"  # noncharacters ...
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
)

# Format characters (category Cf, Unicode 15) other than ZWNJ/ZWJ and the bidi
# controls above; tests check this list against unicodedata.
_TO_REMOVE = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200e\u200f\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)

_SPECIAL = re.compile(f"[{_TO_REPLACEMENT}{_TO_REMOVE}\t\r\u2028\u2029]")
_REMOVE = re.compile(f"[{_TO_REMOVE}]")


def _substitute(char: str, following: str) -> str:
    """What one special character becomes ("" when it is removed)."""
    if char == "\t":
        return " "
    if char in "\u2028\u2029":
        return "\n"
    if char == "\r":
        return "" if following == "\n" else REPLACEMENT
    if _REMOVE.match(char):
        return ""
    return REPLACEMENT


def clean_indexed(text: str) -> tuple[str, tuple[int, ...]]:
    """Clean ``text`` and return, for every output character, its input index.

    Every replacement is one character for one, so the index map is simply the
    input positions of the characters that were not removed.
    """
    if _SPECIAL.search(text) is None:
        return text, tuple(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    last = len(text) - 1
    for position, char in enumerate(text):
        if _SPECIAL.match(char):
            char = _substitute(char, text[position + 1] if position < last else "")
            if not char:
                continue
        out.append(char)
        index.append(position)
    return "".join(out), tuple(index)


def clean_for_display(text: str) -> str:
    """Return ``text`` safe to draw: no control, no bidi control, ``\\n`` kept.

    >>> clean_for_display("a\\x1b[31mb\\u200fc\\td")
    'a\\ufffd[31mbc d'
    """
    if _SPECIAL.search(text) is None:
        return text
    return clean_indexed(text)[0]

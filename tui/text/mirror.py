"""Mirrored glyphs (rule L4 of UAX #9) and paired brackets (rule N0).

The mirroring pairs are Unicode's BidiMirroring.txt as shipped by python-bidi
(``bidi.mirror.MIRRORED``: ``( )``, ``[ ]``, ``{ }``, ``< >``, ``« »``,
``‹ ›``, ``≤ ≥``, math and CJK brackets...), plus the pairs that table (an
older Unicode) lacks and BidiMirroring-14.0.0.txt has, 14.0 being the Unicode
of Python 3.11's ``unicodedata``: RIGHT ANGLE / REVERSED RIGHT ANGLE (11.0)
and the square brackets with strokes and half parentheses U+2E55..U+2E5C
(14.0).  A test checks that every mirrored bracket ``unicodedata`` knows has
its mate.  Curly quotes are not mirrored characters and stay as they are, as
in browsers.

Paired brackets (BidiBrackets.txt) are the mirrored characters of general
category Ps/Pe whose mirror glyph closes them.
"""

from __future__ import annotations

import unicodedata

from bidi.mirror import MIRRORED as _PYTHON_BIDI_MIRRORED

#: BidiMirroring-14.0.0.txt pairs missing from python-bidi's table
_ADDED_SINCE = {
    "\u221f": "\u2bfe",  # RIGHT ANGLE
    "\u2bfe": "\u221f",  # REVERSED RIGHT ANGLE
    "\u2e55": "\u2e56",  # LEFT SQUARE BRACKET WITH STROKE
    "\u2e56": "\u2e55",  # RIGHT SQUARE BRACKET WITH STROKE
    "\u2e57": "\u2e58",  # LEFT SQUARE BRACKET WITH DOUBLE STROKE
    "\u2e58": "\u2e57",  # RIGHT SQUARE BRACKET WITH DOUBLE STROKE
    "\u2e59": "\u2e5a",  # TOP HALF LEFT PARENTHESIS
    "\u2e5a": "\u2e59",  # TOP HALF RIGHT PARENTHESIS
    "\u2e5b": "\u2e5c",  # BOTTOM HALF LEFT PARENTHESIS
    "\u2e5c": "\u2e5b",  # BOTTOM HALF RIGHT PARENTHESIS
}
#: character -> the glyph it takes in a right-to-left run
MIRRORED: dict[str, str] = {**_PYTHON_BIDI_MIRRORED, **_ADDED_SINCE}

__all__ = ["CLOSING_BRACKETS", "MIRRORED", "OPENING_BRACKETS", "mirror"]

#: opening bracket -> the closing bracket that pairs with it
OPENING_BRACKETS: dict[str, str] = {
    char: mate
    for char, mate in MIRRORED.items()
    if unicodedata.category(char) == "Ps" and unicodedata.category(mate) == "Pe"
}
#: closing bracket -> itself, canonical equivalents folded (U+232A ~ U+3009)
CLOSING_BRACKETS: dict[str, str] = {mate: mate for mate in OPENING_BRACKETS.values()}
OPENING_BRACKETS["\u2329"] = "\u3009"
CLOSING_BRACKETS["\u232a"] = "\u3009"


_TABLE = str.maketrans(MIRRORED)


def mirror(text: str) -> str:
    """``text`` with every character replaced by the glyph it takes in an RTL run."""
    return text.translate(_TABLE)

"""Mirrored glyphs (rule L4 of UAX #9) and paired brackets (rule N0).

The mirroring pairs are Unicode's BidiMirroring.txt as shipped by python-bidi
(``bidi.mirror.MIRRORED``: ``( )``, ``[ ]``, ``{ }``, ``< >``, ``« »``,
``‹ ›``, ``≤ ≥``, math and CJK brackets...).  Curly quotes are not mirrored
characters and stay as they are, as in browsers.

Paired brackets (BidiBrackets.txt) are the mirrored characters of general
category Ps/Pe whose mirror glyph closes them.
"""

from __future__ import annotations

import unicodedata

from bidi.mirror import MIRRORED

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


"""Who reorders, and which way a paragraph runs."""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Literal

__all__ = ["BidiMode", "Direction", "base_level", "paragraph_direction", "reading_direction"]

Direction = Literal["rtl", "ltr"]

_MARKS = frozenset("\u200e\u200f\u061c")


class BidiMode(StrEnum):
    """Who does the bidirectional work.

    ``APP``: this pipeline shapes Arabic and reorders lines into visual order
    (right for almost every terminal).  ``TERMINAL``: the terminal runs its own
    bidi (mlterm, Konsole, VTE with BiDi on), so lines stay logical and
    unshaped; they are still sanitised, wrapped, aligned and truncated.
    """

    APP = "app"
    TERMINAL = "terminal"


def paragraph_direction(text: str) -> Direction:
    """Direction of the first strong character (rules P2/P3 of UAX #9).

    Arabic and Hebrew letters give ``"rtl"``, other letters ``"ltr"``; text
    without any strong character is ``"ltr"``.  The marks LRM, RLM and ALM
    are skipped: display removes them, so they must not steer alignment.
    """
    bidirectional = unicodedata.bidirectional
    for char in text:
        if char in _MARKS:
            continue
        kind = bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def reading_direction(text: str) -> Direction:
    """Direction of a stored data string: right-to-left as soon as it has any Arabic.

    Marsad's data is Arabic prose that quotes Latin names, so a value that
    happens to start with one (`T2S الممثل الحصري لـ GE Healthcare`) is still an
    Arabic sentence (the design note's "forced to RTL for Arabic fields"); text
    without Arabic or Hebrew letters stays left-to-right.
    """
    bidirectional = unicodedata.bidirectional
    return "rtl" if any(bidirectional(char) in ("R", "AL") for char in text) else "ltr"


def base_level(direction: Direction) -> int:
    """The UAX #9 paragraph embedding level of a direction (0 or 1)."""
    return 1 if direction == "rtl" else 0

"""Arabic shaping with an index map back to the logical characters.

``arabic_reshaper`` replaces letters by their joined presentation forms
(U+FB50..U+FDFF, U+FE70..U+FEFF), one cell each.  Lam + alef becomes one
ligature glyph, so the shaped string can be shorter than its input; this
module aligns the output with the input so that every glyph knows which
logical characters it draws.

Decisions:

* Harakat (tashkeel) are deleted before shaping.  Terminal fonts draw them
  badly, wcwidth gives them 0 cells, and once reordered they would combine
  with the wrong cell.  Removing them keeps the joins of the base letters
  intact (``مُحَمَّد`` draws as ``محمد``).  Search still matches the logical text.
* Only the four lam-alef ligatures are on.  The word ligatures (ALLAH U+FDF2
  and friends) are off: their glyphs are wider than the one cell wcwidth
  gives them and overlap the next character.
* ZWJ and ZWNJ steer joining and are dropped once shaping is done (they have
  no width and terminals disagree about them); terminal mode drops them too.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from arabic_reshaper import ArabicReshaper

from tui.unsafe import JOIN_CONTROLS

__all__ = ["is_haraka", "shape", "unshaped"]

_RESHAPER = ArabicReshaper(
    configuration={
        "delete_harakat": True,
        "delete_tatweel": False,
        "support_zwj": True,
        "support_ligatures": True,
        "ARABIC LIGATURE ALLAH": False,
    }
)

# Combining marks of the Arabic blocks (Mn): the reshaper's HARAKAT_RE plus
# the few Quranic marks it misses; all have zero width.
_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0898-\u089f\u08ca-\u08e1\u08e3-\u08ff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_MAX_LIGATURE = 4


def is_haraka(char: str) -> bool:
    """Whether ``char`` is an Arabic combining mark that shaping deletes."""
    return _HARAKAT.match(char) is not None


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def unshaped(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` without its join controls, with the same result shape as :func:`shape`.

    Used as is for terminal mode (harakat kept: the terminal shapes).
    """
    kept = [(index, index + 1) for index, char in enumerate(text) if char not in JOIN_CONTROLS]
    if len(kept) == len(text):
        return text, tuple(kept)
    return "".join(text[start] for start, _ in kept), tuple(kept)


def shape(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Shape ``text``; return the glyphs and, per glyph, its input range.

    Each range ``(start, end)`` indexes ``text``.  Deleted harakat and join
    controls are in no range; a ligature's range covers its letters (and any
    haraka between them).
    """
    if _ARABIC.search(text) is None:
        return unshaped(text)
    # positions of the letters handed to the reshaper
    if _HARAKAT.search(text) is None:
        letters: list[int] | range = range(len(text))
        bare = text
    else:
        letters = [index for index, char in enumerate(text) if not _HARAKAT.match(char)]
        bare = "".join(text[index] for index in letters)
    shaped = _RESHAPER.reshape(bare)
    glyphs: list[str] = []
    ranges: list[tuple[int, int]] = []
    source = 0
    for glyph in shaped:
        while source < len(bare) and glyph != bare[source] and bare[source] in JOIN_CONTROLS:
            source += 1  # a join control the reshaper dropped
        if source >= len(bare):
            break
        span = 1
        if glyph != bare[source]:
            target = _fold(glyph)
            for size in range(1, _MAX_LIGATURE + 1):
                if _fold(bare[source : source + size]) == target:
                    span = size
                    break
        if glyph not in JOIN_CONTROLS:
            glyphs.append(glyph)
            ranges.append((letters[source], letters[source + span - 1] + 1))
        source += span
    return "".join(glyphs), tuple(ranges)

"""Arabic shaping with an index map back to the logical characters.

``arabic_reshaper`` replaces letters by their joined presentation forms
(U+FB50..U+FDFF, U+FE70..U+FEFF), one cell each.  Lam + alef becomes one
ligature glyph, so the shaped string can be shorter than its input; this
module aligns the output with the input so that every glyph knows which
logical characters it draws.

Decisions:

* A letter written as a letter plus a mark is composed first, as Unicode's NFC
  does: alef, waw, yeh, heh goal and yeh barree with a hamza (U+0654, U+0655)
  or a madda (U+0653) become أ إ آ ؤ ئ ۂ ۓ.  Persian and scraped Arabic write
  them so (تأمین as ت ا ◌ٔ م ی ن); without this the hamza would be lost.
* Marks that are letters and compose with nothing (a hamza on heh, ``کلیهٔ``,
  or on Farsi yeh; the superscript alef of ``لہٰذا``; the wavy hamza) are kept
  and drawn on the glyph of their letter, as zero-width marks after it.  With no
  letter before them (start of a paragraph, after a space) they are drawn on a
  dotted circle U+25CC, as text renderers do.
* The other marks (vowel signs, shadda, sukun, tanween, Quranic annotation) are
  deleted.  Terminal fonts draw them badly, wcwidth gives them 0 cells, and no
  letter changes without them (``مُحَمَّد`` draws as ``محمد``).  Search still
  matches the logical text.
* Only the four lam-alef ligatures are on.  The word ligatures (ALLAH U+FDF2
  and friends) are off: their glyphs are wider than the one cell wcwidth
  gives them and overlap the next character.
* ZWJ and ZWNJ steer joining and are dropped once shaping is done (they have
  no width and terminals disagree about them); terminal mode drops them too.
  In a text that also has a lam-alef, ZWJ is dropped before shaping:
  arabic_reshaper 3.x miscounts the ligature's position after a ZWJ (an
  IndexError on ``ZWJ + لا``, or the wrong letters joined).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from arabic_reshaper import ArabicReshaper

from tui.text.gate import JOIN_CONTROLS

__all__ = ["DOTTED_CIRCLE", "LETTER_MARKS", "is_dropped_mark", "shape", "unshaped"]


class _ReadOptions:
    """A reshaper's options, each read once from its configuration (a configparser section), which it otherwise asks
    at every call: six options took two thirds of shaping a name (42 of 64 µs)."""

    def __init__(self, section: Any) -> None:
        self._section = section
        self._read: dict[str, bool] = {}

    def get(self, key: str) -> Any:
        return self._section.get(key)

    def getboolean(self, key: str) -> bool:
        value = self._read.get(key)
        if value is None:
            value = self._read[key] = self._section.getboolean(key)
        return value


def _reshaper(configuration: dict[str, bool]) -> ArabicReshaper:
    """An `ArabicReshaper` of `configuration` (over its defaults) that reads each option once (`_ReadOptions`)."""
    reshaper = ArabicReshaper(configuration=configuration)
    reshaper.configuration = _ReadOptions(reshaper.configuration)
    return reshaper


_RESHAPER = _reshaper(
    {
        "delete_harakat": True,
        "delete_tatweel": False,
        "support_zwj": True,
        "support_ligatures": True,
        "ARABIC LIGATURE ALLAH": False,
    }
)

# Combining marks of the Arabic blocks (Mn): the reshaper's HARAKAT_RE plus
# the few Quranic marks it misses; all have zero width.
_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0898-\u089f\u08ca-\u08e1\u08e3-\u08ff]"
)
#: marks that compose with the letter before them into another letter (NFC)
_COMPOSING = frozenset("\u0653\u0654\u0655")
#: marks that are (part of) a letter: never deleted
LETTER_MARKS = frozenset("\u0654\u0655\u065f\u0670")
#: what a letter mark with no letter before it is drawn on
DOTTED_CIRCLE = "\u25cc"
_ZWJ = "\u200d"
#: lam and an alef, maybe with marks or join controls between: a ligature candidate
_LAM_ALEF = re.compile("\u0644[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d]*[\u0622\u0623\u0625\u0627]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_MAX_LIGATURE = 4


def is_dropped_mark(char: str) -> bool:
    """Whether shaping deletes ``char``: an Arabic combining mark that is not a letter."""
    return char not in LETTER_MARKS and _MARKS.match(char) is not None


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


def _recomposed(normal: str, marks: list[tuple[str, int]], start: int) -> tuple[str, list[tuple[str, int]], int]:
    """A cluster's NFC form as (letter, its marks with input indices, end of the letter's input range).

    Marks that went into the letter extend its range; a mark that came out of a
    precomposed letter (the madda of آ under a hamza below) takes the letter's index.
    """
    unused = list(marks)
    remaining: list[tuple[str, int]] = []
    for char in normal[1:]:
        found = next((at for at, (mark, _index) in enumerate(unused) if mark == char), None)
        remaining.append((char, start) if found is None else unused.pop(found))
    letter_end = max((index for _mark, index in unused), default=start) + 1
    return normal[0], remaining, letter_end


class _Letters:
    """What the reshaper is given: letters (marks composed, deleted or set aside) and their sources.

    Each letter with the marks after it is a cluster; a cluster holding a hamza or a
    madda is composed with Unicode's NFC (canonical order first, so the result is the
    same whatever order the marks were typed in).
    """

    def __init__(self, text: str, *, drop_zwj: bool) -> None:
        self.chars: list[str] = []
        self.sources: list[tuple[int, int]] = []
        self.marks: dict[int, list[tuple[str, int]]] = {}
        """letter index -> the letter marks drawn on it, with their input index"""
        index = 0
        while index < len(text):
            end = index + 1
            while end < len(text) and _MARKS.match(text[end]):
                end += 1
            if _MARKS.match(text[index]):  # marks with no letter: at the start
                for position in range(index, end):
                    self._mark(text[position], position)
            elif drop_zwj and text[index] == _ZWJ:
                for position in range(index + 1, end):
                    self._mark(text[position], position)
            else:
                self._cluster(text, index, end)
            index = end

    def _cluster(self, text: str, start: int, end: int) -> None:
        marks = [(text[position], position) for position in range(start + 1, end)]
        letter, letter_end = text[start], start + 1
        if not _COMPOSING.isdisjoint(text[start + 1 : end]):
            normal = unicodedata.normalize("NFC", text[start:end])
            if normal != text[start:end]:
                letter, marks, letter_end = _recomposed(normal, marks, start)
        self.chars.append(letter)
        self.sources.append((start, letter_end))
        for char, position in marks:
            self._mark(char, position)

    def _mark(self, char: str, index: int) -> None:
        if char not in LETTER_MARKS:
            return  # a vowel sign or annotation: deleted
        carrier = self._carrier()
        if carrier is not None:
            self.marks.setdefault(carrier, []).append((char, index))
        else:
            self.chars.append(DOTTED_CIRCLE)
            self.sources.append((index, index + 1))
            self.marks[len(self.chars) - 1] = [(char, index)]

    def _carrier(self) -> int | None:
        """The letter a mark is drawn on: the last one that is drawn (not a join control), unless a space."""
        for position in range(len(self.chars) - 1, -1, -1):
            if self.chars[position] not in JOIN_CONTROLS:
                return None if self.chars[position].isspace() else position
        return None


def shape(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Shape ``text``; return the glyphs and, per glyph, its input range.

    Each range ``(start, end)`` indexes ``text``.  Deleted marks and join
    controls are in no range; a composed letter's range covers its mark, and a
    ligature's covers its letters (and any mark between them).  A kept letter
    mark is a glyph of its own, right after the glyph of its letter.
    """
    if _ARABIC.search(text) is None:
        return unshaped(text)
    drop_zwj = _ZWJ in text and _LAM_ALEF.search(text) is not None
    if _MARKS.search(text) is None and not drop_zwj:
        bare, sources, marks = text, None, {}
    else:
        letters = _Letters(text, drop_zwj=drop_zwj)
        bare, sources, marks = "".join(letters.chars), letters.sources, letters.marks
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
            if sources is None:
                ranges.append((source, source + span))
            else:
                ranges.append((sources[source][0], sources[source + span - 1][1]))
            for letter in range(source, source + span):
                for mark, index in marks.get(letter, ()):
                    glyphs.append(mark)
                    ranges.append((index, index + 1))
        source += span
    return "".join(glyphs), tuple(ranges)

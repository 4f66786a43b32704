"""A passage of an article being selected to cite: its two ends, moved by word and by sentence.

A passage is a range of the article's text, verbatim: what is cited is
`text[start:end]`, exactly as stored. Its ends stand at word boundaries (a word
is a run of characters other than spaces, punctuation included: `الصحي،` is one
word, and a quote keeps its comma); one end moves (`moving_end`), the other
stays, as a selection in an editor. A sentence ends after `.`, `!`, `?`, `؟`,
`…` or `۔` followed by a space or the end of its paragraph, and at the end of
each paragraph. A passage always holds at least one word.

Boundaries are found once per text (`Bounds`), every step is a binary search.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import Literal

Span = tuple[int, int]
Unit = Literal["word", "sentence"]

_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?؟…۔]+(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Passage:
    """`text[start:end]`, with the end that moves (the `end`, or the `start` when `moving_end` is False)."""

    start: int
    end: int
    moving_end: bool = True

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @property
    def head(self) -> int:
        """Where the moving end is."""
        return self.end if self.moving_end else self.start


class Bounds:
    """Where words and sentences start and end in one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        words = [match.span() for match in _WORD.finditer(text)]
        self.word_starts = [start for start, _end in words]
        self.word_ends = [end for _start, end in words]
        ends = {match.end() for match in _SENTENCE_END.finditer(text)}
        for paragraph in re.finditer(r"[^\n]+", text):  # (a paragraph's end, its trailing spaces left out)
            end = len(text[: paragraph.end()].rstrip())
            if end > paragraph.start():
                ends.add(end)
        self.sentence_ends = sorted(ends)
        # a sentence starts at the first word after a sentence's end, and at the first word of the text
        starts = {self.word_starts[0]} if self.word_starts else set()
        for end in self.sentence_ends:
            at = bisect_left(self.word_starts, end)
            if at < len(self.word_starts):
                starts.add(self.word_starts[at])
        self.sentence_starts = sorted(starts)

    def word_at(self, offset: int) -> Span | None:
        """The word holding the character at `offset`; between words, the next one (the last, past it)."""
        if not self.word_starts:
            return None
        at = bisect_right(self.word_starts, offset) - 1
        if at >= 0 and offset < self.word_ends[at]:
            return self.word_starts[at], self.word_ends[at]
        at = min(at + 1, len(self.word_starts) - 1)
        return self.word_starts[at], self.word_ends[at]

    def first_word_from(self, offset: int) -> Span | None:
        """The first word that starts at or after `offset` (the last word, when none does)."""
        if not self.word_starts:
            return None
        at = min(bisect_left(self.word_starts, offset), len(self.word_starts) - 1)
        return self.word_starts[at], self.word_ends[at]


def started(bounds: Bounds, offset: int) -> Passage | None:
    """A passage of the one word at (or after) `offset`; None for a text without words."""
    word = bounds.word_at(offset)
    return None if word is None else Passage(*word)


def spanning(bounds: Bounds, first: int, last: int) -> Passage | None:
    """The passage from the word at `first` to the word at `last` (either order), its far end moving."""
    one, other = bounds.word_at(first), bounds.word_at(last)
    if one is None or other is None:
        return None
    return Passage(min(one[0], other[0]), max(one[1], other[1]), moving_end=last >= first)


def stepped(passage: Passage, bounds: Bounds, unit: Unit, step: int) -> Passage:
    """The passage with its moving end moved one `unit` forward (`step` 1) or back (-1); as it was when it cannot."""
    if passage.moving_end:
        ends = bounds.word_ends if unit == "word" else bounds.sentence_ends
        end = _next(ends, passage.end) if step > 0 else _previous(ends, passage.end)
        if end is None or end <= passage.start:
            return passage
        return replace(passage, end=end)
    starts = bounds.word_starts if unit == "word" else bounds.sentence_starts
    start = _next(starts, passage.start) if step > 0 else _previous(starts, passage.start)
    if start is None or start >= passage.end:
        return passage
    return replace(passage, start=start)


def other_end(passage: Passage) -> Passage:
    """The same passage, its other end moving."""
    return replace(passage, moving_end=not passage.moving_end)


def _next(positions: list[int], after: int) -> int | None:
    at = bisect_right(positions, after)
    return positions[at] if at < len(positions) else None


def _previous(positions: list[int], before: int) -> int | None:
    at = bisect_left(positions, before) - 1
    return positions[at] if at >= 0 else None

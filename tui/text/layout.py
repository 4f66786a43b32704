"""Logical text -> the visual lines a terminal draws: wrap, reorder, align, cut.

Per paragraph (the text is split on ``\\n`` first):

1. clean (:func:`tui.text.gate.clean_indexed`), keeping each character's input index
   (and the bidi marks LRM, RLM and ALM, which steer step 6 and are never drawn);
2. shape (:mod:`tui.text.shaping`, app mode only);
3. group glyphs into clusters (a glyph and the zero-width marks after it);
4. wrap in logical order at spaces by cell width, hard-breaking longer words;
   spaces at a wrap point are dropped;
5. cut to ``max_lines``, the last kept line ending with "…" at its logical end;
6. resolve bidi levels once per paragraph (:mod:`tui.text.levels`), then per
   line: rule L1, visual order (L2, clusters stay whole so marks stay after
   their base), mirroring in odd levels (L4);
7. map highlight spans (logical indices of the input) onto the visual string:
   a cell is lit when the glyph it draws shows a highlighted character; the
   zero-width marks drawn on it (harakat in terminal mode, combining accents)
   follow their base and never light it by themselves, so terminal mode lights
   the cells app mode lights (where shaping deleted the harakat).

In ``BidiMode.TERMINAL`` steps 2 and 6 are skipped: lines stay logical.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from rich.cells import cell_len, get_character_cell_size
from rich.text import Span, Text

from tui.text.gate import BIDI_MARKS, clean_indexed

from .direction import BidiMode, Direction, base_level, paragraph_direction
from .levels import resolve_levels, visual_order
from .mirror import mirror
from .shaping import is_dropped_mark, shape, unshaped

if TYPE_CHECKING:
    from functools import _CacheInfo

    from rich.style import Style

__all__ = [
    "ELLIPSIS",
    "VisualLine",
    "clear_layout_cache",
    "layout",
    "layout_cache_info",
    "single_line",
]

ELLIPSIS = "\u2026"
CACHE_SIZE = 8192
#: a layout of at most N lines reads at most this many characters per cell of
#: them (marks and invisible characters take none), and shows "…" if there are more
CHARS_PER_CELL = 8
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")

Highlights = tuple[tuple[int, int], ...]

#: the bidi marks, which layout resolves levels with and never draws
_UNDRAWN = str.maketrans("", "", BIDI_MARKS)


def _has_mark(text: str) -> bool:
    return any(mark in text for mark in BIDI_MARKS)


@dataclass(frozen=True)
class VisualLine:
    """One line ready to draw.

    ``text`` is in visual order (left to right as drawn), without padding;
    ``spans`` are ``(start, end, style)`` over indices of ``text``;
    ``source`` is the ``(start, end)`` range of the logical input the line
    draws (what a caller needs to find the line that shows a given character).
    """

    text: str
    direction: Direction
    cells: int
    spans: tuple[tuple[int, int, str], ...] = ()
    source: tuple[int, int] = (0, 0)

    def to_text(self, width: int, style: str | Style = "") -> Text:
        """A Rich ``Text`` exactly ``width`` cells wide (never parsed as markup).

        Right-aligned when the paragraph is right-to-left, left-aligned
        otherwise.  A line wider than ``width`` loses cells at its end side
        (the left for rtl), so its logical start stays visible.
        """
        text = Text(
            self.text,
            style=style,
            end="",
            no_wrap=True,
            overflow="crop",
            spans=[Span(start, end, span_style) for start, end, span_style in self.spans],
        )
        width = max(width, 0)
        excess = self.cells - width
        if excess > 0:
            if self.direction == "rtl":
                dropped = chars = 0
                while dropped < excess:
                    dropped += get_character_cell_size(self.text[chars])
                    chars += 1
                text = text[chars:]
                text.pad_left(dropped - excess)
            else:
                text.truncate(width, overflow="crop", pad=True)
        elif self.direction == "rtl":
            text.pad_left(-excess)
        else:
            text.pad_right(-excess)
        return text


class _Cluster(NamedTuple):
    """A glyph plus the zero-width marks drawn on it."""

    text: str
    start: int  # glyph index in the paragraph
    end: int
    cells: int
    space: bool  # a break opportunity


class _Paragraph(NamedTuple):
    glyphs: str  # logical order; shaped in app mode
    sources: tuple[tuple[int, ...], ...]  # per glyph: the input indices of what it draws
    direction: Direction
    clusters: tuple[_Cluster, ...]
    start: int  # input index where the paragraph starts


def _clusters(glyphs: str, width: int) -> tuple[_Cluster, ...]:
    clusters: list[_Cluster] = []
    count = len(glyphs)
    start = 0
    while start < count:
        end = start + 1
        while end < count and get_character_cell_size(glyphs[end]) == 0:
            end += 1
        text = glyphs[start:end]
        cells = cell_len(text) if end - start > 1 else get_character_cell_size(text)
        if cells > width:
            # a wide character in a narrower box: show that something is there
            text, cells = ELLIPSIS, 1
        base = glyphs[start]
        space = unicodedata.category(base) == "Zs" and base not in _NO_BREAK_SPACES
        clusters.append(_Cluster(text, start, end, cells, space))
        start = end
    return tuple(clusters)


def _drawn(
    chunk: str, chunk_index: tuple[int, ...], ranges: tuple[tuple[int, int], ...], mode: BidiMode
) -> tuple[tuple[int, ...], ...]:
    """Per glyph, the input indices of the characters it draws.

    Not its whole input range: what cleaning removed (a zero-width space) has no
    index, and the vowel marks between a ligature's letters are deleted by shaping
    (app mode), so neither can light a glyph when a highlight covers only them.
    """
    if mode is BidiMode.TERMINAL:
        return tuple((chunk_index[start],) for start, _end in ranges)
    return tuple(
        (chunk_index[start],)
        if end - start == 1
        else tuple(chunk_index[at] for at in range(start, end) if not is_dropped_mark(chunk[at]))
        for start, end in ranges
    )


def _paragraphs(text: str, width: int, direction: str, mode: BidiMode) -> list[_Paragraph]:
    cleaned, index = clean_indexed(text, keep_marks=True)
    paragraphs: list[_Paragraph] = []
    position = 0
    for chunk in cleaned.split("\n"):
        chunk_index = index[position : position + len(chunk)]
        start = index[position] if position < len(index) else len(text)
        position += len(chunk) + 1
        glyphs, ranges = shape(chunk) if mode is BidiMode.APP else unshaped(chunk)
        sources = _drawn(chunk, chunk_index, ranges, mode)
        resolved: Direction = paragraph_direction(chunk) if direction == "auto" else direction  # type: ignore[assignment]
        paragraphs.append(_Paragraph(glyphs, sources, resolved, _clusters(glyphs, width), start))
    return paragraphs


def _wrap(clusters: tuple[_Cluster, ...], width: int) -> list[tuple[int, int]]:
    """Greedy word wrap; returns ``(first, end)`` cluster ranges, logical order."""
    lines: list[tuple[int, int]] = []
    count = len(clusters)
    line_start = line_end = used = 0
    empty = True
    at = 0
    while at < count:
        word_start = at
        while word_start < count and clusters[word_start].space:
            word_start += 1
        word_end = word_start
        while word_end < count and not clusters[word_end].space:
            word_end += 1
        gap = sum(cluster.cells for cluster in clusters[at:word_start])
        word = sum(cluster.cells for cluster in clusters[word_start:word_end])
        if word_start == word_end:  # only spaces are left
            if not empty and used + gap <= width:
                line_end = word_start
            elif empty and not lines:
                line_start, line_end = at, (word_start if gap <= width else at)
            break
        if empty:
            if lines or gap + word > width:  # spaces at a wrap point go
                at, gap = word_start, 0
            line_start, used = at, 0
        if used + gap + word <= width:
            line_end, used, empty = word_end, used + gap + word, False
        elif not empty and word <= width:
            lines.append((line_start, line_end))
            line_start, line_end, used = word_start, word_end, word
        else:  # a word longer than the line: hard break
            if not empty:
                lines.append((line_start, line_end))
            line_start, used = word_start, 0
            for position in range(word_start, word_end):
                cells = clusters[position].cells
                if used + cells > width:
                    lines.append((line_start, position))
                    line_start, used = position, 0
                used += cells
            line_end, empty = word_end, False
        at = word_end
    if not empty or not lines:
        lines.append((line_start, line_end))
    return lines


def _cut_for_ellipsis(clusters: tuple[_Cluster, ...], first: int, end: int, width: int) -> int:
    """End of what a line keeps so that "…" still fits after it.

    Trailing spaces go; then whole words go from the logical end, and only a
    single word too long for the line is cut inside.
    """
    budget = width - 1

    def strip(stop: int) -> int:
        while stop > first and clusters[stop - 1].space:
            stop -= 1
        return stop

    end = strip(end)
    if sum(cluster.cells for cluster in clusters[first:end]) <= budget:
        return end
    for position in range(end - 1, first, -1):
        if clusters[position].space:
            stop = strip(position)
            if stop > first and sum(cluster.cells for cluster in clusters[first:stop]) <= budget:
                return stop
    used = 0
    for position in range(first, end):
        used += clusters[position].cells
        if used > budget:
            return position
    return end


def _marks(paragraph: _Paragraph, highlights: Highlights) -> list[bool]:
    """Per glyph: does it draw any highlighted input character?"""
    return [any(start <= index < end for start, end in highlights for index in drawn) for drawn in paragraph.sources]


def _render(
    paragraph: _Paragraph,
    first: int,
    end: int,
    ellipsis: bool,
    glyph_levels: list[int] | None,
    marks: list[bool] | None,
    style: str,
) -> VisualLine:
    """Draw clusters ``first:end`` of a paragraph, plus "…" when ``ellipsis``.

    ``glyph_levels`` (app mode) are the paragraph's resolved levels; the
    ellipsis line resolves its own, since its text differs from the paragraph.
    """
    clusters = paragraph.clusters[first:end]
    texts = [cluster.text.translate(_UNDRAWN) if _has_mark(cluster.text) else cluster.text for cluster in clusters]
    lit = [marks is not None and marks[cluster.start] for cluster in clusters]  # by the base glyph
    order = list(range(len(texts)))
    if ellipsis:
        texts.append(ELLIPSIS)
        lit.append(False)
        order.append(len(order))
    if glyph_levels is not None:
        level = base_level(paragraph.direction)
        if ellipsis:
            stop = clusters[-1].end if clusters else 0
            glyph_levels = resolve_levels(paragraph.glyphs[:stop] + ELLIPSIS, level)
        levels = [glyph_levels[cluster.start] for cluster in clusters]
        if ellipsis:
            levels.append(glyph_levels[-1])
        trailing = len(levels)
        while trailing and texts[trailing - 1] and unicodedata.bidirectional(texts[trailing - 1][0]) == "WS":  # L1
            trailing -= 1
            levels[trailing] = level
        order = visual_order(levels)
        texts = [mirror(part) if levels[at] % 2 else part for at, part in enumerate(texts)]
    pieces: list[str] = []
    spans: list[tuple[int, int, str]] = []
    offset = 0
    for at in order:
        part = texts[at]
        if lit[at] and part:  # (a matched mark that is not drawn, such as U+200E, lights no cell)
            if spans and spans[-1][1] == offset:
                spans[-1] = (spans[-1][0], offset + len(part), style)
            else:
                spans.append((offset, offset + len(part), style))
        pieces.append(part)
        offset += len(part)
    visual = "".join(pieces)
    if clusters:
        source = (paragraph.sources[clusters[0].start][0], paragraph.sources[clusters[-1].end - 1][-1] + 1)
    else:
        source = (paragraph.start, paragraph.start)
    return VisualLine(visual, paragraph.direction, cell_len(visual), tuple(spans), source)


@lru_cache(maxsize=CACHE_SIZE)
def _layout(
    text: str,
    width: int,
    direction: str,
    mode: BidiMode,
    max_lines: int | None,
    highlights: Highlights,
    highlight_style: str,
) -> tuple[VisualLine, ...]:
    if width < 1 or (max_lines is not None and max_lines < 1):
        return ()
    # A few lines of a huge text (a list row of a 1 MB name) need only its start:
    # laying out the rest would cost its whole length at every width.
    truncated = max_lines is not None and len(text) > (budget := (max_lines * width + 1) * CHARS_PER_CELL)
    if truncated:
        text = text[:budget]
    paragraphs = _paragraphs(text, width, direction, mode)
    planned: list[tuple[int, int, int]] = []  # (paragraph, first, end)
    cut = False
    for number, paragraph in enumerate(paragraphs):
        for first, end in _wrap(paragraph.clusters, width):
            if max_lines is not None and len(planned) == max_lines:
                cut = True
                break
            planned.append((number, first, end))
        if cut:
            break
    cut = cut or truncated
    lines: list[VisualLine] = []
    levels: dict[int, list[int]] = {}
    marks: dict[int, list[bool]] = {}
    for row, (number, first, end) in enumerate(planned):
        paragraph = paragraphs[number]
        last = cut and row == len(planned) - 1
        if last:
            end = _cut_for_ellipsis(paragraph.clusters, first, end, width)
        glyph_levels = None
        if mode is BidiMode.APP:
            if number not in levels:
                levels[number] = resolve_levels(paragraph.glyphs, base_level(paragraph.direction))
            glyph_levels = levels[number]
        if highlights and number not in marks:
            marks[number] = _marks(paragraph, highlights)
        lines.append(_render(paragraph, first, end, last, glyph_levels, marks.get(number), highlight_style))
    return tuple(lines)


def layout(
    text: str,
    width: int,
    *,
    direction: Literal["auto", "rtl", "ltr"] = "auto",
    mode: BidiMode = BidiMode.APP,
    max_lines: int | None = None,
    highlights: Highlights = (),
    highlight_style: str = "reverse",
) -> tuple[VisualLine, ...]:
    """Turn logical ``text`` into visual lines at most ``width`` cells wide.

    ``direction="auto"`` takes each paragraph's direction from its first
    strong character.  ``highlights`` are ``(start, end)`` spans over indices
    of ``text``; the glyphs drawing those characters get ``highlight_style``.
    Results are cached; a width below 1 or ``max_lines`` below 1 gives ``()``.
    """
    return _layout(
        text,
        width,
        direction,
        BidiMode(mode),
        max_lines,
        tuple((int(start), int(end)) for start, end in highlights),
        highlight_style,
    )


def single_line(
    text: str,
    width: int,
    *,
    direction: Literal["auto", "rtl", "ltr"] = "auto",
    mode: BidiMode = BidiMode.APP,
    highlights: Highlights = (),
    highlight_style: str = "reverse",
) -> VisualLine:
    """The first line of ``layout(text, width, max_lines=1, ...)``.

    Text that needs more lines ends with "…" at its logical end.  Empty text
    (or a width below 1) gives an empty line.
    """
    lines = layout(
        text,
        width,
        direction=direction,
        mode=mode,
        max_lines=1,
        highlights=highlights,
        highlight_style=highlight_style,
    )
    if lines:
        return lines[0]
    return VisualLine("", paragraph_direction(text) if direction == "auto" else direction, 0)


def layout_cache_info() -> _CacheInfo:
    """``functools`` cache statistics of :func:`layout` (hits, misses, size)."""
    return _layout.cache_info()


def clear_layout_cache() -> None:
    """Forget every cached layout (benchmarks measure uncached cost with it)."""
    _layout.cache_clear()

"""Property tests of the text pipeline over arbitrary mixed text and widths."""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter

from bidi import get_display
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, get_character_cell_size

from tui.text.direction import BidiMode, paragraph_direction
from tui.text.gate import clean_for_display
from tui.text.layout import ELLIPSIS, VisualLine, layout
from tui.text.levels import resolve_levels
from tui.text.mirror import MIRRORED
from tui.text.shaping import DOTTED_CIRCLE, LETTER_MARKS, is_dropped_mark, shape

# MARSAD_TEXT_EXAMPLES=5000 for a long soak run
SETTINGS = settings(deadline=None, max_examples=int(os.environ.get("MARSAD_TEXT_EXAMPLES", "200")))

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءآأإؤئـ"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0653\u0654\u0655\u065f"
COMPOSING = set("\u0653\u0654\u0655")
LATIN = "abcdefXYZ"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩"
PUNCTUATION = ".,:;!?-+%/#'\"“”"
BRACKETS = "()[]{}<>«»‹›\u2e55\u2e56\u2e59\u2e5a"
SPACES = "    \u00a0"
CONTROLS = "\n\t\r\x00\x1b\x7f\x9b\x9d\u202a\u202e\u2066\u2069\u200e\u200f\u061c\u200b\u200c\u200d\ufeff\u2028"
ALPHABET = ARABIC * 3 + HARAKAT + LATIN * 2 + DIGITS + PUNCTUATION + BRACKETS + SPACES * 3 + CONTROLS

#: lam-alef pairs become one glyph: drawn often enough to meet every edge (line ends, spans)
LAM_ALEF = ("لا", "لأ", "لإ", "لآ")


texts = st.lists(st.sampled_from(ALPHABET) | st.sampled_from(LAM_ALEF), max_size=140).map("".join)
line_texts = st.text(alphabet=ARABIC * 3 + LATIN * 2 + DIGITS + PUNCTUATION + BRACKETS + " " * 6, max_size=80)
widths = st.integers(min_value=1, max_value=120)
directions = st.sampled_from(["auto", "rtl", "ltr"])
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
DROPPED = set("\u200b\u200c\u200d\ufeff\u200e\u200f\u061c")


class ExampleData:
    """Stands for `st.data()` in an `@example`: `draw` returns the given values in turn."""

    def __init__(self, values: tuple[int, ...]) -> None:
        self.values = list(values)

    def draw(self, _strategy: object) -> int:
        return self.values.pop(0)


def canon(char: str) -> str:
    """One representative per mirror pair: mirroring is invisible to it."""
    return min(char, MIRRORED.get(char, char))


def folded(text: str) -> list[str]:
    """Drawn glyphs back to logical letters, mirror- and whitespace-blind."""
    return [canon(char) for char in unicodedata.normalize("NFKC", text) if not char.isspace()]


def is_mark(char: str) -> bool:
    """Any Arabic combining mark, dropped by shaping or not."""
    return is_dropped_mark(char) or char in LETTER_MARKS


def expected_chars(text: str, mode: BidiMode = BidiMode.APP) -> list[str]:
    """The logical characters a layout must draw, in reading order.

    App mode composes letters written with a mark (NFC), drops the marks that are
    not letters, and draws a letter mark with no letter before it on a dotted circle.
    """
    cleaned = clean_for_display(text)
    if mode is BidiMode.TERMINAL:
        return folded("".join(char for char in cleaned if char not in DROPPED))
    kept: list[str] = []
    for char in unicodedata.normalize("NFC", cleaned):
        if char in DROPPED or is_dropped_mark(char):
            continue
        if char in LETTER_MARKS and (not kept or kept[-1].isspace()):
            kept.append(DOTTED_CIRCLE)
        kept.append(char)
    return folded("".join(kept))


def rust_levels(text: str, base_dir: str) -> list[int]:
    """Levels python-bidi's Rust implementation resolves (per char)."""
    debug = get_display(text, base_dir=base_dir, debug=True)
    section = debug[debug.index("levels: [") : debug.index("paragraphs:")]
    per_byte = [int(level) for level in re.findall(r"Level\(\s*(\d+),\s*\)", section)]
    levels, offset = [], 0
    for char in text:
        levels.append(per_byte[offset])
        offset += len(char.encode())
    return levels


@SETTINGS
@given(text=texts, width=widths, direction=directions, mode=st.sampled_from(list(BidiMode)))
def test_lines_fit_and_are_safe(text: str, width: int, direction: str, mode: BidiMode) -> None:
    for line in layout(text, width, direction=direction, mode=mode):  # type: ignore[arg-type]
        assert line.cells == cell_len(line.text) <= width
        for char in line.text:
            assert unicodedata.category(char) not in ("Cc", "Cs")
            assert char not in BIDI_CONTROLS
        assert line.to_text(width).cell_len == width


@SETTINGS
@given(text=texts, width=widths, direction=directions)
@example(text="\u200d\u0644\u0622", width=1, direction="auto")  # arabic_reshaper's IndexError after a ZWJ
@example(text="\u0622\u0655", width=1, direction="auto")  # NFC recomposes آ under a hamza below as إ
@example(text="\u0627\u0653\u0655", width=1, direction="auto")
def test_nothing_lost_or_added_and_reading_order(text: str, width: int, direction: str) -> None:
    lines = layout(text, width, direction=direction)  # type: ignore[arg-type]
    expected = expected_chars(text)
    drawn = [folded(line.text) for line in lines]
    assert Counter(char for chars in drawn for char in chars) == Counter(expected)
    # line k draws exactly the k-th stretch of the logical text
    position = 0
    for chars in drawn:
        assert Counter(chars) == Counter(expected[position : position + len(chars)])
        position += len(chars)


@SETTINGS
@given(text=texts, width=widths, direction=directions, mode=st.sampled_from(list(BidiMode)))
@example(text="بلا", width=10, direction="auto", mode=BidiMode.APP)  # a line that ends in a ligature
@example(text="ا\u0653", width=1, direction="auto", mode=BidiMode.APP)  # found by Hypothesis: a madda drawn composed
def test_each_line_names_the_input_it_draws(text: str, width: int, direction: str, mode: BidiMode) -> None:
    """`VisualLine.source` is the input range of exactly what the line draws, in order."""
    previous_end = 0
    for line in layout(text, width, direction=direction, mode=mode):  # type: ignore[arg-type]
        start, end = line.source
        assert previous_end <= start <= end <= len(text)
        previous_end = end
        # (letters by their base: a mark the text wrote apart may be drawn composed, آ for ا + ٓ)
        drawn = [unicodedata.normalize("NFD", char)[0] for char in folded(line.text) if not is_mark(char)]
        assert Counter(drawn) == Counter(
            unicodedata.normalize("NFD", char)[0] for char in expected_chars(text[start:end], mode) if not is_mark(char)
        )


@SETTINGS
@given(text=texts, width=widths)
def test_terminal_mode_is_logical(text: str, width: int) -> None:
    lines = layout(text, width, mode=BidiMode.TERMINAL)
    drawn = [char for line in lines for char in folded(line.text) if not is_mark(char)]
    assert drawn == [char for char in expected_chars(text, BidiMode.TERMINAL) if not is_mark(char)]


@SETTINGS
@given(text=line_texts, base=st.sampled_from(["L", "R"]))
def test_levels_match_python_bidi(text: str, base: str) -> None:
    glyphs, _ = shape(text)
    assert resolve_levels(glyphs, 1 if base == "R" else 0) == rust_levels(glyphs, base)


@SETTINGS
@given(text=line_texts, direction=directions)
def test_single_line_order_matches_python_bidi(text: str, direction: str) -> None:
    lines = layout(text, 200, direction=direction)  # type: ignore[arg-type]
    (line,) = lines
    resolved = paragraph_direction(text) if direction == "auto" else direction
    glyphs, _ = shape(text)
    reference = get_display(glyphs, base_dir="R" if resolved == "rtl" else "L")
    assert [canon(char) for char in line.text] == [canon(char) for char in reference]


def uax9_line(glyphs: str, levels: list[int], base: int) -> str:
    """One line drawn by the book from resolved levels: L1 (trailing whitespace to the
    paragraph level), L2 (reverse every run at or above each odd-or-higher level, from
    the highest down) and L4 (a mirrored character at an odd level shows its mate)."""
    levels = list(levels)
    at = len(glyphs)
    while at and unicodedata.bidirectional(glyphs[at - 1]) == "WS":
        at -= 1
        levels[at] = base
    pairs = list(zip(glyphs, levels))
    odd = [level for level in levels if level % 2]
    for level in range(max(levels, default=0), (min(odd) if odd else max(levels, default=0) + 1) - 1, -1):
        start = 0
        while start < len(pairs):
            if pairs[start][1] < level:
                start += 1
                continue
            end = start
            while end < len(pairs) and pairs[end][1] >= level:
                end += 1
            pairs[start:end] = pairs[start:end][::-1]
            start = end
    return "".join(MIRRORED.get(glyph, glyph) if level % 2 else glyph for glyph, level in pairs)


@SETTINGS
@given(text=line_texts, direction=directions)
def test_single_line_is_drawn_by_the_book(text: str, direction: str) -> None:
    """Order and mirroring, glyph for glyph: python-bidi's levels, then L1, L2 and L4."""
    (line,) = layout(text, 200, direction=direction)  # type: ignore[arg-type]
    resolved = paragraph_direction(text) if direction == "auto" else direction
    glyphs, _ = shape(text)
    base = "R" if resolved == "rtl" else "L"
    assert line.text == uax9_line(glyphs, rust_levels(glyphs, base), 1 if base == "R" else 0)


def lit_glyphs(lines: tuple[VisualLine, ...]) -> list[list[str]]:
    """Every highlighted glyph (a base character with the marks drawn on it), folded."""
    lit = []
    for line in lines:
        previous = 0
        for left, right, style in line.spans:
            assert style == "X" and previous <= left < right <= len(line.text)
            previous = right
            for position in range(left, right):
                if get_character_cell_size(line.text[position]) or position == left:
                    lit.append(folded(line.text[position]))
                else:  # a zero-width mark: part of the glyph before it
                    lit[-1].extend(folded(line.text[position]))
    return lit


@st.composite
def spans_of_texts(draw: st.DrawFn) -> tuple[str, int, int]:
    """A text and a span of it: (text, start, end)."""
    text = draw(texts)
    start = draw(st.integers(0, len(text)))
    return text, start, draw(st.integers(start, len(text)))


@SETTINGS
@given(case=spans_of_texts(), width=widths, direction=directions, mode=st.sampled_from(list(BidiMode)))
# found by Hypothesis: a haraka after a zero-width space lit the cell of the letter before them
@example(case=("0000\u200b\u064b", 4, 6), width=1, direction="auto", mode=BidiMode.TERMINAL)
@example(case=("0000\u200b\u064b", 5, 6), width=1, direction="auto", mode=BidiMode.TERMINAL)
# found by Hypothesis: an empty span inside a lam-alef ligature lit it
@example(case=("لآ", 1, 1), width=1, direction="auto", mode=BidiMode.APP)
# found by Hypothesis: a madda just outside the span composes into the alef it matched,
# and a terminal shows the madda a text wrote apart on the alef
@example(case=("بلا\u0653", 0, 4), width=1, direction="auto", mode=BidiMode.TERMINAL)
# found by Hypothesis: a hamza matched alone lights the lam-alef it composes into
@example(case=("الالالالا\u0654", 9, 10), width=1, direction="auto", mode=BidiMode.APP)
@example(case=("الالا\u0653", 0, 5), width=1, direction="auto", mode=BidiMode.APP)
# found by Hypothesis: a haraka between a ligature's letters lit it
@example(case=("لٰآ", 1, 2), width=1, direction="auto", mode=BidiMode.APP)
# found by Hypothesis: a matched mark that is not drawn (U+200E) left an empty highlight
@example(case=("\u200e", 0, 1), width=1, direction="auto", mode=BidiMode.APP)
def test_highlights_map_to_the_matched_glyphs(
    case: tuple[str, int, int], width: int, direction: str, mode: BidiMode
) -> None:
    text, start, end = case
    lines = layout(text, width, direction=direction, mode=mode, highlights=((start, end),), highlight_style="X")  # type: ignore[arg-type]

    # A cell is lit by what it draws: a letter (or a lam-alef ligature's letters), in
    # app mode also a letter mark kept on it (hamza, dagger alef: part of the letter).
    # Vowel marks never light a cell on their own (app mode deletes them; in terminal
    # mode the terminal draws every mark on the cell its base lights).
    def counts(char: str) -> bool:
        return not (is_mark(char) if mode is BidiMode.TERMINAL else is_dropped_mark(char))

    # Letters and marks are compared decomposed: a mark just outside the span still
    # composes into the letter it matched (آ for ا), a terminal composes what the text
    # leaves apart, and a letter mark matched alone lights the letter it is part of.
    def parts(char: str) -> list[str]:
        return [part for part in unicodedata.normalize("NFD", char) if counts(part) and part != DOTTED_CIRCLE]

    span_parts = Counter(part for char in expected_chars(text[start:end], mode) for part in parts(char))
    cells = [
        cell for glyph in lit_glyphs(lines) if (cell := [part for char in glyph for part in parts(char)])
    ]  # (spaces fold to nothing)
    # every lit cell draws something that was matched...
    for cell in cells:
        assert any(span_parts[part] for part in cell), (cell, span_parts)
        assert len([part for part in cell if not is_mark(part)]) <= 2, cell  # a letter, or a lam-alef
    # ...and every matched letter is drawn by a lit cell
    letters = Counter({part: n for part, n in span_parts.items() if not is_mark(part)})
    drawn = Counter(part for cell in cells for part in cell)
    assert not letters - drawn, (letters, cells)


def carrier_letters(text: str, first: int, end: int) -> set[str]:
    """The letters that the letter marks and composing marks of `text[first:end]` are drawn on."""
    carriers: set[str] = set()
    for at in range(first, end):
        if text[at] in COMPOSING | LETTER_MARKS:
            before = at - 1
            while before >= 0 and (
                is_mark(text[before]) or text[before] in DROPPED or not clean_for_display(text[before])
            ):
                before -= 1
            if before >= 0:
                carriers.update(decomposed(clean_for_display(text[before])))
    return carriers


def decomposed(text: str) -> list[str]:
    """Like `folded`, with composed letters split into letter and mark, and no dotted circle."""
    return [canon(char) for char in unicodedata.normalize("NFKD", text) if not char.isspace() and char != DOTTED_CIRCLE]


@SETTINGS
@given(text=texts, width=widths, max_lines=st.integers(1, 5), direction=directions)
def test_max_lines_cuts_at_the_logical_end(text: str, width: int, max_lines: int, direction: str) -> None:
    full = layout(text, width, direction=direction)  # type: ignore[arg-type]
    cut = layout(text, width, direction=direction, max_lines=max_lines)  # type: ignore[arg-type]
    assert len(cut) == min(len(full), max_lines)
    for line in cut:
        assert line.cells <= width
    if len(full) <= max_lines:
        assert cut == full
        return
    assert cut[:-1] == full[: max_lines - 1]
    last = cut[-1]
    assert last.text.count(ELLIPSIS) == 1 + full[max_lines - 1].text.count(ELLIPSIS)
    # what the last line keeps is a prefix (in reading order) of the full line
    # (the texts have no "…" of their own: the one removed is the cut's)
    kept = folded(last.text.replace(ELLIPSIS, "", 1))
    whole = folded(full[max_lines - 1].text)
    earlier = sum(len(folded(line.text)) for line in full[: max_lines - 1])
    logical = expected_chars(text)[earlier : earlier + len(whole)]
    assert Counter(kept) == Counter(logical[: len(kept)])

"""Property tests of the text pipeline over arbitrary mixed text and widths."""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter

from bidi import get_display
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.text import ELLIPSIS, BidiMode, clean_for_display, layout, paragraph_direction
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

texts = st.text(alphabet=ALPHABET, max_size=160)
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


@SETTINGS
@given(text=line_texts, direction=directions)
def test_mirroring_follows_levels(text: str, direction: str) -> None:
    (line,) = layout(text, 200, direction=direction)  # type: ignore[arg-type]
    resolved = paragraph_direction(text) if direction == "auto" else direction
    glyphs, _ = shape(text)
    base = "R" if resolved == "rtl" else "L"
    levels = rust_levels(glyphs, base)
    # a mirrored character shows mirrored exactly as often as it sits at an odd level
    for char in set(glyphs) & set(MIRRORED):
        odd = sum(1 for glyph, level in zip(glyphs, levels) if glyph == char and level % 2)
        even = glyphs.count(char) - odd
        shown = line.text.count(char)
        mate = MIRRORED[char]
        if mate not in glyphs:
            assert shown == even and line.text.count(mate) == odd


@SETTINGS
@given(data=st.data(), text=texts, width=widths, direction=directions, mode=st.sampled_from(list(BidiMode)))
@example(data=ExampleData((4, 6)), text="0000\u200b\u064b", width=1, direction="auto", mode=BidiMode.TERMINAL)
@example(data=ExampleData((1, 2)), text="0\u061c", width=1, direction="auto", mode=BidiMode.TERMINAL)
@example(data=ExampleData((1, 2)), text="\u202a\u0654", width=1, direction="auto", mode=BidiMode.APP)
@example(data=ExampleData((1, 3)), text="0\ufeff\u0654", width=1, direction="auto", mode=BidiMode.APP)
def test_highlights_map_to_the_matched_glyphs(
    data: st.DataObject, text: str, width: int, direction: str, mode: BidiMode
) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    lines = layout(text, width, direction=direction, mode=mode, highlights=((start, end),), highlight_style="X")  # type: ignore[arg-type]
    lit: list[str] = []
    for line in lines:
        previous = 0
        for left, right, style in line.spans:
            assert style == "X" and previous <= left < right <= len(line.text)
            previous = right
            lit.extend(decomposed(line.text[left:right]))
    first = start
    shown_first = next((at for at in range(start, end) if clean_for_display(text[at])), end)
    if mode is BidiMode.TERMINAL and shown_first < end and is_mark(text[shown_first]):
        # terminal mode lights whole cells: a matched haraka lights its letter,
        # across what display removes between them (ZWSP...)
        while first > 0 and (is_mark(text[first]) or not clean_for_display(text[first])):
            first -= 1
    matched = Counter(decomposed("".join(expected_chars(text[first:end], mode))))
    shown = Counter(char for char in lit if not (mode is BidiMode.TERMINAL and is_mark(char)))
    matched = Counter({char: n for char, n in matched.items() if not (mode is BidiMode.TERMINAL and is_mark(char))})
    # every matched character is lit; extra lit letters only come from whole
    # glyphs or cells of which part matched: lam-alef ligatures, a letter composed
    # with a matched mark, a letter whose cell holds a matched mark, a letter mark
    # in the cell of a matched letter
    assert not matched - shown
    carriers = carrier_letters(text, first, end)
    assert set(shown - matched) <= set(decomposed("لاأإآ")) | COMPOSING | LETTER_MARKS | carriers
    if "ل" not in text and COMPOSING.isdisjoint(text) and LETTER_MARKS.isdisjoint(text):
        assert shown == matched


def carrier_letters(text: str, first: int, end: int) -> set[str]:
    """The letters that the letter marks and composing marks of `text[first:end]` are drawn on."""
    carriers: set[str] = set()
    for at in range(first, end):
        if text[at] in COMPOSING | LETTER_MARKS:
            before = at - 1
            while before >= 0 and (is_mark(text[before]) or text[before] in DROPPED or not clean_for_display(text[before])):
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
    kept = folded(last.text.replace(ELLIPSIS, "", 1)) if ELLIPSIS not in text else None
    if kept is not None:
        whole = folded(full[max_lines - 1].text)
        earlier = sum(len(folded(line.text)) for line in full[: max_lines - 1])
        logical = expected_chars(text)[earlier : earlier + len(whole)]
        assert Counter(kept) == Counter(logical[: len(kept)])

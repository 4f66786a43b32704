"""Real Persian, Urdu and Arabic through the text pipeline, every line read back.

The Universal Declaration of Human Rights in three languages (tests/fixtures/udhr)
is laid out at several widths in app mode; each visual line is read back
(presentation forms folded to letters, right-to-left words reversed cluster by
cluster) and compared with the logical text: no letter lost, added or changed, every
word in reading order, every line as wide as its cells say and no wider than the box.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from rich.cells import cell_len, get_character_cell_size

from tui.text.direction import BidiMode
from tui.text.gate import DISPLAY_UNSAFE, JOIN_CONTROLS, clean_for_display
from tui.text.layout import layout
from tui.text.mirror import MIRRORED
from tui.text.shaping import DOTTED_CIRCLE, is_dropped_mark, shape

FIXTURES = Path(__file__).parent / "fixtures" / "udhr"
LANGUAGES = ("pes_1", "urd", "arb")
WIDTHS = (13, 37, 80)
WORD_CHECK_WIDTH = 37


def paragraphs(language: str) -> list[str]:
    return (FIXTURES / f"udhr_{language}.txt").read_text(encoding="utf-8").splitlines()


def letters(text: str) -> list[str]:
    """What a reader sees: letters and signs, presentation forms folded, mirror pairs as one."""
    return [min(char, MIRRORED.get(char, char)) for char in unicodedata.normalize("NFKC", text) if not char.isspace()]


def expected_letters(text: str) -> list[str]:
    """The logical text as the pipeline must draw it: composed, vowel signs dropped, invisibles removed."""
    kept = [
        char
        for char in unicodedata.normalize("NFC", clean_for_display(text))
        if not is_dropped_mark(char) and char not in JOIN_CONTROLS
    ]
    return letters("".join(kept))


def reading_order(visual: str) -> str:
    """A right-to-left run read back: its clusters (a glyph and its marks) in reverse."""
    clusters: list[str] = []
    for char in visual:
        if clusters and get_character_cell_size(char) == 0:
            clusters[-1] += char
        else:
            clusters.append(char)
    return "".join(reversed(clusters))


def is_right_to_left_word(word: str) -> bool:
    return all(unicodedata.bidirectional(char) not in ("L", "EN", "AN") for char in word)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_line_fits_and_nothing_is_lost_or_changed(language: str, width: int) -> None:
    for text in paragraphs(language):
        lines = layout(text, width, mode=BidiMode.APP)
        assert lines, text
        for line in lines:
            assert line.cells == cell_len(line.text) <= width
            assert DISPLAY_UNSAFE.search(line.text) is None
            assert all(get_character_cell_size(char) in (0, 1) for char in line.text), "presentation forms are one cell"
            assert DOTTED_CIRCLE not in line.text, "every mark of the real text has its letter"
        drawn = [char for line in lines for char in letters(line.text)]
        assert Counter(drawn) == Counter(expected_letters(text)), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_hamza_and_superscript_alef_are_all_drawn(language: str) -> None:
    for text in paragraphs(language):
        drawn = "".join(line.text for line in layout(text, WORD_CHECK_WIDTH))
        for mark in ("\u0654", "\u0655", "\u0670"):
            assert unicodedata.normalize("NFKD", drawn).count(mark) == unicodedata.normalize("NFKD", text).count(
                mark
            ), (mark, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_reads_back_in_order(language: str) -> None:
    """Each word, highlighted, is found on screen: a right-to-left word reads back letter for letter."""
    checked = 0
    for text in paragraphs(language):
        for match in re.finditer(r"\S+", text):
            word = match.group()
            if not expected_letters(word):
                continue
            lines = layout(text, WORD_CHECK_WIDTH, highlights=((match.start(), match.end()),), highlight_style="X")
            pieces = ["".join(line.text[left:right] for left, right, _style in line.spans) for line in lines]
            lit = [piece for piece in pieces if piece]
            if is_right_to_left_word(word):
                read = "".join(reading_order(piece) for piece in lit)
                assert letters(read) == expected_letters(word), (word, read)
            else:
                assert Counter(letters("".join(lit))) == Counter(expected_letters(word)), word
            checked += 1
    assert checked > 1000, "the whole text was checked"


@pytest.mark.parametrize(
    ("logical", "drawn_letters"),
    [
        ("تا\u0654مین", "تأمین"),  # Persian: hamza as a mark after alef
        ("تأمین", "تأمین"),
        ("کلیه\u0654", "کلیه\u0654"),  # on heh: no precomposed letter, the mark stays on it
        ("مسو\u0654ول", "مسؤول"),
        ("ا\u0655تخاذ", "إتخاذ"),
        ("ا\u0653ب", "آب"),
        ("لہٰذا", "لہٰذا"),  # Urdu superscript alef
        ("دی\u0654ے", "دی\u0654ے"),  # Urdu hamza on yeh
        ("مُحَمَّد", "محمد"),  # vowel signs go, no letter changes
    ],
)
def test_marks_that_are_letters_are_composed_or_kept(logical: str, drawn_letters: str) -> None:
    glyphs, ranges = shape(logical)
    assert unicodedata.normalize("NFC", unicodedata.normalize("NFKC", glyphs)) == unicodedata.normalize(
        "NFC", drawn_letters
    )
    covered = sorted(index for start, end in ranges for index in range(start, end))
    kept = [index for index, char in enumerate(logical) if not is_dropped_mark(char)]
    assert set(kept) <= set(covered), "every letter and letter mark is drawn by some glyph"

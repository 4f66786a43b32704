"""Mirrored glyphs and paired brackets: every bracket Unicode 14 knows, Unicode 14's own included."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from tui.text.layout import layout
from tui.text.levels import resolve_levels
from tui.text.mirror import CLOSING_BRACKETS, MIRRORED, OPENING_BRACKETS, mirror

UNICODE_14_BRACKETS = "\u2e55\u2e56\u2e57\u2e58\u2e59\u2e5a\u2e5b\u2e5c"


def test_python_knows_unicode_14() -> None:
    assert unicodedata.unidata_version >= "14.0.0"


def test_every_mirrored_bracket_has_its_mate() -> None:
    brackets = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.mirrored(chr(code)) and unicodedata.category(chr(code)) in ("Ps", "Pe")
    ]
    missing = [f"U+{ord(char):04X}" for char in brackets if char not in MIRRORED]
    assert not missing
    for char in brackets:
        assert MIRRORED[MIRRORED[char]] == char
        assert {unicodedata.category(char), unicodedata.category(MIRRORED[char])} == {"Ps", "Pe"}


@pytest.mark.parametrize(
    ("opening", "closing"), [("\u2e55", "\u2e56"), ("\u2e57", "\u2e58"), ("\u2e59", "\u2e5a"), ("\u2e5b", "\u2e5c")]
)
def test_unicode_14_brackets_mirror_and_pair(opening: str, closing: str) -> None:
    assert mirror(opening + closing) == closing + opening
    assert OPENING_BRACKETS[opening] == closing and closing in CLOSING_BRACKETS
    # rule N0: the pair takes the direction of what it encloses (Latin inside Arabic: left to right)
    text = f"نص {opening}ODM{closing} نص"
    assert resolve_levels(text, 1)[3] == resolve_levels(text, 1)[7] == 1
    # drawn: the brackets enclose ODM after reordering, each mirrored in the right-to-left run
    (line,) = layout(text, 40)
    assert f"{opening}ODM{closing}" in line.text


def test_right_angle_mirrors() -> None:
    assert mirror("\u221f") == "\u2bfe" and mirror("\u2bfe") == "\u221f"


def test_unicode_14_brackets_are_in_the_table() -> None:
    assert all(char in MIRRORED for char in UNICODE_14_BRACKETS)

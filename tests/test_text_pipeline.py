"""Unit tests of the text pipeline (tui.text) on the cases of arabic-text.md."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from rich.cells import cell_len
from rich.text import Text

from tui.text.direction import BidiMode, paragraph_direction
from tui.text.gate import clean_for_display
from tui.text.layout import ELLIPSIS, VisualLine, clear_layout_cache, layout, layout_cache_info, single_line

WIDTHS = (10, 20, 40, 80)
BRACKETS = "مراكز الفحص والعلاج للمغرب (ODM)"
NUMBERS = "لمدة تفوق 35 سنة"
LATIN = "وقعت مجموعة T2S المغربية و GE Healthcare الأمريكية"
LATIN_FIRST = "GE Healthcare بقوة 35 تسلا"
QUOTE = "قوله: “نشعر بسعادة غامرة”"
DESCRIPTION = (
    "تأسست الجمعية المغربية للمصحات الخاصة سنة 1987 وتضم اليوم أكثر من مائتي مصحة "
    "في مختلف جهات المملكة وتعمل على تطوير القطاع الصحي الخاص"
)

# Presentation forms (what shaping produces), written out for exact checks.
ODM_VISUAL = "(ODM) ﺏﺮﻐﻤﻠﻟ ﺝﻼﻌﻟﺍﻭ ﺺﺤﻔﻟﺍ ﺰﻛﺍﺮﻣ"
MUHAMMAD = "ﺪﻤﺤﻣ"


def visual(text: str, width: int, **kw: object) -> list[str]:
    return [line.text for line in layout(text, width, **kw)]  # type: ignore[arg-type]


def check_widths(lines: tuple[VisualLine, ...], width: int) -> None:
    for line in lines:
        assert line.cells == cell_len(line.text) <= width


# --- cleaning -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[31mb", "a\ufffd[31mb"),
        ("a\x9b31mb\x9d0;x\x07", "a\ufffd31mb\ufffd0;x\ufffd"),
        ("a\x7fb\x00c", "a\ufffdb\ufffdc"),
        ("\u202eabc\u202c", "\ufffdabc\ufffd"),
        ("\u2067نص\u2069", "\ufffdنص\ufffd"),
        ("\u200fنص\u200e\u061c", "نص"),
        ("a\tb\nc", "a b\nc"),
        ("a\r\nb\rc", "a\nb\ufffdc"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("soft\u00adhyphen\ufeff\u200b", "softhyphen"),
        ("ی\u200cی\u200dی", "ی\u200cی\u200dی"),
    ],
)
def test_clean_for_display(raw: str, clean: str) -> None:
    assert clean_for_display(raw) == clean


BIDI_EMBEDDINGS_OVERRIDES_ISOLATES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_clean_handles_every_control_and_format_character() -> None:
    """The README's promise, character by character: controls (C0, C1, DEL), lone
    surrogates and bidi embeddings, overrides and isolates show as U+FFFD; every
    other format character draws nothing and goes (but ZWNJ and ZWJ, which shaping uses)."""
    replaced = dropped = 0
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        if category not in ("Cc", "Cf", "Cs") or char in "\n\t\u200c\u200d":
            continue
        visible = category in ("Cc", "Cs") or char in BIDI_EMBEDDINGS_OVERRIDES_ISOLATES
        assert clean_for_display(char) == ("\ufffd" if visible else ""), hex(code)
        assert clean_for_display(f"a{char}b") == ("a\ufffdb" if visible else "ab"), hex(code)
        replaced += visible
        dropped += not visible
    assert replaced == 65 + 2048 + 9 - 2 and dropped > 150  # (C0, DEL and C1 but tab and LF; surrogates; bidi)


# --- direction ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("مصحة", "rtl"),
        ("Clinique", "ltr"),
        ("35 مصحة", "rtl"),
        ("(35) Clinique مصحة", "ltr"),
        ("123 456", "ltr"),
        ("", "ltr"),
        ("\u200fabc", "ltr"),
        ("עברית", "rtl"),
    ],
)
def test_paragraph_direction(text: str, direction: str) -> None:
    assert paragraph_direction(text) == direction


# --- the cases of arabic-text.md --------------------------------------------------


def test_brackets_enclose_latin_after_reordering() -> None:
    assert visual(BRACKETS, 80) == [ODM_VISUAL]
    for width in WIDTHS:
        lines = layout(BRACKETS, width)
        check_widths(lines, width)
        assert any("(ODM)" in line.text for line in lines)
        assert all(")ODM(" not in line.text for line in lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(نص)", "(ﺺﻧ)"),
        ("[المغرب]", "[ﺏﺮﻐﻤﻟﺍ]"),
        ("«الرباط» و {فاس}", "{ﺱﺎﻓ} ﻭ «ﻁﺎﺑﺮﻟﺍ»"),
        ("‹أ› < ب", "ﺏ > ‹ﺃ›"),  # "<" in an RTL run draws as ">"
        ("مصحة (ODM) و [T2S]", "[T2S] ﻭ (ODM) ﺔﺤﺼﻣ"),
    ],
)
def test_mirroring_in_rtl_runs(text: str, expected: str) -> None:
    assert visual(text, 80) == [expected]


def test_brackets_stay_in_ltr_runs() -> None:
    assert visual("Clinique (Rabat) مصحة", 80) == ["Clinique (Rabat) ﺔﺤﺼﻣ"]
    assert visual("Clinique (مصحة)", 80) == ["Clinique (ﺔﺤﺼﻣ)"]


def test_numbers_keep_their_order() -> None:
    for width in WIDTHS:
        lines = layout(NUMBERS, width)
        check_widths(lines, width)
        joined = " ".join(line.text for line in lines)
        assert "35" in joined and "53" not in joined
    assert visual(NUMBERS, 80) == ["ﺔﻨﺳ 35 ﻕﻮﻔﺗ ﺓﺪﻤﻟ"]


def test_arabic_indic_digits_and_decimals() -> None:
    assert visual("العدد ١٢٣ و 45.6%", 80) == ["%45.6 ﻭ ١٢٣ ﺩﺪﻌﻟﺍ"]
    # UAX #9 (W2): after Arabic letters, digits are Arabic numbers and "-" splits
    # them; browsers and python-bidi show the same
    assert visual("الهاتف 0522-123456", 80) == ["123456-0522 ﻒﺗﺎﻬﻟﺍ"]
    assert visual("الهاتف 0522.123456", 80) == ["0522.123456 ﻒﺗﺎﻬﻟﺍ"]


def test_latin_inside_arabic_reads_left_to_right() -> None:
    assert visual(LATIN, 80) == ["ﺔﻴﻜﻳﺮﻣﻷﺍ GE Healthcare ﻭ ﺔﻴﺑﺮﻐﻤﻟﺍ T2S ﺔﻋﻮﻤﺠﻣ ﺖﻌﻗﻭ"]
    for width in WIDTHS:
        lines = layout(LATIN, width)
        check_widths(lines, width)
        joined = " ".join(line.text for line in lines)
        assert "T2S" in joined and "Healthcare" in joined
        assert "erachtlaeH" not in joined and "S2T" not in joined
        if width >= 40:
            assert "GE Healthcare" in joined


def test_line_direction_comes_from_the_paragraph() -> None:
    assert paragraph_direction(LATIN_FIRST) == "ltr"
    assert visual(LATIN_FIRST, 80, direction="rtl") == ["ﻼﺴﺗ 35 ﺓﻮﻘﺑ GE Healthcare"]
    assert visual(LATIN_FIRST, 80) == ["GE Healthcare ﻼﺴﺗ 35 ﺓﻮﻘﺑ"]
    # wrapped: each line keeps the paragraph's RTL direction
    assert visual(LATIN_FIRST, 20, direction="rtl") == ["ﺓﻮﻘﺑ GE Healthcare", "ﻼﺴﺗ 35"]
    for width in WIDTHS:
        lines = layout(LATIN_FIRST, width, direction="rtl")
        check_widths(lines, width)
        assert all(line.direction == "rtl" for line in lines)


def test_curly_quotes_enclose_the_quotation() -> None:
    (line,) = layout(QUOTE, 80)
    assert line.text == "”ﺓﺮﻣﺎﻏ ﺓﺩﺎﻌﺴﺑ ﺮﻌﺸﻧ“ :ﻪﻟﻮﻗ"


def test_lam_alef_is_one_cell() -> None:
    assert single_line("لا", 10).text == "ﻻ"
    assert single_line("لا", 10).cells == 1
    line = single_line("الآلات", 10)
    assert line.text == "ﺕﻻﻵﺍ" and line.cells == 4


def test_tashkeel_leaves_no_stray_cells() -> None:
    for width in WIDTHS:
        line = single_line("مُحَمَّد", width)
        assert line.text == MUHAMMAD and line.cells == 4
        assert not any(unicodedata.combining(char) for char in line.text)
    assert visual("السَّلَامُ عَلَيْكُمْ", 80) == visual("السلام عليكم", 80)


def test_wrapped_paragraph_first_words_on_top_right() -> None:
    for width in WIDTHS:
        lines = layout(DESCRIPTION, width)
        check_widths(lines, width)
        assert len(lines) >= 2
        top = lines[0].to_text(width).plain
        assert len(top) == width
        # the first word ("تأسست", shaped) is the rightmost word of the top line
        assert top.rstrip().endswith("ﺖﺴﺳﺄﺗ")
        assert lines[-1].text.startswith("ﺹﺎﺨﻟﺍ")  # the last word ends the last line, at the left
    assert len(layout(DESCRIPTION, 60)) == 3


def test_mixed_list_each_aligned_by_its_own_direction() -> None:
    arabic = single_line("مصحة الشفاء", 20).to_text(20)
    latin = single_line("Clinique Atlas", 20).to_text(20)
    assert arabic.plain == " " * 9 + "ﺀﺎﻔﺸﻟﺍ ﺔﺤﺼﻣ"
    assert latin.plain == "Clinique Atlas" + " " * 6
    assert cell_len(arabic.plain) == cell_len(latin.plain) == 20


def test_blank_lines_and_paragraphs() -> None:
    lines = layout("Clinique\n\nمصحة", 20)
    assert [line.text for line in lines] == ["Clinique", "", "ﺔﺤﺼﻣ"]
    assert [line.direction for line in lines] == ["ltr", "ltr", "rtl"]


# --- truncation -------------------------------------------------------------------


def test_truncated_arabic_name_loses_its_last_words() -> None:
    name = "المصحة الدولية لطب العيون بالدار البيضاء"
    line = single_line(name, 20)
    assert line.cells <= 20
    assert line.text.startswith(ELLIPSIS)  # the logical end of RTL is the left
    assert line.text.endswith("ﺔﺤﺼﻤﻟﺍ")  # the first word is kept at the right
    assert "ﺀﺎﻀﻴﺒﻟﺍ" not in line.text


def test_truncated_latin_name_ends_right() -> None:
    line = single_line("Clinique Internationale de Marrakech", 20)
    assert line.text == "Clinique…"
    assert single_line("Internationalisation", 10).text == "Internati…"


@pytest.mark.parametrize("width", WIDTHS)
def test_max_lines(width: int) -> None:
    full = layout(DESCRIPTION, width)
    keep = len(full) - 1
    cut = layout(DESCRIPTION, width, max_lines=keep)
    assert len(cut) == keep
    check_widths(cut, width)
    assert cut[:-1] == full[: keep - 1]
    assert cut[-1].text.startswith(ELLIPSIS) and ELLIPSIS not in full[keep - 1].text
    assert layout(DESCRIPTION, width, max_lines=len(full)) == full


def test_max_lines_across_paragraphs() -> None:
    lines = layout("مصحة\nClinique", 20, max_lines=1)
    assert [line.text for line in lines] == ["…ﺔﺤﺼﻣ"]
    assert layout("Clinique Atlas", 1, max_lines=1)[0].text == ELLIPSIS


def test_single_line_edges() -> None:
    assert single_line("", 10) == VisualLine("", "ltr", 0)
    assert single_line("مصحة", 0) == VisualLine("", "rtl", 0)
    assert layout("abc", 0) == ()
    assert layout("abc", 5, max_lines=0) == ()
    assert single_line("ab", 5, direction="rtl").direction == "rtl"


def test_wide_character_in_narrow_box() -> None:
    lines = layout("診療所", 1)
    assert [line.text for line in lines] == [ELLIPSIS] * 3
    assert [line.text for line in layout("診療所", 4)] == ["診療", "所"]


# --- highlights -------------------------------------------------------------------


def highlighted(line: VisualLine) -> list[str]:
    return [line.text[start:end] for start, end, _ in line.spans]


def test_highlight_latin_inside_rtl() -> None:
    start = BRACKETS.index("ODM")
    line = single_line(BRACKETS, 80, highlights=((start, start + 3),), highlight_style="bold")
    assert highlighted(line) == ["ODM"]
    assert line.spans[0][2] == "bold"


def test_highlight_arabic_word_when_wrapped() -> None:
    start = DESCRIPTION.index("المغربية")
    lines = layout(DESCRIPTION, 20, highlights=((start, start + len("المغربية")),))
    spans = [part for line in lines for part in highlighted(line)]
    assert spans == ["ﺔﻴﺑﺮﻐﻤﻟﺍ"]


def test_highlight_through_harakat_and_ligatures() -> None:
    # "مُحَمَّد": matching "مُح" highlights the glyphs of meem and hah: the 2 rightmost
    line = single_line("مُحَمَّد", 10, highlights=((0, 3),))
    assert line.spans == ((2, 4, "reverse"),)
    # lam of "لا" alone still lights the whole ligature glyph
    line = single_line("الآلات", 10, highlights=((3, 4),))
    assert highlighted(line) == ["ﻻ"]
    line = single_line("الآلات", 10, highlights=((5, 6),))
    assert highlighted(line) == ["ﺕ"]


def test_highlight_spanning_runs_and_mirrored_bracket() -> None:
    text = "مصحة (ODM)"
    line = single_line(text, 40, highlights=((5, 7),))  # "(O"
    assert line.text == "(ODM) ﺔﺤﺼﻣ"
    # the logical "(" is drawn mirrored at the right end of the pair
    assert line.spans == ((1, 2, "reverse"), (4, 5, "reverse"))


def test_highlight_cut_by_ellipsis_and_controls() -> None:
    text = "a\x1bb Clinique Internationale"
    line = single_line(text, 12, highlights=((1, 3), (20, 26)))
    assert line.text == "a\ufffdb…"
    assert highlighted(line) == ["\ufffdb"]


# --- terminal mode ------------------------------------------------------------------


def test_terminal_mode_keeps_logical_unshaped_text() -> None:
    lines = layout(LATIN, 20, mode=BidiMode.TERMINAL)
    assert [line.text for line in lines] == ["وقعت مجموعة T2S", "المغربية و GE", "Healthcare الأمريكية"]
    assert all(line.direction == "rtl" for line in lines)
    assert single_line("(نص)\x1b", 10, mode="terminal").text == "(نص)\ufffd"
    line = single_line("مُحَمَّد", 10, mode=BidiMode.TERMINAL, highlights=((0, 3),))
    assert line.text == "مُحَمَّد" and line.cells == 4
    assert line.spans == ((0, 4, "reverse"),)  # whole cells: hah with its fatha
    assert single_line(DESCRIPTION, 20, mode=BidiMode.TERMINAL).text.endswith(ELLIPSIS)


def test_terminal_mode_marks_follow_their_base() -> None:
    """A cell is lit by its letter; a matched mark alone lights nothing, as in app mode."""
    muhammad = "مُحَمَّد"
    for mode in BidiMode:
        # damma (on meem) and hah: only hah's cell
        assert highlighted(single_line(muhammad, 10, mode=mode, highlights=((1, 3),))) == [
            "حَ" if mode is BidiMode.TERMINAL else "ﺤ"
        ]
        # only the damma: nothing is lit
        assert single_line(muhammad, 10, mode=mode, highlights=((1, 2),)).spans == ()
    # a haraka after a removed zero-width space is drawn on the letter before it,
    # which it does not light
    line = single_line("ab\u200b\u064b", 10, mode=BidiMode.TERMINAL, highlights=((2, 4),))
    assert line.text == "ab\u064b" and line.spans == ()
    line = single_line("ab\u200b\u064b", 10, mode=BidiMode.TERMINAL, highlights=((1, 2),))
    assert highlighted(line) == ["b\u064b"]
    # nor does a removed character or a vowel mark between the letters of a ligature
    for text in ("ل\u200bا", "ل\u064eا", "لا"):
        assert single_line(text, 10).text == "ﻻ"
        assert single_line(text, 10, highlights=((1, len(text) - 1),)).spans == ()
        assert highlighted(single_line(text, 10, highlights=((len(text) - 1, len(text)),))) == ["ﻻ"]
    # a letter mark (the dagger alef) is kept on the ligature, and is part of what it draws
    assert single_line("ل\u0670ا", 10).text == "ﻻ\u0670"
    assert highlighted(single_line("ل\u0670ا", 10, highlights=((1, 2),))) == ["ﻻ\u0670"]
    assert single_line("لا", 10, highlights=((1, 1),)).spans == ()  # an empty span lights nothing


@pytest.mark.parametrize("text", ["\u200dلا", "ب\u200dلأ", "\u200d\u200bلَا", "\u200d بلا", "\u200dلاب"])
def test_a_join_control_before_lam_alef_is_laid_out(text: str) -> None:
    (line,) = layout(text, 10)
    letters = "بلاأ"
    assert sorted(char for char in unicodedata.normalize("NFKC", line.text) if char in letters) == sorted(
        char for char in text if char in letters
    )


# --- Rich output and cache -----------------------------------------------------------


def test_to_text_is_never_markup() -> None:
    text = single_line("[@click=app.quit]x [/]", 40).to_text(40)
    assert isinstance(text, Text)
    assert text.plain.rstrip() == "[@click=app.quit]x [/]"
    assert text.spans == []


def test_to_text_pads_styles_and_crops() -> None:
    line = single_line("مصحة (ODM)", 40, highlights=((6, 9),))
    text = line.to_text(15, style="blue")
    assert text.plain == "     (ODM) ﺔﺤﺼﻣ"
    assert text.style == "blue"
    assert [(span.start, span.end, span.style) for span in text.spans] == [(6, 9, "reverse")]
    assert line.to_text(6).plain == "M) ﺔﺤﺼﻣ"[-6:]
    assert single_line("Clinique", 20).to_text(4).plain == "Clin"
    assert cell_len(single_line("診療所", 10, direction="rtl").to_text(5).plain) == 5


def test_results_are_cached() -> None:
    clear_layout_cache()
    first = single_line(LATIN, 40)
    before = layout_cache_info()
    assert single_line(LATIN, 40) is first
    after = layout_cache_info()
    assert after.hits == before.hits + 1
    clear_layout_cache()
    assert layout_cache_info().currsize == 0

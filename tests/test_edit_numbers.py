"""The number proposer: figures in the three digit systems, with separators, scales, units and qualifiers.

Examples are the bundled database's own quotes and the forms Moroccan news
writes; properties check every figure rendered any of those ways.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tui.edit.numbers import MAX_DIGITS, proposals, propose

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXTENDED = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.mark.parametrize(
    ("quote", "number", "unit", "qualifier"),
    [
        # the bundled database's figures, from their quotes
        ("مجموعة T2S حاضرة في 15 بلدا في افريقيا", 15, "بلدا", None),
        ("تعاونهما الذي بدأ قبل أكثر من ثلاثة عقود", 3, "decades", "more than"),
        ("مجموعة T2S التي نعمل معها لمدة تفوق 35 سنة", 35, "years", "more than"),
        ("عملنا منذ أزيد من 3 عقود على دعم GE Healthcare", 3, "decades", "more than"),
        ("بتكلفة إجمالية قدرها مليون درهم مغربي", 1_000_000, "MAD", None),
        ("من سبع مجموعات كبرى", 7, "مجموعات", None),
        ("يتوفرون على أكثر من 30 وحدة رعاية", 30, "وحدة", "more than"),
        ("تغطي 10 مدن بالمملكة", 10, "مدن", None),
        ("وتشغل أكثر من 2500 من المهنيين الصحيين", 2500, "المهنيين", "more than"),
        # digits, separators and scales as the press writes them
        ("بلغ رقم المعاملات ١٬٢٥٠٬٠٠٠ درهم", 1_250_000, "MAD", None),
        ("استثمار بقيمة ۲۵۰ مليون درهم", 250_000_000, "MAD", None),
        ("بغلاف مالي يناهز 2,5 مليار درهم", 2_500_000_000, "MAD", None),
        ("بغلاف مالي قدره ٢٫٥ مليار درهم", 2_500_000_000, "MAD", None),
        ("رأسمال قدره 1.000.000 درهم", 1_000_000, "MAD", None),
        ("رأسمال قدره 1,000,000 dirhams", 1_000_000, "MAD", None),
        ("Un investissement de 3,5 milliards de dirhams", 3_500_000_000, "MAD", None),
        ("plus de 2 500 emplois", 2500, "emplois", "more than"),
        ("حوالي 40 في المائة من السوق", 40, "%", "about"),
        ("نسبة 12,5% من", 12.5, "%", None),
        ("أقل من ٥ سنوات", 5, "years", "less than"),
        ("وثلاثة آلاف موظف", 3000, "موظف", None),
        ("على الأقل 20 مصحة", 20, "مصحة", "at least"),
        ("بمليوني درهم", None, None, None),  # (a construct form: not proposed rather than guessed)
    ],
)
def test_the_figure_of_a_quote(quote: str, number: float | None, unit: str | None, qualifier: str | None) -> None:
    found = propose(quote)
    if number is None:
        assert found is None
        return
    assert found is not None
    assert (found.number, found.unit, found.qualifier) == (number, unit, qualifier)
    assert type(found.number) is type(number)  # a whole number is an int


def test_what_is_not_a_figure() -> None:
    assert proposals("مجموعة T2S وGE Healthcare") == []  # a digit inside a name
    assert proposals("داخل مستشفى سيدي محمد") == []  # ست inside a word is no six
    assert proposals("وستُعقد هذه الدورات") == []  # nor with its harakat
    assert proposals("رقم 0522123456789012345678901234") == []  # a run too long to be a figure
    assert proposals("") == []


def test_every_figure_of_a_quote_is_proposed_in_order() -> None:
    found = proposals("افتتحت 3 مصحات بتكلفة 200 مليون درهم وتشغل أكثر من 1200 مهني")
    assert [(p.number, p.unit, p.qualifier) for p in found] == [
        (3, "مصحات", None),
        (200_000_000, "MAD", None),
        (1200, "مهني", "more than"),
    ]
    quote = "بتكلفة 200 مليون درهم"
    (only,) = proposals(quote)
    assert quote[only.start : only.end] == "200 مليون درهم"


_SEPARATORS = st.sampled_from(["", ",", ".", "\u066c", " ", "\u00a0", "\u202f"])
_DIGIT_SYSTEMS = st.sampled_from([None, ARABIC_INDIC, EXTENDED])
_CONTEXTS = st.sampled_from(["{}", "بلغ {} بالضبط", "عدد {}", "Le total: {}.", "({})", "{}،"])


def _grouped(number: int, separator: str) -> str:
    text = str(number)
    if not separator:
        return text
    groups: list[str] = []
    while len(text) > 3:
        groups.insert(0, text[-3:])
        text = text[:-3]
    return separator.join([text, *groups])


@example(number=1000, separator=".", digits=None, context="{}")
@example(number=999_999_999_999, separator="\u066c", digits=ARABIC_INDIC, context="({})")
@given(number=st.integers(0, 10**12), separator=_SEPARATORS, digits=_DIGIT_SYSTEMS, context=_CONTEXTS)
def test_a_whole_number_in_any_digits_and_grouping_is_found(
    number: int, separator: str, digits: dict[int, str] | None, context: str
) -> None:
    rendered = _grouped(number, separator)
    if digits:
        rendered = rendered.translate(digits)
    found = proposals(context.format(rendered))
    assert [proposal.number for proposal in found] == [number]


@given(
    whole=st.integers(0, 999),
    decimals=st.integers(1, 99),
    point=st.sampled_from([".", ",", "\u066b"]),
    digits=_DIGIT_SYSTEMS,
)
def test_a_decimal_in_any_digits_is_found(whole: int, decimals: int, point: str, digits: dict[int, str] | None) -> None:
    written = f"{whole}{point}{decimals:02d}" if decimals % 10 else f"{whole}{point}{decimals // 10}"
    rendered = written.translate(digits) if digits else written
    (found,) = proposals(f"نسبة {rendered} من")
    assert math.isclose(found.number, float(written.replace(point, ".")))


@given(
    count=st.integers(1, 999),
    scale=st.sampled_from([("ألف", 10**3), ("آلاف", 10**3), ("مليون", 10**6), ("ملايين", 10**6), ("مليار", 10**9)]),
    digits=_DIGIT_SYSTEMS,
)
def test_a_scale_multiplies_the_figure_before_it(
    count: int, scale: tuple[str, int], digits: dict[int, str] | None
) -> None:
    word, factor = scale
    rendered = str(count).translate(digits) if digits else str(count)
    (found,) = proposals(f"بقيمة {rendered} {word} درهم")
    assert (found.number, found.unit) == (count * factor, "MAD")


@given(
    number=st.integers(1, 10**6),
    phrase=st.sampled_from(
        [("أكثر من", "more than"), ("أزيد من", "more than"), ("حوالي", "about"), ("أقل من", "less than")]
    ),
)
def test_a_qualifier_before_the_figure_is_proposed(number: int, phrase: tuple[str, str]) -> None:
    words, qualifier = phrase
    (found,) = proposals(f"تشغل {words} {number} مهني")
    assert (found.number, found.qualifier) == (number, qualifier)


@given(
    st.text(alphabet=st.sampled_from("0123456789,.٫٬ ٠٥٩مليونألفأكثر من%درهمستة\n"), max_size=80) | st.text(max_size=80)
)
def test_any_text_gives_sound_proposals(text: str) -> None:
    found = proposals(text)
    for proposal in found:
        assert 0 <= proposal.start < proposal.end <= len(text)
        assert math.isfinite(proposal.number)
    assert [proposal.start for proposal in found] == sorted(proposal.start for proposal in found)
    assert [p.number for p in proposals(text.translate(ARABIC_INDIC))] == [p.number for p in found]


def test_a_long_run_of_digits_is_not_a_figure_and_costs_linear_time() -> None:
    assert proposals("1" * (MAX_DIGITS + 1)) == []
    assert [p.number for p in proposals("1" * MAX_DIGITS)] == [int("1" * MAX_DIGITS)]


def test_a_number_typed_in_a_fact_s_field_is_read_as_a_quote_s_figure() -> None:
    from tui.edit.numbers import parse_number

    assert parse_number("") is None and parse_number("   ") is None
    assert parse_number("2500") == 2500 and parse_number("2,500") == 2500 and parse_number("٢٥٠٠") == 2500
    assert parse_number("1.5 million") == 1_500_000 and parse_number("مليون") == 1_000_000
    assert parse_number(" 2.5 ") == 2.5
    for typed in ("2500 MAD", "about 30", "two", "12 and 13", "30%"):
        with pytest.raises(ValueError, match="is not one number"):
            parse_number(typed)

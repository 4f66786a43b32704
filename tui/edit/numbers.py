"""The figures a quote states: number, unit and qualifier, proposed when a passage is cited.

`proposals("وتشغل أكثر من 2500 من المهنيين")` finds 2500 with the qualifier
"more than"; `"بتكلفة إجمالية قدرها مليون درهم مغربي"` gives 1,000,000 MAD. What is
read:

* digits in any of the three systems Arabic text uses: Western (`2500`),
  Arabic-Indic (`٢٥٠٠`) and Extended Arabic-Indic (`۲۵۰۰`);
* thousands separators (`,` `.` `٬` and the spaces) where every group after the
  first has three digits (`1,000,000`, `1.000.000`, `2 500`); otherwise the
  separator is a decimal point (`2.5`, `2,5`, `٢٫٥`);
* a scale after the figure, or alone: ألف / آلاف (thousand), مليون / ملايين
  (million), مليار / مليارات / ملايير (billion), and their French and English
  words; a dual form alone (ألفين, مليونين) is two of them;
* the numbers one to ten, the tens and مائة written as words (ثلاثة عقود);
* the unit after it: a currency (MAD, USD, EUR), a percentage, years, decades,
  months, days; otherwise the word that follows, as written;
* the qualifier before it: أكثر من / أزيد من / تفوق (more than), أقل من (less
  than), حوالي / نحو / قرابة (about), على الأقل (at least), and their French and
  English forms.

Only whole words count (ست in مستشفى is no six). Proposals are only that: the
user sees and changes them. One pass of regular expressions over the quote:
time linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from tui.i18n import _

#: longest run of digits read as a figure (before or after its decimal point)
MAX_DIGITS = 24
_DIGITS = {code: str(code - base) for base in (0x0660, 0x06F0) for code in range(base, base + 10)}
_GROUP_SEPARATORS = ",.\u066c \u00a0\u202f'"
_DECIMAL_SEPARATORS = ".,\u066b"

#: a figure: grouped by thousands, or plain, with decimals after either
_FIGURE = re.compile(
    r"(?<![\w.,\u066b\u066c])"
    r"(?:(?P<grouped>\d{1,3}(?:[" + re.escape(_GROUP_SEPARATORS) + r"]\d{3})+(?!\d))"
    r"|(?P<plain>\d+))"
    r"(?:[" + re.escape(_DECIMAL_SEPARATORS) + r"](?P<decimals>\d+))?"
    r"(?![\d])"
)

_SCALES: dict[str, int] = {
    "ألف": 10**3,
    "الف": 10**3,
    "آلاف": 10**3,
    "ألاف": 10**3,
    "الاف": 10**3,
    "مليون": 10**6,
    "ملايين": 10**6,
    "مليار": 10**9,
    "مليارات": 10**9,
    "ملايير": 10**9,
    "بليون": 10**9,
    "mille": 10**3,
    "mil": 10**3,
    "thousand": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
    "billion": 10**9,
    "billions": 10**9,
}
#: scale words that are a figure on their own (ملايين alone is "millions of", not a figure)
_SCALES_ALONE: dict[str, int] = {
    "ألف": 10**3,
    "الف": 10**3,
    "ألفين": 2 * 10**3,
    "ألفان": 2 * 10**3,
    "مليون": 10**6,
    "مليونين": 2 * 10**6,
    "مليونان": 2 * 10**6,
    "مليار": 10**9,
    "مليارين": 2 * 10**9,
    "مليونا": 10**6,
}
_NUMBER_WORDS: dict[str, int] = {
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "ثلاث": 3,
    "ثلاثة": 3,
    "أربع": 4,
    "أربعة": 4,
    "اربع": 4,
    "اربعة": 4,
    "خمس": 5,
    "خمسة": 5,
    "ست": 6,
    "ستة": 6,
    "سبع": 7,
    "سبعة": 7,
    "ثمان": 8,
    "ثماني": 8,
    "ثمانية": 8,
    "تسع": 9,
    "تسعة": 9,
    "عشر": 10,
    "عشرة": 10,
    "عشرون": 20,
    "عشرين": 20,
    "ثلاثون": 30,
    "ثلاثين": 30,
    "أربعون": 40,
    "أربعين": 40,
    "خمسون": 50,
    "خمسين": 50,
    "ستون": 60,
    "ستين": 60,
    "سبعون": 70,
    "سبعين": 70,
    "ثمانون": 80,
    "ثمانين": 80,
    "تسعون": 90,
    "تسعين": 90,
    "مائة": 100,
    "مئة": 100,
}
_UNITS: tuple[tuple[str, str], ...] = (
    # (a word or sign as the text writes it, the unit it is); longest first where one starts another
    ("في المائة", "%"),
    ("في المئة", "%"),
    ("بالمائة", "%"),
    ("بالمئة", "%"),
    ("pour cent", "%"),
    ("percent", "%"),
    ("%", "%"),
    ("٪", "%"),
    ("درهم", "MAD"),
    ("درهما", "MAD"),
    ("دراهم", "MAD"),
    ("الدراهم", "MAD"),
    ("dirhams", "MAD"),
    ("dirham", "MAD"),
    ("dhs", "MAD"),
    ("dh", "MAD"),
    ("mad", "MAD"),
    ("دولار", "USD"),
    ("دولارات", "USD"),
    ("dollars", "USD"),
    ("usd", "USD"),
    ("$", "USD"),
    ("يورو", "EUR"),
    ("أورو", "EUR"),
    ("اورو", "EUR"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("eur", "EUR"),
    ("€", "EUR"),
    ("سنة", "years"),
    ("سنوات", "years"),
    ("عاما", "years"),
    ("عام", "years"),
    ("أعوام", "years"),
    ("ans", "years"),
    ("years", "years"),
    ("عقد", "decades"),
    ("عقود", "decades"),
    ("شهر", "months"),
    ("شهرا", "months"),
    ("أشهر", "months"),
    ("mois", "months"),
    ("months", "months"),
    ("يوم", "days"),
    ("يوما", "days"),
    ("أيام", "days"),
    ("jours", "days"),
    ("days", "days"),
)
_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("أكثر من", "more than"),
    ("اكثر من", "more than"),
    ("أزيد من", "more than"),
    ("ازيد من", "more than"),
    ("ما يزيد عن", "more than"),
    ("ما يزيد على", "more than"),
    ("يزيد عن", "more than"),
    ("تفوق", "more than"),
    ("يفوق", "more than"),
    ("أقل من", "less than"),
    ("اقل من", "less than"),
    ("حوالي", "about"),
    ("حوالى", "about"),
    ("نحو", "about"),
    ("قرابة", "about"),
    ("زهاء", "about"),
    ("ما يقارب", "about"),
    ("يقارب", "about"),
    ("على الأقل", "at least"),
    ("plus de", "more than"),
    ("moins de", "less than"),
    ("environ", "about"),
    ("près de", "about"),
    ("au moins", "at least"),
    ("more than", "more than"),
    ("over", "more than"),
    ("less than", "less than"),
    ("about", "about"),
    ("around", "about"),
    ("nearly", "about"),
    ("at least", "at least"),
)
#: words that follow a figure without being its unit
_NOT_UNITS = frozenset({"في", "إلى", "الى", "على", "عن", "و", "the", "et", "and", "à", "to"})
#: words between a figure and its unit ("2500 من المهنيين", "3 milliards de dirhams")
_OF = re.compile(r"\s*(?:من|de|d'|of)(?!\w)", re.IGNORECASE)

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
"""Arabic harakat and Quranic marks: part of the word they sit on (`\\w` does not include them)."""
_WORD = r"[^\W\d_](?:[^\W\d_]|[" + _MARKS + r"])*"
_STRIP_MARKS = re.compile(f"[{_MARKS}]")
_SCALE_AFTER = re.compile(
    r"\s*(?P<scale>" + "|".join(sorted(map(re.escape, _SCALES), key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
)
_UNIT_AFTER = re.compile(
    r"\s*(?:(?P<sign>[%٪$€])|(?P<word>"
    + "|".join(re.escape(word) for word, _unit in _UNITS if word[0].isalpha())
    + r")(?!\w))",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"\s*(?P<word>" + _WORD + ")")
_QUALIFIER_BEFORE = re.compile(
    r"(?:^|(?<=\W))(?P<qualifier>" + "|".join(re.escape(phrase) for phrase, _q in _QUALIFIERS) + r")\s*$", re.IGNORECASE
)
_WORDS = re.compile(r"(?<!\w)" + _WORD + r"(?!\w)")
_PROCLITICS = "وب"
"""Letters a number word may carry in front: and (و), with/for (ب)."""
_UNIT_OF = {word.lower(): unit for word, unit in _UNITS}
_QUALIFIER_OF = {phrase.lower(): qualifier for phrase, qualifier in _QUALIFIERS}
#: characters looked at before a figure for its qualifier
_QUALIFIER_WINDOW = 24


@dataclass(frozen=True, slots=True)
class Proposal:
    """A figure found in a quote: what to propose for a fact's number, unit and qualifier."""

    number: int | float
    unit: str | None
    qualifier: str | None
    start: int
    """Where the figure's text starts in the quote (its qualifier not included)."""
    end: int
    """Where it ends (its scale and unit included)."""


def proposals(quote: str) -> list[Proposal]:
    """Every figure of `quote`, in order."""
    text = quote.translate(_DIGITS)  # (one character for one: positions stay)
    figures: list[Proposal] = []
    for match in _FIGURE.finditer(text):
        value = _value(match)
        if value is not None:
            figures.append(_completed(text, value, match.start(), match.end()))
    found = list(figures)
    next_figure = 0  # (words come in order: a pointer into the figures says whether one covers a word)
    covered_until = 0
    for match in _WORDS.finditer(text):
        start = match.start()
        while next_figure < len(figures) and figures[next_figure].start <= start:
            covered_until = max(covered_until, figures[next_figure].end)
            next_figure += 1
        if start < covered_until:
            continue
        word = _STRIP_MARKS.sub("", match.group())
        if word not in _NUMBER_WORDS and word not in _SCALES_ALONE and word[0] in _PROCLITICS:
            word = word[1:]
        if word in _NUMBER_WORDS:
            proposal = _completed(text, Decimal(_NUMBER_WORDS[word]), start, match.end())
        elif word in _SCALES_ALONE:
            proposal = _completed(text, Decimal(_SCALES_ALONE[word]), start, match.end(), scaled=True)
        else:
            continue
        found.append(proposal)
        covered_until = proposal.end
    found.sort(key=lambda proposal: proposal.start)
    return found


def propose(quote: str) -> Proposal | None:
    """The figure to propose for a fact citing `quote`: its first one (None when it states none)."""
    found = proposals(quote)
    return found[0] if found else None


def _value(match: re.Match[str]) -> Decimal | None:
    """The figure matched, or None when it is too long to be one (a phone number, an identifier)."""
    whole = match.group("grouped") or match.group("plain")
    decimals = match.group("decimals") or ""
    if len(whole) > MAX_DIGITS or len(decimals) > MAX_DIGITS:
        return None
    digits = "".join(char for char in whole if char.isdigit())
    return Decimal(f"{digits}.{decimals}" if decimals else digits)


def _completed(text: str, value: Decimal, start: int, end: int, *, scaled: bool = False) -> Proposal:
    """The proposal for a figure at `start:end`: with the scale and unit after it, the qualifier before."""
    if not scaled and (scale := _SCALE_AFTER.match(text, end)) is not None:
        value *= _SCALES[scale.group("scale").lower()]
        end = scale.end()
    unit, end = _unit_after(text, end)
    qualifier = _QUALIFIER_BEFORE.search(text[max(0, start - _QUALIFIER_WINDOW) : start])
    return Proposal(
        _number(value),
        unit,
        _QUALIFIER_OF[qualifier.group("qualifier").lower()] if qualifier else None,
        start,
        end,
    )


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """The unit after a figure ending at `end` (over one "of" between them), and where it ends."""
    of = _OF.match(text, end)
    if of is not None:
        unit, unit_end = _unit_at(text, of.end())
        return (unit, unit_end) if unit is not None and _OF.fullmatch(" " + unit) is None else (None, end)
    return _unit_at(text, end)


def _unit_at(text: str, end: int) -> tuple[str | None, int]:
    known = _UNIT_AFTER.match(text, end)
    if known is not None:
        word = known.group("sign") or known.group("word")
        return _UNIT_OF[word.lower()], known.end()
    following = _NEXT_WORD.match(text, end)
    if following is None or following.group("word").lower() in _NOT_UNITS:
        return None, end
    return following.group("word"), following.end()


def _number(value: Decimal) -> int | float:
    """A whole number as an int, any other as the nearest float."""
    return int(value) if value == value.to_integral_value() else float(value)


def parse_number(typed: str) -> int | float | None:
    """A number as typed in a fact's number field (None when empty); `ValueError` when it is not one.

    Read as a quote's figures are (any digits, thousands separators, a scale
    word: `2,500`, `٢٥٠٠`, `1.5 million`, `مليون`), but it must be one figure, whole.
    """
    text = " ".join(typed.split())
    if not text:
        return None
    found = proposals(text)
    if len(found) != 1 or found[0].start != 0 or found[0].unit is not None or found[0].end != len(text):
        raise ValueError(
            _("{typed} is not one number (write it as 2500, 2,500, ٢٥٠٠ or 1.5 million)").format(typed=repr(text))
        )
    return found[0].number

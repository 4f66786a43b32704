"""Numbers as the interface says them: grouped as the language groups them, in the digits the user chose.

Counts, places ("quote 3 of 12") and sizes that Marsad writes go through `number()`.
Numbers that are data (a fact's value "أكثر من 2500", a quote) are never touched:
they are shown as stored. The digits are Western (0-9, what Moroccan and most
Maghreb Arabic writing uses, and the default) or Arabic-Indic (٠-٩), a setting of
their own, saved like the theme and switched from the palette.
"""

from __future__ import annotations

from typing import Literal

from tui.i18n.catalogs import current_language

__all__ = ["DIGIT_SYSTEMS", "Digits", "current_digits", "localized", "number", "set_digits", "with_digits"]

Digits = Literal["western", "arabic-indic"]
DIGIT_SYSTEMS: tuple[Digits, ...] = ("western", "arabic-indic")

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
#: per language: (thousands separator, decimal separator) with Western digits
_SEPARATORS = {"en": (",", "."), "fr": ("\u202f", ","), "ar": (",", ".")}
#: with Arabic-Indic digits: ARABIC THOUSANDS SEPARATOR and ARABIC DECIMAL SEPARATOR
_ARABIC_INDIC_SEPARATORS = ("\u066c", "\u066b")

_digits: Digits = "western"


def set_digits(digits: str) -> None:
    """Write interface numbers in `digits` from now on (anything unknown is Western)."""
    global _digits
    _digits = "arabic-indic" if digits == "arabic-indic" else "western"


def current_digits() -> Digits:
    return _digits


def number(value: float, decimals: int | None = None) -> str:
    """`value` grouped by thousands, in the current language and digits: `2,500`, `2 500`, `٢٬٥٠٠`.

    `decimals` fixes the digits after the separator (`1.5` MB); without it an integral
    value has none and another keeps what `repr` gives it.
    """
    if decimals is not None:
        written = f"{value:,.{decimals}f}"
    elif float(value).is_integer():
        written = f"{int(value):,}"
    else:
        written = f"{value:,}"
    return localized(written)


def localized(written: str) -> str:
    """A number written the English way (`1,234.5`) in the current language's separators and digits."""
    thousands, point = (
        _ARABIC_INDIC_SEPARATORS if _digits == "arabic-indic" else _SEPARATORS.get(current_language(), (",", "."))
    )
    return with_digits(written.replace(",", "\0").replace(".", point).replace("\0", thousands))


def with_digits(text: str) -> str:
    """`text` (Marsad's own: a count, a size) with its Western digits in the current digits."""
    return text.translate(_ARABIC_INDIC) if _digits == "arabic-indic" else text

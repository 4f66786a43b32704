"""The language Marsad speaks: one module owns it.

- `languages`: the languages (English, French, Arabic), their names and directions;
- `choice`: which one to speak (`--lang`, the settings file, the environment);
- `catalogs`: the gettext catalogs and the functions that translate (`_`, `N_`,
  `ngettext`, `pgettext`);
- `numbers`: interface numbers, in Western or Arabic-Indic digits;
- `labels`: the labels of facts, which are data, in every language.

It sits under every other layer of `tui/` and imports none of them: the text
pipeline, the data layer, the CLI and the screens all ask it what to say. What is
*drawn* right to left goes through the text pipeline (`tui.text.layout`), like data.
"""

from __future__ import annotations

from tui.i18n.catalogs import N_, Nn_, _, current_language, ngettext, npgettext, pgettext, set_language
from tui.i18n.languages import BY_CODE, CODES, DEFAULT, LANGUAGES, Direction, Language
from tui.i18n.numbers import DIGIT_SYSTEMS, Digits, current_digits, number, set_digits, with_digits

__all__ = [
    "BY_CODE",
    "CODES",
    "DEFAULT",
    "DIGIT_SYSTEMS",
    "LANGUAGES",
    "N_",
    "Digits",
    "Direction",
    "Language",
    "Nn_",
    "_",
    "current_digits",
    "current_language",
    "direction",
    "is_rtl",
    "ngettext",
    "npgettext",
    "number",
    "pgettext",
    "set_digits",
    "set_language",
    "with_digits",
]


def direction() -> Direction:
    """Which way the interface reads now: `rtl` in Arabic (mirrored), else `ltr`."""
    return BY_CODE[current_language()].direction


def is_rtl() -> bool:
    return direction() == "rtl"

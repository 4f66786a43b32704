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

An Arabic interface is mirrored in app mode only. In terminal mode (`--bidi
terminal`) the terminal takes each line as a left-to-right paragraph and reverses
every stretch of Arabic where it stands, characters and spaces and box lines between
them alike: a mirrored row (its pieces placed from the right) would come back half
undone, the pieces one stretch of Arabic joins swapped back, the pieces Latin parts
left in place. So there the layout stays left to right, as in English, and each line
is written in logical order: every Arabic title, label and message then reads right
to left where it stands (`mirror_layout`; docs/terminals.md, "An Arabic interface").
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
    "mirror_layout",
    "ngettext",
    "npgettext",
    "number",
    "pgettext",
    "set_digits",
    "set_language",
    "with_digits",
]


_mirrored = True
"""Whether a right-to-left language mirrors the layout (app mode); False in terminal mode."""


def mirror_layout(allowed: bool) -> None:
    """Let a right-to-left language mirror the layout (app mode), or keep it left to right (terminal mode)."""
    global _mirrored
    _mirrored = allowed


def direction() -> Direction:
    """Which way the interface is laid out now: `rtl` in Arabic (mirrored) in app mode, else `ltr`."""
    return BY_CODE[current_language()].direction if _mirrored else "ltr"


def is_rtl() -> bool:
    return direction() == "rtl"

"""The languages Marsad speaks, named once: their code, their own name, their direction.

Every module that lists the languages (the `--lang` option, the palette's
language commands, the catalogs, the tests) reads them from here, in this order.
"""

from __future__ import annotations

from typing import Literal

import msgspec

__all__ = ["BY_CODE", "CODES", "DEFAULT", "LANGUAGES", "Direction", "Language", "language_of_locale"]

Direction = Literal["ltr", "rtl"]


class Language(msgspec.Struct, frozen=True):
    code: str
    """ISO 639-1, as `--lang` takes it and the catalogs are named: `fr`."""
    name: str
    """Its own name, as a speaker of it looks for it in a list: `Français`."""
    english: str
    """Its name in English (the palette's help, the docs)."""
    direction: Direction
    """Which way its interface reads: an `rtl` interface is mirrored."""


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English", "ltr"),
    Language("fr", "Français", "French", "ltr"),
    Language("ar", "العربية", "Arabic", "rtl"),
)
CODES: tuple[str, ...] = tuple(language.code for language in LANGUAGES)
BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGES}
#: the language of the messages as written in the code (the catalogs' msgids)
DEFAULT = "en"


def language_of_locale(value: str) -> str | None:
    """The language a locale name or a language tag names, if Marsad speaks it.

    `fr_FR.UTF-8`, `ar_MA`, `fr-CA`, `AR`, `en_US@euro` -> `fr`, `ar`, `fr`, `ar`, `en`.
    `C` and `POSIX` are English (what a program says when no locale is set); anything
    else (`de_DE`, empty) is None.
    """
    tag = value.strip()
    if not tag:
        return None
    if tag in ("C", "POSIX") or tag.startswith(("C.", "POSIX.")):
        return DEFAULT
    for end in ".@":
        tag = tag.split(end, 1)[0]
    code = tag.replace("-", "_").split("_", 1)[0].lower()
    return code if code in BY_CODE else None

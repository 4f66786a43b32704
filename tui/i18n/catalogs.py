"""The message catalogs: loading one per language, and the functions that translate.

Messages are written in English in the code, wrapped where they are said:
`_("Detail")`, `ngettext("{count} quote", "{count} quotes", n)`, `pgettext("fact
label", label)`. A message said later than it is written (a class attribute, a
table of the data layer) is marked with `N_()` where it is written and translated
with `_()` where it is shown, so that a live switch of language shows it in the
new language. Babel extracts every wrapped message (`python tools/catalogs.py
extract`: docs/development.md), and the compiled catalogs (`tui/locale/<code>/
LC_MESSAGES/marsad.mo`) ship in the wheel; they are read with the standard
library's `gettext`, once per language, when the language is first spoken.
"""

from __future__ import annotations

import gettext
import threading
from pathlib import Path

from tui.i18n.languages import BY_CODE, DEFAULT

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "N_",
    "Nn_",
    "_",
    "catalog",
    "current_language",
    "ngettext",
    "npgettext",
    "pgettext",
    "set_language",
]

DOMAIN = "marsad"
#: the compiled catalogs, inside the package (so in the wheel)
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_catalogs: dict[str, gettext.NullTranslations] = {}
_loading = threading.Lock()
_code = DEFAULT
_current: gettext.NullTranslations = gettext.NullTranslations()


def catalog(code: str) -> gettext.NullTranslations:
    """The catalog of a language, read from its `.mo` file the first time (English: the msgids as written)."""
    found = _catalogs.get(code)
    if found is None:
        with _loading:
            found = _catalogs.get(code)
            if found is None:
                # English is the messages as written: its catalog (for translators' tools) is not read
                found = (
                    gettext.NullTranslations()
                    if code == DEFAULT
                    else gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
                )
                _catalogs[code] = found
    return found


def set_language(code: str) -> None:
    """Speak `code` from now on (every `_()` after this call); a code Marsad does not speak is English."""
    global _code, _current
    code = code if code in BY_CODE else DEFAULT
    _current = catalog(code)
    _code = code


def current_language() -> str:
    """The code of the language spoken now."""
    return _code


def _(message: str) -> str:
    """`message` in the language spoken now (as written when the catalog has no translation)."""
    return _current.gettext(message)


def N_(message: str) -> str:
    """Mark `message` for the catalogs where it is written; `_()` translates it where it is shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with its plural where it is written; `ngettext(*pair, count)` says it where it is shown."""
    return singular, plural


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` (Arabic has six: zero, one, two, a few, many, other)."""
    return _current.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` as said in `context` (a fact's label: context "fact label")."""
    return _current.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    return _current.npgettext(context, singular, plural, count)

"""Which language to speak: `--lang`, then the settings file, then the environment.

The environment is read as gettext reads it: `LANGUAGE` (a list, `fr:en`, the first
language Marsad speaks wins), then the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
that is set. The first variable that is set decides: `LANG=de_DE.UTF-8` gives
English (Marsad has no German), not whatever a later variable says, as a program
using gettext would.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from tui.i18n.languages import BY_CODE, DEFAULT, language_of_locale

__all__ = ["ENVIRONMENT_VARIABLES", "Chosen", "choose"]

#: the variables read, in order (LANGUAGE apart: it is a list)
ENVIRONMENT_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class Chosen(msgspec.Struct, frozen=True):
    """The language chosen, and what chose it (for `marsad doctor` and the tests)."""

    code: str
    origin: str
    """`--lang`, `settings`, one of ENVIRONMENT_VARIABLES, or `default`."""


def choose(option: str | None, saved: str | None, environ: Mapping[str, str]) -> Chosen:
    """The language from `--lang` (`option`), the settings (`saved`), or the environment, in that order.

    An option or a setting that names no language Marsad speaks is passed over (the
    command line refuses such an option before it gets here).
    """
    if option and option in BY_CODE:
        return Chosen(option, "--lang")
    if saved and saved in BY_CODE:
        return Chosen(saved, "settings")
    for part in environ.get("LANGUAGE", "").split(":"):
        code = language_of_locale(part)
        if code is not None:
            return Chosen(code, "LANGUAGE")
    for variable in ENVIRONMENT_VARIABLES[1:]:
        value = environ.get(variable, "")
        if value:
            return Chosen(language_of_locale(value) or DEFAULT, variable)
    return Chosen(DEFAULT, "default")

"""A message said later than it is made, and kept in between: what a problem of a database file says.

`marsad validate`, the app's notice and the editing screens report the problems
of a file, which the index keeps (`tui.store`) and a later run may show in another
language. So a problem's words are kept as a message (its msgid, marked with
`N_()` where it is written) and the values it quotes, themselves text or messages,
and said only when shown: `str(message)` in the language spoken then. What Marsad
cannot translate (a library's own wording) is kept `verbatim`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Union

import msgspec

from tui.i18n.catalogs import _

__all__ = ["Translatable", "from_json", "said", "to_json", "verbatim"]

Value = Union[str, "Translatable"]


class Translatable(msgspec.Struct, frozen=True):
    """A msgid and the values it quotes (`{name}` in it); or, `verbatim`, text said as it is."""

    msgid: str
    values: tuple[tuple[str, Value], ...] = ()
    verbatim: bool = False

    def __str__(self) -> str:
        if self.verbatim:
            return self.msgid
        template = _(self.msgid)
        if not self.values:
            return template
        return template.format(**{name: str(value) for name, value in self.values})


def said(msgid: str, /, **values: Value) -> Translatable:
    """`msgid` (written as `said(N_("..."), ...)` or with a msgid marked elsewhere) quoting `values`."""
    return Translatable(msgid, tuple(values.items()))


def verbatim(text: str) -> Translatable:
    """Text that is said as it is, in every language (a library's own message)."""
    return Translatable(text, verbatim=True)


def _encoded(message: Value) -> object:
    if isinstance(message, str):
        return message
    if message.verbatim:
        return message.msgid
    return {"m": message.msgid, "a": {name: _encoded(value) for name, value in message.values}}


def _decoded(value: object) -> Value:
    if isinstance(value, Mapping):
        quoted = value.get("a", {})
        values = (
            tuple((str(name), _decoded(item)) for name, item in quoted.items()) if isinstance(quoted, Mapping) else ()
        )
        return Translatable(str(value.get("m", "")), values)
    return str(value)


def to_json(message: Translatable | str) -> str:
    """How the index keeps a message (JSON: a string is verbatim)."""
    return json.dumps(_encoded(message), ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> Translatable:
    """A message as the index kept it (text that is not such JSON is kept verbatim)."""
    try:
        decoded = _decoded(json.loads(text))
    except (ValueError, RecursionError):
        return verbatim(text)
    return decoded if isinstance(decoded, Translatable) else verbatim(decoded)

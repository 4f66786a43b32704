"""How edits and merges quote data in the one line that says what they did: short, on one line, safe."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.i18n import N_, _
from tui.text.gate import safe_line

#: longest piece of data quoted in a description
SHOWN = 60


def shown(value: object, limit: int = SHOWN) -> str:
    """A value quoted in a description: one line, safe, at most `limit` characters."""
    text = safe_line(str(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def name_of(document: Mapping[str, Any]) -> str:
    """The name a description gives a record: its id and, when it has one, its first name."""
    names = document.get("names")
    first = ""
    if isinstance(names, Mapping):
        first = next((str(names[key]) for key in ("ar", "latin") if names.get(key)), "")
    elif isinstance(document.get("title"), str):
        first = document["title"]
    record_id = shown(document.get("id", "?"))
    return f"{record_id} ({shown(first)[1:-1]})" if first else record_id


#: a record of each kind, as a phrase ("an organization"), and "a record" (messages: `_()` says them)
KIND_PHRASES = {
    "organization": N_("an organization"),
    "partnership": N_("a partnership"),
    "association": N_("an association"),
    "person": N_("a person"),
    "source": N_("a source"),
    "record": N_("a record"),
}
#: each kind as the noun a message asks for ("no person with id ..."), and "record"
KIND_NOUNS = {
    "organization": N_("organization"),
    "partnership": N_("partnership"),
    "association": N_("association"),
    "person": N_("person"),
    "source": N_("source"),
    "record": N_("record"),
}


def a(kind: str) -> str:
    """A record of `kind` as a phrase, in the language spoken: "an organization", "a person"."""
    return _(KIND_PHRASES[kind]) if kind in KIND_PHRASES else kind

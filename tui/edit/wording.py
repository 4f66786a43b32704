"""How edits and merges quote data in the one line that says what they did: short, on one line, safe."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


def a(noun: str) -> str:
    """The article before a noun: "an organization", "a person"."""
    return "an" if noun[:1] in "aeiou" else "a"

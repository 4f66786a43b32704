"""Cleaning of the strings of a decoded database file, applied once at load."""

from __future__ import annotations

from typing import Any

from tui.text.gate import clean_stored

#: fields whose text may keep tabs and newlines
MULTILINE_FIELDS = frozenset({"text", "quote"})


def clean_tree(value: Any, key: str | None = None) -> Any:
    """Return a copy of a decoded JSON value with every string cleaned (dict keys too).

    Tuples (as `msgspec.to_builtins` gives them) come back as lists.
    """
    if isinstance(value, str):
        return clean_stored(value, multiline=key in MULTILINE_FIELDS)
    if isinstance(value, dict):
        return {clean_stored(k): clean_tree(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_tree(item, key) for item in value]
    return value

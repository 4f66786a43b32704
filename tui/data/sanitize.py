"""Cleaning of strings read from a database file, applied once at load."""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"

# C0 controls but tab and newline, DEL, C1 controls, the bidi embedding,
# override and isolate controls, and lone surrogates (which JSON's \ud800 escapes
# can produce and which no terminal or UTF-8 stream can take): any of these could
# move the cursor, restyle the terminal, reorder the screen or crash an output.
# They become a visible replacement character.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Tab and newline are kept only in long texts (article bodies).
_LINE_BREAKS = re.compile("[\t\n]")


def clean_string(value: str, *, multiline: bool = False) -> str:
    """Replace control characters with U+FFFD; tabs and newlines become spaces unless multiline."""
    if multiline:
        value = value.replace("\r\n", "\n")  # Windows line ends are line ends, not controls
    cleaned = _UNSAFE.sub(REPLACEMENT, value)
    if not multiline:
        cleaned = _LINE_BREAKS.sub(" ", cleaned)
    return cleaned


#: fields whose text may keep tabs and newlines
MULTILINE_FIELDS = frozenset({"text", "quote"})


def clean_tree(value: Any, key: str | None = None) -> Any:
    """Return a copy of a decoded JSON value with every string cleaned (dict keys too).

    Tuples (as `msgspec.to_builtins` gives them) come back as lists.
    """
    if isinstance(value, str):
        return clean_string(value, multiline=key in MULTILINE_FIELDS)
    if isinstance(value, dict):
        return {clean_string(k): clean_tree(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_tree(item, key) for item in value]
    return value

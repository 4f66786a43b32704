"""Ids for new records: a readable slug from a name or title, unique in the database.

A slug is what `tui.data.models.Slug` accepts: lowercase ASCII letters, digits
and hyphens, starting with a letter or digit. Latin names give theirs with
accents dropped (`Clinique Atlas Santé` -> `clinique-atlas-sante`); Arabic ones
a plain romanization, letter by letter (`أكديتال` -> `akdital`), which is only a
proposal: the user may give the id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

#: longest slug proposed (the model allows 200); cut at a word boundary
MAX_PROPOSED = 60

_ROMAN = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "ch",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "و": "ou",
    "ي": "i",
    "ى": "a",
    "ء": "",
    "ؤ": "ou",
    "ئ": "i",
    "پ": "p",
    "ڤ": "v",
    "گ": "g",
    "ڭ": "g",
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
}
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def slugify(text: str) -> str:
    """The slug of a name or title ("" when nothing in it is a letter or digit)."""
    romanized = "".join(_ROMAN.get(char, char) for char in text)
    decomposed = unicodedata.normalize("NFKD", romanized)
    ascii_only = "".join(char for char in decomposed if char.isascii()).lower()
    slug = _NOT_SLUG.sub("-", ascii_only).strip("-")
    if len(slug) > MAX_PROPOSED:
        cut = slug[:MAX_PROPOSED]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


def unique_id(candidates: Iterable[str], fallback: str, is_taken: Callable[[str], bool]) -> str:
    """The first candidate's slug not taken, or it with `-2`, `-3`... (`fallback` when none gives a slug)."""
    base = next((slug for slug in map(slugify, candidates) if slug), "") or fallback
    if not is_taken(base):
        return base
    number = 2
    while is_taken(f"{base}-{number}"):
        number += 1
    return f"{base}-{number}"

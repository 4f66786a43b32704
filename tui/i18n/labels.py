"""The labels of facts, which are data: a stable key each, and the label in every language.

A fact's label ("Relationship length", "Care units") is written by whoever wrote the
database, in the database; it is not Marsad's own wording. `labels.toml` gives each
label Marsad knows a stable key (`relationship-length`) and its text in English,
French and Arabic. A stored label finds its entry by its key or by its text in any
of the three languages, compared without case, accents' forms or extra spaces; the
detail, the facts table and the copy then say it in the language spoken, search
finds it in all three, and a label with no entry is shown as stored.
docs/data-format.md ("Labels") says how to add one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from tui.i18n.catalogs import current_language
from tui.i18n.languages import CODES

__all__ = ["KINDS", "LABELS_FILE", "entries", "key_of", "label_key", "shown"]

LABELS_FILE = Path(__file__).resolve().parent / "labels.toml"

_NOT_WORD = re.compile(r"[\W_]+")


def label_key(text: str) -> str:
    """The key a label's text gives: its words, case-folded, joined by hyphens (`Relationship length` ->
    `relationship-length`, `مدة العلاقة` -> `مدة-العلاقة`)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "-".join(word for word in _NOT_WORD.split(folded) if word)


#: the tables of labels.toml: what a fact's word is
KINDS = ("label", "unit", "qualifier")


@lru_cache(maxsize=1)
def _read() -> dict[str, tuple[str, dict[str, str]]]:
    """Every entry of labels.toml: key -> (its kind, {language code: text})."""
    import tomllib  # (read once, when a label is first shown or searched)

    with LABELS_FILE.open("rb") as handle:
        table = tomllib.load(handle)
    return {  # (a key is in one table only: tests/test_i18n_catalogs.py)
        key: (kind, {code: str(entry[code]) for code in CODES if code in entry})
        for kind in KINDS
        for key, entry in table.get(kind, {}).items()
    }


@lru_cache(maxsize=len(KINDS) + 1)
def entries(kind: str | None = None) -> dict[str, dict[str, str]]:
    """The entries of labels.toml (of one of its KINDS, or all): key -> {language code: text}."""
    return {key: texts for key, (of, texts) in _read().items() if kind in (None, of)}


@lru_cache(maxsize=1)
def _keys_by_form() -> dict[str, str]:
    """The key of every form of every label (its key too), by `label_key` of the form."""
    found: dict[str, str] = {}
    for key, texts in entries().items():
        found.setdefault(label_key(key), key)
        for text in texts.values():
            found.setdefault(label_key(text), key)
    return found


@lru_cache(maxsize=4096)
def key_of(label: str) -> str | None:
    """The stable key of a stored label (None: labels.toml has no entry for it)."""
    return _keys_by_form().get(label_key(label))


def shown(label: str) -> str:
    """A stored label in the language spoken now; as stored when it has no entry (or none in that language).

    Said with the stored text's first letter's case (a unit stored `health professionals` stays lower case after
    its number, in every language), and as stored when it is already that language's form.
    """
    key = key_of(label)
    if key is None:
        return label
    said = entries()[key].get(current_language(), label)
    if label_key(said) == label_key(label):
        return label
    if label[:1].islower() and said[:1].isupper():
        said = said[:1].lower() + said[1:]
    return said

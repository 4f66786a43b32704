"""Which entries of the search aids a query names, and the forms to search for them.

A key is a name of an entry, normalized as search normalizes text (an Arabic
name also without its article: `مدغشقر`, `المغرب` and `مغرب` are keys). Query
words name an entry when consecutive words are one of its keys; the last word
(the one being typed) may be the start of a key's last word, from
PREFIX_MIN_LETTERS letters on (an Arabic article not counted). Each word of the match then also searches the
entry's forms: every name, normalized, each Arabic word without its article
(the index holds `بالمغرب` and `للمغرب` without theirs: `مغرب` finds them), words of fewer than
SHORT_WORD letters left out; a form whose words hold all those of another form
of the entry adds nothing and is dropped. A document matches a form when one of
its fields holds every word of the form.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from tui.search.aids.names import Entry, Name, entries
from tui.search.normalize import normalize
from tui.search.ranking import SHORT_WORD
from tui.search.terms import MAX_CHAR
from tui.search.translit import is_arabic

ARTICLE = "ال"

#: the last query word names the entries of the keys it starts, from this many letters on
PREFIX_MIN_LETTERS = 4
#: entries a query word may name (the first found: whole keys before started ones, shorter keys first)
MAX_ENTRIES_PER_WORD = 4


@dataclass(frozen=True, slots=True)
class Via:
    """How a hit matched without its words: the `name` the query gave, the `form` found, and the aid's `kind`.

    `kind` is "place" (the gazetteer), "term" (the glossary) or "number" (a
    fact's normalized number, `form` being that number).
    """

    name: str
    form: str
    kind: str


def via_text(vias: Sequence[Via], *, short: bool = False) -> str:
    """What a hit went through, as a row ends with it: "via Madagascar → مدغشقر", "via its number 1000000".

    `short`: only what was found ("via مدغشقر", "via 1000000"), for a narrow row.
    """
    if short:
        return "via " + ", ".join(via.form for via in vias) if vias else ""
    parts = [f"its number {via.form}" if via.kind == "number" else f"{via.name} → {via.form}" for via in vias]
    return "via " + ", ".join(parts) if parts else ""


@dataclass(frozen=True, slots=True)
class AidForm:
    """What a query word also searches: a form's normalized `words`, found together in one field."""

    words: tuple[str, ...]
    via: Via


@dataclass(frozen=True, slots=True)
class _Key:
    words: tuple[str, ...]
    entry: int
    name: str


def _without_article(word: str, shortest: int = SHORT_WORD) -> str:
    """An Arabic name's word without its article (``المغرب`` -> ``مغرب``) if `shortest` letters are left.

    A name has no other proclitic.
    """
    if word.startswith(ARTICLE) and len(word) - len(ARTICLE) >= shortest:
        return word[len(ARTICLE) :]
    return word


def _key_words(name: Name) -> set[tuple[str, ...]]:
    words = tuple(normalize(name.text).split())
    keys = {words} if words else set()
    if name.language == "ar" and words:
        keys.add(tuple(map(_without_article, words)))
    return keys


def _form_words(name: Name) -> tuple[str, ...]:
    words = [_without_article(word) if is_arabic(word) else word for word in normalize(name.text).split()]
    return tuple(dict.fromkeys(word for word in words if len(word) >= SHORT_WORD))


def _forms(entry: Entry) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(words, name as written) of an entry's forms: distinct, none holding all the words of another."""
    found: dict[tuple[str, ...], str] = {}
    for name in entry.names:
        words = _form_words(name)
        if words and words not in found:
            found[words] = name.text
    kept = []
    for words, text in found.items():
        own = set(words)
        if not any(other != words and set(other) <= own for other in found):
            kept.append((words, text))
    return tuple(kept)


class Aids:
    """The entries of the search aids, looked up by the words of a query."""

    def __init__(self, aid_entries: Iterable[Entry]) -> None:
        self._entries = list(aid_entries)
        self._forms = [_forms(entry) for entry in self._entries]
        self._by_first: dict[str, list[_Key]] = {}
        for number, entry in enumerate(self._entries):
            seen: set[tuple[str, ...]] = set()
            for name in entry.names:
                for words in _key_words(name) - seen:
                    if all(len(word) < SHORT_WORD for word in words):
                        continue  # (a query of such words reads no aid: see SearchIndex.aid_forms)
                    seen.add(words)
                    self._by_first.setdefault(words[0], []).append(_Key(words, number, name.text))
        #: first words of one-word keys, sorted: the keys a word starts are one range
        self._single = sorted(word for word, keys in self._by_first.items() if any(len(key.words) == 1 for key in keys))
        #: typing repeats the words before the last one
        self._expanded = lru_cache(maxsize=256)(self._expand)

    def expand(self, words: Sequence[str]) -> list[tuple[AidForm, ...]]:
        """Per query word, the forms it also searches (none for most words)."""
        return list(self._expanded(tuple(words)))

    def _expand(self, words: tuple[str, ...]) -> tuple[tuple[AidForm, ...], ...]:
        # per word: entry -> (the name the query gave, the query's words that gave it)
        named: list[dict[int, tuple[str, frozenset[str]]]] = [{} for _ in words]
        for start, end, key in self._whole_keys(words):
            for position in range(start, end):
                named[position].setdefault(key.entry, (key.name, frozenset(words[start:end])))
        if words and len(_without_article(words[-1], 1)) >= PREFIX_MIN_LETTERS:
            for start, key in self._started_keys(words):
                for position in range(start, len(words)):
                    named[position].setdefault(key.entry, (key.name, frozenset()))
        expanded = []
        for entry_names in named:
            forms: list[AidForm] = []
            for entry, (name, typed) in list(entry_names.items())[:MAX_ENTRIES_PER_WORD]:
                kind = self._entries[entry].kind
                # (a form made of words the query has is searched already, directly)
                forms.extend(
                    AidForm(form, Via(name, text, kind))
                    for form, text in self._forms[entry]
                    if not typed.issuperset(form)
                )
            expanded.append(tuple(forms))
        return tuple(expanded)

    def _whole_keys(self, words: Sequence[str]) -> Iterable[tuple[int, int, _Key]]:
        """(start, end, key) of the keys that words[start:end] are."""
        for start, word in enumerate(words):
            for key in self._by_first.get(word, ()):
                end = start + len(key.words)
                if tuple(words[start:end]) == key.words:
                    yield start, end, key

    def _started_keys(self, words: Sequence[str]) -> list[tuple[int, _Key]]:
        """(start, key) of the keys that the query's last words start (the last one not whole), shorter keys first."""
        last = words[-1]
        found: list[tuple[int, _Key]] = []
        at = bisect_left(self._single, last)
        for first in self._single[at : bisect_left(self._single, last + MAX_CHAR)]:
            if first != last:
                found.extend((len(words) - 1, key) for key in self._by_first[first] if len(key.words) == 1)
        for start in range(len(words) - 1):  # keys of several words whose last word is being typed
            for key in self._by_first.get(words[start], ()):
                end = start + len(key.words)
                if (
                    end == len(words)
                    and len(key.words) > 1
                    and tuple(words[start:-1]) == key.words[:-1]
                    and key.words[-1].startswith(last)
                    and key.words[-1] != last
                ):
                    found.append((start, key))
        found.sort(key=lambda item: (sum(map(len, item[1].words)), item[1].words))
        return found


@cache
def default_aids() -> Aids:
    """The aids of this installation (read once per process, on first use)."""
    return Aids(entries())

"""Which entries of the search aids a query names, and the forms to search for them.

A key is a name of an entry, normalized as search normalizes text (an Arabic
name also without its article: `مدغشقر`, `المغرب` and `مغرب` are keys). Query
words name an entry when consecutive words are one of its keys; the last word
(the one being typed) may be the start of a key's last word, from
PREFIX_MIN_LETTERS letters on (an Arabic article not counted); a key inside a longer
key that the query gives names nothing (`afrique du sud` is South Africa, not
Africa too). Each word of the
match then also searches the entry's forms: every name, normalized, each Arabic
word without its article (`tui.search.aids.matching` finds it behind any
article, conjunction or preposition: `مغرب` in `بالمغرب`); a form that holds
another form of the entry, word for word in a row, adds nothing and is dropped.
A region also searches the forms of the countries it is made of (`members`):
`Afrique subsaharienne` finds `مدغشقر`. A document matches a form when one of its
fields has the form's words in a row (`tui.search.aids.matching`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

import msgspec

from tui.i18n import N_, _, labels
from tui.search.aids.matching import holds
from tui.search.aids.names import Entry, Name, entries, fact_labels
from tui.search.normalize import normalize
from tui.search.ranking import SHORT_WORD
from tui.search.terms import MAX_CHAR
from tui.search.translit import is_arabic

ARTICLE = "ال"

#: the last query word names the entries of the keys it starts, from this many letters on
PREFIX_MIN_LETTERS = 4
#: entries a query word may name (the first found: whole keys before started ones, shorter keys first)
MAX_ENTRIES_PER_WORD = 4


class Via(msgspec.Struct, frozen=True):
    """How a hit matched without its words: the `name` the query gave, the `form` found, and the aid's `kind`.

    `kind` is "place" (the gazetteer), "term" (the glossary), "fact-label" (a label
    named in another language: tui/i18n/labels.toml), or what beside a
    fact's value it matched: "number" (its normalized number, `form` being that
    number), "label" or "unit" (`form` being the label or the unit).
    """

    name: str
    form: str
    kind: str


#: what beside a fact's value a hit may have matched, as a row says it
BESIDE_VALUE = ("number", "label", "unit")


def via_text(vias: Sequence[Via], *, short: bool = False) -> str:
    """What a hit went through, as a row ends with it: "via Madagascar → مدغشقر", "via its label Care units"
    (in the language spoken, a label or a unit too: "عبر تسميته وحدات الرعاية").

    `short`: only what was found ("via مدغشقر", "via 1000000"), for a narrow row.
    """
    separator = _(", ")
    if short:
        return _("via {forms}").format(forms=separator.join(dict.fromkeys(via.form for via in vias))) if vias else ""
    parts = [
        _(_BESIDE_VALUE_SAID[via.kind]).format(form=labels.shown(via.form) if via.kind != "number" else via.form)
        if via.kind in BESIDE_VALUE
        else f"{via.name} → {via.form}"
        for via in vias
    ]
    return _("via {forms}").format(forms=separator.join(dict.fromkeys(parts))) if parts else ""


#: how a hit found beside a fact's value says what it went through
_BESIDE_VALUE_SAID = {
    "label": N_("its label {form}"),
    "unit": N_("its unit {form}"),
    "number": N_("its number {form}"),
}


class AidForm(msgspec.Struct, frozen=True):
    """What a query word also searches: a form's normalized `words`, found in a row in one field.

    `member`: a form of a place that the one the query names is made of (a
    country of a region), ranked below the named place's own forms.
    """

    words: tuple[str, ...]
    via: Via
    member: bool = False


class AidKey(msgspec.Struct, frozen=True):
    """A key of an entry: its normalized `words`, the `entry`'s number, the `name` it was made of as written."""

    words: tuple[str, ...]
    entry: int
    name: str


class AidParts(msgspec.Struct, frozen=True):
    """What `Aids` is made of: the entries, per entry the numbers of its members, the keys by their first word."""

    entries: list[Entry]
    members: list[tuple[int, ...]]
    by_first: dict[str, list[AidKey]]


def _without_article(word: str, shortest: int = SHORT_WORD) -> str:
    """An Arabic name's word without its article (``المغرب`` -> ``مغرب``) if `shortest` letters are left.

    A name has no other proclitic.
    """
    if word.startswith(ARTICLE) and len(word) - len(ARTICLE) >= shortest:
        return word[len(ARTICLE) :]
    return word


def _typed(words: Sequence[str]) -> frozenset[str]:
    """The words a query gives a name with, as forms write them too (an Arabic word without its article)."""
    return frozenset(words) | frozenset(_without_article(word) if is_arabic(word) else word for word in words)


def _key_words(name: Name) -> set[tuple[str, ...]]:
    words = tuple(normalize(name.text).split())
    keys = {words} if words else set()
    if name.language == "ar" and words:
        keys.add(tuple(map(_without_article, words)))
    return keys


def _form_words(name: Name) -> tuple[str, ...]:
    """A name's words as a form finds them: every word, in order, an Arabic one without its article."""
    words = tuple(_without_article(word) if is_arabic(word) else word for word in normalize(name.text).split())
    return words if any(len(word) >= SHORT_WORD for word in words) else ()


def _forms(entry: Entry) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(words, name as written) of an entry's forms: distinct, none holding another in a row."""
    found: dict[tuple[str, ...], str] = {}
    for name in entry.names:
        words = _form_words(name)
        if words and words not in found:
            found[words] = name.text
    return tuple(
        (words, text)
        for words, text in found.items()
        if not any(other != words and holds(words, other) for other in found)
    )


class Aids:
    """The entries of the search aids, looked up by the words of a query.

    Made from the entries (`Aids(entries)`: their keys normalized, ~25 ms for the
    default ones), or from what that made (`Aids.of_parts`), as an index keeps it
    (`tui.search.aids.compiled`).
    """

    def __init__(self, aid_entries: Iterable[Entry]) -> None:
        entries = list(aid_entries)
        by_id = {(entry.kind, entry.id): number for number, entry in enumerate(entries)}
        members = [
            tuple(by_id[(entry.kind, member)] for member in entry.members if (entry.kind, member) in by_id)
            for entry in entries
        ]
        by_first: dict[str, list[AidKey]] = {}
        for number, entry in enumerate(entries):
            seen: set[tuple[str, ...]] = set()
            for name in entry.names:
                for words in sorted(_key_words(name) - seen):  # (sorted: the same order in every process)
                    if all(len(word) < SHORT_WORD for word in words):
                        continue  # (a query of such words reads no aid: see SearchIndex.aid_forms)
                    seen.add(words)
                    by_first.setdefault(words[0], []).append(AidKey(words, number, name.text))
        self._set_parts(AidParts(entries, members, by_first))

    @classmethod
    def of_parts(cls, parts: AidParts) -> Aids:
        """Aids made of what `parts()` gave (no key normalized again)."""
        aids = cls.__new__(cls)
        aids._set_parts(parts)
        return aids

    def parts(self) -> AidParts:
        """What these aids are made of: their entries, the members of each, their keys by first word."""
        return AidParts(self._entries, self._members, self._by_first)

    def _set_parts(self, parts: AidParts) -> None:
        self._entries = parts.entries
        #: per entry, the entries it is made of (a region's countries), by their number
        self._members = parts.members
        self._by_first = parts.by_first
        #: an entry's forms, made when a query first names it (most entries are never named in a process)
        self._forms = cache(self._forms_of)
        #: first words of one-word keys, sorted: the keys a word starts are one range
        self._single = sorted(word for word, keys in self._by_first.items() if any(len(key.words) == 1 for key in keys))
        #: typing repeats the words before the last one
        self._expanded = lru_cache(maxsize=256)(self._expand)

    def _forms_of(self, entry: int) -> tuple[tuple[tuple[str, ...], str], ...]:
        return _forms(self._entries[entry])

    def expand(self, words: Sequence[str]) -> list[tuple[AidForm, ...]]:
        """Per query word, the forms it also searches (none for most words)."""
        return list(self._expanded(tuple(words)))

    def _expand(self, words: tuple[str, ...]) -> tuple[tuple[AidForm, ...], ...]:
        # per word: entry -> (the name the query gave, the query's words that gave it)
        named: list[dict[int, tuple[str, frozenset[str]]]] = [{} for _ in words]
        whole = list(self._whole_keys(words))
        for start, end, key in whole:
            if any(s <= start and end <= e and e - s > end - start for s, e, _other in whole):
                continue  # a name inside a longer name the query gives: "afrique" in "afrique du sud"
            for position in range(start, end):
                named[position].setdefault(key.entry, (key.name, frozenset(words[start:end])))
        if words and len(_without_article(words[-1], 1)) >= PREFIX_MIN_LETTERS:
            for start, key in self._started_keys(words):
                for position in range(start, len(words)):
                    # (the name being typed is searched directly, by its start: its own form adds nothing)
                    named[position].setdefault(key.entry, (key.name, _typed(key.words)))
        expanded = []
        for entry_names in named:
            forms: dict[tuple[str, ...], AidForm] = {}
            for entry, (name, typed) in list(entry_names.items())[:MAX_ENTRIES_PER_WORD]:
                kind = self._entries[entry].kind
                for reached in (entry, *self._members[entry]):
                    # (a form made of words the query has is searched already, directly)
                    for form, text in self._forms(reached):
                        if not typed.issuperset(form):
                            forms.setdefault(form, AidForm(form, Via(name, text, kind), reached != entry))
            expanded.append(tuple(forms.values()))
        return tuple(expanded)

    def _whole_keys(self, words: Sequence[str]) -> Iterable[tuple[int, int, AidKey]]:
        """(start, end, key) of the keys that words[start:end] are."""
        for start, word in enumerate(words):
            for key in self._by_first.get(word, ()):
                end = start + len(key.words)
                if tuple(words[start:end]) == key.words:
                    yield start, end, key

    def _started_keys(self, words: Sequence[str]) -> list[tuple[int, AidKey]]:
        """(start, key) of the keys that the query's last words start (the last one not whole), shorter keys first."""
        last = words[-1]
        found: list[tuple[int, AidKey]] = []
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
    """The aids of this installation (read once per process, on first use): places, terms, labels of facts."""
    return Aids([*entries(), *fact_labels()])

"""One word of a query: the terms it may match, and the documents of each (field, tier).

Everything is looked up in the index on first use and kept for the rest of the
query (a hit that is drawn asks again for the terms of typos and transliterations).
A word that names entries of the search aids also finds the documents of their
forms (`tui.search.aids`), through the query's `AidLookup`: a field that has the
form's words in a row, each a whole word, an Arabic one maybe behind an article,
a conjunction or a preposition (`tui.search.aids.matching`: `مصر`, Egypt, is
found in `بمصر`, never in `مصرف`, a bank).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from pyroaring import BitMap

from tui.search.aids import AidForm
from tui.search.aids.matching import in_text, word_spellings
from tui.search.fields import record_fields
from tui.search.ranking import (
    AID_MEMBER,
    AID_TIERS,
    EXACT_FIELD,
    FIELD_NUMBER,
    FUZZY,
    FUZZY_FLAGS,
    FUZZY_LONG,
    FUZZY_MAX_LETTERS,
    FUZZY_MIN,
    HEAD_EXACT,
    HEAD_PREFIX,
    MAX_PHRASE_CHECKS,
    REST_EXACT,
    REST_PREFIX,
    SHORT_WORD,
    SUBSTRING,
    SUBSTRING_MAX_LETTERS,
    TRANSLIT,
    is_number,
)
from tui.search.reader import IndexReader, Postings
from tui.search.tables import LONG_PREFIX_LENGTH, SCRIPT_ARABIC, SCRIPT_LATIN
from tui.search.terms import deletions, within_one_edit
from tui.search.translit import is_arabic, skeleton

_EMPTY = BitMap()


class AidLookup:
    """The documents of the search aids' forms that one query searches, per field.

    Every spelling of every word of the forms (`word_spellings`: a word behind
    its possible proclitics) is looked up at once, when the first is needed; a
    form of several words is then read in the records that hold all its words in
    one field, to keep those that have them in a row (the first MAX_PHRASE_CHECKS
    such records; the reader keeps what was found for the next keystrokes).
    """

    def __init__(self, reader: IndexReader, forms: Iterable[AidForm]) -> None:
        self._reader = reader
        self._forms = tuple(forms)
        self._words: dict[tuple[str, bool], dict[int, BitMap]] | None = None

    def documents(self, form: AidForm, field: int) -> BitMap:
        """The documents whose field number `field` has the form."""
        candidates = self._candidates(form.words, field)
        if len(form.words) == 1 or not candidates:
            return candidates
        return self._in_a_row(form.words).get(field, _EMPTY) & candidates

    def _candidates(self, words: tuple[str, ...], field: int) -> BitMap:
        """Documents whose field holds each of the words, as a form's first or later word."""
        found = self._word_documents()
        sets = []
        for position, word in enumerate(words):
            docs = found.get((word, position == 0), {}).get(field)
            if not docs:
                return _EMPTY
            sets.append(docs)
        return BitMap.intersection(*sets) if len(sets) > 1 else sets[0]

    def _word_documents(self) -> dict[tuple[str, bool], dict[int, BitMap]]:
        if self._words is None:
            wanted = {(word, position == 0) for form in self._forms for position, word in enumerate(form.words)}
            spellings = {spelling for word, first in wanted for spelling in word_spellings(word, first)}
            postings = self._reader.terms_postings(spellings) if spellings else {}
            self._words = {}
            for word, first in wanted:
                per_field: dict[int, BitMap] = {}
                for spelling in word_spellings(word, first):
                    for (field, _part), docs in postings.get(spelling, {}).items():
                        per_field[field] = per_field[field] | docs if field in per_field else BitMap(docs)
                self._words[(word, first)] = per_field
        return self._words

    def _in_a_row(self, words: tuple[str, ...]) -> dict[int, BitMap]:
        """Per field, the documents that have the words in a row (of the first MAX_PHRASE_CHECKS candidates)."""
        found = self._reader.checked_phrases.get(words)
        if found is not None:
            return found
        by_field = {number: self._candidates(words, number) for number in FIELD_NUMBER.values()}
        candidates = BitMap.union(*by_field.values()) if by_field else BitMap()
        found = {}
        for doc, record in self._reader.records(list(candidates[:MAX_PHRASE_CHECKS])):
            for searched in record_fields(record):
                number = FIELD_NUMBER[searched.name]
                if doc in by_field[number] and (
                    in_text(words, searched.text)
                    or any(in_text(words, shown) for _what, shown in searched.hidden_parts)
                ):  # (in what is shown, or in one of its hidden words: a fact's label "Relationship length")
                    found.setdefault(number, BitMap()).add(doc)
        self._reader.checked_phrases[words] = found
        return found


class QueryWord:
    """A normalized query word and what it matches in one index.

    `aid_forms`: what the word also searches through the search aids, found
    through `aids` (the query's `AidLookup`, which the words of one query share:
    the words of a name of several words search the same forms).
    """

    def __init__(
        self,
        word: str,
        reader: IndexReader,
        aid_forms: tuple[AidForm, ...] = (),
        aids: AidLookup | None = None,
    ) -> None:
        self.word = word
        self.short = len(word) < SHORT_WORD
        self.number = is_number(word)
        self.aid_forms = aid_forms
        self._reader = reader
        self._postings: dict[str, Postings] = {}
        self._texts: dict[int, frozenset[str]] = {}
        self._aids = aids if aids is not None else AidLookup(reader, aid_forms)
        self._aid_documents: dict[tuple[int, bool], BitMap] = {}

    # -- terms ---------------------------------------------------------------------------

    @cached_property
    def exact(self) -> int | None:
        """The term id of the word itself."""
        return self._reader.term_id(self.word)

    @cached_property
    def starting(self) -> tuple[int, int] | None:
        """The ids of the terms that start with the word (itself included)."""
        return self._reader.starting_with(self.word)

    @cached_property
    def substring_terms(self) -> BitMap:
        """Terms that contain the word, not at their start."""
        word = self.word
        # (no indexed term is longer than the cap, so none contains a longer word)
        if len(word) > SUBSTRING_MAX_LETTERS:
            return BitMap()
        grams = {word[i : i + 3] for i in range(len(word) - 2)}
        sets = self._reader.trigram_sets(grams)
        if not grams or len(sets) < len(grams):
            return BitMap()
        found = BitMap.intersection(*sets) if len(sets) > 1 else sets[0]
        starting = self.starting
        if starting is not None:
            found.remove_range(starting[0], starting[1] + 1)
        if self._reader.sorted_terms is not None:
            found -= self._reader.added_starting_with(word)
        if len(word) > 3 and found:
            found = BitMap(number for number, term, _flags in self._reader.terms(found) if word in term)
        return found

    @cached_property
    def fuzzy_terms(self) -> dict[int, str]:
        """Terms one edit away that do not contain the word: id -> term."""
        word = self.word
        if not FUZZY_MIN <= len(word) <= FUZZY_MAX_LETTERS:
            return {}
        variants = deletions(word) if len(word) >= FUZZY_LONG else set()
        candidates = BitMap()
        for terms in self._reader.deletion_sets({word, *variants}):
            candidates |= terms
        if variants:
            candidates.update(self._reader.term_ids(variants))
        found = {}
        for number, term, flags in self._reader.terms(candidates):
            if (
                flags & FUZZY_FLAGS
                and word not in term
                and max(len(term), len(word)) >= FUZZY_LONG
                and within_one_edit(word, term)
            ):
                found[number] = term
        return found

    @property
    def translit_terms(self) -> BitMap:
        """Terms of the other script with the word's consonant skeleton."""
        return self._translit[0]

    @property
    def translit_prefix_terms(self) -> BitMap:
        """Terms of the other script whose skeleton starts with the word's (and is longer)."""
        return self._translit[1]

    @cached_property
    def _translit(self) -> tuple[BitMap, BitMap]:
        word = self.word
        same, longer = BitMap(), BitMap()
        if len(word) >= SHORT_WORD:
            key = skeleton(word)
            arabic = is_arabic(word)
            if len(key) >= 2 and (arabic or word.isascii()):
                script = SCRIPT_LATIN if arabic else SCRIPT_ARABIC  # the other script's terms
                for _key, terms in self._reader.skeleton_sets(script, key, extensions=False):
                    same |= terms
                if len(key) >= 3:
                    for _key, terms in self._reader.skeleton_sets(script, key, extensions=True):
                        longer |= terms
                    longer -= same
        return same, longer

    def matched_terms(self, tier: int) -> frozenset[str]:
        """The terms of a fuzzy or transliteration tier, as text (for a hit's highlights)."""
        texts = self._texts.get(tier)
        if texts is None:
            if tier == FUZZY:
                texts = frozenset(self.fuzzy_terms.values())
            else:
                ids = self.translit_terms if tier == TRANSLIT else self.translit_prefix_terms
                texts = frozenset(term for _number, term, _flags in self._reader.terms(ids)) if ids else frozenset()
            self._texts[tier] = texts
        return texts

    # -- documents -----------------------------------------------------------------------

    def documents(self, field: str, tier: int) -> BitMap:
        """The documents whose `field` this word matches by `tier` (and maybe by a better one)."""
        number = FIELD_NUMBER[field]
        if tier == EXACT_FIELD:
            return self._fields_equal.get(number, _EMPTY)
        if tier in AID_TIERS:
            return self._aided(number, tier == AID_MEMBER)
        if tier in (HEAD_EXACT, REST_EXACT):
            postings = self._tier_postings("exact")
        elif tier in (HEAD_PREFIX, REST_PREFIX):
            postings = self._tier_postings("prefix")
        else:
            postings = self._tier_postings(str(tier))
            head, rest = postings.get((number, 0), _EMPTY), postings.get((number, 1), _EMPTY)
            return head | rest if head and rest else head or rest
        part = 0 if tier in (HEAD_EXACT, HEAD_PREFIX) else 1
        return postings.get((number, part), _EMPTY)

    def _aided(self, number: int, member: bool) -> BitMap:
        """Documents whose field number `number` has one of the word's aid forms (or those of a region's countries)."""
        found = self._aid_documents.get((number, member))
        if found is None:
            found = BitMap()
            for form in self.aid_forms:
                if form.member == member:
                    found |= self._aids.documents(form, number)
            self._aid_documents[(number, member)] = found
        return found

    @cached_property
    def _fields_equal(self) -> dict[int, BitMap]:
        """Documents per field number whose (short) field is this word."""
        return self._reader.phrase_postings(self.word, list(FIELD_NUMBER.values()))

    def _tier_postings(self, name: str) -> Postings:
        postings = self._postings.get(name)
        if postings is None:
            postings = self._postings[name] = self._read_postings(name)
        return postings

    def _read_postings(self, name: str) -> Postings:
        reader = self._reader
        if name == "exact":
            term = self.exact
            return {} if term is None else reader.term_postings(term)
        if name == "prefix":
            # A prefix tier also holds the word's own documents: they match it by a better
            # tier of the same field, which decides their rank, so nothing changes, and the
            # tier is one range (or, for 1 to 3 letters, one row of prefixes).
            if self.short or len(self.word) == LONG_PREFIX_LENGTH:
                return reader.prefix_postings(self.word)
            starting = self.starting
            added = reader.added_starting_with(self.word) if reader.sorted_terms is not None else BitMap()
            if starting is None and not added:
                return {}
            first, last = starting if starting is not None else (1, 0)
            exact = self._tier_postings("exact") if starting is not None and self.exact == first else {}
            if exact:  # (the word's own term is the first of the range, and read already)
                first += 1
            others = reader.range_postings(first, last) if first <= last else {}
            if added:  # (terms an edit added, numbered out of order)
                more = reader.set_postings(added)
                others = {key: others.get(key, _EMPTY) | more.get(key, _EMPTY) for key in others.keys() | more.keys()}
            return {key: exact.get(key, _EMPTY) | others.get(key, _EMPTY) for key in exact.keys() | others.keys()}
        tier = int(name)
        if tier == SUBSTRING:
            terms = self.substring_terms
        elif tier == FUZZY:
            terms = BitMap(self.fuzzy_terms)
        elif tier == TRANSLIT:
            terms = self.translit_terms
        else:
            terms = self.translit_prefix_terms
        return reader.set_postings(terms) if terms else {}

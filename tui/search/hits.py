"""A search hit, and how it says what matched: its best field, the match's label, its spans.

Ranking needs none of these; a hit works them out from its own record (decoded
from the index file) when it is first asked, so only the hits that are drawn
pay for it. A hit found through a search aid, or through a fact's number, says
so (`via`): the name the query gave and the form found.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.data.stored import FileChanged
from tui.search.aids import Via
from tui.search.aids.matching import phrase_spans, word_spellings
from tui.search.fields import SearchField, record_fields
from tui.search.normalize import normalize, source_spans
from tui.search.ranking import (
    AID_MEMBER,
    AID_WORD,
    EXACT_FIELD,
    FIELD_WEIGHTS,
    FUZZY,
    HEAD_EXACT,
    HEAD_PREFIX,
    MATCH_FACTORS,
    MATCH_LABELS,
    NAME_FIELDS,
    REST_EXACT,
    REST_PREFIX,
    SAME_SCORE,
    SUBSTRING,
    TRANSLIT,
    TRANSLIT_PREFIX,
)
from tui.search.terms import term_starts, token_terms

if TYPE_CHECKING:
    from tui.data.models import Record
    from tui.search.reader import Document, IndexReader
    from tui.search.words import QueryWord

#: normalized (start, end) ranges
_Spans = list[tuple[int, int]]
#: (tier, normalized spans, how it matched without its own words)
_Found = tuple[int, _Spans, Via | None]


class Hit:
    """One search result: ``doc`` (kind, id, title), ``score``, and how it matched.

    ``doc`` is read from the index, and ``field`` (the best matching field),
    ``match`` (its label), ``spans`` (matched ``(start, end)`` ranges of
    ``field.text``) and ``via`` (how words matched without being in the field:
    through a search aid or the fact's number) are worked out from the record, on
    first access only: a keystroke's search reads no record, and a screen reads
    those it shows. Read-only.
    """

    __slots__ = ("_doc", "_field", "_match", "_number", "_plans", "_reader", "_record", "_spans", "_via", "score")

    def __init__(self, number: int, score: float, reader: IndexReader, plans: list[QueryWord]) -> None:
        self.score = score
        self._number = number
        self._reader = reader
        self._plans = plans
        self._doc: Document | None = None
        self._record: Callable[[], Record] | None = None
        self._field: SearchField | None = None
        self._match = ""
        self._spans: tuple[tuple[int, int], ...] = ()
        self._via: tuple[Via, ...] = ()

    @property
    def doc(self) -> Document:
        if self._doc is None:
            self._doc, self._record = self._reader.document(self._number)
        return self._doc

    def _resolve(self) -> SearchField:
        if self._field is None:
            doc = self.doc
            try:
                fields = record_fields(self._record())  # type: ignore[misc]
            except FileChanged:  # (the file changed under its index: the hit says its title, the app offers a reload)
                fields = (SearchField("name", FIELD_WEIGHTS["name"], doc.title),)
            self._record = None
            field, self._match, spans, self._via = best_field(fields, doc.title, self.score, self._plans)
            self._spans = source_spans(field.text, spans)
            self._field = field
        return self._field

    @property
    def field(self) -> SearchField:
        return self._resolve()

    @property
    def match(self) -> str:
        self._resolve()
        return self._match

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        self._resolve()
        return self._spans

    @property
    def via(self) -> tuple[Via, ...]:
        self._resolve()
        return self._via

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hit):
            return NotImplemented
        return (self.doc, self.score, self.field, self.match, self.spans, self.via) == (
            other.doc,
            other.score,
            other.field,
            other.match,
            other.spans,
            other.via,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Hit(doc={self.doc!r}, score={self.score!r}, field={self.field!r}, "
            f"match={self.match!r}, spans={self.spans!r}, via={self.via!r})"
        )


def best_field(
    fields: tuple[SearchField, ...], title: str, score: float, plans: list[QueryWord]
) -> tuple[SearchField, str, _Spans, tuple[Via, ...]]:
    """(field, match label, normalized spans, vias) that explain a hit of this score."""
    count = len(plans)
    query = " ".join(plan.word for plan in plans)
    best_key: tuple[float, float] | None = None
    best: tuple[SearchField, str, _Spans, tuple[Via, ...]] | None = None
    for field in sorted(fields, key=lambda field: -field.weight):
        if best_key is not None and field.weight * count <= best_key[0]:
            break  # no remaining field can do better
        text = normalize(field.text)
        if not text and not field.hidden:
            continue
        if text and (text == query or (count > 1 and text.startswith(query))):
            tier = EXACT_FIELD if text == query else (HEAD_EXACT if text[len(query)] == " " else HEAD_PREFIX)
            candidate: tuple[SearchField, str, _Spans, tuple[Via, ...]] = (
                field,
                MATCH_LABELS[tier],
                [(0, len(query))],
                (),
            )
            key = (field.weight * MATCH_FACTORS[tier] * count, field.weight)
        else:
            total = 0.0
            worst = -1
            spans: _Spans = []
            vias: list[Via] = []
            for plan in plans:
                found = word_in_field(plan, field, text)
                if found is None:
                    continue
                tier, word_spans, via = found
                total += field.weight * MATCH_FACTORS[tier]
                worst = max(worst, tier)
                spans.extend(word_spans)
                if via is not None:
                    vias.append(via)
            if worst < 0:
                continue
            candidate = (field, MATCH_LABELS[worst], spans, tuple(dict.fromkeys(vias)))
            key = (total, field.weight)
        if best_key is None or key > best_key:
            best_key, best = key, candidate
            if count == 1 and key[0] >= score - SAME_SCORE:
                break
    if best is None:  # defensive: should not happen
        return (fields[0] if fields else SearchField("title", 0.0, title)), "exact", [], ()
    return best


def word_in_field(word: QueryWord, field: SearchField, text: str) -> _Found | None:
    """Best tier of a query word in a field whose normalized text is `text`, with normalized spans.

    Its hidden words (a fact's label, unit and number) are searched as words after
    the text, as the index posts them; a match there lights the whole text and says
    which of them it was (`via`).
    """
    searched = f"{text} {field.hidden}" if text and field.hidden else text or field.hidden
    found = _matched(word, field.name, searched)
    if found is None or not field.hidden:
        return found
    tier, spans, via = found
    shown = [(start, end) for start, end in spans if end <= len(text)]
    if len(shown) == len(spans):
        return found
    in_text = _matched(word, field.name, text) if text else None
    if in_text is not None and in_text[0] <= tier:
        return in_text  # (as good in what is shown: that is what is lit)
    if not shown:  # matched in the hidden words only
        return tier, [(0, len(text))] if text else [], _hidden_via(word, field)
    return tier, shown, via


def _matched(word: QueryWord, name: str, text: str) -> _Found | None:
    found = _direct(word, name, text)
    if found is None and word.aid_forms:
        found = _through_aid(word, name, text)
    if found is None and not word.short:
        found = _approximate(word, name, text)
    return found


def _hidden_via(word: QueryWord, field: SearchField) -> Via:
    """Which of a field's hidden words the query word matched: "its label Care units", "its number 1000000"."""
    for what, shown in field.hidden_parts:
        part = shown if what == "number" else normalize(shown)
        if _matched(word, field.name, part) is not None:
            return Via(word.word, shown, what)
    what, shown = field.hidden_parts[-1] if field.hidden_parts else ("number", field.hidden)
    return Via(word.word, shown, what)  # (a word across two of them: said as the last)


def _direct(word: QueryWord, name: str, text: str) -> _Found | None:
    """The word itself in the text: whole, at the start of a word (or after its article), inside a word.

    Mirrors the index: term starts are word starts plus the start of an
    article-less form (``التازي`` -> ``تازي``). A short word matches the starts
    of names only, and a short number whole words anywhere.
    """
    query = word.word
    if word.short and name not in NAME_FIELDS:
        return _whole_words(query, text) if word.number else None
    if query not in text:
        return None
    length = len(query)
    # one pass over the words: linear in the field, however often the query word occurs
    best: int | None = None
    word_spans: _Spans = []
    inner_spans: _Spans = []
    offset = 0
    for number, token in enumerate(text.split(" ")):
        if query in token:
            for start in term_starts(token):
                if token.startswith(query, start):
                    whole = start + length == len(token)
                    if number == 0:
                        tier = HEAD_EXACT if whole else HEAD_PREFIX
                    else:
                        tier = REST_EXACT if whole else REST_PREFIX
                    if best is None or tier < best:
                        best = tier
                    word_spans.append((offset + start, offset + start + length))
            if best is None and not word.short:
                at = token.find(query)
                while at >= 0:
                    inner_spans.append((offset + at, offset + at + length))
                    at = token.find(query, at + length)
        offset += len(token) + 1
    if best is not None:
        return best, word_spans, None
    if word.short:
        return None
    return SUBSTRING, inner_spans, None


def _whole_words(query: str, text: str) -> _Found | None:
    """A number as a whole word of the text."""
    best: int | None = None
    spans: _Spans = []
    offset = 0
    for number, token in enumerate(text.split(" ")):
        if token == query:
            tier = HEAD_EXACT if number == 0 else REST_EXACT
            best = tier if best is None else min(best, tier)
            spans.append((offset, offset + len(token)))
        offset += len(token) + 1
    return None if best is None else (best, spans, None)


def _through_aid(word: QueryWord, name: str, text: str) -> _Found | None:
    """The first of the word's aid forms that the text has, its words in a row (`tui.search.aids.matching`).

    The named place's or term's own forms first, then those of a region's countries.
    """
    tokens = set(text.split(" "))
    possible = [form for form in word.aid_forms if not tokens.isdisjoint(word_spellings(form.words[0], True))]
    for member in (False, True):
        for form in possible:
            if form.member == member and (spans := phrase_spans(form.words, text)):
                return (AID_MEMBER if member else AID_WORD), spans, form.via
    return None


def _approximate(word: QueryWord, name: str, text: str) -> _Found | None:
    """Terms of the text one typo away from the word, or (in names) with its consonants in the other script."""
    tiers = [FUZZY, TRANSLIT, TRANSLIT_PREFIX] if name in NAME_FIELDS else [FUZZY]
    for tier in tiers:
        terms = word.matched_terms(tier)
        if not terms:
            continue
        spans: _Spans = []
        offset = 0
        for token in text.split(" "):
            for term in token_terms(token):
                if term in terms:
                    start = offset + len(token) - len(term)
                    spans.append((start, start + len(term)))
            offset += len(token) + 1
        if spans:
            return tier, spans, None
    return None

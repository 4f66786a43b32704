"""A search hit, and how it says what matched: its best field, the match's label, its spans.

Ranking needs none of these; a hit works them out from its own record (decoded
from the index file) when it is first asked, so only the hits that are drawn
pay for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.search.fields import SearchField, record_fields
from tui.search.normalize import normalize, source_spans
from tui.search.ranking import (
    EXACT_FIELD,
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


class Hit:
    """One search result: ``doc`` (kind, id, title), ``score``, and how it matched.

    ``doc`` is read from the index, and ``field`` (the best matching field),
    ``match`` (its label) and ``spans`` (matched ``(start, end)`` ranges of
    ``field.text``) are worked out from the record, on first access only: a
    keystroke's search reads no record, and a screen reads those it shows.
    Read-only.
    """

    __slots__ = ("score", "_number", "_reader", "_plans", "_doc", "_record", "_field", "_match", "_spans")

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

    @property
    def doc(self) -> Document:
        if self._doc is None:
            self._doc, self._record = self._reader.document(self._number)
        return self._doc

    def _resolve(self) -> SearchField:
        if self._field is None:
            doc = self.doc
            fields = record_fields(self._record())  # type: ignore[misc]
            self._record = None
            field, self._match, spans = best_field(fields, doc.title, self.score, self._plans)
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

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hit):
            return NotImplemented
        return (self.doc, self.score, self.field, self.match, self.spans) == (
            other.doc, other.score, other.field, other.match, other.spans)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"Hit(doc={self.doc!r}, score={self.score!r}, field={self.field!r}, "
                f"match={self.match!r}, spans={self.spans!r})")


def best_field(
    fields: tuple[SearchField, ...], title: str, score: float, plans: list[QueryWord]
) -> tuple[SearchField, str, _Spans]:
    """(field, match label, normalized spans) that explain a hit of this score."""
    count = len(plans)
    query = " ".join(plan.word for plan in plans)
    best_key: tuple[float, float] | None = None
    best: tuple[SearchField, str, _Spans] | None = None
    for field in sorted(fields, key=lambda field: -field.weight):
        if best_key is not None and field.weight * count <= best_key[0]:
            break  # no remaining field can do better
        text = normalize(field.text)
        if not text:
            continue
        if text == query or (count > 1 and text.startswith(query)):
            tier = EXACT_FIELD if text == query else (HEAD_EXACT if text[len(query)] == " " else HEAD_PREFIX)
            candidate = (field, MATCH_LABELS[tier], [(0, len(query))])
            key = (field.weight * MATCH_FACTORS[tier] * count, field.weight)
        else:
            total = 0.0
            worst = -1
            spans: _Spans = []
            for plan in plans:
                found = word_in_field(plan, field.name, text)
                if found is None:
                    continue
                tier, word_spans = found
                total += field.weight * MATCH_FACTORS[tier]
                worst = max(worst, tier)
                spans.extend(word_spans)
            if worst < 0:
                continue
            candidate = (field, MATCH_LABELS[worst], spans)
            key = (total, field.weight)
        if best_key is None or key > best_key:
            best_key, best = key, candidate
            if count == 1 and key[0] >= score - SAME_SCORE:
                break
    if best is None:  # defensive: should not happen
        return (fields[0] if fields else SearchField("title", 0.0, title)), "exact", []
    return best


def word_in_field(word: QueryWord, name: str, text: str) -> tuple[int, _Spans] | None:
    """Best tier of a query word in a normalized field, with normalized spans.

    Mirrors the index: term starts are word starts plus the start of an
    article-less form (``التازي`` -> ``تازي``).
    """
    query = word.word
    if word.short and name not in NAME_FIELDS:
        return None
    length = len(query)
    if query in text:
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
            return best, word_spans
        if word.short:
            return None
        return SUBSTRING, inner_spans
    if word.short:
        return None
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
            return tier, spans
    return None

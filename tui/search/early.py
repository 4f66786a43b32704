"""Search before the index is complete: the names of the records read so far.

A first open of a large file writes the search tables last (docs/architecture.md,
"The index"): at 100k records the lists fill in seconds, the whole search comes
tens of seconds later. Until then `/` answers from the names the lists already
show (each record's title and its Arabic and Latin names, as the index being
built holds them), normalized as search normalizes: every query word must
begin a word of a name (or, from 3 letters, be inside one), and hits rank by
how they matched, as the whole search ranks name fields (ties in the order the
records were read). Facts, articles, aliases, typos, transliteration and search
aids wait for the whole index; the search screen says so, and how many records
it looked through.

Each search first takes the records read since the last one (`rows_after`), then
scans the normalized names with literal patterns (C-speed `re`), so a keystroke
costs time linear in the names, never more. What is kept is small: the
normalized names as text (one string per take, never copied again) and a few
numbers per name; a hit reads its record's names again (`row_at`).
"""

from __future__ import annotations

import bisect
import heapq
import re
import threading
from array import array
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

from tui.search.aids import Via
from tui.search.fields import SearchField
from tui.search.normalize import normalize, source_spans
from tui.search.ranking import (
    EXACT_FIELD,
    FIELD_WEIGHTS,
    HEAD_EXACT,
    HEAD_PREFIX,
    MATCH_FACTORS,
    MATCH_LABELS,
    REST_EXACT,
    REST_PREFIX,
    SHORT_WORD,
    SUBSTRING,
    query_words,
)
from tui.search.reader import Document

#: (row id, kind name, id, title, Arabic name, Latin name) of a record, in the order it was read
NameRow = tuple[int, str, str, str, str | None, str | None]
#: some of the records read after a row id, in row id order (none: there are no more yet)
RowsAfter = Callable[[int], list[NameRow]]
#: the record of a row id (None: no longer there)
RowAt = Callable[[int], NameRow | None]

#: separates the names in the scanned text (never in a normalized name: normalization makes spaces)
_LINE = "\n"
#: which of a row's names a name is: its title, Arabic or Latin name (`_names`)
_SLOTS = range(3)


@dataclass(frozen=True, slots=True)
class EarlyHit:
    """A hit of the early search: the same face as `tui.search.hits.Hit` (doc, field, spans, match, via, score)."""

    doc: Document
    field: SearchField
    spans: tuple[tuple[int, int], ...]
    match: str
    score: float
    via: tuple[Via, ...] = ()


@dataclass(frozen=True, slots=True)
class _Segment:
    """The normalized names one take added, each followed by `_LINE`."""

    text: str
    starts: array[int]
    """Where each name begins in `text`."""
    first: int
    """The number of its first name among all names."""

    def line(self, at: int) -> tuple[int, str]:
        """The number (among all names) and the text of the name holding position `at`."""
        index = bisect.bisect_right(self.starts, at) - 1
        start = self.starts[index]
        return self.first + index, self.text[start : self.text.index(_LINE, start)]


class EarlySearch:
    """The names of the records read so far, searched while the index is being built."""

    def __init__(self, rows_after: RowsAfter, row_at: RowAt) -> None:
        self._rows_after = rows_after
        self._row_at = row_at
        self._lock = threading.Lock()
        """Held while the names grow or are searched (a search and the app's taking of names are threads)."""
        self._segments: list[_Segment] = []
        self._rowids = array("q")
        """Per record (in the order read): its row id."""
        self._kinds = bytearray()
        """Per record: its kind, a number into `_kind_names`."""
        self._kind_names: list[str] = []
        self._name_record = array("q")
        """Per name: its record's number."""
        self._name_slot = bytearray()
        """Per name: which of its record's names it is (a place in `_names`)."""

    def __len__(self) -> int:
        """Records looked through so far (as of the last search)."""
        return len(self._rowids)

    def take_new_records(self) -> None:
        """Read the records the index received since the last call."""
        with self._lock:
            self._take_new_records()

    def _take_new_records(self) -> None:
        texts: list[str] = []
        starts = array("q")
        length, first = 0, len(self._name_slot)
        while rows := self._rows_after(self._rowids[-1] if self._rowids else 0):
            for row in rows:
                record = len(self._rowids)
                self._rowids.append(row[0])
                self._kinds.append(self._kind_number(row[1]))
                seen: set[str] = set()
                names = _names(row)
                for slot in _SLOTS:
                    name = names[slot]
                    if not name or name in seen:
                        continue
                    seen.add(name)
                    normalized = normalize(name)
                    if not normalized:
                        continue
                    starts.append(length)
                    texts.append(normalized)
                    length += len(normalized) + len(_LINE)
                    self._name_record.append(record)
                    self._name_slot.append(slot)
        if texts:
            self._segments.append(_Segment(_LINE.join(texts) + _LINE, starts, first))

    def _kind_number(self, kind: str) -> int:
        if kind not in self._kind_names:
            self._kind_names.append(kind)
        return self._kind_names.index(kind)

    def search(self, query: str, *, kinds: Collection[str] | None = None, limit: int = 50) -> list[EarlyHit]:
        """The best `limit` records whose names hold every word of `query`."""
        if limit <= 0 or not isinstance(query, str):
            return []
        words = query_words(query)
        if not words:
            return []
        with self._lock:
            self._take_new_records()
            return self._search(words, kinds, limit)

    def _search(self, words: list[str], kinds: Collection[str] | None, limit: int) -> list[EarlyHit]:
        whole = " ".join(words)
        wanted = None if kinds is None else {number for number, kind in enumerate(self._kind_names) if kind in kinds}
        best: dict[int, tuple[float, int, str, int]] = {}
        """Per record: its best score, and the name that has it (its number, normalized, its weakest tier)."""
        weight = FIELD_WEIGHTS["name"]
        for name, normalized in self._candidates(max(words, key=len)):
            record = self._name_record[name]
            if wanted is not None and self._kinds[record] not in wanted:
                continue
            tiers = _tiers(words, normalized, whole)
            if tiers is None:
                continue
            score = weight * sum(MATCH_FACTORS[tier] for tier in tiers) / len(tiers)
            if score > best.get(record, (-1.0, 0, "", 0))[0]:
                best[record] = (score, name, normalized, max(tiers))
        ranked = heapq.nsmallest(limit, best.items(), key=lambda item: (-item[1][0], item[0]))
        hits = []
        for record, (score, name, normalized, tier) in ranked:
            row = self._row_at(self._rowids[record])
            if row is not None and (text := _names(row)[self._name_slot[name]]):
                hits.append(_hit(row, text, normalized, score, tier, words))
        return hits

    def _candidates(self, word: str) -> Iterator[tuple[int, str]]:
        """(number, normalized text) of the names in which `word` begins a word (a short word) or occurs (a
        longer one), each once, in order. (Literal patterns only, which `re` finds with its fast search.)"""
        for segment in self._segments:
            last = -1
            for place in _places(word, segment.text):
                name, normalized = segment.line(place)
                if name != last:
                    last = name
                    yield name, normalized


def _places(word: str, text: str) -> Iterator[int]:
    """Where `word` is in `text`, in order: at the start of a word only, for a short word."""
    if len(word) >= SHORT_WORD:
        return (match.start() for match in re.finditer(re.escape(word), text))
    # the start of a word: the text's, a name's (after a line break) or a word's (after a space)
    after_break = (match.start() + 1 for match in re.finditer(re.escape(_LINE + word), text))
    after_space = (match.start() + 1 for match in re.finditer(re.escape(" " + word), text))
    return heapq.merge([0] if text.startswith(word) else [], after_break, after_space)


def _names(row: NameRow) -> tuple[str, str | None, str | None]:
    """A record's title, Arabic and Latin names."""
    return row[3], row[4], row[5]


def _hit(row: NameRow, text: str, normalized: str, score: float, tier: int, words: list[str]) -> EarlyHit:
    return EarlyHit(
        doc=Document(row[1], row[2], row[3]),
        field=SearchField("name", FIELD_WEIGHTS["name"], text),
        spans=source_spans(text, _spans(words, normalized)),
        match=MATCH_LABELS[tier],
        score=score,
    )


def _tiers(words: list[str], name: str, whole: str) -> list[int] | None:
    """How each query word meets the normalized `name` (None: one does not)."""
    if name == whole:
        return [EXACT_FIELD]
    tiers: list[int] = []
    for word in words:
        tier = _tier(word, name)
        if tier is None:
            return None
        tiers.append(tier)
    return tiers


def _tier(word: str, name: str) -> int | None:
    """How one query word meets a normalized name (its words are separated by one space)."""
    if name.startswith(word):
        return HEAD_EXACT if name[len(word) : len(word) + 1] in ("", " ") else HEAD_PREFIX
    if f" {word}" in name:
        return REST_EXACT if f" {word} " in f"{name} " else REST_PREFIX
    if len(word) >= SHORT_WORD and word in name:
        return SUBSTRING
    return None


def _spans(words: list[str], name: str) -> list[tuple[int, int]]:
    """Where the query words are in the normalized name: each word's first place, at a word's start if it can."""
    spans: list[tuple[int, int]] = []
    for word in words:
        at_start = re.search(r"(?:^|(?<= ))" + re.escape(word), name)
        start = at_start.start() if at_start else name.find(word)
        if start >= 0:
            spans.append((start, start + len(word)))
    return spans

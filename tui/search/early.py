"""Search before the index is complete: the names of the records read so far.

A first open of a large file writes the search tables last (docs/architecture.md,
"The index"): at 100k records the lists fill in seconds, the whole search comes
tens of seconds later. Until then `/` answers from the names the lists already
show (each record's title and its Arabic and Latin names, as the index being
built holds them), normalized as search normalizes: every query word must
begin a word of a name (or, from 3 letters, be inside one), and hits rank by
how they matched, as the whole search ranks name fields. Facts, articles,
aliases, typos, transliteration and search aids wait for the whole index; the
search screen says so, and how many records it looked through.

Each search first takes the records read since the last one (`rows_after`),
then scans one string of every normalized name (C-speed `re` over a few MB at
100k records), so a keystroke costs time linear in the names, never more.
"""

from __future__ import annotations

import heapq
import re
import threading
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

#: separates the names in the scanned string (never in a normalized name: normalization makes spaces)
_LINE = "\n"


@dataclass(frozen=True, slots=True)
class EarlyHit:
    """A hit of the early search: the same face as `tui.search.hits.Hit` (doc, field, spans, match, via, score)."""

    doc: Document
    field: SearchField
    spans: tuple[tuple[int, int], ...]
    match: str
    score: float
    via: tuple[Via, ...] = ()


@dataclass(slots=True)
class _Name:
    """One searched name of a record: as shown, and normalized."""

    record: int
    """Its record's place in `EarlySearch._records`."""
    text: str
    normalized: str


class EarlySearch:
    """The names of the records read so far, searched while the index is being built."""

    def __init__(self, rows_after: RowsAfter) -> None:
        self._rows_after = rows_after
        self._lock = threading.Lock()
        """Held while the names grow or are searched (a search and the app's taking of names are threads)."""
        self._last_rowid = 0
        self._records: list[Document] = []
        self._names: list[_Name] = []
        self._chunks: list[str] = []
        """Normalized names not yet joined into `_text`."""
        self._text = ""
        """Every normalized name, each followed by `_LINE`."""
        self._name_at: dict[int, int] = {}
        """The name that begins at each line's start in `_text`."""
        self._length = 0
        """The length `_text` has once the chunks are joined."""

    def __len__(self) -> int:
        """Records looked through so far (as of the last search)."""
        return len(self._records)

    def take_new_records(self) -> None:
        """Read the records the index received since the last call."""
        with self._lock:
            self._take_new_records()

    def _take_new_records(self) -> None:
        while rows := self._rows_after(self._last_rowid):
            self._take(rows)
        if self._chunks:
            self._text += "".join(self._chunks)
            self._chunks = []

    def _take(self, rows: list[NameRow]) -> None:
        for rowid, kind, record_id, title, arabic, latin in rows:
            self._last_rowid = rowid
            number = len(self._records)
            self._records.append(Document(kind, record_id, title))
            for text in dict.fromkeys(name for name in (title, arabic, latin) if name):
                normalized = normalize(text)
                if not normalized:
                    continue
                self._name_at[self._length] = len(self._names)
                self._chunks.append(normalized + _LINE)
                self._length += len(normalized) + len(_LINE)
                self._names.append(_Name(number, text, normalized))

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
        best: dict[int, tuple[float, int]] = {}
        """Per record: its best score, and the name that has it."""
        names, records, weight = self._names, self._records, FIELD_WEIGHTS["name"]
        for name_number in self._candidates(max(words, key=len)):
            name = names[name_number]
            if kinds is not None and records[name.record].kind not in kinds:
                continue
            tiers = _tiers(words, name.normalized, whole)
            if tiers is None:
                continue
            score = weight * sum(MATCH_FACTORS[tier] for tier in tiers) / len(tiers)
            if score > best.get(name.record, (-1.0, 0))[0]:
                best[name.record] = (score, name_number)
        ranked = heapq.nsmallest(
            limit, best.items(), key=lambda item: (-item[1][0], records[item[0]].title, records[item[0]].id)
        )
        return [self._hit(names[name_number], score, words, whole) for _record, (score, name_number) in ranked]

    def _candidates(self, word: str) -> Iterator[int]:
        """The names in which `word` begins a word (a short word) or occurs (a longer one), each once, in order.

        (Literal patterns only, which `re` finds with its fast search; a match's name is found by looking
        back for the start of its line.)
        """
        text, name_at, line_break_before = self._text, self._name_at, self._text.rfind
        if len(word) < SHORT_WORD:  # the start of a word: a line's, or after a space
            # (matched in the text after one more line break: a match's position there is the word's in `text`)
            places = (match.start() for match in re.finditer(f"[{_LINE} ]{re.escape(word)}", _LINE + text))
        else:
            places = (match.start() for match in re.finditer(re.escape(word), text))
        last = -1
        for place in places:
            line = line_break_before(_LINE, 0, place) + 1
            if line != last:
                last = line
                yield name_at[line]

    def _hit(self, name: _Name, score: float, words: list[str], whole: str) -> EarlyHit:
        tiers = _tiers(words, name.normalized, whole) or [EXACT_FIELD]
        return EarlyHit(
            doc=self._records[name.record],
            field=SearchField("name", FIELD_WEIGHTS["name"], name.text),
            spans=source_spans(name.text, _spans(words, name.normalized)),
            match=MATCH_LABELS[max(tiers)],
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

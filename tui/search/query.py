"""Ranked search over the search tables of an index file (`tui.search.build`).

Ranking: ``score = weight(field) * factor(tier)`` (`tui.search.ranking`); a
document's score for a word is its best (field, tier). A one-word query lists
the tiers' documents in descending score until it has enough. Several words
match documents that match every word (in any order, across fields), scored by
the mean of each word's score, or by the whole query matching one short field
exactly or at its start, if higher. Ties: title, then id (document order).

A word that names entries of the search aids (a place, a word of the sector)
also matches their forms, in tiers below every direct match; a number of one or
two digits matches whole words everywhere (longer words do anyway).

A query reads the postings of its own words only, so its cost does not grow
with the number of records but with how many documents its words match; sets
of documents are intersected and merged in C (Roaring bitmaps), and the
ranking stops as soon as the hits asked for are certain.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Collection, Iterable, Iterator

from pyroaring import BitMap

from tui.data.stored import RecordFile
from tui.search.aids import AidForm, Aids
from tui.search.aids.compiled import index_aids
from tui.search.hits import Hit
from tui.search.ranking import (
    FIELD_NUMBER,
    FIELD_WEIGHTS,
    HEAD_EXACT,
    HEAD_PREFIX,
    MATCH_FACTORS,
    SHORT_WORD,
    query_words,
    score_groups,
)
from tui.search.reader import IndexReader
from tui.search.terms import MAX_CHAR
from tui.search.words import AidLookup, QueryWord

#: (score, documents) in descending score
_Groups = list[tuple[float, BitMap]]


class SearchIndex:
    """The search engine of one index file (an SQLite connection with the search tables)."""

    def __init__(self, connection: sqlite3.Connection, records: RecordFile | None = None) -> None:
        """`records` reads the records an index keeps as their text in the database file (`tui.data.stored`)."""
        self._connection = connection
        self._reader = IndexReader(connection, records)
        self._aids: Aids | None = None
        self._fields = self._reader.fields()
        self._size = self._reader.document_count()

    def __len__(self) -> int:
        return self._size

    def search(self, query: str, *, kinds: Collection[str] | None = None, limit: int = 50) -> list[Hit]:
        if limit <= 0 or not isinstance(query, str):
            return []
        words = query_words(query)
        if not words or not self._size:
            return []
        wanted = None if kinds is None else self._reader.kind_documents(frozenset(kinds))
        forms_of_words = self.aid_forms(words)
        aids = AidLookup(self._reader, (form for forms in forms_of_words for form in forms))
        plans = [QueryWord(word, self._reader, forms, aids) for word, forms in zip(words, forms_of_words, strict=True)]
        if len(plans) == 1:
            ranked = self._search_one(plans[0], wanted, limit)
        else:
            ranked = self._search_many(plans, wanted, limit)
        return [Hit(doc, score, self._reader, plans) for doc, score in ranked]

    def aid_forms(self, words: list[str]) -> list[tuple[AidForm, ...]]:
        """Per normalized query word, the forms it also searches through the search aids (read on first need)."""
        if all(len(word) < SHORT_WORD for word in words):
            return [()] * len(words)  # (no key is made of such words: the aids need not be read)
        if self._aids is None:
            self._aids = index_aids(self._connection)
        return self._aids.expand(words)

    # -- one word ------------------------------------------------------------------------

    def _groups(self, word: QueryWord, whole_query: bool) -> Iterator[tuple[float, BitMap]]:
        """(score, documents) of the word's tiers, best first; empty ones left out."""
        groups = score_groups(self._fields, word.short, whole_query, number=word.number, aided=bool(word.aid_forms))
        for score, specs in groups:
            sets = [found for field, tier in specs if (found := word.documents(field, tier))]
            if sets:
                yield score, sets[0] if len(sets) == 1 else BitMap.union(*sets)

    def _search_one(self, word: QueryWord, wanted: BitMap | None, limit: int) -> list[tuple[int, float]]:
        ranked: list[tuple[int, float]] = []
        seen = BitMap()
        for score, docs in self._groups(word, True):
            new = docs - seen
            seen |= new
            if wanted is not None:
                new &= wanted
            ranked.extend((doc, score) for doc in new[: limit - len(ranked)])
            if len(ranked) >= limit:
                break
        return ranked

    # -- several words -------------------------------------------------------------------

    def _search_many(self, plans: list[QueryWord], wanted: BitMap | None, limit: int) -> list[tuple[int, float]]:
        count = len(plans)
        # a document's sum adds its words' scores in this order (floating point: always the same order)
        order = sorted(plans, key=lambda plan: (plan.short, -len(plan.word)))
        groups = [list(self._groups(plan, False)) for plan in order]
        every_word = _intersection([_union(docs for _score, docs in word_groups) for word_groups in groups])
        candidates = every_word if wanted is None else every_word & wanted
        levels = _Levels()
        if candidates:
            levels.add_sums(_exclusive(groups, candidates))
        self._add_whole_query(levels, plans, every_word, wanted)
        ranked: list[tuple[int, float]] = []
        for total, docs in levels.descending(limit):
            ranked.extend((doc, total / count) for doc in docs)
        return ranked

    def _add_whole_query(
        self, levels: _Levels, plans: list[QueryWord], every_word: BitMap, wanted: BitMap | None
    ) -> None:
        """Fields that are the whole query, or start with it: a score of their own.

        A field equal to the query adds its documents (even one whose words do not
        all match by themselves: a short word in a long field); a field that starts
        with it raises the score of documents already found, field by field in the
        order fields first occur.
        """
        count = len(plans)
        query = " ".join(plan.word for plan in plans)
        reader = self._reader
        found = BitMap(every_word)
        for field in self._fields:
            number = FIELD_NUMBER[field]
            if not reader.has_phrases(number):
                continue  # long fields only (sources): no whole-query match
            weight = FIELD_WEIGHTS[field]
            exact = reader.phrase_id(number, query)
            if exact is not None:
                docs = reader.phrase_documents(exact)
                levels.add(weight * count, docs if wanted is None else docs & wanted)
                found |= docs
            if not found:
                continue
            eligible = found if wanted is None else found & wanted
            followed = reader.phrases_between(number, query + " ", query + " " + MAX_CHAR)
            longer = reader.phrases_between(number, query + " " + MAX_CHAR, query + MAX_CHAR)
            for tier, phrases in ((HEAD_EXACT, followed), (HEAD_PREFIX, longer)):
                if phrases:
                    levels.add(count * weight * MATCH_FACTORS[tier], phrases & eligible)


def _union(sets: Iterable[BitMap]) -> BitMap:
    sets = list(sets)
    return BitMap.union(*sets) if sets else BitMap()


def _intersection(sets: list[BitMap]) -> BitMap:
    if not sets or not all(sets):
        return BitMap()
    return BitMap.intersection(*sorted(sets, key=len)) if len(sets) > 1 else sets[0]


def _exclusive(groups: list[_Groups], candidates: BitMap) -> list[_Groups]:
    """Per word, its groups restricted to candidates, each document in its best group only."""
    exclusive = []
    for word_groups in groups:
        covered = BitMap()
        mine = []
        for score, docs in word_groups:
            docs = (docs & candidates) - covered
            if docs:
                mine.append((score, docs))
                covered |= docs
        exclusive.append(mine)
    return exclusive


class _Levels:
    """Sets of documents with a score each, read back in descending score.

    Sums: every candidate document is in one group of each word, and scores the
    sum of those groups' scores. Combinations of groups are explored best first,
    one word at a time: a partial combination holds the documents of the groups
    picked so far, and is expanded only if some remain, and only when its best
    possible sum comes up; so combinations without documents are cut early, and
    none below the last hit returned is looked at. Whole-query matches are other
    sets. A document counts once, at its best score; equal scores list documents
    in order.
    """

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, object]] = []
        self._sequence = 0
        self._sums: list[_Groups] = []

    def _push(self, score: float, source: object) -> None:
        self._sequence += 1
        heapq.heappush(self._heap, (-score, self._sequence, source))

    def add(self, score: float, docs: BitMap) -> None:
        if docs:
            self._push(score, docs)

    def add_sums(self, sums: list[_Groups]) -> None:
        """`sums`: per word, its (score, documents) groups, best first, each document in one group."""
        self._sums = sums
        self._expand((), None)

    def _expand(self, picks: tuple[int, ...], docs: BitMap | None) -> None:
        """Push the combinations that pick one more group, those that keep some documents."""
        for pick, (_score, group) in enumerate(self._sums[len(picks)]):
            kept = group if docs is None else docs & group
            if kept:
                more = (*picks, pick)
                self._push(self._best_sum(more), (more, kept))

    def _best_sum(self, picks: tuple[int, ...]) -> float:
        """The sum of the groups picked, and of the best group of each word not picked yet.

        Added word by word in their order, as every sum is: the exact sum of a
        whole combination, and never below any sum it leads to.
        """
        total = 0.0
        for word, groups in enumerate(self._sums):
            score = groups[picks[word] if word < len(picks) else 0][0]
            total = score if word == 0 else total + score
        return total

    def descending(self, limit: int) -> Iterator[tuple[float, list[int]]]:
        """(score, documents) of at most `limit` documents, best first."""
        seen = BitMap()
        left = limit
        heap = self._heap
        words = len(self._sums)
        while heap and left > 0:
            score = -heap[0][0]
            sets: list[BitMap] = []
            while heap and -heap[0][0] == score:
                source = heapq.heappop(heap)[2]
                if isinstance(source, BitMap):
                    sets.append(source)
                elif len(source[0]) == words:  # type: ignore[index]
                    sets.append(source[1])  # type: ignore[index]
                else:  # (its combinations may have this very score: they come up in this loop)
                    self._expand(*source)  # type: ignore[misc]
            level = _union(sets) - seen
            seen |= level
            docs = list(level[:left])
            if docs:
                yield score, docs
                left -= len(docs)

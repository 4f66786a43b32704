"""The engine over the index file ranks exactly as the in-memory engine did (tests/search_oracle).

On random corpora and the queries a user would type from them (prefixes, words,
typos, transliterations, several words, short words), with and without a kinds
filter and at any limit, both give the same hits in the same order, with the same
scores, fields, match labels and highlighted spans.

Except where the product finds more on purpose, which the oracle never did: a
query with a word that names an entry of the search aids (`madagascar`, `groupe`,
`المغرب`) or a number of one or two digits (`35`) is left out of the comparison
(`compared`), and tested on its own (tests/test_search_aids.py, the bundled queries);
the labels and units of facts, which the product searches beside their values, are
left out of the records compared (`without_labels_and_units`; tested in
tests/test_search_bundled.py).
"""

from __future__ import annotations

from unittest import mock

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from search_oracle import corpus as strategies
from search_oracle.documents import index_of
from search_oracle.records import organization, search_index
from test_search_bundled import QUERIES

from tui.data.kinds import KIND_NAMES
from tui.search import tables
from tui.search.query import SearchIndex
from tui.search.ranking import SHORT_WORD, is_number, query_words
from tui.store.opening import load_database


def described(hits) -> list[tuple]:
    return [
        (h.doc.kind, h.doc.id, h.doc.title, h.score, h.field.name, h.field.weight, h.field.text, h.match, h.spans)
        for h in hits
    ]


def compared(engine: SearchIndex, query: str) -> bool:
    """A query whose hits the oracle knows: none of its words names an aid's entry or is a short number."""
    words = query_words(query)
    if any(is_number(word) and len(word) < SHORT_WORD for word in words):
        return False
    return not any(engine.aid_forms(words))


def without_labels_and_units(record):
    """The record with facts whose label and unit say nothing to search (the oracle never searched them)."""
    facts = getattr(record, "facts", ())
    if not facts:
        return record
    return msgspec.structs.replace(
        record, facts=tuple(msgspec.structs.replace(fact, label="·", unit=None) for fact in facts)
    )


kinds = st.one_of(st.none(), st.sets(st.sampled_from(KIND_NAMES)))
limits = st.one_of(st.integers(1, 5), st.integers(1, 60))


@pytest.mark.parametrize("block", [256, 2], ids=["phrase-blocks-of-256", "phrase-blocks-of-2"])
@settings(max_examples=120, deadline=None)
@given(data=st.data(), records=strategies.corpus())
def test_same_hits_as_the_in_memory_engine(block: int, data: st.DataObject, records: list) -> None:
    records = [without_labels_and_units(record) for record in records]
    oracle = index_of(records)
    with mock.patch.object(tables, "PHRASE_BLOCK", block):  # small blocks: ranges of phrases read in pieces
        engine = search_index(records)
    for _ in range(6):
        query = data.draw(strategies.query(records), label="query")
        if not compared(engine, query):
            continue
        only, limit = data.draw(kinds, label="kinds"), data.draw(limits, label="limit")
        expected = described(oracle.search(query, kinds=only, limit=limit))
        assert described(engine.search(query, kinds=only, limit=limit)) == expected, query


@pytest.mark.parametrize(
    ("facts", "score"),
    [
        # the fact equal to the query comes first: its record then counts when the kind starts with the query
        ([("activity", "soins de"), ("kind", "soins de plus")], 4 * 0.84),
        # the kind comes first: when it is looked at, the record is not found yet (as it always was)
        ([("kind", "soins de plus"), ("activity", "soins de")], 2.0),
    ],
    ids=["fact-first", "kind-first"],
)
def test_whole_query_matches_follow_the_order_fields_first_occur(facts: list, score: float) -> None:
    # "de" is short: it matches names only, so the record matches the query through whole fields only
    records = [organization("x", latin="Alpha", facts=facts)]
    hits = search_index(records).search("soins de")
    assert described(hits) == described(index_of(records).search("soins de"))
    assert [(hit.doc.id, hit.score) for hit in hits] == [("x", pytest.approx(score))]


def test_every_keystroke_of_the_real_queries_ranks_as_before() -> None:
    records = [without_labels_and_units(record) for record in load_database().all_records()]
    engine, oracle = search_index(records), index_of(records)
    typed = [query[:end] for query, _expected in QUERIES for end in range(1, len(query) + 1)]
    kept = [query for query in typed if compared(engine, query)]
    hits = 0
    for query in kept:
        expected = described(oracle.search(query))
        assert described(engine.search(query)) == expected, query
        hits += len(expected)
    assert len(kept) > 0.7 * len(typed)  # (most keystrokes name no aid)
    assert hits > 2 * len(kept)  # (the queries do find things)

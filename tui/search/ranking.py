"""How search ranks: field weights, match tiers and their factors, the caps that keep costs linear.

One place for the numbers that the index build, the query and the hits must agree
on. A document's score for one query word is ``weight(field) * factor(tier)`` for
the best (field, tier) it matches; see `tui.search.query.SearchIndex` for how words
and whole-query matches combine.
"""

from __future__ import annotations

from collections.abc import Iterator

from tui.search.normalize import normalize

#: Weight of each field, by name (the order numbers the fields in the index).
FIELD_WEIGHTS: dict[str, float] = {
    "name": 10.0,
    "alias": 9.0,
    "acronym": 9.0,
    "kind": 4.0,
    "country": 4.0,
    "role": 4.0,
    "fact": 2.0,
    "description": 2.0,
    "source": 1.0,
}
FIELD_NAMES: tuple[str, ...] = tuple(FIELD_WEIGHTS)
FIELD_NUMBER: dict[str, int] = {name: number for number, name in enumerate(FIELD_NAMES)}

#: Fields searched by 1-2 character query words (prefix only), and by transliteration.
NAME_FIELDS: frozenset[str] = frozenset({"name", "alias", "acronym"})

# Tiers: how one query word met one field.
EXACT_FIELD = 0  # the whole field equals the query
HEAD_EXACT = 1  # first word of the field equals the query word
HEAD_PREFIX = 2  # first word of the field starts with the query word
REST_EXACT = 3  # another word equals the query word
REST_PREFIX = 4  # another word starts with the query word
SUBSTRING = 5  # query word inside a word
FUZZY = 6  # one edit away (words of 6+ letters)
TRANSLIT = 7  # same consonant skeleton across scripts
TRANSLIT_PREFIX = 8
# through a search aid (`tui.search.aids`): a form of a place or a term that the
# query word names, found as whole words in a row (`tui.search.aids.matching`);
# then a form of a country of the region it names
AID_WORD = 9
AID_MEMBER = 10
AID_TIERS = (AID_WORD, AID_MEMBER)

#: score = field weight * factor.  Direct matches span [0.4, 10] with the app
#: weights (1..10); through an aid [0.037, 0.37], fuzzy [0.03, 0.3] and translit
#: [0.008, 0.1] stay below every direct match (in one field, an aid's form beats
#: a typo, which beats a transliteration); an exact name match (10) beats
#: anything in a description (<= 2). A country of a named region [0.0033, 0.033]
#: ranks below the region's own forms in any field. No aid score equals a score
#: of another tier.
MATCH_FACTORS: dict[int, float] = {
    EXACT_FIELD: 1.0,
    HEAD_EXACT: 0.84,
    HEAD_PREFIX: 0.8,
    REST_EXACT: 0.64,
    REST_PREFIX: 0.6,
    SUBSTRING: 0.4,
    FUZZY: 0.03,
    TRANSLIT: 0.01,
    TRANSLIT_PREFIX: 0.008,
    AID_WORD: 0.037,
    AID_MEMBER: 0.0033,
}

#: what a hit says of how it matched, by tier
MATCH_LABELS: dict[int, str] = {
    EXACT_FIELD: "exact",
    HEAD_EXACT: "prefix",
    HEAD_PREFIX: "prefix",
    REST_EXACT: "word",
    REST_PREFIX: "word",
    SUBSTRING: "substring",
    FUZZY: "fuzzy",
    TRANSLIT: "translit",
    TRANSLIT_PREFIX: "translit",
    AID_WORD: "aid",
    AID_MEMBER: "aid",
}

SHORT_WORD = 3  # query words shorter than this: prefix on NAME_FIELDS only (a number: also whole, everywhere)
FUZZY_MIN = 5  # shortest query word tried for typos
FUZZY_LONG = 6  # the longer of (query word, term) must have this many chars
EXACT_MAX_TOKENS = 8  # fields longer than this are not kept for exact (whole-field) lookup

# Caps that keep every input linear (docs/data-format.md says them to users). A
# word longer than a cap is still found whole and by its beginning.
#: longest word with typo tolerance, in the index and in a query: the deletion
#: variants of a word cost the square of its length (40,000 letters: 1.5 GB)
FUZZY_MAX_LETTERS = 32
#: longest word found by a part of it (trigram index): a random 1,000,000-letter
#: word would make a million trigrams
SUBSTRING_MAX_LETTERS = 64
#: query words searched (AND); each costs up to a pass over its postings
MAX_QUERY_WORDS = 16
#: records read to check that a search aid's form of several words is there in a row (not only its
#: words): the first this many, in document order, that hold all its words in one field
MAX_PHRASE_CHECKS = 1000

# Term flags, kept per term of the vocabulary.
IN_NAME = 1  # occurs in a NAME_FIELDS field
IN_SHORT = 2  # occurs in a field of <= EXACT_MAX_TOKENS words
#: terms reachable by typos (deletion index): those of names and short fields
#: (facts, roles, kinds...), not the vocabulary of long texts (sources,
#: descriptions), which is most of the vocabulary and only matched noise
FUZZY_FLAGS = IN_NAME | IN_SHORT

#: scores closer than this are one rank (sums of factors are not exact in floating point)
SAME_SCORE = 1e-9


def _distinct_words(query: str) -> list[str]:
    return list(dict.fromkeys(normalize(query).split()))


def query_words(query: str) -> list[str]:
    """The distinct normalized words of a query that are searched (at most MAX_QUERY_WORDS)."""
    return _distinct_words(query)[:MAX_QUERY_WORDS]


def ignored_query_words(query: str) -> int:
    """How many distinct words of a query are beyond MAX_QUERY_WORDS (not searched)."""
    return max(0, len(_distinct_words(query)) - MAX_QUERY_WORDS)


def is_number(word: str) -> bool:
    """A normalized word made of digits only (a number, however short, is searched everywhere)."""
    return word.isascii() and word.isdigit()


def word_tiers(
    field: str, short: bool, whole_query: bool, *, number: bool = False, aided: bool = False
) -> tuple[int, ...]:
    """The tiers by which one query word may match a field.

    `whole_query`: the word is the whole query (then a field equal to it is a tier of its own).
    `number`: a short word is a number (then it also matches whole words of every field).
    `aided`: the word names places or terms of the search aids (their forms are matched too).
    """
    if short:
        if field in NAME_FIELDS:
            tiers: tuple[int, ...] = (HEAD_EXACT, HEAD_PREFIX, REST_EXACT, REST_PREFIX)
        elif number:
            tiers = (HEAD_EXACT, REST_EXACT)
        else:
            tiers = ()
    elif field in NAME_FIELDS:
        tiers = tuple(range(HEAD_EXACT, TRANSLIT_PREFIX + 1))
    else:  # transliteration skeletons are for names: in prose they match noise
        tiers = tuple(range(HEAD_EXACT, FUZZY + 1))
    if aided:
        tiers = (*tiers, *AID_TIERS)
    if whole_query and (not short or number or field in NAME_FIELDS):
        tiers = (EXACT_FIELD, *tiers)
    return tiers


def score_groups(
    fields: list[str], short: bool, whole_query: bool, *, number: bool = False, aided: bool = False
) -> Iterator[tuple[float, list[tuple[str, int]]]]:
    """(score, [(field, tier)...]) in descending score, equal scores in one group.

    `fields` are the fields present in the index, in the order they first appear
    (the order breaks ties between equal scores: it decides which float of a group
    is reported, as it always has).
    """
    specs = []
    for position, field in enumerate(fields):
        weight = FIELD_WEIGHTS[field]
        for tier in word_tiers(field, short, whole_query, number=number, aided=aided):
            specs.append((weight * MATCH_FACTORS[tier], tier, position, field))
    specs.sort(key=lambda spec: (-spec[0], spec[1], spec[2]))
    group_score: float | None = None
    group: list[tuple[str, int]] = []
    for score, tier, _position, field in specs:
        if group_score is not None and abs(score - group_score) > SAME_SCORE:
            yield group_score, group
            group = []
        group_score = score
        group.append((field, tier))
    if group_score is not None:
        yield group_score, group

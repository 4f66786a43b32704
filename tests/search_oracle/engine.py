"""Marsad's in-memory search engine as it was before the index file: the oracle of the new one.

Kept, unchanged but for its imports and its words (`normalized_words`, which makes a
number written in groups of thousands one word, as the product does), only so that
tests can check that the engine over the index file (`tui.search.query`) ranks
exactly as this one did. What the search aids and short numbers add to the product
is not here: the equivalence is checked on queries that use neither.
"""

from __future__ import annotations

import gc
import heapq
from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat

from tui.search.normalize import _TABLE, normalize, normalized_to_source, normalized_words
from tui.search.translit import is_arabic, skeleton, skeletons, strip_article

__all__ = [
    "FIELD_WEIGHTS",
    "MATCH_FACTORS",
    "NAME_FIELDS",
    "Hit",
    "IndexBuildCancelled",
    "SearchDocument",
    "SearchField",
    "SearchIndex",
    "ignored_query_words",
    "query_words",
]

#: Weight of each field, by name.  The app builds ``SearchField``s with these.
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

#: Fields searched by 1-2 character query words (prefix only).
NAME_FIELDS: frozenset[str] = frozenset({"name", "alias", "acronym"})

# Tier kinds (how one query word met one indexed term).
_EXACT_FIELD = 0  # the whole field equals the query
_HEAD_EXACT = 1  # first word of the field equals the query word
_HEAD_PREFIX = 2  # first word of the field starts with the query word
_REST_EXACT = 3  # another word equals the query word
_REST_PREFIX = 4  # another word starts with the query word
_SUBSTR = 5  # query word inside a word
_FUZZY = 6  # one edit away (words of 6+ letters)
_TRANSLIT = 7  # same consonant skeleton across scripts
_TRANSLIT_PREFIX = 8

#: score = field weight * factor.  Direct matches span [0.4, 10] with the app
#: weights (1..10); fuzzy [0.03, 0.3] and translit [0.008, 0.1] stay below
#: every direct match; an exact name match (10) beats anything in a
#: description (<= 2).
MATCH_FACTORS: dict[int, float] = {
    _EXACT_FIELD: 1.0,
    _HEAD_EXACT: 0.84,
    _HEAD_PREFIX: 0.8,
    _REST_EXACT: 0.64,
    _REST_PREFIX: 0.6,
    _SUBSTR: 0.4,
    _FUZZY: 0.03,
    _TRANSLIT: 0.01,
    _TRANSLIT_PREFIX: 0.008,
}

_LABELS: dict[int, str] = {
    _EXACT_FIELD: "exact",
    _HEAD_EXACT: "prefix",
    _HEAD_PREFIX: "prefix",
    _REST_EXACT: "word",
    _REST_PREFIX: "word",
    _SUBSTR: "substring",
    _FUZZY: "fuzzy",
    _TRANSLIT: "translit",
    _TRANSLIT_PREFIX: "translit",
}

_SHORT = 3  # query words shorter than this: prefix on NAME_FIELDS only
_FUZZY_MIN = 5  # shortest query word tried for typos
_FUZZY_LONG = 6  # the longer of (query word, term) must have this many chars
_EXACT_MAX_TOKENS = 8  # fields longer than this are not kept for exact lookup
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
#: documents indexed between two checks that the build should stop
_CANCEL_CHECK_EVERY = 512
_MAX_CHAR = "\U0010ffff"
_IN_NAME = 1  # term flag: occurs in a NAME_FIELDS field
_IN_SHORT = 2  # term flag: occurs in a field of <= _EXACT_MAX_TOKENS words
#: terms reachable by typos (deletion index): those of names and short fields
#: (facts, roles, kinds...), not the vocabulary of long texts (sources,
#: descriptions), which is most of the vocabulary and only matched noise
_FUZZY_FLAGS = _IN_NAME | _IN_SHORT


@dataclass(frozen=True, slots=True)
class SearchField:
    name: str
    weight: float
    text: str


@dataclass(frozen=True, slots=True)
class SearchDocument:
    kind: str
    id: str
    title: str
    fields: tuple[SearchField, ...]


class Hit:
    """One search result: ``doc``, ``score``, and how it matched.

    ``field`` (the best matching field), ``match`` (its label) and ``spans``
    (matched ``(start, end)`` ranges of ``field.text``) are computed on first
    access only: ranking needs none of them, and the TUI reads them for the few
    rows it draws (a hit in a 6,000-character source text would otherwise cost
    a normalization of the whole text per keystroke).  Read-only.
    """

    __slots__ = ("_field", "_lazy", "_match", "_nspans", "_spans", "doc", "score")

    def __init__(
        self,
        doc: SearchDocument,
        score: float,
        field: SearchField,
        match: str,
        spans: tuple[tuple[int, int], ...] = (),
    ) -> None:
        self.doc = doc
        self.score = score
        self._field: SearchField | None = field
        self._match: str | None = match
        self._spans: tuple[tuple[int, int], ...] | None = spans
        self._nspans: list[tuple[int, int]] | None = None
        self._lazy: tuple[SearchIndex, int, list[_Word]] | None = None

    @classmethod
    def _deferred(cls, ix: SearchIndex, d: int, score: float, plans: list[_Word]) -> Hit:
        hit = cls.__new__(cls)
        hit.doc = ix._docs[d]
        hit.score = score
        hit._field = hit._match = hit._spans = hit._nspans = None
        hit._lazy = (ix, d, plans)
        return hit

    def _resolve(self) -> None:
        lazy = self._lazy
        if lazy is not None and self._field is None:
            ix, d, plans = lazy
            field, match, nspans = ix._best_field(d, self.score, plans)
            self._nspans = nspans
            self._match = match
            self._field = field

    @property
    def field(self) -> SearchField:
        if self._field is None:
            self._resolve()
        return self._field  # type: ignore[return-value]

    @property
    def match(self) -> str:
        if self._match is None:
            self._resolve()
        return self._match  # type: ignore[return-value]

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        if self._spans is None:
            field = self.field
            self._spans = _map_spans(field.text, self._nspans or [])
            self._nspans = None
        return self._spans

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hit):
            return NotImplemented
        return (self.doc, self.score, self.field, self.match, self.spans) == (
            other.doc,
            other.score,
            other.field,
            other.match,
            other.spans,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Hit(doc={self.doc!r}, score={self.score!r}, field={self.field!r}, "
            f"match={self.match!r}, spans={self.spans!r})"
        )


#: the documents of a term: one doc number as a plain int (most terms), else an array('i')
Posting = int | array


def _seq(post: Posting) -> tuple[int] | array:
    """A posting (one doc number as a plain int, or an ``array('i')``) as a sequence."""
    return (post,) if post.__class__ is int else post  # type: ignore[return-value]


def _post(m: dict, key: object, number: int) -> None:
    """Add a doc (or term) number to the posting being built under `key`.

    One number stays a plain int (most postings); a second makes a list. Numbers
    arrive in increasing order, so a repeat can only be the last one.
    """
    posting = m.get(key)
    if posting is None:
        m[key] = number
    elif posting.__class__ is int:
        if posting != number:
            m[key] = [posting, number]
    elif posting[-1] != number:
        posting.append(number)


def _compact(m: dict) -> None:
    """Build lists -> postings, in place: an int for one entry, else array('i')."""
    for key, lst in m.items():
        if lst.__class__ is list:
            m[key] = array("i", lst)


def _terms(token: str) -> tuple[str, ...]:
    """Index terms of one normalized token: itself (+ article-less form)."""
    bare = strip_article(token) if token[:1] in "اولبفك" else None
    return (token,) if bare is None else (token, bare)


def _within_one_edit(a: str, b: str) -> bool:
    """Optimal-string-alignment distance <= 1 (sub, ins, del, transposition)."""
    la, lb = len(a), len(b)
    if la > lb:
        a, b, la, lb = b, a, lb, la
    if lb - la > 1:
        return False
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        if i == la:
            return True
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i:] == b[i + 1 :]


def _never() -> bool:
    return False


def _deletes(s: str) -> set[str]:
    return {s[:i] + s[i + 1 :] for i in range(len(s))}


class _Word:
    """Candidate terms of one query word, computed lazily."""

    __slots__ = ("_exact", "_fuzzy", "_prefix", "_substr", "_tr", "_trp", "ix", "short", "w")

    def __init__(self, w: str, ix: SearchIndex) -> None:
        self.w = w
        self.short = len(w) < _SHORT
        self.ix = ix
        self._exact: int | bool | None = False
        self._prefix: list[int] | None = None
        self._substr: list[int] | None = None
        self._fuzzy: list[int] | None = None
        self._tr: list[int] | None = None
        self._trp: list[int] | None = None

    def exact(self) -> int | None:
        if self._exact is False:
            self._exact = self.ix._vocab.get(self.w)
        return self._exact  # type: ignore[return-value]

    def prefix(self) -> list[int]:
        """Terms starting with w (w itself excluded)."""
        if self._prefix is None:
            ix = self.ix
            lo = bisect_left(ix._sorted_terms, self.w)
            hi = bisect_left(ix._sorted_terms, self.w + _MAX_CHAR, lo)
            ex = self.exact()
            self._prefix = [t for t in ix._sorted_tids[lo:hi] if t != ex]
        return self._prefix

    def substr(self) -> list[int]:
        """Terms containing w, not at their start."""
        if self._substr is None:
            ix, w = self.ix, self.w
            # (no indexed term is longer than the cap, so none contains a longer word)
            grams = {w[i : i + 3] for i in range(len(w) - 2)} if len(w) <= SUBSTRING_MAX_LETTERS else set()
            lists = []
            for g in grams:
                lst = ix._trigrams.get(g)
                if lst is None:
                    lists = []
                    break
                lists.append(_seq(lst))
            out: list[int] = []
            if lists:
                lists.sort(key=len)
                terms = ix._terms
                if len(w) == 3:
                    out = [t for t in lists[0] if not terms[t].startswith(w)]
                else:
                    out = [t for t in lists[0] if w in terms[t] and not terms[t].startswith(w)]
            self._substr = out
        return self._substr

    def fuzzy(self) -> list[int]:
        """Terms one edit away that do not contain w directly."""
        if self._fuzzy is None:
            ix, w = self.ix, self.w
            out: set[int] = set()
            if _FUZZY_MIN <= len(w) <= FUZZY_MAX_LETTERS:
                vocab, dels = ix._vocab, ix._deletes
                cands: set[int] = set(_seq(dels.get(w, ())))
                if len(w) >= _FUZZY_LONG:
                    for d in _deletes(w):
                        t = vocab.get(d)
                        if t is not None:
                            cands.add(t)
                        cands.update(_seq(dels.get(d, ())))
                terms = ix._terms
                flags = ix._flags
                for t in cands:
                    s = terms[t]
                    if (
                        flags[t] & _FUZZY_FLAGS
                        and w not in s
                        and max(len(s), len(w)) >= _FUZZY_LONG
                        and _within_one_edit(w, s)
                    ):
                        out.add(t)
            self._fuzzy = sorted(out)
        return self._fuzzy

    def _translit(self) -> None:
        ix, w = self.ix, self.w
        tr: list[int] = []
        trp: list[int] = []
        if len(w) >= _SHORT:
            sk = skeleton(w)
            if len(sk) >= 2:
                arabic = is_arabic(w)
                if arabic or w.isascii():
                    index, keys = ix._skel[0 if arabic else 1]
                    tr = list(_seq(index.get(sk, ())))
                    if len(sk) >= 3:
                        lo = bisect_left(keys, sk)
                        hi = bisect_left(keys, sk + _MAX_CHAR, lo)
                        seen = set(tr)
                        for k in keys[lo:hi]:
                            if k != sk:
                                for t in _seq(index[k]):
                                    if t not in seen:
                                        seen.add(t)
                                        trp.append(t)
        self._tr, self._trp = tr, trp

    def translit(self) -> list[int]:
        if self._tr is None:
            self._translit()
        return self._tr  # type: ignore[return-value]

    def translit_prefix(self) -> list[int]:
        if self._trp is None:
            self._translit()
        return self._trp  # type: ignore[return-value]


def _distinct_words(query: str) -> list[str]:
    return list(dict.fromkeys(normalize(query).split()))


def query_words(query: str) -> list[str]:
    """The distinct normalized words of a query that are searched (at most MAX_QUERY_WORDS)."""
    return _distinct_words(query)[:MAX_QUERY_WORDS]


def ignored_query_words(query: str) -> int:
    """How many distinct words of a query are beyond MAX_QUERY_WORDS (not searched)."""
    return max(0, len(_distinct_words(query)) - MAX_QUERY_WORDS)


class IndexBuildCancelled(Exception):
    """`SearchIndex` was asked to stop building (see its `should_stop`)."""


class SearchIndex:
    """Inverted index over ``SearchDocument``s.

    Layout (built once):

    * documents are stored sorted by ``(title, id)``; their position is the
      internal doc number, so every posting list (ascending doc numbers) is
      already in tie-break order;
    * fields are grouped by key ``(name, weight)``; per key, two posting maps
      term-id -> [doc]: one for the first word of the field ("head"), one for
      the others ("rest"); plus normalized-whole-field -> [doc] for short
      fields (exact match) and, for name/alias/acronym, 1-2 character
      prefix -> [doc] lists (short queries);
    * the vocabulary is kept sorted (bisect for prefixes), with a trigram
      index over *terms* (substring), a deletion index over terms of 6+
      characters (typos, SymSpell style) and consonant-skeleton maps per
      script (transliteration).

    Ranking: ``score = weight(field) * factor(match)`` (see ``MATCH_FACTORS``);
    a document's score is its best field.  Multi-word queries (AND, any
    order, across fields) score the mean of each word's best score, or the
    whole query's exact/prefix match on one field if higher.  Ties: title,
    then id.
    """

    def __init__(self, documents: Iterable[SearchDocument], should_stop: Callable[[], bool] | None = None) -> None:
        """Index `documents`; raise `IndexBuildCancelled` as soon as `should_stop()` is true."""
        # Millions of new containers and no garbage cycles: collections during
        # the build would only walk them again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(documents, should_stop or _never)
        finally:
            if collecting:
                gc.enable()

    def _build(self, documents: Iterable[SearchDocument], should_stop: Callable[[], bool]) -> None:
        docs = sorted(documents, key=lambda d: (d.title, d.id))
        self._docs: list[SearchDocument] = docs
        self._doc_kind: list[str] = [d.kind for d in docs]

        self._keys: list[tuple[str, float]] = []
        key_ids: dict[tuple[str, float], int] = {}
        # term id (or normalized text, or 1-2 letter prefix) -> Posting, per field key;
        # plain lists while building, made Postings by `_compact`
        self._head: list[dict[int, Posting]] = []
        self._rest: list[dict[int, Posting]] = []
        self._exact: list[dict[str, Posting]] = []
        self._short_head: list[dict[str, Posting] | None] = []
        self._short_rest: list[dict[str, Posting] | None] = []
        # normalized text of short fields (None for long ones), per field,
        # flattened: doc d's are norm[norm_off[d]:norm_off[d + 1]]
        norm_flat: list[str | None] = []
        norm_off = array("i", [0])
        self._field_kid: list[tuple[int, ...]] = []
        kid_tuples: dict[tuple[int, ...], tuple[int, ...]] = {}  # shared per shape

        vocab: dict[str, int] = {}
        terms: list[str] = []
        # per term: _IN_NAME if it occurs in a name/alias/acronym field,
        # _IN_SHORT if in a field of <= _EXACT_MAX_TOKENS words
        flags = bytearray()
        tok_cache: dict[str, list[tuple[str, int]]] = {}  # token -> its (term, term id)s

        norms = norm_flat
        for d, doc in enumerate(docs):
            if d % _CANCEL_CHECK_EVERY == 0 and should_stop():
                raise IndexBuildCancelled
            kids: list[int] = []
            for f in doc.fields:
                key = (f.name, float(f.weight))
                kid = key_ids.get(key)
                if kid is None:
                    kid = key_ids[key] = len(self._keys)
                    self._keys.append(key)
                    self._head.append({})
                    self._rest.append({})
                    self._exact.append({})
                    is_name = f.name in NAME_FIELDS
                    self._short_head.append({} if is_name else None)
                    self._short_rest.append({} if is_name else None)
                kids.append(kid)
                toks = normalized_words(f.text)  # (numbers in groups of thousands: one word, as the product)
                if not toks:
                    norms.append(None)
                    continue
                if len(toks) <= _EXACT_MAX_TOKENS:
                    ns = " ".join(toks)
                    ex = self._exact[kid]
                    lst = ex.get(ns)
                    if lst is None:
                        if ns == f.text:
                            ns = f.text  # share the field's string
                        # build value: [the key itself, docs...] so that repeats
                        # of a text share one string in ``norms``
                        ex[ns] = [ns, d]
                    else:
                        ns = lst[0]
                        if lst[-1] != d:
                            lst.append(d)
                    norms.append(ns)
                else:
                    norms.append(None)
                head, rest = self._head[kid], self._rest[kid]
                sh, sr = self._short_head[kid], self._short_rest[kid]
                flag = (_IN_NAME if sh is not None else 0) | (_IN_SHORT if len(toks) <= _EXACT_MAX_TOKENS else 0)
                # a token repeated in a field adds nothing (postings hold each
                # doc once): visit distinct tokens, in first-occurrence order
                seq = toks if len(toks) <= 2 else [toks[0], *dict.fromkeys(toks[1:])]
                for pos, tok in enumerate(seq):
                    post = head if pos == 0 else rest
                    shp = sh if pos == 0 else sr
                    pairs = tok_cache.get(tok)
                    if pairs is None:
                        pairs = []
                        for term in _terms(tok):
                            tid = vocab.get(term)
                            if tid is None:
                                tid = vocab[term] = len(terms)
                                terms.append(term)
                                flags.append(0)
                            pairs.append((term, tid))
                        tok_cache[tok] = pairs
                    for term, tid in pairs:
                        if flag:
                            flags[tid] |= flag
                        _post(post, tid, d)
                        if shp is not None:
                            for p in {term[:1], term[:2]}:
                                _post(shp, p, d)
            norm_off.append(len(norms))
            kt = tuple(kids)
            self._field_kid.append(kid_tuples.setdefault(kt, kt))
        self._norm = norm_flat
        self._norm_off = norm_off

        # Compact, GC-untracked postings: a plain int for one doc, else
        # array('i') (half the memory of list[int]); keeps millions of
        # containers away from the cyclic GC (gen-2 collections otherwise show
        # up as 30-50 ms keystroke spikes).  Map by map, freeing as we go.
        for maps in (self._head, self._rest, self._short_head, self._short_rest):
            for m in maps:
                if m:
                    _compact(m)
        for ex in self._exact:
            for key_, lst in ex.items():
                ex[key_] = lst[1] if len(lst) == 2 else array("i", lst[1:])

        self._vocab = vocab
        self._terms = terms
        self._flags = flags
        # the vocabulary's own int objects (a list slices fast; range() would
        # make a second int object per term)
        order = sorted(vocab.values(), key=terms.__getitem__)
        self._sorted_terms = [terms[t] for t in order]
        self._sorted_tids = order

        trigrams: dict[str, list[int]] = {}
        deletes: dict[str, list[int]] = {}
        skel_ar: dict[str, list[int]] = {}
        skel_lat: dict[str, list[int]] = {}
        for tid, term in enumerate(terms):
            n = len(term)
            if 3 <= n <= SUBSTRING_MAX_LETTERS:
                for g in {term[i : i + 3] for i in range(n - 2)}:
                    _post(trigrams, g, tid)
            fl = flags[tid]
            if _FUZZY_LONG <= n <= FUZZY_MAX_LETTERS and fl & _FUZZY_FLAGS:
                for dl in _deletes(term):
                    _post(deletes, dl, tid)
            if n >= 2 and fl & _IN_NAME:  # skeletons are only matched on name fields
                if is_arabic(term):
                    target = skel_ar
                elif term.isascii():
                    target = skel_lat
                else:
                    continue
                for sk in skeletons(term):
                    if len(sk) >= 2:
                        _post(target, sk, tid)
        for m in (trigrams, deletes, skel_ar, skel_lat):
            _compact(m)
        self._trigrams = trigrams
        self._deletes = deletes
        # index 0: Latin skeletons (searched by Arabic queries); 1: Arabic ones
        self._skel = ((skel_lat, sorted(skel_lat)), (skel_ar, sorted(skel_ar)))

    # ------------------------------------------------------------------ API

    def __len__(self) -> int:
        return len(self._docs)

    def search(
        self,
        query: str,
        *,
        kinds: Collection[str] | None = None,
        limit: int = 50,
    ) -> list[Hit]:
        if limit <= 0 or not isinstance(query, str):
            return []
        words = query_words(query)
        if not words or not self._docs:
            return []
        kind_set = None if kinds is None else frozenset(kinds)
        plans = [_Word(w, self) for w in words]
        if len(plans) == 1:
            ranked = self._search_one(plans[0], kind_set, limit)
        else:
            ranked = self._search_many(plans, kind_set, limit)
        return [Hit._deferred(self, d, s, plans) for d, s in ranked]

    # ------------------------------------------------------------ internals

    def _specs(self, word: _Word, single: bool) -> list[tuple[float, int, int]]:
        """(score, key id, tier kind) for every tier this word may use."""
        specs = []
        for kid, (name, weight) in enumerate(self._keys):
            if word.short:
                if name not in NAME_FIELDS:
                    continue
                kinds = (_HEAD_EXACT, _HEAD_PREFIX, _REST_EXACT, _REST_PREFIX)
            elif name in NAME_FIELDS:
                kinds = tuple(range(_HEAD_EXACT, _TRANSLIT_PREFIX + 1))
            else:  # transliteration skeletons are for names: in prose they match noise
                kinds = tuple(range(_HEAD_EXACT, _FUZZY + 1))
            if single:
                kinds = (_EXACT_FIELD, *kinds)
            for k in kinds:
                specs.append((weight * MATCH_FACTORS[k], kid, k))
        specs.sort(key=lambda s: (-s[0], s[2], s[1]))
        return specs

    def _lists(self, word: _Word, kid: int, kind: int) -> list[list[int]]:
        """Posting sequences (ascending docs; a doc may recur across them)."""
        if kind == _EXACT_FIELD:
            lst = self._exact[kid].get(word.w)
            return [] if lst is None else [_seq(lst)]
        if kind in (_HEAD_EXACT, _REST_EXACT):
            post = self._head[kid] if kind == _HEAD_EXACT else self._rest[kid]
            t = word.exact()
            lst = post.get(t) if t is not None else None
            return [] if lst is None else [_seq(lst)]
        if kind in (_HEAD_PREFIX, _REST_PREFIX):
            if word.short:
                sp = self._short_head[kid] if kind == _HEAD_PREFIX else self._short_rest[kid]
                lst = sp.get(word.w) if sp is not None else None
                return [] if lst is None else [_seq(lst)]
            post = self._head[kid] if kind == _HEAD_PREFIX else self._rest[kid]
            tids = word.prefix()
        elif kind == _SUBSTR:
            tids = word.substr()
        elif kind == _FUZZY:
            tids = word.fuzzy()
        elif kind == _TRANSLIT:
            tids = word.translit()
        else:
            tids = word.translit_prefix()
        if not tids:
            return []
        out = []
        ones: list[int] = []  # single-doc postings, gathered into one list
        if kind in (_HEAD_PREFIX, _REST_PREFIX):
            get = post.get
            for t in tids:
                lst = get(t)
                if lst is not None:
                    if lst.__class__ is int:
                        ones.append(lst)
                    else:
                        out.append(lst)
        else:
            hg, rg = self._head[kid].get, self._rest[kid].get
            for t in tids:
                lst = hg(t)
                if lst is not None:
                    if lst.__class__ is int:
                        ones.append(lst)
                    else:
                        out.append(lst)
                lst = rg(t)
                if lst is not None:
                    if lst.__class__ is int:
                        ones.append(lst)
                    else:
                        out.append(lst)
        if ones:
            ones.sort()
            out.append(ones)
        return out

    def _groups(self, word: _Word, single: bool) -> Iterator[tuple[float, list[list[int]]]]:
        """Yield (score, posting lists) in descending score; equal scores merged."""
        cur_score: float | None = None
        cur: list[list[int]] = []
        for score, kid, kind in self._specs(word, single):
            if cur_score is not None and abs(score - cur_score) > 1e-9:
                if cur:
                    yield cur_score, cur
                cur = []
            cur_score = score
            cur.extend(self._lists(word, kid, kind))
        if cur and cur_score is not None:
            yield cur_score, cur

    def _search_one(self, word: _Word, kinds: frozenset[str] | None, limit: int) -> list[tuple[int, float]]:
        out: list[tuple[int, float]] = []
        seen: set[int] = set()
        doc_kind = self._doc_kind
        for score, lists in self._groups(word, True):
            if len(lists) == 1:
                it: Iterable[int] = lists[0]
            elif sum(map(len, lists)) <= 4096:
                it = sorted(set().union(*lists))
            else:
                it = heapq.merge(*lists)
            for d in it:
                if d in seen:
                    continue
                seen.add(d)
                if kinds is not None and doc_kind[d] not in kinds:
                    continue
                out.append((d, score))
                if len(out) >= limit:
                    return out
        return out

    def _word_scores(self, word: _Word, restrict: dict[int, float] | None) -> dict[int, float]:
        """doc -> best score of this word (only docs in ``restrict`` if given)."""
        groups = list(self._groups(word, False))
        scores: dict[int, float] = {}
        for score, lists in reversed(groups):  # ascending: higher overwrites
            for lst in lists:
                if restrict is None:
                    scores.update(zip(lst, repeat(score)))
                else:
                    common = restrict.keys() & lst
                    if common:
                        scores.update(zip(common, repeat(score)))
        return scores

    def _search_many(self, plans: list[_Word], kinds: frozenset[str] | None, limit: int) -> list[tuple[int, float]]:
        k = len(plans)
        q = " ".join(p.w for p in plans)
        # most selective word first (cheap estimate: short words are broad)
        order = sorted(plans, key=lambda p: (p.short, -len(p.w)))
        total: dict[int, float] | None = None
        for p in order:
            s = self._word_scores(p, total)
            total = s if total is None else {d: total[d] + v for d, v in s.items()}
            if not total:
                break
        scores = total or {}  # sums of per-word scores (mean * k)

        # whole-query matches on a single (short) field: exact, then prefix
        first = plans[0].exact()
        keys = self._keys
        for kid, (_name, weight) in enumerate(keys):
            ex = self._exact[kid]
            if not ex:
                continue  # long fields only (descriptions): no phrase bonus
            lst = ex.get(q)
            if lst is not None:
                for d in _seq(lst):
                    if scores.get(d, 0.0) < weight * k:
                        scores[d] = weight * k
            if first is None or not scores:
                continue
            heads = self._head[kid].get(first)
            if heads is None:
                continue
            bonus_max = weight * MATCH_FACTORS[_HEAD_EXACT] * k
            norms, off, fkids = self._norm, self._norm_off, self._field_kid
            for d in scores.keys() & _seq(heads):
                if scores[d] >= bonus_max:
                    continue
                for ns, fk in zip(norms[off[d] : off[d + 1]], fkids[d]):
                    if fk == kid and ns is not None and ns.startswith(q) and ns != q:
                        sc = k * weight * MATCH_FACTORS[_HEAD_EXACT if ns[len(q)] == " " else _HEAD_PREFIX]
                        if sc > scores[d]:
                            scores[d] = sc

        if kinds is not None:
            dk = self._doc_kind
            items = [(-s, d) for d, s in scores.items() if dk[d] in kinds]
        else:
            items = [(-s, d) for d, s in scores.items()]
        top = heapq.nsmallest(limit, items)
        return [(d, -s / k) for s, d in top]

    # ----------------------------------------------------- hit construction

    def _word_in_field(self, word: _Word, name: str, ns: str) -> tuple[int, list[tuple[int, int]]] | None:
        """Best tier kind of ``word`` in a normalized field, with normalized spans.

        Mirrors the index: term starts are token starts plus the start of an
        article-less form (``التازي`` -> ``تازي``).
        """
        w = word.w
        if word.short and name not in NAME_FIELDS:
            return None
        lw = len(w)
        if w in ns:
            # one pass over the tokens: linear in the field, however often w occurs
            best: int | None = None
            word_spans: list[tuple[int, int]] = []
            sub_spans: list[tuple[int, int]] = []
            offset = 0
            for number, token in enumerate(ns.split(" ")):
                if w in token:
                    bare = strip_article(token) if token[:1] in "اولبفك" else None
                    starts = (0,) if bare is None else (0, len(token) - len(bare))
                    for start in starts:
                        if token.startswith(w, start):
                            whole = start + lw == len(token)
                            if number == 0:
                                kind = _HEAD_EXACT if whole else _HEAD_PREFIX
                            else:
                                kind = _REST_EXACT if whole else _REST_PREFIX
                            if best is None or kind < best:
                                best = kind
                            word_spans.append((offset + start, offset + start + lw))
                    if best is None and not word.short:
                        at = token.find(w)
                        while at >= 0:
                            sub_spans.append((offset + at, offset + at + lw))
                            at = token.find(w, at + lw)
                offset += len(token) + 1
            if best is not None:
                return best, word_spans
            if word.short:
                return None
            return _SUBSTR, sub_spans
        if word.short:
            return None
        vocab = self._vocab
        tiers = [(_FUZZY, word.fuzzy())]
        if name in NAME_FIELDS:
            tiers += [(_TRANSLIT, word.translit()), (_TRANSLIT_PREFIX, word.translit_prefix())]
        for kind, tids in tiers:
            if not tids:
                continue
            tset = set(tids)
            spans: list[tuple[int, int]] = []
            off = 0
            for tok in ns.split(" "):
                for term in _terms(tok):
                    if vocab.get(term) in tset:
                        o = off + len(tok) - len(term)
                        spans.append((o, o + len(term)))
                off += len(tok) + 1
            if spans:
                return kind, spans
        return None

    def _best_field(self, d: int, score: float, plans: list[_Word]) -> tuple[SearchField, str, list[tuple[int, int]]]:
        """(field, match label, normalized spans) of doc ``d`` for a hit."""
        doc = self._docs[d]
        k = len(plans)
        q = " ".join(p.w for p in plans)
        best_key: tuple[float, float] | None = None
        best: tuple[SearchField, str, list[tuple[int, int]]] | None = None
        norms = self._norm[self._norm_off[d] : self._norm_off[d + 1]]
        fields = sorted(zip(doc.fields, norms), key=lambda fn: -fn[0].weight)
        for f, ns in fields:
            if best_key is not None and f.weight * k <= best_key[0]:
                break  # no remaining field can do better
            if ns is None:
                ns = normalize(f.text)
            if not ns:
                continue
            if ns == q or (k > 1 and ns.startswith(q)):
                kind = _EXACT_FIELD if ns == q else (_HEAD_EXACT if ns[len(q)] == " " else _HEAD_PREFIX)
                cand = (f, _LABELS[kind], [(0, len(q))])
                key = (f.weight * MATCH_FACTORS[kind] * k, f.weight)
            else:
                total = 0.0
                worst = -1
                spans: list[tuple[int, int]] = []
                for p in plans:
                    r = self._word_in_field(p, f.name, ns)
                    if r is None:
                        continue
                    kind, sp = r
                    total += f.weight * MATCH_FACTORS[kind]
                    worst = max(worst, kind)
                    spans.extend(sp)
                if worst < 0:
                    continue
                cand = (f, _LABELS[worst], spans)
                key = (total, f.weight)
            if best_key is None or key > best_key:
                best_key, best = key, cand
                if k == 1 and key[0] >= score - 1e-9:
                    break
        if best is None:  # defensive: should not happen
            f = doc.fields[0] if doc.fields else SearchField("title", 0.0, doc.title)
            return f, "exact", []
        return best


def _map_spans(text: str, nspans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Normalized spans -> merged spans in the original string."""
    if not nspans:
        return ()
    ordered = [(a, b) for a, b in sorted(nspans) if a < b]
    table = _TABLE
    out: list[tuple[int, int]] = []
    n = len(text)
    mapped = normalized_to_source(text, [p for a, b in ordered for p in (a, b - 1)])
    for i in range(len(ordered)):
        start, last = mapped[2 * i], mapped[2 * i + 1]
        if start < 0 or last < 0:
            continue
        end = last + 1
        # include marks (tashkeel, accents) attached to the last char
        while end < n and table[ord(text[end])] == "":
            end += 1
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return tuple(out)

"""The terms of a normalized word, and the keys that find a term by a part or a typo.

The index build and the query derive them with the same functions, so that a
query word finds exactly the terms the build stored.
"""

from __future__ import annotations

from tui.search.ranking import SUBSTRING_MAX_LETTERS
from tui.search.translit import strip_article

#: above every character of normalized text: ``word + MAX_CHAR`` bounds the words that start with ``word``
MAX_CHAR = "\U0010ffff"

_ARTICLE_STARTS = "اولبفك"


def token_terms(token: str) -> tuple[str, ...]:
    """Index terms of one normalized token: itself (+ its article-less form: التازي -> تازي)."""
    bare = strip_article(token) if token[:1] in _ARTICLE_STARTS else None
    return (token,) if bare is None else (token, bare)


def term_starts(token: str) -> tuple[int, ...]:
    """Where the terms of a token start in it (0, and after its article if it has one)."""
    bare = strip_article(token) if token[:1] in _ARTICLE_STARTS else None
    return (0,) if bare is None else (0, len(token) - len(bare))


def trigrams(term: str) -> set[str]:
    """The three-letter parts of a term (none beyond SUBSTRING_MAX_LETTERS: see the cap)."""
    if not 3 <= len(term) <= SUBSTRING_MAX_LETTERS:
        return set()
    return {term[i : i + 3] for i in range(len(term) - 2)}


def deletions(word: str) -> set[str]:
    """The word without one of its letters, each way (SymSpell-style typo keys)."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Optimal-string-alignment distance <= 1 (substitution, insertion, deletion, transposition)."""
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

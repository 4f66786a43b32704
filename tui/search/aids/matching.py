"""How a form of a search aid is found in a field: as whole words, in order, an Arabic word with its proclitics.

A form (`مدغشقر`, `جنوب افريقيا`, `دار بيضاء`) is found where a field's normalized
words are the form's words, one after the other. Arabic writes a conjunction
(و, ف), a preposition (ب, ل, ك) and the article (ال, which ل joins as لل) as part
of the word they precede, so the form's first word is also found behind any of
them (`وجيبوتي`, `بالمغرب`, `للمغرب`, `والشرق`), and each later word behind the
article (`الشرق الأوسط`). Nothing else: a form is never found inside a longer word
(`مالي`, Mali, is not in `إجمالية`; `غربية` is not in `المغربية`) nor with its
words apart or in another order (`جنوب افريقيا`, South Africa, is not in `إفريقيا
جنوب الصحراء`). A Latin word is found as a word only.

The index finds the documents whose field holds each word so written (a term
lookup per spelling, `word_spellings`); a form of several words is then checked
in the field's text (`phrase_spans`), which the hits also use to light it.
"""

from __future__ import annotations

import re
from functools import cache

from tui.search.normalize import fold_char, normalize
from tui.search.translit import is_arabic

_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ك", "ل")
ARTICLE = "ال"


def _first_word_prefixes() -> tuple[str, ...]:
    prefixes: dict[str, None] = {}
    for conjunction in _CONJUNCTIONS:
        for preposition in _PREPOSITIONS:
            prefixes.setdefault(conjunction + preposition)
            # the article after them: ل + ال is written لل
            prefixes.setdefault(conjunction + ("لل" if preposition == "ل" else preposition + ARTICLE))
    return tuple(prefixes)


#: what may be written before an Arabic form's first word, in the same word (none: "")
FIRST_WORD_PREFIXES = _first_word_prefixes()
#: ...and before each of its other words
LATER_WORD_PREFIXES = ("", ARTICLE)


@cache
def word_spellings(word: str, first: bool) -> dict[str, int]:
    """The normalized words that are `word` as a form's first (or later) word, each with its prefix's length."""
    if not is_arabic(word):
        return {word: 0}
    prefixes = FIRST_WORD_PREFIXES if first else LATER_WORD_PREFIXES
    return {prefix + word: len(prefix) for prefix in prefixes}


def phrase_spans(words: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    """Where the form's words are in `text` (normalized), in a row: the spans of the words, prefixes left out."""
    if not words or not text:
        return []
    spans: list[tuple[int, int]] = []
    for match in _pattern(words).finditer(text):
        spans.extend(match.span(group) for group in range(1, len(words) + 1))
    return spans


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """The form as a regular expression over normalized text: whole words in a row, each in a group."""
    parts = []
    for position, word in enumerate(words):
        prefixes = sorted({spelling[: len(spelling) - len(word)] for spelling in word_spellings(word, position == 0)})
        optional = "|".join(re.escape(prefix) for prefix in prefixes if prefix)
        parts.append((f"(?:{optional})?" if optional else "") + f"({re.escape(word)})")
    return re.compile(r"(?<![^ ])" + " ".join(parts) + r"(?![^ ])")


def in_text(words: tuple[str, ...], text: str) -> bool:
    """Whether `text` (as stored, not normalized) has the form, as `phrase_spans` finds it in its normalized text.

    Only the words around each place the form's first word may be are normalized
    (a long article is not): a first, loose look for that word's letters in the
    text as written (any spelling that normalizes to them, marks between them)
    finds those places.
    """
    if not words or not text:
        return False
    span = len(words)
    for match in _loose(words[0]).finditer(text):
        start = max(text.rfind(" ", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        end = match.end()
        for _word in range(span):  # the words of the form: to the end of as many words
            ends = [at for at in (text.find(" ", end + 1), text.find("\n", end + 1)) if at >= 0]
            end = min(ends) if ends else len(text)
        if phrase_spans(words, normalize(text[start:end])):
            return True
    return False


@cache
def _loose(word: str) -> re.Pattern[str]:
    """A word's letters as they may be written before normalization: any character that folds to each, marks between."""
    inverse = _inverse_fold()
    ignored = "".join(sorted(inverse.get("", set())))
    between = f"[{re.escape(ignored)}]*" if ignored else ""
    parts = []
    for letter in word:
        variants = "".join(sorted(inverse.get(letter, set()) | {letter}))
        parts.append(f"[{re.escape(variants)}]")
    return re.compile(between.join(parts))


@cache
def _inverse_fold() -> dict[str, set[str]]:
    """Normalized letter -> the characters (Latin, Arabic and its presentation forms) that fold to it alone."""
    inverse: dict[str, set[str]] = {}
    for low, high in ((0x0000, 0x0250), (0x0600, 0x0700), (0x0750, 0x0780), (0x200B, 0x2070), (0xFB50, 0xFF00)):
        for code in range(low, high):
            folded = fold_char(chr(code))
            if len(folded) <= 1 and folded != " ":
                inverse.setdefault(folded, set()).add(chr(code))
    return inverse


def holds(words: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether `other` is `words`, or a run of consecutive words of it."""
    length = len(other)
    return any(words[at : at + length] == other for at in range(len(words) - length + 1))

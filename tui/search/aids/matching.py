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

from functools import cache

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
    """Where the form's words are in `text` (normalized), one after the other: the spans of the words, prefixes left out."""
    if not words or not text:
        return []
    tokens = text.split(" ")
    starts = []
    offset = 0
    for token in tokens:
        starts.append(offset)
        offset += len(token) + 1
    first = word_spellings(words[0], True)
    later = [word_spellings(word, False) for word in words[1:]]
    spans: list[tuple[int, int]] = []
    for at in range(len(tokens) - len(words) + 1):
        prefix = first.get(tokens[at])
        if prefix is None:
            continue
        found = [(starts[at] + prefix, starts[at] + len(tokens[at]))]
        for step, spellings in enumerate(later, 1):
            later_prefix = spellings.get(tokens[at + step])
            if later_prefix is None:
                break
            found.append((starts[at + step] + later_prefix, starts[at + step] + len(tokens[at + step])))
        else:
            spans.extend(found)
    return spans


def holds(words: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether `other` is `words`, or a run of consecutive words of it."""
    length = len(other)
    return any(words[at : at + length] == other for at in range(len(words) - length + 1))

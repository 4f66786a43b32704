"""The part of a matched text that a search result shows: a window around the match.

The search screen and `marsad search --json` both show where a query matched
without the whole field: a 2,700-character article is cut to a few words on
either side of the first match, with the match's spans moved into the window.
Names are short and shown whole.
"""

from __future__ import annotations

Spans = tuple[tuple[int, int], ...]

#: search fields that hold a record's names: shown whole
NAME_FIELDS = frozenset({"name", "alias", "acronym"})
#: characters of context before the first match (after it: twice as many)
CONTEXT = 24
#: what marks a window that does not start at the text's start
CUT_MARK = "… "


def excerpt(field: str, text: str, spans: Spans) -> tuple[str, Spans]:
    """What a hit in `field` shows of its `text`: a name whole, anything else `snippet`."""
    return (text, spans) if field in NAME_FIELDS else snippet(text, spans)


def snippet(text: str, spans: Spans, before: int = CONTEXT) -> tuple[str, Spans]:
    """A window of `text` around its first matched span, with spans shifted into it.

    `before`: characters of context before the match (a narrow row gives fewer,
    so that the match is in what it shows). Costs the window's length, not the text's.
    """
    if not spans:
        return text[: CONTEXT * 3], ()
    first = spans[0][0]
    start = max(0, first - before)
    if start:
        space = text.rfind(" ", max(0, start - before), start + 1)  # start at a word, not far back
        start = space + 1 if space >= 0 else start
    end = min(len(text), spans[0][1] + CONTEXT * 2)
    window = text[start:end]
    shifted = tuple((max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start)
    prefix = CUT_MARK if start else ""
    return prefix + window, tuple((s + len(prefix), e + len(prefix)) for s, e in shifted)

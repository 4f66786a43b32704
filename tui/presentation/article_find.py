"""Find words in an article the way search finds them: Arabic-normalized.

`ا` finds `أ إ آ`, `ه` finds `ة`, harakat and tatweel are ignored, Latin
letters match in any case and accent, and Arabic-Indic digits match Western
ones (`tui.search.normalize`). Matches are found in the normalized text and
mapped back to ranges of the article as stored, for highlighting.
"""

from __future__ import annotations

from tui.search.normalize import normalize, normalized_to_source

Span = tuple[int, int]


class TextFinder:
    """Every occurrence of a query in one text; the text is normalized once, on the first find."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._normalized: str | None = None

    def find(self, query: str) -> list[Span]:
        """The (start, end) ranges of `text` that match `query`, in order, not overlapping.

        Linear in the text: one normalization, one scan, one mapping back.
        """
        needle = normalize(query)
        if not needle:
            return []
        if self._normalized is None:
            self._normalized = normalize(self.text)
        haystack = self._normalized
        starts: list[int] = []
        position = haystack.find(needle)
        while position >= 0:
            starts.append(position)
            position = haystack.find(needle, position + len(needle))
        if not starts:
            return []
        lasts = [start + len(needle) - 1 for start in starts]
        mapped = normalized_to_source(self.text, starts + lasts)
        return [
            (start, last + 1) for start, last in zip(mapped[: len(starts)], mapped[len(starts) :]) if 0 <= start <= last
        ]

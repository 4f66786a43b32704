"""A source article laid out for reading, with the quotes the database cites highlighted.

The article is laid out once per width: every row remembers which characters
of the text it shows, so finding the row of a quote (`n`/`N`, opening at a
quote) is a binary search, not another layout. An article longer than
MAX_ARTICLE_CHARS is shown up to there, with a note (search sees all of it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType

from tui.text import BidiMode, layout, reading_direction
from tui.widgets.rows import text_style
from tui.widgets.virtual_list import VirtualList

#: characters of an article laid out for reading (about 50 pages; real articles
#: have a few thousand): a layout of more would freeze the screen at each resize
MAX_ARTICLE_CHARS = 100_000


def quote_spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Where each quote first occurs in the text; quotes not found are left out."""
    spans = []
    for quote in dict.fromkeys(quotes):
        start = text.find(quote) if quote else -1
        if start >= 0:
            spans.append((start, start + len(quote)))
    return sorted(spans)


def _spans_by_paragraph(paragraphs: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[tuple[tuple[int, int], ...]]:
    """For each paragraph (start, end), the parts of the spans inside it, relative to its start.

    One sweep over both sorted lists: a span is visited once per paragraph it touches.
    """
    result: list[tuple[tuple[int, int], ...]] = []
    active: list[tuple[int, int]] = []
    next_span = 0
    for start, end in paragraphs:
        while next_span < len(spans) and spans[next_span][0] < end:
            active.append(spans[next_span])
            next_span += 1
        active = [span for span in active if span[1] > start]
        result.append(tuple((max(s, start) - start, min(e, end) - start) for s, e in active if s < end))
    return result


class ArticleView(VirtualList):
    """The article's paragraphs, each shaped and reordered per line by the text pipeline."""

    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {"article-view--quote", "article-view--note"}
    # An article has nothing to open: keep `enter` out of the footer.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", show=False, id="list.select"),
    ]

    def __init__(self, text: str, quotes: list[str], *, mode: BidiMode, start_at: str = "", id: str | None = None) -> None:
        super().__init__(0, render_row=self._render_article_row, empty_message="This article has no text", id=id)
        self.hidden_chars = max(0, len(text) - MAX_ARTICLE_CHARS)
        """How much of the article is beyond what is shown."""
        self.text = text[:MAX_ARTICLE_CHARS]
        self.spans = quote_spans(self.text, quotes)
        self.mode = mode
        self._rows: list[Text] = []
        self._row_ends: list[int] = []
        """Per row, the end of the text it shows (nondecreasing)."""
        self._quote_rows: list[int] = []
        """Per span, the row where it starts (nondecreasing: spans are sorted)."""
        self._laid_out_width = -1
        self._start_at = start_at
        """A quote to bring into view once the article is first laid out."""

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        self._laid_out_width = width
        style = str(text_style(self, "article-view--quote"))
        paragraphs: list[tuple[int, int]] = []
        start = 0
        for paragraph in self.text.split("\n"):
            paragraphs.append((start, start + len(paragraph)))
            start += len(paragraph) + 1
        rows: list[Text] = []
        row_ends: list[int] = []
        for (start, end), highlights in zip(paragraphs, _spans_by_paragraph(paragraphs, self.spans)):
            paragraph = self.text[start:end]
            lines = layout(paragraph, width, direction=reading_direction(paragraph), mode=self.mode, highlights=highlights, highlight_style=style)
            if not lines:
                rows.append(Text(" " * width))
                row_ends.append(end)
            for line in lines:
                rows.append(line.to_text(width))
                row_ends.append(start + line.source[1])
        if self.hidden_chars:
            note = Text(f"… {self.hidden_chars:,} more characters of this article are not shown here: search (/) finds them", style=text_style(self, "article-view--note"))
            rows.append(note)
            row_ends.append(len(self.text))
        self._rows, self._row_ends = rows, row_ends
        # the first row that shows a character of the span
        self._quote_rows = [min(bisect_right(row_ends, span_start), len(rows) - 1) for span_start, _end in self.spans]
        self.set_rows(len(self._rows), keep_cursor=True)
        if self._start_at:
            self.show_quote(self._start_at)
            self._start_at = ""

    def show_quote(self, quote: str) -> None:
        """Put the cursor on the first row of a quote, with a little context above it."""
        number = next((n for n, (s, e) in enumerate(self.spans) if self.text[s:e] == quote), None)
        row = self.row_of_quote(number) if number is not None else None
        if row is not None:
            self.move_cursor(row, scroll=False)
            self.scroll_to(y=max(0, row - 2), animate=False, force=True)

    def row_of_quote(self, number: int) -> int | None:
        """The first row that shows quote `number` (an index into `spans`)."""
        if not 0 <= number < len(self._quote_rows):
            return None
        return self._quote_rows[number]

    def quote_at_or_after(self, row: int, step: int) -> int | None:
        """The number of the next (step 1) or previous (step -1) quote from `row`."""
        rows = self._quote_rows
        if step > 0:
            number = bisect_right(rows, row)
            return number if number < len(rows) else None
        number = bisect_left(rows, row) - 1
        return number if number >= 0 else None

    def _on_resize(self, event: events.Resize) -> None:
        super()._on_resize(event)
        if self.scrollable_content_region.width != self._laid_out_width:
            self._relayout()

    def _render_article_row(self, index: int, width: int) -> Text:
        return self._rows[index] if index < len(self._rows) else Text()

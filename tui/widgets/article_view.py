"""A source article laid out for reading, with the quotes the database cites highlighted."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType

from tui.text import BidiMode, layout, reading_direction
from tui.widgets.rows import text_style
from tui.widgets.virtual_list import VirtualList


def quote_spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Where each quote first occurs in the text; quotes not found are left out."""
    spans = []
    for quote in dict.fromkeys(quotes):
        start = text.find(quote) if quote else -1
        if start >= 0:
            spans.append((start, start + len(quote)))
    return sorted(spans)


class ArticleView(VirtualList):
    """The article's paragraphs, each shaped and reordered per line by the text pipeline."""

    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {"article-view--quote"}
    # An article has nothing to open: keep `enter` out of the footer.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", show=False, id="list.select"),
    ]

    def __init__(self, text: str, quotes: list[str], *, mode: BidiMode, start_at: str = "", id: str | None = None) -> None:
        super().__init__(0, render_row=self._render_article_row, empty_message="This article has no text", id=id)
        self.text = text
        self.spans = quote_spans(text, quotes)
        self.mode = mode
        self._rows: list[Text] = []
        self._paragraphs: list[tuple[int, int, int]] = []  # (start, end, first row) per paragraph
        self._laid_out_width = -1
        self._start_at = start_at
        """A quote to bring into view once the article is first laid out."""

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        self._laid_out_width = width
        style = str(text_style(self, "article-view--quote"))
        self._rows, self._paragraphs = [], []
        start = 0
        for paragraph in self.text.split("\n"):
            end = start + len(paragraph)
            self._paragraphs.append((start, end, len(self._rows)))
            highlights = tuple((max(s, start) - start, min(e, end) - start) for s, e in self.spans if s < end and e > start)
            lines = layout(paragraph, width, direction=reading_direction(paragraph), mode=self.mode, highlights=highlights, highlight_style=style)
            self._rows += [line.to_text(width) for line in lines] or [Text(" " * width)]
            start = end + 1
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
        if not 0 <= number < len(self.spans) or self._laid_out_width <= 0:
            return None
        span_start, span_end = self.spans[number]
        for start, end, first_row in self._paragraphs:
            if start <= span_start <= end:
                paragraph = self.text[start:end]
                highlight = ((span_start - start, min(span_end, end) - start),)
                lines = layout(paragraph, self._laid_out_width, direction=reading_direction(paragraph), mode=self.mode, highlights=highlight)
                return first_row + next((n for n, line in enumerate(lines) if line.spans), 0)
        return None

    def quote_at_or_after(self, row: int, step: int) -> int | None:
        """The number of the next (step 1) or previous (step -1) quote from `row`."""
        rows = [(self.row_of_quote(n), n) for n in range(len(self.spans))]
        ahead = [(r, n) for r, n in rows if r is not None and (r > row if step > 0 else r < row)]
        if not ahead:
            return None
        return min(ahead)[1] if step > 0 else max(ahead)[1]

    def _on_resize(self, event: events.Resize) -> None:
        super()._on_resize(event)
        if self.scrollable_content_region.width != self._laid_out_width:
            self._relayout()

    def _render_article_row(self, index: int, width: int) -> Text:
        return self._rows[index] if index < len(self._rows) else Text()

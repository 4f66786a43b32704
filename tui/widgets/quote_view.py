"""A passage shown read-only in an editing dialog (a fact's quote, the passage being cited), in reading order.

Laid out through the text pipeline at the widget's width, at most `max_lines`
lines (the last ends with "…" when there is more), right-to-left when it holds
Arabic (`reading_direction`, as every stored text).
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.text.direction import BidiMode, reading_direction
from tui.text.layout import layout


class QuoteView(Widget):
    """Read-only text, laid out for reading."""

    DEFAULT_CSS = """
    QuoteView { height: auto; width: 1fr; color: $text; background: $boost; padding: 0 1; }
    """

    def __init__(self, text: str, *, mode: BidiMode, max_lines: int = 4, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        self.mode = mode
        self.max_lines = max_lines

    def _lines(self, width: int) -> list[Text]:
        lines = layout(
            self.text,
            max(1, width),
            direction=reading_direction(self.text),
            mode=self.mode,
            max_lines=self.max_lines,
        )
        return [line.to_text(width) for line in lines] or [Text("")]

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.content_region.width or 40))

"""Interface text in a box: a message in the language spoken, wrapped and drawn by the text pipeline.

Textual's `Static` wraps what it is given itself, in storage order: a paragraph of
Arabic put in reading order first and wrapped after comes out with its last line on
top. `Said` keeps the logical message and lays it out at its own width on every
render (`tui.text.layout`: wrapped in logical order, each line shaped and reordered,
aligned as the interface reads), so it follows a resize and a switch of language.
It takes a message or a function that says it (called at each render, so that it
says it in the language spoken then).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from tui import i18n
from tui.text.direction import BidiMode
from tui.text.layout import layout

__all__ = ["Said"]

Saying = str | Callable[[], str]


class Said(Widget):
    """A paragraph of Marsad's own words (never markup), laid out for the interface's direction."""

    DEFAULT_CSS = "Said { height: auto; }"

    def __init__(
        self,
        saying: Saying = "",
        *,
        mode: BidiMode,
        style: Style | str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.saying = saying
        self.mode = mode
        self.said_style = style

    @property
    def text(self) -> str:
        """What it says now, logical."""
        return self.saying() if callable(self.saying) else self.saying

    def update(self, saying: Saying, style: Style | str | None = None) -> None:
        self.saying = saying
        if style is not None:
            self.said_style = style
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Text]:
        return [
            line.to_text(width, style=self.said_style)
            for line in layout(self.text, width, direction=i18n.direction(), mode=self.mode)
        ]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self._lines(width))) if self.text else 1

    def render(self) -> Text:
        lines = self._lines(self.size.width)
        return Text("\n").join(lines) if lines else Text("")

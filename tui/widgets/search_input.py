"""One-line inputs that show Arabic shaped and in reading order while their value stays logical.

Textual's `Input` edits (keys, selection, clipboard, `Changed` and `Submitted`
messages) but draws its value in storage order, unjoined: typed Arabic reads
backwards. `SearchInput` keeps all of `Input` and draws through the text pipeline
(`tui.text.layout`, which also passes the gate): the search screen's query box, and
through `PaletteInput` the command palette's. Arrow keys and clicks follow the
screen: in right-to-left text, left moves forward.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.command import CommandInput
from textual.strip import Strip
from textual.widgets import Input

from tui import i18n
from tui.text.direction import BidiMode, Direction, paragraph_direction
from tui.text.gate import clean_for_display
from tui.text.layout import VisualLine, layout, single_line

__all__ = ["PaletteInput", "SearchInput"]

#: a click is mapped to a character by laying the line out once per character: bounded
CLICK_MAPPING_MAX_CHARS = 256


class SearchInput(Input):
    """An `Input` drawn in reading order, with the cursor on the glyph it stands before.

    The cursor is drawn as the reverse-video cell of the character it stands before
    (logically); at the end of the text it is a blank cell where the next letter
    will appear: left of the text in a right-to-left paragraph, right of it otherwise.
    A selection is drawn in the selection style instead of the cursor.

    `prompt` and `placeholder` are messages, said in the language spoken when the input
    draws. In a mirrored (right-to-left) interface the prompt is at the right end and
    the value beside it, whatever its direction.
    """

    COMPONENT_CLASSES = Input.COMPONENT_CLASSES | {"search-input--prompt"}
    DEFAULT_CSS = "SearchInput > .search-input--prompt { color: $accent; text-style: bold; }"

    def __init__(
        self,
        *,
        mode: BidiMode,
        placeholder: str = "",
        prompt: str = "",
        compact: bool = True,
        select_on_focus: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(placeholder=placeholder, compact=compact, select_on_focus=select_on_focus, id=id)
        self.mode = mode
        self.prompt = prompt
        self.cursor_blink = False

    # -- editing (logical) ---------------------------------------------------
    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit (typing, pasting, `insert`) keeps the value one line, with no control in it."""
        super().replace(clean_for_display(text).replace("\n", " "), start, end)

    def insert(self, text: str, index: int | None = None) -> None:
        """Insert `text` at `index`, the cursor by default."""
        super().insert(text, self.cursor_position if index is None else index)

    def action_clear(self) -> None:
        """Empty the box (the search screen's own API before it was an `Input`; tests drive it)."""
        self.clear()

    def action_cursor_left(self, select: bool = False) -> None:
        """Left on screen: forward in right-to-left text."""
        if self._right_to_left():
            super().action_cursor_right(select)
        else:
            super().action_cursor_left(select)

    def action_cursor_right(self, select: bool = False) -> None:
        if self._right_to_left():
            super().action_cursor_left(select)
        else:
            super().action_cursor_right(select)

    def action_cursor_left_word(self, select: bool = False) -> None:
        if self._right_to_left():
            super().action_cursor_right_word(select)
        else:
            super().action_cursor_left_word(select)

    def action_cursor_right_word(self, select: bool = False) -> None:
        if self._right_to_left():
            super().action_cursor_left_word(select)
        else:
            super().action_cursor_right_word(select)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click puts the cursor before the glyph clicked, in reading order (Input's own mapping is logical)."""
        event.prevent_default()
        self.focus()
        self.cursor_position = self._index_at(event.get_content_offset_capture(self).x)

    def _right_to_left(self) -> bool:
        return bool(self.value.strip()) and paragraph_direction(self.value) == "rtl"

    # -- drawing (visual) ----------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y != 0 or width < 1:
            return Strip.blank(max(width, 0), self.rich_style)
        # One line, whatever is drawn: a segment holding a line break inside a strip
        # moves the terminal's cursor down a row, and on the bottom row scrolls the
        # whole screen up by one (Textual redraws only what it thinks changed).
        console = self.app.console
        lines = console.render_lines(self.render(), console.options.update(width=width, no_wrap=True), pad=False)
        segments = lines[0] if lines else []
        return Strip(segments).crop(0, width).extend_cell_length(width).apply_style(self.rich_style)

    def _said(self, message: str, width: int, style: Style) -> Text:
        """A message of the input's own (its prompt, its placeholder) in reading order, at most `width` cells."""
        if not message:
            return Text()
        line = single_line(i18n._(message), max(0, width), direction=i18n.direction(), mode=self.mode)
        return line.to_text(line.cells, style=style)

    def _prompt(self) -> Text:
        return self._said(self.prompt, 40, self.get_component_rich_style("search-input--prompt"))

    def render(self) -> Text:
        """The visible line: prompt, then the value in reading order (or the placeholder); mirrored in a
        right-to-left interface.

        Pieces are assembled, never added: `Text + Text` would give the whole line the
        first piece's style (the cursor's reverse video over every letter).
        """
        prompt = self._prompt()
        width = self._value_width()
        cursor = self.get_component_rich_style("input--cursor")
        mirrored = i18n.is_rtl()
        if not self.value:
            placeholder = self._said(self.placeholder, width - 1, self.get_component_rich_style("input--placeholder"))
            cursor_cell = Text(" ", cursor) if self.has_focus else Text()
            if mirrored:
                padding = " " * max(0, width - placeholder.cell_len - cursor_cell.cell_len)
                return Text.assemble(padding, placeholder, cursor_cell, prompt, end="", no_wrap=True)
            return Text.assemble(prompt, cursor_cell, placeholder, end="", no_wrap=True, overflow="ellipsis")
        line, _number, at_end = self._visible_line(width)
        body = line.to_text(line.cells)
        end_cell = (" ", cursor if self.has_focus else "") if at_end else ""
        padding = " " * max(0, width - body.cell_len - (1 if at_end else 0))
        value = Text.assemble(end_cell, body) if self._right_to_left() else Text.assemble(body, end_cell)
        if mirrored:
            return Text.assemble(padding, value, prompt, end="")
        if self._right_to_left():
            return Text.assemble(prompt, padding, value, end="")
        return Text.assemble(prompt, value, padding, end="")

    def _value_width(self) -> int:
        return max(1, self.scrollable_content_region.width - self._prompt().cell_len)

    def _value_left_edge(self, line: VisualLine, at_end: bool) -> int:
        """The cell where the drawn value starts (its first glyph, after the end cell of a right-to-left value)."""
        width = self._value_width()
        before_body = 1 if at_end and self._right_to_left() else 0
        if i18n.is_rtl():
            return width - line.cells - (1 if at_end else 0) + before_body
        if self._right_to_left():
            return self._prompt().cell_len + width - line.cells
        return self._prompt().cell_len

    def _visible_line(self, width: int) -> tuple[VisualLine, int, bool]:
        """The line of the value that holds the cursor (or the selection), its number, and
        whether the cursor is at its end."""
        start, end = sorted(self.selection)
        selecting = self.has_focus and start != end
        at_end = not selecting and self.cursor_position >= len(self.value)
        highlights: tuple[tuple[int, int], ...]
        style: Style | str
        if selecting:
            highlights, style = ((start, end),), self.get_component_rich_style("input--selection")
        elif self.has_focus and not at_end:
            highlights, style = (
                ((self.cursor_position, self.cursor_position + 1),),
                self.get_component_rich_style("input--cursor"),
            )
        else:
            highlights, style = (), ""
        lines = self._lines(width - 1 if at_end else width, highlights, str(style))
        number = (
            next((at for at, line in enumerate(lines) if line.spans), len(lines) - 1) if highlights else len(lines) - 1
        )
        return lines[number], number, at_end

    def _lines(
        self, width: int, highlights: tuple[tuple[int, int], ...] = (), style: str = ""
    ) -> tuple[VisualLine, ...]:
        direction: Direction = "rtl" if self._right_to_left() else "ltr"
        lines = layout(
            self.value, max(1, width), direction=direction, mode=self.mode, highlights=highlights, highlight_style=style
        )
        return lines or (VisualLine("", direction, 0),)

    def _index_at(self, x: int) -> int:
        """The logical index of the character drawn at cell `x` of the widget (the end of the value if none)."""
        if not self.value or len(self.value) > CLICK_MAPPING_MAX_CHARS:
            return len(self.value)
        width = self._value_width()
        line, number, at_end = self._visible_line(width)
        room = width - 1 if at_end else width
        left_edge = self._value_left_edge(line, at_end)
        for index in range(len(self.value)):
            lines = self._lines(room, ((index, index + 1),), "x")
            if number < len(lines):
                drawn = lines[number]
                for left, right, _style in drawn.spans:
                    if left_edge + cell_len(drawn.text[:left]) <= x < left_edge + cell_len(drawn.text[:right]):
                        return index
        return len(self.value)


class PaletteInput(CommandInput, SearchInput):
    """The command palette's input, drawn in reading order.

    `CommandInput` comes first: Textual's CSS and queries follow a widget's first
    bases, and the palette finds its input, styles it and focuses it as a `CommandInput`.
    `CommandInput` adds only styles, so the editing and drawing are `SearchInput`'s.
    """

    COMPONENT_CLASSES = SearchInput.COMPONENT_CLASSES

    def __init__(self, *, mode: BidiMode, placeholder: str) -> None:
        super().__init__(mode=mode, placeholder=placeholder, compact=False, select_on_focus=False)

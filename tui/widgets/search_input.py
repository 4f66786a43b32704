"""A one-line input that shows Arabic shaped and in reading order while its value stays logical."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui.text import BidiMode, clean_for_display, layout, paragraph_direction

_PROMPT = "/ "


class SearchInput(Widget, can_focus=True):
    """Edits a logical string; draws it through the text pipeline with the cursor on the right glyph.

    The cursor is drawn as the reverse-video cell of the character it stands before
    (logically); at the end of the text it is a blank cell where the next letter
    will appear: left of the text in a right-to-left paragraph, right of it otherwise.
    """

    BINDINGS = [
        Binding("left", "cursor_visual(-1)", "Left", show=False, id="input.left"),
        Binding("right", "cursor_visual(1)", "Right", show=False, id="input.right"),
        Binding("home,ctrl+a", "cursor_home", "Start", show=False, id="input.home"),
        Binding("end,ctrl+e", "cursor_end", "End", show=False, id="input.end"),
        Binding("backspace", "delete_left", "Delete left", show=False, id="input.backspace"),
        Binding("delete,ctrl+d", "delete_right", "Delete right", show=False, id="input.delete"),
        Binding("ctrl+u", "clear", "Clear", show=False, id="input.clear"),
    ]
    COMPONENT_CLASSES = {"search-input--cursor", "search-input--placeholder", "search-input--prompt"}

    value: reactive[str] = reactive("", layout=False)
    cursor_position: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    def __init__(self, *, mode: BidiMode, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = mode
        self.placeholder = placeholder

    # -- editing (logical) ---------------------------------------------------
    def insert(self, text: str) -> None:
        text = clean_for_display(text).replace("\n", " ")
        if not text:
            return
        position = self.cursor_position
        self.value = self.value[:position] + text + self.value[position:]
        self.cursor_position = position + len(text)

    def watch_value(self, value: str) -> None:
        self.cursor_position = min(self.cursor_position, len(value))
        self.post_message(self.Changed(value))

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.insert(event.character)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.insert(event.text)

    def action_delete_left(self) -> None:
        position = self.cursor_position
        if position > 0:
            self.value = self.value[: position - 1] + self.value[position:]
            self.cursor_position = position - 1

    def action_delete_right(self) -> None:
        position = self.cursor_position
        self.value = self.value[:position] + self.value[position + 1 :]

    def action_clear(self) -> None:
        self.value = ""
        self.cursor_position = 0

    def action_cursor_home(self) -> None:
        self.cursor_position = 0

    def action_cursor_end(self) -> None:
        self.cursor_position = len(self.value)

    def action_cursor_visual(self, step: int) -> None:
        """Arrow keys move on screen: in right-to-left text, left goes forward."""
        logical_step = -step if self._direction() == "rtl" else step
        self.cursor_position = max(0, min(len(self.value), self.cursor_position + logical_step))

    def _direction(self) -> str:
        return paragraph_direction(self.value) if self.value.strip() else "ltr"

    # -- drawing (visual) ----------------------------------------------------
    def render(self) -> Text:
        width = max(1, self.size.width - cell_len(_PROMPT))
        prompt = Text(_PROMPT, style=self.get_component_rich_style("search-input--prompt"), end="")
        cursor_style = str(self.get_component_rich_style("search-input--cursor"))
        show_cursor = self.has_focus
        if not self.value:
            placeholder = Text(self.placeholder, style=self.get_component_rich_style("search-input--placeholder"), end="")
            return prompt + (Text(" ", style=cursor_style) if show_cursor else Text("")) + placeholder
        direction = self._direction()
        at_end = self.cursor_position >= len(self.value)
        room = width - 1 if at_end else width  # a cell for the cursor after the last letter
        highlights = () if at_end or not show_cursor else ((self.cursor_position, self.cursor_position + 1),)
        lines = layout(self.value, max(1, room), direction=direction, mode=self.mode, highlights=highlights, highlight_style=cursor_style)
        line = _line_with_cursor(lines, highlights)
        body = line.to_text(line.cells)
        end_cell = Text(" ", style=cursor_style if show_cursor else "")
        if at_end:
            body = (end_cell + body) if direction == "rtl" else (body + end_cell)
        padding = Text(" " * max(0, width - body.cell_len))
        return prompt + (padding + body if direction == "rtl" else body + padding)


def _line_with_cursor(lines, highlights):
    """The visual line to show: the one holding the cursor, else the logical last one."""
    if highlights:
        for line in lines:
            if line.spans:
                return line
    return lines[-1]

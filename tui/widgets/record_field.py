"""A field of an editing dialog that holds a record (a fact's record, its speaker, a member...), chosen from a list.

It shows the record's name in reading order (or what an empty field means:
"the article itself"); enter, space or a click asks the screen to choose one
(`RecordField.Pick`: the screen opens its picker and sets `value`), and
backspace or delete empties it when it may be empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from tui.text.direction import BidiMode
from tui.widgets.rows import text_style, visual_text


class RecordField(Widget, can_focus=True):
    """One line: `prompt` then the chosen record's name (or `empty`)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"record-field--prompt", "record-field--empty"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "pick", "Choose", id="record-field.choose"),
        Binding("backspace,delete", "clear", "Clear", show=False, id="record-field.clear"),
    ]
    DEFAULT_CSS = """
    RecordField { height: 1; width: 1fr; background: $boost; }
    RecordField:focus { background: $accent 30%; }
    RecordField > .record-field--prompt { color: $accent; text-style: bold; }
    RecordField > .record-field--empty { color: $text-muted; text-style: italic; }
    """

    @dataclass
    class Pick(Message):
        """The user asks to choose the field's record."""

        field: RecordField

        @property
        def control(self) -> RecordField:
            return self.field

    @dataclass
    class Changed(Message):
        """The field's record changed (it may be None)."""

        field: RecordField

        @property
        def control(self) -> RecordField:
            return self.field

    def __init__(
        self,
        prompt: str,
        *,
        mode: BidiMode,
        empty: str = "(none: enter chooses)",
        optional: bool = False,
        id: str,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.prompt = prompt
        self.mode = mode
        self.empty = empty
        self.optional = optional
        """Whether backspace may empty it (a speaker may be none; a fact's record may not)."""
        self.value: object | None = None
        """What is chosen: a record id, a `NewRecord`, or None."""
        self.shown = ""
        """The name shown for it."""

    def choose(self, value: object | None, shown: str) -> None:
        """Hold `value`, shown as `shown` (says `Changed`)."""
        self.value, self.shown = value, shown
        self.refresh()
        self.post_message(self.Changed(self))

    def render(self) -> Text:
        width = self.content_region.width or 80
        line = Text(self.prompt, style=text_style(self, "record-field--prompt"), end="")
        room = max(1, width - cell_len(self.prompt))
        if self.value is None:
            line.append(self.empty[:room], style=text_style(self, "record-field--empty"))
        else:
            line.append_text(visual_text(self.shown, room, self.mode))
        return line

    def action_pick(self) -> None:
        self.post_message(self.Pick(self))

    def action_clear(self) -> None:
        if self.optional and self.value is not None:
            self.choose(None, "")

    def on_click(self, event: events.Click) -> None:
        self.focus()
        self.post_message(self.Pick(self))

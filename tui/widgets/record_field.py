"""A field of an editing dialog that holds a record (a fact's record, its speaker, a member...), chosen from a list.

It shows the record's name in reading order (or what an empty field means:
"the article itself"); enter, space or a click asks the screen to choose one
(`RecordField.Pick`: the screen opens its picker and sets `value`), and
backspace or delete empties it when it may be empty. Its prompt and what an
empty field says are messages, said in the language spoken when it draws; in a
mirrored (right-to-left) interface the prompt is at the right end, the name beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from tui.i18n import N_, _
from tui.text.direction import BidiMode
from tui.widgets.rows import aligned, in_reading_order, text_style, ui_text, visual_text

#: what an empty field says unless told otherwise
EMPTY = N_("(none: enter chooses)")


class RecordField(Widget, can_focus=True):
    """One line: `prompt` then the chosen record's name (or `empty`)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"record-field--prompt", "record-field--empty"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "pick", N_("Choose"), id="record-field.choose"),
        Binding("backspace,delete", "clear", N_("Clear"), show=False, id="record-field.clear"),
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
        empty: str = EMPTY,
        optional: bool = False,
        id: str,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.prompt = prompt
        """A message (said with `_()` when drawn)."""
        self.mode = mode
        self.empty = empty
        """What the field says when empty: a message (said with `_()` when drawn)."""
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
        prompt = ui_text(_(self.prompt), width, self.mode)
        room = max(1, width - prompt.cell_len)
        if self.value is None:
            shown = ui_text(_(self.empty), room, self.mode, style=text_style(self, "record-field--empty"))
        else:
            shown = visual_text(self.shown, room, self.mode)
        line = in_reading_order([prompt, shown])
        line.style = text_style(self, "record-field--prompt")  # (the whole line's: the name is in it too)
        return aligned(line, width)  # (on the right in a mirrored interface)

    def action_pick(self) -> None:
        self.post_message(self.Pick(self))

    def action_clear(self) -> None:
        if self.optional and self.value is not None:
            self.choose(None, "")

    def on_click(self, event: events.Click) -> None:
        self.focus()
        self.post_message(self.Pick(self))

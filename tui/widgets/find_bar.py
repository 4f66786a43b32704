"""A bar to type a query in place (and say how many matches it has): the source viewer's
find, a pane's filter and jump."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from tui.i18n import N_
from tui.text.direction import BidiMode
from tui.widgets.rows import ui_text
from tui.widgets.search_input import SearchInput


class FindBar(Horizontal):
    """Hidden until opened; posts `Changed` as the query is typed and `Closed` on enter or escape."""

    DEFAULT_CSS = """
    FindBar {
        display: none;
        height: 1;
    }
    FindBar.-open {
        display: block;
    }
    #find-input {
        width: 1fr;
    }
    #find-status {
        width: auto;
        min-width: 10;
        padding: 0 1;
        color: $text-muted;
    }
    """
    BINDINGS = [
        # priority: before the input's own (hidden) enter, so that the footer says what enter does
        Binding("enter", "close(True)", N_("Done"), id="find.done", priority=True),
        Binding("escape", "close(False)", N_("Clear"), id="find.clear"),
    ]

    @dataclass
    class Changed(Message):
        """The query changed (only while the bar is open)."""

        find_bar: FindBar
        query: str

        @property
        def control(self) -> FindBar:
            return self.find_bar

    @dataclass
    class Closed(Message):
        """The bar closed: `keep` the matches (enter) or clear them (escape)."""

        find_bar: FindBar
        keep: bool

        @property
        def control(self) -> FindBar:
            return self.find_bar

    def __init__(
        self,
        *,
        mode: BidiMode,
        placeholder: str = N_("find in this article, Arabic or Latin (enter: done, escape: clear)"),
        prompt: str = "/ ",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.mode = mode
        self.placeholder = placeholder
        """A message: the input says it in the language spoken when it draws (so does `prompt`)."""
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        yield SearchInput(mode=self.mode, placeholder=self.placeholder, prompt=self.prompt, id="find-input")
        yield Static(Text(""), id="find-status")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, value: str | None = None) -> None:
        """Show the bar and take the typing; `value` replaces the query (the cursor at its end)."""
        self.add_class("-open")
        field = self.query_one(SearchInput)
        if value is not None:
            with field.prevent(SearchInput.Changed):
                field.value = value
            field.cursor_position = len(value)
        field.focus()

    def show_status(self, status: str) -> None:
        """Say `status` (already in the language spoken) beside the query."""
        self.query_one("#find-status", Static).update(ui_text(status, 40, self.mode) if status else Text(""))

    @on(SearchInput.Changed)
    def _typed(self, event: SearchInput.Changed) -> None:
        event.stop()
        if self.is_open:
            self.post_message(self.Changed(self, event.value))

    def action_close(self, keep: bool) -> None:
        self.remove_class("-open")
        if not keep:
            self.query_one(SearchInput).action_clear()
            self.show_status("")
        self.post_message(self.Closed(self, keep))

"""A modal list to choose one of many things from, narrowed as you type.

What a pane is sorted by, and which kind of fact the facts table shows, are
chosen here. Choices are data (labels of facts come from the file), so they are
drawn through the text pipeline; typing narrows them the way search compares
text (`tui.search.normalize`). The list is a `VirtualList`: a file with 100,000
different labels is a list of 100,000 rows, not 100,000 widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from tui.i18n import N_, _
from tui.search.normalize import normalize
from tui.text.direction import BidiMode
from tui.widgets.rows import choice_row, text_style, ui_text
from tui.widgets.search_input import SearchInput
from tui.widgets.virtual_list import VirtualList


@dataclass(frozen=True, slots=True)
class Choice:
    """One thing to choose: what it is called, a note beside it (a count), and what choosing it gives.

    The label and the note are said already (in the language spoken), and may quote data: a label of
    facts from the file."""

    label: str
    note: str
    value: object


class PickerScreen(ModalScreen[object | None]):
    """Returns the chosen `Choice.value`, or None when closed with escape."""

    COMPONENT_CLASSES = {"picker-screen--note"}
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="picker.close"),
        Binding("enter", "choose", N_("Choose"), id="picker.choose", priority=True),
        Binding("down,ctrl+n", "move(1)", N_("Next"), show=False, id="picker.next"),
        Binding("up,ctrl+p", "move(-1)", N_("Previous"), show=False, id="picker.previous"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="picker.page-down"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="picker.page-up"),
    ]

    def __init__(self, title: str, choices: list[Choice], *, mode: BidiMode, selected: object = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.mode = mode
        self._keys = [normalize(choice.label) for choice in choices]
        self.shown: list[int] = list(range(len(choices)))
        """The choices that hold what is typed, by their index in `choices`."""
        self._selected = next((index for index, choice in enumerate(choices) if choice.value == selected), 0)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box") as box:
            box.border_title = ui_text(self.title_text, 60, self.mode)
            box.border_subtitle = ui_text(_("type to narrow · enter choose · escape close"), 60, self.mode)
            yield SearchInput(mode=self.mode, placeholder=N_("type to narrow the list"), prompt="› ", id="picker-input")
            yield VirtualList(
                len(self.choices),
                render_row=self._render_choice,
                empty_message=N_("Nothing holds that"),
                mode=self.mode,
                id="picker-list",
            )

    def on_mount(self) -> None:
        self.query_one(SearchInput).focus()
        self.query_one(VirtualList).move_cursor(self._selected)

    @on(SearchInput.Changed)
    def _narrow(self, event: SearchInput.Changed) -> None:
        typed = normalize(event.value)
        self.shown = [index for index, key in enumerate(self._keys) if typed in key]
        self.query_one(VirtualList).set_rows(len(self.shown))

    def _render_choice(self, row: int, width: int) -> Text:
        choice = self.choices[self.shown[row]]
        return choice_row(choice.label, choice.note, width, self.mode, text_style(self, "picker-screen--note"))

    def action_move(self, step: int) -> None:
        choices = self.query_one(VirtualList)
        if choices.row_count:
            choices.move_cursor(choices.cursor + step)

    def action_page(self, step: int) -> None:
        choices = self.query_one(VirtualList)
        if choices.row_count:
            choices.move_cursor(choices.cursor + step * max(1, choices.scrollable_content_region.height))

    def action_choose(self) -> None:
        cursor = self.query_one(VirtualList).cursor
        if 0 <= cursor < len(self.shown):
            self.dismiss(self.choices[self.shown[cursor]].value)

    @on(VirtualList.Selected)
    def _clicked(self, event: VirtualList.Selected) -> None:
        self.dismiss(self.choices[self.shown[event.index]].value)

    def action_close(self) -> None:
        self.dismiss(None)

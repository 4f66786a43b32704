"""Choosing a record for an edit (the record a fact is of, its speaker, the record to merge with), by searching.

A database of 100,000 organizations is not a list to scroll: what is typed is
searched as `/` searches (`tui.search`, in a worker, the record kinds wanted
only), and the hits are the choices. Before anything is typed, the caller's
suggestions are (the people an article quotes, the records it is cited for).
Where the edit may make a record, the first rows offer a new one of each kind
allowed, named with what is typed (`NewRecord`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.worker import get_current_worker

from tui.data.kinds import BY_NAME
from tui.data.models import Kind
from tui.edit.combined import NewRecord
from tui.i18n import N_, _
from tui.screens.shell import shell
from tui.text.direction import BidiMode
from tui.widgets.rows import choice_row, text_style, ui_text
from tui.widgets.search_input import SearchInput
from tui.widgets.virtual_list import VirtualList

#: hits shown for what is typed
PICKER_HITS = 50
#: cells the box's title may take
TITLE_WIDTH = 60
#: the row that makes a new record, for each kind (a message; with what is typed: `{label}: {value}`)
NEW_RECORD: dict[Kind, str] = {
    "organization": N_("New organization"),
    "partnership": N_("New partnership"),
    "association": N_("New association"),
    "person": N_("New person"),
    "source": N_("New source"),
}
#: the note beside a new record's row (a message)
NEW_NOTE = N_("new")


@dataclass(frozen=True, slots=True)
class Pickable:
    """One row: what it is called, a note beside it (its kind), and what choosing it gives."""

    label: str
    note: str
    """A message, said when the row is drawn: the kind's label (`RecordKind.label`), or `NEW_NOTE`."""
    value: str | NewRecord


class RecordPickerScreen(ModalScreen[str | NewRecord | None]):
    """Returns the id of the record chosen, a `NewRecord`, or None (escape)."""

    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="records.close"),
        Binding("enter", "choose", N_("Choose"), id="records.choose", priority=True),
        Binding("down,ctrl+n", "move(1)", N_("Next"), show=False, id="records.next"),
        Binding("up,ctrl+p", "move(-1)", N_("Previous"), show=False, id="records.previous"),
    ]
    DEFAULT_CSS = """
    RecordPickerScreen { align: center top; }
    RecordPickerScreen > .record-picker-screen--note { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"record-picker-screen--note"}

    def __init__(
        self,
        title: str,
        kinds: tuple[Kind, ...],
        *,
        mode: BidiMode,
        suggestions: list[Pickable] | None = None,
        creates: tuple[Kind, ...] = (),
        leave_out: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.title_text = title
        self.kinds = kinds
        self.mode = mode
        self.suggestions = suggestions or []
        self.creates = creates
        """The kinds of record the edit may make: offered first, named with what is typed."""
        self.leave_out = leave_out
        """Ids never offered (the record itself, when choosing one to merge with it)."""
        self.rows: list[Pickable] = self._rows("", self.suggestions)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box") as box:
            box.border_title = ui_text(self.title_text, TITLE_WIDTH, self.mode)
            box.border_subtitle = ui_text(_("type to search · enter choose · escape close"), TITLE_WIDTH, self.mode)
            yield SearchInput(
                mode=self.mode, placeholder=N_("a name, a word of a fact…"), prompt="› ", id="picker-input"
            )
            yield VirtualList(
                len(self.rows), render_row=self._render_row, empty_message=N_("Nothing found"), id="picker-list"
            )

    def on_mount(self) -> None:
        self.query_one(SearchInput).focus()

    def _rows(self, typed: str, found: list[Pickable]) -> list[Pickable]:
        name = typed.strip()
        new = [
            Pickable(
                _("{label}: {value}").format(label=_(NEW_RECORD[kind]), value=name) if name else _(NEW_RECORD[kind]),
                NEW_NOTE,
                NewRecord(kind, name),
            )
            for kind in self.creates
        ]
        return new + [row for row in found if row.value not in self.leave_out]

    @on(SearchInput.Changed)
    def _typed(self, event: SearchInput.Changed) -> None:
        if not event.value.strip():
            self._show(self._rows("", self.suggestions))
            return
        self._search(event.value)

    @work(thread=True, exclusive=True, group="record-picker")
    def _search(self, typed: str) -> None:
        index = shell(self).search_index
        if index is None:
            return
        hits = index.search(typed, kinds=self.kinds, limit=PICKER_HITS)
        found = [Pickable(hit.doc.title or hit.doc.id, BY_NAME[hit.doc.kind].label, hit.doc.id) for hit in hits]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, self._rows(typed, list(dict.fromkeys(found))))

    def _show(self, rows: list[Pickable]) -> None:
        self.rows = rows
        choices = self.query_one(VirtualList)
        choices.set_rows(len(rows))
        choices.move_cursor(0)

    def _render_row(self, row: int, width: int) -> Text:
        if row >= len(self.rows):
            return Text()
        choice = self.rows[row]
        return choice_row(
            choice.label, _(choice.note), width, self.mode, text_style(self, "record-picker-screen--note")
        )

    def action_move(self, step: int) -> None:
        choices = self.query_one(VirtualList)
        if choices.row_count:
            choices.move_cursor(choices.cursor + step)

    def action_choose(self) -> None:
        cursor = self.query_one(VirtualList).cursor
        if 0 <= cursor < len(self.rows):
            self.dismiss(self.rows[cursor].value)

    @on(VirtualList.Selected)
    def _clicked(self, event: VirtualList.Selected) -> None:
        if 0 <= event.index < len(self.rows):
            self.dismiss(self.rows[event.index].value)

    def action_close(self) -> None:
        self.dismiss(None)

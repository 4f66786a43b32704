"""What every editing dialog shares: its box, its fields, ctrl+s to make the edit, and the line that says why not.

A dialog turns its fields into an edit (`tui.edit`: an `Operation`) and hands
it to the app (`Shell.submit_edit`), which makes it (after offering to copy
the bundled database, or reading the file for editing) and answers: the edit
made (the dialog closes, the app says what changed), or why it was refused,
said on the dialog's status line, its fields kept as typed. A field that holds
a record (`RecordField`) is chosen through the record picker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.data.models import Kind
from tui.edit.combined import NewRecord
from tui.edit.operations import Applied, Operation
from tui.screens.record_picker import Pickable, RecordPickerScreen
from tui.screens.shell import shell
from tui.text.direction import BidiMode
from tui.text.layout import layout
from tui.widgets.footer import KeysFooter
from tui.widgets.record_field import RecordField
from tui.widgets.rows import message_text
from tui.widgets.search_input import SearchInput

if TYPE_CHECKING:
    from tui.screens.shell import EditResult

#: cells of the status line
STATUS_WIDTH = 76
#: lines a message on it may take
STATUS_LINES = 3


class FieldProblem(Exception):
    """What is typed does not make an edit: the message says which field, and what it needs."""


class EditDialog(ModalScreen[Applied | None]):
    """A modal box of fields; ctrl+s makes the edit, escape leaves without making it."""

    BINDINGS = [
        Binding("ctrl+s", "apply", "Make the edit", priority=True, id="edit.apply"),
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
        Binding("tab", "app.focus_next", "Next field", show=False, id="edit.next-field"),
    ]
    DEFAULT_CSS = """
    EditDialog { align: center middle; }
    EditDialog > #edit-box {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; border-title-color: $accent; border-subtitle-color: $text-muted;
        padding: 0 1; background: $surface;
    }
    EditDialog .edit-heading { color: $text-muted; margin-top: 1; }
    EditDialog .edit-note { color: $text-muted; }
    EditDialog SearchInput, EditDialog SearchInput:focus { height: 1; width: 1fr; background: $boost; }
    EditDialog SearchInput:focus { background: $accent 30%; }
    EditDialog SearchInput > .input--placeholder { color: $text-muted; }
    EditDialog .edit-fields { height: auto; margin-top: 1; }
    EditDialog #edit-status { margin-top: 1; }
    EditDialog #edit-status.-error { color: $text-error; }
    """
    #: the box's title
    TITLE = "Edit"
    #: what the status line says before anything happened
    READY = "enter or ctrl+s makes the edit · tab: next field · escape cancels"

    def __init__(self, *, mode: BidiMode) -> None:
        super().__init__()
        self.mode = mode

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="edit-box") as box:
            box.border_title = self.TITLE
            yield from self.fields()
            yield Static(message_text(self.READY, STATUS_WIDTH, self.mode), id="edit-status")
        yield KeysFooter()

    def fields(self) -> ComposeResult:
        """The dialog's fields, in order."""
        raise NotImplementedError

    def operation(self) -> Operation:
        """The edit the fields make (raises `FieldProblem`)."""
        raise NotImplementedError

    #: the id of the field that has the focus first (None: the first field)
    FIRST_FIELD: str | None = None

    def on_mount(self) -> None:
        shell(self).prepare_editing()
        self.mounted()
        if self.FIRST_FIELD is not None:
            self.query_one(f"#{self.FIRST_FIELD}").focus()
        elif (first := next(iter(self.query("SearchInput, RecordField, TextArea, ChoiceSet")), None)) is not None:
            first.focus()

    def mounted(self) -> None:
        """What a dialog does once its fields are mounted, before the first one takes the focus."""

    # -- making the edit --------------------------------------------------------------------

    def action_apply(self) -> None:
        try:
            operation = self.operation()
        except FieldProblem as problem:
            self.say(str(problem), error=True)
            return
        self.say("Making the edit…")
        shell(self).submit_edit(operation, self.made)

    @on(SearchInput.Submitted)
    def _submitted(self, event: SearchInput.Submitted) -> None:
        """enter in a one-line field makes the edit, as ctrl+s does."""
        event.stop()
        self.action_apply()

    def made(self, result: EditResult) -> None:
        """What the app answered: the edit made (the dialog closes), or why not (said here)."""
        if not self.is_attached:
            return
        if isinstance(result, Applied):
            self.dismiss(result)
        elif isinstance(result, str):
            self.say(result, error=True)
        else:
            self.say("Nothing was changed")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def say(self, message: str, *, error: bool = False) -> None:
        """Say `message` on the status line (wrapped, at most STATUS_LINES lines)."""
        status = self.query_one("#edit-status", Static)
        width = max(20, status.content_region.width or STATUS_WIDTH)
        lines = layout(message, width, direction="ltr", mode=self.mode, max_lines=STATUS_LINES)
        status.update(Text("\n").join(line.to_text(line.cells) for line in lines))
        status.set_class(error, "-error")

    # -- fields -------------------------------------------------------------------------------

    def text(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", SearchInput).value.strip()

    def required(self, field_id: str, what: str) -> str:
        value = self.text(field_id)
        if not value:
            self.query_one(f"#{field_id}").focus()
            raise FieldProblem(f"{what} is needed")
        return value

    @on(RecordField.Pick)
    def _pick(self, event: RecordField.Pick) -> None:
        event.stop()
        choice = self.picker_for(event.field)
        if choice is None:
            return
        title, kinds, suggestions, creates = choice
        field = event.field

        def chosen(value: str | NewRecord | None) -> None:
            if value is None:
                return
            if isinstance(value, NewRecord):
                field.choose(value, f"new {value.kind}: {value.name or '(name it below)'}")
            else:
                database = shell(self).database
                record = database.get(value) if database is not None else None
                field.choose(value, record.names.primary if record is not None else value)
            self.picked(field)

        self.app.push_screen(
            RecordPickerScreen(
                title,
                kinds,
                mode=self.mode,
                suggestions=suggestions,
                creates=creates,
                leave_out=self.leave_out(field),
            ),
            chosen,
        )

    def picker_for(self, field: RecordField) -> tuple[str, tuple[Kind, ...], list[Pickable], tuple[Kind, ...]] | None:
        """What choosing `field`'s record offers: (title, kinds, suggestions, kinds it may make); None: nothing."""
        return None

    def leave_out(self, field: RecordField) -> frozenset[str]:
        """Records `field` may not hold."""
        return frozenset()

    def picked(self, field: RecordField) -> None:
        """`field` was just chosen (a dialog shows or hides the fields a new record needs)."""

"""What every editing dialog shares: its box, its fields, ctrl+s to make the edit, and the line that says why not.

A dialog turns its fields into an edit (`tui.edit`: an `Operation`) and hands
it to the app (`Shell.submit_edit`), which makes it (after offering to copy
the bundled database, or reading the file for editing) and answers: the edit
made (the dialog closes, the app says what changed), or why it was refused,
said on the dialog's status line, its fields kept as typed. A field that holds
a record (`RecordField`) is chosen through the record picker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import i18n
from tui.data.models import Kind
from tui.edit.combined import NewRecord
from tui.edit.operations import Applied, Operation
from tui.i18n import N_, _
from tui.screens.record_picker import NEW_RECORD, Pickable, RecordPickerScreen
from tui.screens.shell import shell
from tui.text.direction import BidiMode
from tui.text.layout import layout
from tui.widgets.footer import KeysFooter
from tui.widgets.record_field import RecordField
from tui.widgets.rows import ui_text
from tui.widgets.said import Said
from tui.widgets.search_input import SearchInput

if TYPE_CHECKING:
    from tui.screens.shell import EditResult

#: cells of the status line
STATUS_WIDTH = 76
#: lines a message on it may take
STATUS_LINES = 3


class Note(Said):
    """A dialog's note: Marsad's words wrapped in the interface's direction (`Said`), each line as wide as its
    words in a left-to-right interface, as a `Static` draws it, and on the right in a right-to-left one."""

    def _lines(self, width: int) -> list[Text]:
        direction = i18n.direction()
        return [
            line.to_text(width if direction == "rtl" else line.cells, style=self.said_style)
            for line in layout(self.text, width, direction=direction, mode=self.mode)
        ]


def prompts(messages: Sequence[str], cells: int) -> list[str]:
    """The prompts of a column of fields, said in the language spoken (`_()`: each a message marked with `N_()`,
    or one already said, with `pgettext`) and padded to one width: `cells`, or the widest and a space."""
    said = [_(message) for message in messages]
    width = max([cells, *(cell_len(prompt) + 1 for prompt in said)])
    return [prompt + " " * (width - cell_len(prompt)) for prompt in said]


class FieldProblem(Exception):
    """What is typed does not make an edit: the message says which field, and what it needs."""


class EditDialog(ModalScreen[Applied | None]):
    """A modal box of fields; ctrl+s makes the edit, escape leaves without making it."""

    BINDINGS = [
        Binding("ctrl+s", "apply", N_("Make the edit"), priority=True, id="edit.apply"),
        Binding("escape", "cancel", N_("Cancel"), id="edit.cancel"),
        Binding("tab", "app.focus_next", N_("Next field"), show=False, id="edit.next-field"),
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
    #: the box's title (a message: `_()` says it)
    TITLE = N_("Edit")
    #: what the status line says before anything happened (a message)
    READY = N_("enter or ctrl+s makes the edit · tab: next field · escape cancels")

    def __init__(self, *, mode: BidiMode) -> None:
        super().__init__()
        self.mode = mode

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="edit-box") as box:
            box.border_title = ui_text(_(self.TITLE), STATUS_WIDTH, self.mode)
            yield from self.fields()
            yield Static(self._status_text(_(self.READY), STATUS_WIDTH), id="edit-status")
        yield KeysFooter(mode=self.mode)

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
        self.say(_("Making the edit…"))
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
            self.say(_("Nothing was changed"))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def say(self, message: str, *, error: bool = False) -> None:
        """Say `message` on the status line (wrapped, at most STATUS_LINES lines)."""
        status = self.query_one("#edit-status", Static)
        status.update(self._status_text(message, max(20, status.content_region.width or STATUS_WIDTH)))
        status.set_class(error, "-error")

    def _status_text(self, message: str, width: int) -> Text:
        """`message` wrapped to `width` cells, in the interface's direction (on the right when right to left)."""
        direction = i18n.direction()
        lines = layout(message, width, direction=direction, mode=self.mode, max_lines=STATUS_LINES)
        return Text("\n").join(line.to_text(width if direction == "rtl" else line.cells) for line in lines)

    # -- fields -------------------------------------------------------------------------------

    def text(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", SearchInput).value.strip()

    def required(self, field_id: str, what: str) -> str:
        """What `field_id` holds; a `FieldProblem` when it is empty (`what`: the field, a message such as
        `N_("An id")`, said in the language spoken)."""
        value = self.text(field_id)
        if not value:
            self.query_one(f"#{field_id}").focus()
            raise FieldProblem(_("{what} is needed").format(what=_(what)))
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
                shown = _("{label}: {value}").format(
                    label=_(NEW_RECORD[value.kind]), value=value.name or _("(name it below)")
                )
                field.choose(value, shown)
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

"""The export prompt: what to export, in which format, to which file; then the writing, off the UI thread.

The prompt proposes a file in the current folder, named after what is
exported; nothing is written until the user says so (enter, or ctrl+s, from
any of its fields: in the two lists the arrows choose, as in a dialog's radio
group), and a file that exists is replaced only after the user answered
"replace" to a question naming it. The file is written atomically
(`tui.export.files`) in a worker, with its progress on screen; escape stops it
and leaves nothing behind. The screen closes saying where it wrote and how much.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, RadioButton, RadioSet
from textual.worker import get_current_worker

from tui import i18n
from tui.data.kinds import pane_title
from tui.data.models import Record
from tui.export.files import TargetExists, TargetUnwritable, write_file
from tui.export.formats import FORMATS, Format, FormatRefused, format_for
from tui.export.naming import unused_name
from tui.export.outcome import Stopped, Written
from tui.export.scope import Scope, fact_table, one_record, record_list, whole_database
from tui.i18n import N_, _, number
from tui.presentation.detail import display_name
from tui.screens.shell import shell
from tui.store.database import Database
from tui.store.slices import FactSlice, RecordSlice
from tui.text.direction import BidiMode
from tui.text.gate import safe_path
from tui.widgets.footer import KeysFooter
from tui.widgets.rows import in_reading_order, ui_text, visual_text
from tui.widgets.said import Said
from tui.widgets.search_input import SearchInput

#: seconds between two progress updates while writing
PROGRESS_SECONDS = 0.1
#: how long quitting waits for a stopped export to remove its temporary file
STOP_WAIT_SECONDS = 5.0
#: cells of the status line (the box's inner width)
STATUS_WIDTH = 72
#: cells a choice's label may take (a record's name is cut to fit): the box's inner width less the button
#: before or after the label and its space (4; the choice set's border and padding fall in the box's own)
CHOICE_WIDTH = STATUS_WIDTH - 4
#: what the status line says before anything is written
STATUS_READY = N_("enter or ctrl+s writes the file; arrows choose, tab goes to the next field; escape cancels")


class ChoiceSet(RadioSet):
    """A list of choices where the arrows choose (the highlighted option is the one chosen) and enter writes.

    Textual's `RadioSet` moves a highlight with the arrows and chooses with enter
    or space, so in the export prompt enter chose again what was chosen and wrote
    nothing, although the prompt said that enter writes. Here, as in a dialog's
    radio group, what is highlighted is chosen, and enter is the prompt's own
    (`screen.export`). `chosen` is read at once (a `RadioButton`'s change reaches
    the set through messages, after the next key may already have run).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "step(1)", N_("Next option"), show=False),
        Binding("up,left", "step(-1)", N_("Previous option"), show=False),
        Binding("space", "step(0)", N_("Choose"), show=False),
        Binding("enter", "screen.export", N_("Write"), show=False),
    ]

    def __init__(self, *buttons: RadioButton, id: str | None = None) -> None:
        super().__init__(*buttons, id=id, compact=True)
        self.chosen = next((number for number, button in enumerate(buttons) if button.value), 0)
        """The index of the option chosen."""

    def action_step(self, step: int) -> None:
        buttons = list(self.query(RadioButton))
        if buttons:
            self.chosen = (self.chosen + step) % len(buttons)
            buttons[self.chosen].value = True  # (the set turns the others off, and moves its highlight here)

    @on(RadioSet.Changed)
    def _clicked(self, event: RadioSet.Changed) -> None:
        self.chosen = event.index


@dataclass(frozen=True, slots=True)
class ScopeChoice:
    """One answer to "what to export": its label, the scope, and how many it holds when known."""

    label: str
    """Marsad's words: `This list: Organizations` (in the language spoken when the choice was made)."""
    scope: Scope
    size: int | None = None
    """How many records or facts it holds, when known: shown, and the progress's total."""
    name: str = ""
    """A record's name (data), shown after the label in reading order."""


def main_screen_choices(
    database: Database, listed: RecordSlice, shown: int, record: Record | None
) -> list[ScopeChoice]:
    """What the main screen offers to export: the active pane's list as it shows it (`shown`
    rows), the selected record, the whole database."""
    choices = [
        ScopeChoice(_("This list: {pane}").format(pane=pane_title(listed.kind)), record_list(database, listed), shown)
    ]
    if record is not None:
        choices.append(ScopeChoice(_("This record"), one_record(record), 1, name=display_name(record)))
    choices.append(ScopeChoice(_("The whole database"), whole_database(database), len(database)))
    return choices


def fact_table_choices(database: Database, table: FactSlice, shown: int) -> list[ScopeChoice]:
    """What the facts table offers to export: its rows as it shows them (`shown` of them), or the whole database."""
    return [
        ScopeChoice(_("This table"), fact_table(database, table), shown, name=table.facts.title),
        ScopeChoice(_("The whole database"), whole_database(database), len(database)),
    ]


class ConfirmReplace(ModalScreen[bool]):
    """ "<file> exists. Replace it?": y replaces, n or escape keeps it."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("Replace"), id="export.replace"),
        Binding("n,escape", "answer(False)", N_("Keep it"), id="export.keep"),
    ]

    DEFAULT_CSS = """
    ConfirmReplace { align: center middle; }
    ConfirmReplace > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: round $warning; padding: 0 1; background: $surface;
    }
    ConfirmReplace Horizontal { height: auto; align-horizontal: right; }
    ConfirmReplace Button { margin: 0 0 0 1; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        mode = shell(self).bidi
        with Vertical() as box:
            box.border_title = ui_text(_("File exists"), 60, mode)
            yield Said(
                lambda: _("{file} exists. Replace it with the export?").format(file=safe_path(self.path)),
                mode=mode,
                id="replace-question",
            )
            with Horizontal():
                yield Button(ui_text(_("Replace (y)"), 30, mode), variant="warning", id="replace")
                yield Button(ui_text(_("Keep it (n)"), 30, mode), id="keep")
        yield KeysFooter(mode=mode)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "replace")

    def action_answer(self, replace: bool) -> None:
        self.dismiss(replace)


class ExportScreen(ModalScreen[Written | None]):
    """Choose the scope, the format and the file; write it; say where and how much."""

    BINDINGS = [
        Binding("ctrl+s", "export", N_("Export"), priority=True, id="export.write"),
        Binding("escape", "close", N_("Cancel"), id="export.cancel"),
    ]

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    #export-box {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    #export-box > .export-heading { color: $text-muted; margin-top: 1; }
    #export-box > RadioSet { width: 1fr; height: auto; }
    #export-file { width: 1fr; margin-top: 1; }
    #export-folder { color: $text-muted; }
    #export-status { margin-top: 1; }
    #export-status.-error { color: $text-error; }
    """

    def __init__(
        self, database: Database, choices: list[ScopeChoice], *, mode: BidiMode, folder: Path | None = None
    ) -> None:
        super().__init__()
        self.database = database
        self.choices = choices
        self.mode = mode
        self.folder = folder if folder is not None else Path.cwd()
        """Where a relative file name is written: the folder Marsad was started in."""
        self._proposed = ""
        """The file name last proposed: replaced when the scope or format changes, unless the user edited it."""
        self._writing = False
        self._written: Written | None = None
        """What the last write wrote (None: nothing yet, or it failed or was stopped)."""
        self._finished = threading.Event()
        self._finished.set()

    # -- layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        mirrored = i18n.is_rtl()
        with Vertical(id="export-box") as box:
            box.border_title = ui_text(_("Export"), 60, self.mode)
            yield Said(_("What"), mode=self.mode, classes="export-heading")
            yield ChoiceSet(
                *(
                    RadioButton(self._choice_label(choice), value=number == 0, button_first=not mirrored)
                    for number, choice in enumerate(self.choices)
                ),
                id="export-scope",
            )
            yield Said(_("Format"), mode=self.mode, classes="export-heading")
            yield ChoiceSet(
                *(
                    RadioButton(
                        ui_text(_(export_format.label), CHOICE_WIDTH, self.mode),
                        value=number == 0,
                        button_first=not mirrored,
                    )
                    for number, export_format in enumerate(FORMATS.values())
                ),
                id="export-format",
            )
            yield SearchInput(mode=self.mode, prompt=N_("File: "), id="export-file")
            yield Said(
                lambda: _("in {folder}").format(folder=safe_path(self.folder)), mode=self.mode, id="export-folder"
            )
            yield Said(_(STATUS_READY), mode=self.mode, id="export-status")
        yield KeysFooter(mode=self.mode)

    def _choice_label(self, choice: ScopeChoice) -> Text:
        label = ui_text(choice.label, CHOICE_WIDTH, self.mode)
        if choice.name:
            name = visual_text(choice.name, CHOICE_WIDTH - label.cell_len - 2, self.mode)
            return in_reading_order(
                [ui_text(_("{choice}: ").format(choice=choice.label), CHOICE_WIDTH, self.mode), name]
            )
        if choice.size is not None:
            return ui_text(f"{choice.label} · {number(choice.size)}", CHOICE_WIDTH, self.mode)
        return label

    def on_mount(self) -> None:
        self._propose_name()
        self.query_one("#export-scope", RadioSet).focus()

    # -- choices ------------------------------------------------------------------
    @property
    def choice(self) -> ScopeChoice:
        return self.choices[self.query_one("#export-scope", ChoiceSet).chosen]

    @property
    def export_format(self) -> Format:
        return list(FORMATS.values())[self.query_one("#export-format", ChoiceSet).chosen]

    @on(RadioSet.Changed)
    def _choice_changed(self) -> None:
        self._propose_name()

    def _propose_name(self) -> None:
        """Name the file after the scope and format, unless the user typed a name of their own."""
        field = self.query_one("#export-file", SearchInput)
        if field.value and field.value != self._proposed:
            return
        self._proposed = unused_name(self.folder, self.choice.scope.stem, self.export_format.extension)
        field.value = self._proposed
        field.cursor_position = len(self._proposed)

    def target(self) -> Path | None:
        """The file the export goes to: the name typed, in the start folder unless it says where."""
        name = self.query_one("#export-file", SearchInput).value.strip()
        if not name:
            return None
        path = Path(name).expanduser()
        path = path if path.is_absolute() else self.folder / path
        if path.is_dir():
            path = path / (self.choice.scope.stem + self.export_format.extension)
        return path

    # -- writing ------------------------------------------------------------------
    @on(SearchInput.Submitted, "#export-file")
    def _name_submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        """Write what is chosen to the file named (enter or ctrl+s, from any field)."""
        if self._writing:
            return
        self._propose_name()  # (the choice may have changed since the last message said so)
        path = self.target()
        if path is None:
            self._say(_("Give a file name to write"), error=True)
            return
        try:
            format_for(path.name, self.export_format.name)
        except FormatRefused as refused:
            self._say(_("Not written: {reason}").format(reason=refused), error=True)
            return
        if path.exists() and not path.is_dir():
            self.app.push_screen(
                ConfirmReplace(path),
                lambda replace: (
                    self._write(path, overwrite=True) if replace else self._say(_("Nothing written: the file was kept"))
                ),
            )
            return
        self._write(path, overwrite=False)

    def _write(self, path: Path, *, overwrite: bool) -> None:
        self._writing = True
        self._finished.clear()
        for widget in self.query("ChoiceSet, SearchInput"):
            widget.disabled = True
        self._say(_("Writing {what}…").format(what=self.choice.scope.title))
        self._write_in_background(path, overwrite, self.choice, self.export_format)

    @work(thread=True, exclusive=True, group="export")
    def _write_in_background(self, path: Path, overwrite: bool, choice: ScopeChoice, export_format: Format) -> None:
        worker = get_current_worker()
        shown = time.monotonic()

        def tick(done: int) -> None:
            nonlocal shown
            if worker.is_cancelled:
                raise Stopped
            if time.monotonic() - shown >= PROGRESS_SECONDS:
                shown = time.monotonic()
                self.app.call_from_thread(self._progress, done, choice.size)

        try:
            written = write_file(
                path,
                lambda stream: export_format.write(choice.scope, self.database, stream, tick),
                overwrite=overwrite,
                protect=self.database.path,
            )
        except Stopped:
            return
        except TargetExists:
            self.app.call_from_thread(
                self._failed, _("{file} was created meanwhile: nothing written").format(file=safe_path(path))
            )
        except TargetUnwritable as problem:
            self.app.call_from_thread(self._failed, _("Nothing written: {reason}").format(reason=problem))
        else:
            self._written = written
            self.app.call_from_thread(self._done, path, written, export_format)
        finally:
            self._finished.set()

    def _progress(self, done: int, total: int | None) -> None:
        if total:
            said = _("Writing… {done} of {total} (escape stops)").format(done=number(done), total=number(total))
        else:
            said = _("Writing… {done} (escape stops)").format(done=number(done))
        self._say(said)

    def _failed(self, message: str) -> None:
        if not self.is_attached:
            return
        self._writing = False
        for widget in self.query("ChoiceSet, SearchInput"):
            widget.disabled = False
        self._say(message, error=True)

    def _done(self, path: Path, written: Written, export_format: Format) -> None:
        self._writing = False
        self.app.notify(
            _("Wrote {written} to {file} ({format})").format(
                written=written.summary(), file=safe_path(path), format=export_format.name
            ),
            title=_("Exported"),
            markup=False,
        )
        if self.is_attached and self.app.screen is self:  # (escape may have closed it as the file was completed)
            self.dismiss(written)

    def _say(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#export-status", Said)
        status.update(message)
        status.set_class(error, "-error")

    def action_close(self) -> None:
        """Escape: stop a write under way (its temporary file is removed), or close the prompt."""
        if self._writing:
            self.workers.cancel_group(self, "export")
            self._finished.wait(STOP_WAIT_SECONDS)
            self._writing = False
            if self._written is None:  # (else the file was complete before the stop: its notice follows)
                self.app.notify(_("Export stopped: nothing written"), markup=False)
        self.dismiss(None)

    def on_unmount(self) -> None:
        """Quitting while writing: stop, and let the temporary file be removed before the process ends."""
        self.workers.cancel_group(self, "export")
        self._finished.wait(STOP_WAIT_SECONDS)

"""The bundled database is read-only: the first edit offers to copy it to a file of the user's, and edits that.

The file proposed is `marsad.json` in the home folder (another name when that
one exists); the copy is made only when the user says so, never over a file
(`tui.edit.storage.copy_bundled_database`), and what stops it is said here.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.edit.errors import NotWritten
from tui.edit.storage import copy_bundled_database
from tui.export.naming import unused_name
from tui.i18n import N_, _
from tui.screens.edit_dialog import Note
from tui.text.direction import BidiMode
from tui.text.gate import safe_path
from tui.widgets.footer import KeysFooter
from tui.widgets.rows import ui_text
from tui.widgets.search_input import SearchInput

EXPLANATION = N_(
    "The database shipped with Marsad is read-only. Marsad copies it to a file of yours, opens that file, "
    "and makes the edit there (edits are saved to it from then on)."
)


class CopyBundledScreen(ModalScreen[Path | None]):
    """Asks where to copy the bundled database; returns the copy's path (None: no copy)."""

    BINDINGS = [
        Binding("ctrl+s", "copy", N_("Copy and edit"), priority=True, id="copy-bundled.copy"),
        Binding("escape", "cancel", N_("Cancel"), id="copy-bundled.cancel"),
    ]
    DEFAULT_CSS = """
    CopyBundledScreen { align: center middle; }
    CopyBundledScreen > #copy-box {
        width: 76; max-width: 100%; height: auto;
        border: round $warning; border-title-color: $warning; padding: 0 1; background: $surface;
    }
    CopyBundledScreen SearchInput { height: 1; width: 1fr; background: $boost; margin-top: 1; }
    CopyBundledScreen #copy-status { margin-top: 1; color: $text-muted; }
    CopyBundledScreen #copy-status.-error { color: $text-error; }
    """

    def __init__(self, *, mode: BidiMode, folder: Path | None = None) -> None:
        super().__init__()
        self.mode = mode
        self.folder = folder if folder is not None else Path.home()

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-box") as box:
            box.border_title = ui_text(_("Copy the bundled database to edit it"), 72, self.mode)
            yield Note(lambda: _(EXPLANATION), mode=self.mode, id="copy-explanation")
            field = SearchInput(mode=self.mode, prompt=N_("Copy to: "), id="copy-path")
            field.value = str(self.folder / unused_name(self.folder, "marsad", ".json"))
            yield field
            yield Static(
                ui_text(_("enter or ctrl+s copies · escape cancels the edit"), 72, self.mode), id="copy-status"
            )
        yield KeysFooter(mode=self.mode)

    def on_mount(self) -> None:
        field = self.query_one(SearchInput)
        field.focus()
        field.cursor_position = len(field.value)

    @on(SearchInput.Submitted)
    def _submitted(self) -> None:
        self.action_copy()

    def action_copy(self) -> None:
        typed = self.query_one(SearchInput).value.strip()
        if not typed:
            self._say(_("Give the file to copy it to"), error=True)
            return
        path = Path(typed).expanduser()
        path = path if path.is_absolute() else self.folder / path
        try:
            copied = copy_bundled_database(path)
        except NotWritten as refused:
            self._say(_("Not copied: {reason}").format(reason=refused.message), error=True)
            return
        except OSError as error:
            self._say(
                _("Not copied: {file}: {reason}").format(file=safe_path(path), reason=error.strerror or error),
                error=True,
            )
            return
        self.dismiss(copied)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _say(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#copy-status", Static)
        status.update(ui_text(message, 72, self.mode))
        status.set_class(error, "-error")

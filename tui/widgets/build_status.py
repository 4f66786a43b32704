"""The line that says how far the first opening of a large file is: what, how much, how many."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from tui.i18n import N_, _, ngettext, number
from tui.text.direction import BidiMode
from tui.widgets.rows import ui_text

if TYPE_CHECKING:
    from tui.store.build import Progress


PHASES = {
    "reading": N_("Reading the file"),
    "checking": N_("Checking references and quotes"),
    "indexing": N_("Indexing for search"),
}


class BuildStatus(Horizontal):
    """Mounted while a database's index is built (the first time a large file is opened)."""

    DEFAULT_CSS = """
    BuildStatus {
        height: 1;
        background: $panel;
        & > Label { width: auto; padding: 0 1; }
        & > ProgressBar { width: 1fr; }
    }
    """

    def __init__(self, progress: Progress, *, mode: BidiMode = BidiMode.APP, id: str | None = None) -> None:
        super().__init__(id=id)
        self._progress = progress
        self.mode = mode

    def compose(self) -> ComposeResult:
        yield Label(id="build-phase")
        yield ProgressBar(total=100, show_eta=False, id="build-bar")

    def on_mount(self) -> None:
        self.show(self._progress)

    def show(self, progress: Progress) -> None:
        """Say where a build is."""
        self._progress = progress
        if not self.is_mounted:
            return  # (on_mount shows it)
        records = sum(progress.counts)
        phase = _(PHASES[progress.phase]) if progress.phase in PHASES else progress.phase
        said = ngettext("{phase} · {count} record", "{phase} · {count} records", records)
        self.query_one("#build-phase", Label).update(
            ui_text(said.format(phase=phase, count=number(records)), 80, self.mode)
        )
        self.query_one("#build-bar", ProgressBar).update(total=max(1, progress.total), progress=progress.done)

"""The line that says how far the first opening of a large file is: what, how much, how many."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

if TYPE_CHECKING:
    from tui.store.build import Progress


PHASES = {
    "reading": "Reading the file",
    "checking": "Checking references and quotes",
    "indexing": "Indexing for search",
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

    def __init__(self, progress: Progress, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._progress = progress

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
        self.query_one("#build-phase", Label).update(
            Text(f"{PHASES.get(progress.phase, progress.phase)} · {records:,} records")
        )
        self.query_one("#build-bar", ProgressBar).update(total=max(1, progress.total), progress=progress.done)

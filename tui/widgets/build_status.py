"""The line that says how far the first opening of a large file is: what, how much, how many."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from tui.store.build import Progress

PHASES = {
    "reading": "Reading the file",
    "checking": "Checking references and quotes",
    "indexing": "Indexing for search",
}


class BuildStatus(Horizontal):
    """Shown while a database's index is built (the first time a large file is opened)."""

    DEFAULT_CSS = """
    BuildStatus {
        height: 1;
        display: none;
        background: $panel;
        &.-building { display: block; }
        & > Label { width: auto; padding: 0 1; }
        & > ProgressBar { width: 1fr; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Label(id="build-phase")
        yield ProgressBar(total=100, show_eta=False, id="build-bar")

    def show(self, progress: Progress | None) -> None:
        """Say where a build is; None: it is over (the line goes)."""
        self.set_class(progress is not None, "-building")
        if progress is None:
            return
        records = sum(progress.counts)
        self.query_one("#build-phase", Label).update(Text(f"{PHASES.get(progress.phase, progress.phase)} · {records:,} records"))
        self.query_one("#build-bar", ProgressBar).update(total=max(1, progress.total), progress=progress.done)

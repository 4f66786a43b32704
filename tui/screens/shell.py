"""What the screens ask of the app that hosts them, written down as a type.

The screens sit below the app (`tui/app.py` imports them, never the other way:
the import contracts in pyproject.toml hold it), yet they open an article, land
on a search hit or name the open file through the app. `Shell` says exactly
which of the app's attributes they use; `MarsadApp` is checked against it by
mypy (the end of `tui/app.py`), and `shell(node)` gives a widget's or a
screen's app typed as one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeAlias, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tui.edit.operations import Applied, Operation
    from tui.presentation.detail import Landing
    from tui.presentation.search_trail import SearchTrail
    from tui.search.query import SearchIndex
    from tui.store.database import Database
    from tui.text.direction import BidiMode

__all__ = ["EditResult", "Shell", "shell"]

EditResult: TypeAlias = "Applied | str | None"
"""What the app answers an edit: what it did, why it was refused (one line), or None when it was not made."""


class Shell(Protocol):
    """The app as the screens see it (`tui.app.MarsadApp`)."""

    bidi: BidiMode
    """Who shapes and orders Arabic: Marsad or the terminal."""
    database: Database | None
    """The open database (None while the first one loads)."""
    search_index: SearchIndex | None
    """Its search engine (None until it is ready)."""
    database_label: str
    """How the header names the open file."""
    search_trail: SearchTrail | None
    """The hits of the last search landed on, which `n`/`N` step through (None before one)."""
    edit_status: str
    """What the top bar says of the edits: unsaved, saving, saved ("" before any edit)."""

    def open_source(
        self,
        source_id: str,
        quote: str = "",
        *,
        found: tuple[tuple[int, int], ...] = (),
        from_search: bool = False,
    ) -> None:
        """The article `source_id`, at `quote`, or at the `found` spans of its text (a search hit's: `from_search`)."""

    def open_record(self, record_id: str) -> None:
        """Back to the main screen, on record `record_id`."""

    def land(self, landing: Landing | None, *, return_screen: str | None = None, from_search: bool = False) -> None:
        """Go where a search hit, a palette entry, a quote or a row of the facts table points."""

    def step_hit(self, step: int) -> None:
        """Land on the next (`step` 1) or previous (-1) hit of the last search."""

    def action_help(self) -> None:
        """Every key, in the help screen."""

    def action_facts_table(self) -> None:
        """The facts table as it was left (the first time, after choosing its facts)."""

    def prepare_editing(self) -> None:
        """An editor opened: read the open file for editing in the background, if that is not done."""

    def submit_edit(self, operation: Operation, answer: Callable[[EditResult], None]) -> None:
        """Make an edit (offering first to copy the bundled database); `answer` is told what came of it."""

    def undo_edit(self) -> None:
        """Undo the last edit of the session (said in a notification)."""

    def redo_edit(self) -> None:
        """Make the last undone edit again."""


def shell(node: DOMNode) -> Shell:
    """`node.app`, as the screens use it (always a `MarsadApp`; mypy checks that it is a `Shell`)."""
    return cast("Shell", node.app)

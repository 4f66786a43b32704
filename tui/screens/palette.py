"""The command palette, with an input that draws typed Arabic shaped and in reading order.

Textual's `CommandPalette` composes a plain `CommandInput`, which shows Arabic in
storage order, unjoined. This palette composes the same widgets with a
`PaletteInput` in its place (a `CommandInput` drawn through the text pipeline); the
palette's own handlers find it by that type and work unchanged.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.command import CommandList, CommandPalette, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, LoadingIndicator

from tui.i18n import N_
from tui.text.direction import BidiMode
from tui.widgets.search_input import PaletteInput

__all__ = ["MarsadCommandPalette"]

#: (a message: the input says it in the language spoken)
PLACEHOLDER = N_("Search for commands…")


class MarsadCommandPalette(CommandPalette):
    """`CommandPalette` whose input is a `PaletteInput` (the layout of `CommandPalette.compose`)."""

    def __init__(self, *args: Any, mode: BidiMode, placeholder: str = PLACEHOLDER, **kwargs: Any) -> None:
        super().__init__(*args, placeholder=placeholder, **kwargs)
        self.mode = mode
        self.input_placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield PaletteInput(mode=self.mode, placeholder=self.input_placeholder)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield CommandList()
                yield LoadingIndicator()

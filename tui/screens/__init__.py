"""Marsad's screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.command import Provider


def screen_commands() -> type[Provider]:
    """The palette's provider of a screen's own commands (`tui.screens.palette_keys`).

    Imported when the palette first opens, not with the screen: the command
    palette's module is not needed for the first frame (start-up is a target).
    """
    from tui.screens.palette_keys import ScreenCommands

    return ScreenCommands

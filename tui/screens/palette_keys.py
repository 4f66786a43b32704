"""Palette commands for what the keys of the current screen do, so each can be found by name.

A screen that lists `COMMANDS = {ScreenCommands}` and has a `palette_commands()`
method (name, help with the key, callback) gets them in the command palette
while it is the screen the palette was opened from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider

PaletteCommand = tuple[str, str, Callable[[], object]]


class HasPaletteCommands(Protocol):
    def palette_commands(self) -> Iterable[PaletteCommand]: ...


class ScreenCommands(Provider):
    """The calling screen's own commands, matched by name like the system commands."""

    def _commands(self) -> list[PaletteCommand]:
        screen: HasPaletteCommands = self.screen  # type: ignore[assignment]
        return list(screen.palette_commands())

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)

"""Palette commands for what the keys of the current screen do, so each can be found by name; and the
shaping every palette entry of Marsad's goes through.

A screen that lists `COMMANDS = {ScreenCommands}` and has a `palette_commands()`
method (name, help with the key, callback) gets them in the command palette
while it is the screen the palette was opened from. The app's own commands
(`MarsadApp.get_system_commands`) come through `SystemCommands`, which replaces
Textual's provider of them.

Textual draws a command's name and help as given, in storage order (and reads
its help as markup): Arabic would come out unjoined and backwards. Names and help
are said in the language spoken and drawn here through the text pipeline
(`entry`): the letters a query matched lit in the shaped name, the help laid out
in lines that fit the palette.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.markup import escape

from tui import i18n
from tui.screens.shell import shell
from tui.text.layout import layout, single_line

PaletteCommand = tuple[str, str, Callable[[], object]]

#: how the letters a query matched are lit (the palette's own `command-palette--highlight`)
MATCH_STYLE = "bold underline"
#: cells a name may take in the palette
NAME_CELLS = 80
#: cells the palette leaves around a command's help (its borders and padding)
HELP_MARGIN = 8


class HasPaletteCommands(Protocol):
    def palette_commands(self) -> Iterable[PaletteCommand]: ...


def entry(provider: Provider, name: str, help_text: str, matcher: Matcher | None = None) -> tuple[Text, str]:
    """A command's name (the letters `matcher` found lit) and its help, as the palette draws them: in reading
    order, the help escaped for Textual's markup and wrapped to the palette's width."""
    mode = shell(provider.app).bidi
    spans: tuple[tuple[int, int], ...] = ()
    if matcher is not None:
        _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
        spans = tuple((offset, offset + 1) for offset in offsets if not name[offset].isspace())
    line = single_line(
        name,
        NAME_CELLS,
        direction=i18n.direction(),
        mode=mode,
        highlights=spans,
        highlight_style=MATCH_STYLE,
    )
    shown = line.to_text(line.cells)
    width = max(20, provider.app.size.width - HELP_MARGIN)
    help_lines = layout(help_text, width, direction=i18n.direction(), mode=mode)
    return shown, "\n".join(escape(help_line.text) for help_line in help_lines)


def commands_hits(
    provider: Provider, commands: Iterable[PaletteCommand], query: str | None
) -> list[DiscoveryHit | Hit]:
    """Hits for `commands`: every one to discover (`query` None), or those whose name matches `query`."""
    found: list[DiscoveryHit | Hit] = []
    matcher = provider.matcher(query) if query is not None else None
    for name, help_text, callback in commands:
        if matcher is None:
            display, shown_help = entry(provider, name, help_text)
            found.append(DiscoveryHit(display, callback, text=name, help=shown_help))
        elif (score := matcher.match(name)) > 0:
            display, shown_help = entry(provider, name, help_text, matcher)
            found.append(Hit(score, display, callback, text=name, help=shown_help))
    return found


class ScreenCommands(Provider):
    """The calling screen's own commands, matched by name like the system commands."""

    def _commands(self) -> list[PaletteCommand]:
        screen: HasPaletteCommands = self.screen  # type: ignore[assignment]
        return list(screen.palette_commands())

    async def discover(self) -> Hits:
        for hit in commands_hits(self, self._commands(), None):
            yield hit

    async def search(self, query: str) -> Hits:
        for hit in commands_hits(self, self._commands(), query):
            yield hit


class SystemCommands(Provider):
    """The app's commands (`App.get_system_commands`, said in the language spoken), drawn in reading order."""

    def _commands(self, discovering: bool) -> list[PaletteCommand]:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda command: command.title)
        return [
            (title, help_text, callback)
            for title, help_text, callback, discover in commands
            if discover or not discovering
        ]

    async def discover(self) -> Hits:
        for hit in commands_hits(self, self._commands(True), None):
            yield hit

    async def search(self, query: str) -> Hits:
        for hit in commands_hits(self, self._commands(False), query):
            yield hit

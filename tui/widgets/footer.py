"""The key bar at the bottom of every screen: one line of text, redrawn in place.

Textual's `Footer` mounts a widget per key and recomposes (unmounts and mounts
them all, then lays the whole screen out again) whenever the keys it shows
change, which is at every move of the focus between a list, whose keys include
filtering and sorting, and the detail: half the CPU of every `enter`. This bar draws
the same keys, in the same order and styles, grouped the same way (a group of
keys with one description, `[]<>o Sort`), with the command palette's key at the
right end, as one line of text: a change of keys only repaints that line. Keys
that do not fit are left out whole (the palette's key stays); a screen names the
keys it shows only where there is room once every other key is in (`if_room`: at
120 columns the main screen's `e Export`, which must not push `/ Search` out at
80). A click on a key
presses it; unlike Footer's, keys have no hover highlight and no tooltip (help
lists every key with its description and binding id).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True, slots=True)
class ShownKey:
    """One key as the bar shows it."""

    key: str
    """What a click presses."""
    display: str
    description: str
    enabled: bool
    if_room: bool = False
    """Shown only when every key that is not `if_room` fits."""


@dataclass(frozen=True, slots=True)
class KeyGroupShown:
    """Keys shown together under one description (`[]<>o Sort`)."""

    keys: tuple[ShownKey, ...]
    description: str

    @property
    def if_room(self) -> bool:
        return all(key.if_room for key in self.keys)


Item = ShownKey | KeyGroupShown


class KeysFooter(Widget, can_focus=False):
    """The screen's keys (those bound with `show=True`), as Textual's `Footer` lays them out, in one line."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keys-footer--key", "keys-footer--description", "keys-footer--separator"}
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keys-footer--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(
        self, *, if_room: frozenset[str] = frozenset(), id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.if_room = if_room
        """Ids of the bindings shown only where the line has room once every other key is in."""
        self._items: tuple[Item, ...] = ()
        self._palette: ShownKey | None = None
        self._places: list[tuple[int, int, ShownKey]] = []
        """Where each key is drawn (first cell, cell after the last), for clicks."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Take the keys the screen shows now; repaint only when they differ."""
        if not screen.app.app_focus:  # (as Footer: a blurred app's bindings are not the ones to show)
            return
        items, palette = self._keys_of(screen)
        if (items, palette) != (self._items, self._palette):
            self._items, self._palette = items, palette
            self.refresh()

    def _keys_of(self, screen: Screen[object]) -> tuple[tuple[Item, ...], ShownKey | None]:
        """The keys to show, grouped as `Footer.compose` groups them."""
        app = screen.app
        by_action: defaultdict[str, list[tuple[Binding, bool]]] = defaultdict(list)
        for active in screen.active_bindings.values():
            if active.binding.show:
                by_action[active.binding.action].append((active.binding, active.enabled))

        def shown(binding: Binding, enabled: bool, description: str) -> ShownKey:
            return ShownKey(binding.key, app.get_key_display(binding), description, enabled, binding.id in self.if_room)

        items: list[Item] = []
        for group, actions in groupby(by_action.values(), lambda bindings: bindings[0][0].group):
            firsts = [bindings[0] for bindings in actions]
            if group is not None and len(firsts) > 1:
                items.append(
                    KeyGroupShown(tuple(shown(binding, enabled, "") for binding, enabled in firsts), group.description)
                )
            else:
                items.extend(shown(binding, enabled, binding.description) for binding, enabled in firsts)
        palette = None
        if app.ENABLE_COMMAND_PALETTE and (command := screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)):
            palette = shown(command.binding, command.enabled, command.binding.description)
        return tuple(items), palette

    # -- drawing ------------------------------------------------------------------------
    def render(self) -> Text:
        key_style = self.get_component_rich_style("keys-footer--key")
        description_style = self.get_component_rich_style("keys-footer--description")

        self._places = []

        def drawn(item: Item, start: int) -> Text:
            """The item's text, its keys' places (cells from `start`) noted for clicks."""
            if isinstance(item, ShownKey):
                text = Text.assemble(
                    (f" {item.display} ", key_style + _dim(item)),
                    (f"{item.description} ", description_style + _dim(item)),
                )
                self._places.append((start, start + text.cell_len, item))
                return text
            text = Text(" ", description_style)
            for key in item.keys:
                self._places.append((start + text.cell_len, start + text.cell_len + cell_len(key.display), key))
                text.append(key.display, key_style + _dim(key))
            return Text.assemble(text, (" ", description_style), (f"{item.description} ", description_style))

        width = self.size.width
        palette = Text()
        if (key := self._palette) is not None:  # (drawn as Footer draws it: compact, after a thin rule)
            palette = Text.assemble(
                ("▏", self.get_component_rich_style("keys-footer--separator")),
                (key.display, key_style + _dim(key)),
                (f" {key.description} ", description_style + _dim(key)),
            )
        room = width - palette.cell_len
        line = Text(no_wrap=True, overflow="crop", end="")
        widths = [drawn(item, 0).cell_len for item in self._items]
        self._places = []  # (measuring noted places too)
        for item in _fitting(self._items, widths, room):
            line.append_text(drawn(item, line.cell_len))
        line.append(" " * max(0, room - cell_len(line.plain)))
        if self._palette is not None:
            self._places.append((line.cell_len + 1, line.cell_len + palette.cell_len, self._palette))
        line.append_text(palette)
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it; on a disabled key it rings the bell, as in Footer."""
        for start, end, key in self._places:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return


def _fitting(items: tuple[Item, ...], widths: list[int], room: int) -> list[Item]:
    """The items to show in `room` cells, in their order.

    Every item that is not `if_room`, up to the first that does not fit (a key is
    shown whole or not at all, and never after one left out); then, if they all fit,
    each `if_room` item that still has room.
    """
    chosen = [False] * len(items)
    used = 0
    for at, (item, width) in enumerate(zip(items, widths)):
        if item.if_room:
            continue
        if used + width > room:
            return [item for item, shown in zip(items, chosen) if shown]
        chosen[at], used = True, used + width
    for at, (item, width) in enumerate(zip(items, widths)):
        if item.if_room and used + width <= room:
            chosen[at], used = True, used + width
    return [item for item, shown in zip(items, chosen) if shown]


def _dim(key: ShownKey) -> Style:
    """A disabled key is drawn dim (as Footer draws it)."""
    return Style.null() if key.enabled else Style(dim=True)

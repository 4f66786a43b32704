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

Descriptions are messages (`N_()` where the bindings are declared), said in the
language spoken when the bar is drawn and laid out by the text pipeline. In a
mirrored (right-to-left) interface the bar runs from the right edge: each key
right of its description, the palette's key at the left end.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tui import i18n
from tui.text.direction import BidiMode
from tui.widgets.rows import in_reading_order, ui_text


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
        self,
        *,
        if_room: frozenset[str] = frozenset(),
        mode: BidiMode = BidiMode.APP,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.mode = mode
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

        def said(description: str) -> str:
            """A description in the language spoken, in reading order (shaped in Arabic)."""
            return ui_text(i18n._(description), 10_000, self.mode).plain if description else ""

        def drawn(item: Item) -> list[tuple[Text, ShownKey | None]]:
            """The item's pieces in reading order, each key's with the key a click on it presses."""
            if isinstance(item, ShownKey):
                return [
                    (Text(f" {item.display} ", key_style + _dim(item)), item),
                    (Text(f"{said(item.description)} ", description_style + _dim(item)), None),
                ]
            pieces: list[tuple[Text, ShownKey | None]] = [(Text(" ", description_style), None)]
            pieces += [(Text(key.display, key_style + _dim(key)), key) for key in item.keys]
            description = Text.assemble((" ", description_style), (f"{said(item.description)} ", description_style))
            pieces.append((description, None))
            return pieces

        width = self.size.width
        palette: list[tuple[Text, ShownKey | None]] = []
        if (key := self._palette) is not None:  # (drawn as Footer draws it: compact, after a thin rule)
            palette = [
                (Text("▕" if i18n.is_rtl() else "▏", self.get_component_rich_style("keys-footer--separator")), None),
                (Text(key.display, key_style + _dim(key)), key),
                (Text(f" {said(key.description)} ", description_style + _dim(key)), None),
            ]
        room = width - sum(piece.cell_len for piece, _key in palette)
        items = [drawn(item) for item in self._items]
        widths = [sum(piece.cell_len for piece, _key in pieces) for pieces in items]
        fitting = _fitting(self._items, widths, room)
        shown = [pieces for item, pieces in zip(self._items, items) if any(item is each for each in fitting)]
        keys = [piece for pieces in shown for piece in pieces]
        used = sum(piece.cell_len for piece, _key in keys)
        reading = [*keys, (Text(" " * max(0, room - used)), None), *palette]
        if i18n.is_rtl():
            reading = [(_mirrored(piece), key) for piece, key in reading]
        line = in_reading_order([piece for piece, _key in reading])
        line.no_wrap, line.overflow, line.end = True, "crop", ""
        self._places = []
        start = 0
        for piece, key in reversed(reading) if i18n.is_rtl() else reading:
            if key is not None:
                self._places.append((start, start + piece.cell_len, key))
            start += piece.cell_len
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


def _mirrored(piece: Text) -> Text:
    """A piece of the bar in a mirrored interface: its leading and trailing spaces swapped (`" q "` stays,
    `"Quit "` becomes `" Quit"`), so that the gaps stay between a key and the description read after it."""
    plain = piece.plain
    body = plain.strip(" ")
    if not body or body == plain:
        return piece
    lead, trail = len(plain) - len(plain.lstrip(" ")), len(plain) - len(plain.rstrip(" "))
    style = piece.spans[0].style if piece.spans else piece.style
    inner = piece[lead : len(plain) - trail]
    return Text.assemble((" " * trail, style), inner, (" " * lead, style), end="", no_wrap=True)


def _dim(key: ShownKey) -> Style:
    """A disabled key is drawn dim (as Footer draws it)."""
    return Style.null() if key.enabled else Style(dim=True)

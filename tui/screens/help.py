"""The help screen: every binding (key, what it does, its id) in columns, and the bidi mode.

Each binding is a row of three columns: its keys, its description, its id (the
name a keymap would use). The columns are as wide as their widest entry; a
description too long for the screen wraps within its own column, and so do keys,
so that no description runs into an id.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from tui.text.direction import BidiMode

BIDI_HELP = {
    BidiMode.APP: "Arabic mode: app. Marsad shapes and reorders Arabic itself, and asks the terminals "
    "that reorder it too (VTE, Konsole, mlterm) not to. If Arabic shows reversed here, run "
    "`marsad doctor`: it says what this terminal is taken for, and what to change.",
    BidiMode.TERMINAL: "Arabic mode: terminal. Marsad draws Arabic in logical order, unshaped, for a "
    "terminal that shapes and reorders it itself. If Arabic shows as separate letters in reverse "
    "order, run `marsad doctor`, or start with --bidi app (or MARSAD_BIDI=app).",
}

Section = tuple[str, Sequence[Binding]]
KeyDisplay = Callable[[Binding], str]

#: cells between two columns
GAP = 2
#: the key column's widest (longer keys wrap at their commas)
MAX_KEYS_CELLS = 22
#: the description column's narrowest; below it, ids go on a line of their own
MIN_DESCRIPTION_CELLS = 16


def key_columns(sections: Sequence[Section], key_display: KeyDisplay, width: int) -> Text:
    """Every section's bindings as rows of keys, description and id, laid out in `width` cells."""
    rows = [
        [(_keys(binding, key_display), binding.description or binding.action, binding.id or "") for binding in bindings]
        for _title, bindings in sections
    ]
    every = [row for section in rows for row in section]
    keys_cells = min(MAX_KEYS_CELLS, max((cell_len(keys) for keys, _, _ in every), default=0))
    id_cells = max((cell_len(binding_id) for _, _, binding_id in every), default=0)
    widest_description = max((cell_len(description) for _, description, _ in every), default=0)
    description_cells = min(widest_description, width - keys_cells - id_cells - 2 * GAP - 2)
    ids_apart = description_cells < MIN_DESCRIPTION_CELLS
    if ids_apart:
        description_cells = max(1, width - keys_cells - GAP - 2)
    text = Text(no_wrap=True, overflow="crop", end="")
    for (title, _bindings), section in zip(sections, rows):
        text.append(f"\n{title}\n", style="bold")
        for keys, description, binding_id in section:
            key_lines = _wrap(keys, keys_cells, at=", ")
            description_lines = _wrap(description, description_cells)
            for line in range(max(len(key_lines), len(description_lines))):
                text.append("  ")
                text.append(_pad(key_lines[line] if line < len(key_lines) else "", keys_cells + GAP), style="bold")
                described = description_lines[line] if line < len(description_lines) else ""
                if line == 0 and not ids_apart:
                    text.append(_pad(described, description_cells + GAP))
                    text.append(binding_id, style="dim")
                else:
                    text.append(described)
                text.append("\n")
            if ids_apart and binding_id:
                text.append(" " * (2 + keys_cells + GAP))
                text.append(f"{binding_id}\n", style="dim")
    return text


def _keys(binding: Binding, key_display: KeyDisplay) -> str:
    return ", ".join(key_display(Binding(key, binding.action)) for key in binding.key.split(","))


def _wrap(text: str, cells: int, at: str = " ") -> list[str]:
    """`text` in lines of at most `cells` characters, broken at `at` (a word longer than a line is cut)."""
    if cell_len(text) <= cells:
        return [text]
    if at == " ":
        return textwrap.wrap(text, cells, break_long_words=True, break_on_hyphens=False) or [""]
    lines: list[str] = []
    for part in text.split(at):
        if lines and cell_len(lines[-1] + at + part) <= cells:
            lines[-1] += at + part
        else:
            if lines:
                lines[-1] += at.rstrip()
            lines.append(part)
    return lines


def _pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - cell_len(text))


class KeyTable(Widget):
    """The bindings in columns, laid out for the widget's width."""

    DEFAULT_CSS = "KeyTable { height: auto; }"

    def __init__(self, sections: Sequence[Section], key_display: KeyDisplay, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections = sections
        self.key_display = key_display

    def render(self) -> Text:
        width = self.size.width or (self.app.size.width - 8)
        return key_columns(self.sections, self.key_display, width)


class HelpScreen(ModalScreen[None]):
    """Every key, and the Arabic mode; opened at the section of the screen it was asked from."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close")]

    def __init__(
        self, sections: Sequence[Section], mode: BidiMode, key_display: KeyDisplay, *, start_at: str = ""
    ) -> None:
        super().__init__()
        self.sections = sections
        self.mode = mode
        self.key_display = key_display
        self.start_at = start_at
        """The title of the section shown first (the keys of the screen help was asked from)."""

    def on_mount(self) -> None:
        if self.start_at:
            self.call_after_refresh(self._show_section)

    def _show_section(self) -> None:
        table = self.query_one(KeyTable)
        lines = str(table.render()).splitlines()
        if self.start_at in lines:
            body = self.query_one("#help-body", VerticalScroll)
            body.scroll_to(y=table.virtual_region.y + lines.index(self.start_at), animate=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Help · escape to close"
            yield Static(Text(BIDI_HELP[self.mode]), id="help-bidi")
            yield KeyTable(self.sections, self.key_display, id="help-keys")

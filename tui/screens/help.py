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

from tui import i18n
from tui.i18n import N_, _
from tui.text.direction import BidiMode, Direction
from tui.text.layout import layout, single_line
from tui.widgets.language import LanguageChanged
from tui.widgets.said import Said

BIDI_HELP = {
    BidiMode.APP: N_(
        "Arabic mode: app. Marsad shapes and reorders Arabic itself, and asks the terminals "
        "that reorder it too (VTE, Konsole, mlterm) not to. If Arabic shows reversed here, run "
        "`marsad doctor`: it says what this terminal is taken for, and what to change."
    ),
    BidiMode.TERMINAL: N_(
        "Arabic mode: terminal. Marsad draws Arabic in logical order, unshaped, for a "
        "terminal that shapes and reorders it itself. If Arabic shows as separate letters in reverse "
        "order, run `marsad doctor`, or start with --bidi app (or MARSAD_BIDI=app)."
    ),
}

Section = tuple[str, Sequence[Binding]]
KeyDisplay = Callable[[Binding], str]

#: cells between two columns
GAP = 2
#: the key column's widest (longer keys wrap at their commas)
MAX_KEYS_CELLS = 22
#: the description column's narrowest; below it, ids go on a line of their own
MIN_DESCRIPTION_CELLS = 16


def key_columns(
    sections: Sequence[Section], key_display: KeyDisplay, width: int, mode: BidiMode = BidiMode.APP
) -> tuple[Text, dict[str, int]]:
    """Every section's bindings as rows of keys, description and id, laid out in `width` cells; and the row
    each section's title is on (by its title as given).

    Titles and descriptions are messages, said in the language spoken. In a mirrored
    (right-to-left) interface the columns run from the right edge: keys, then
    description, then id, each right-aligned in its column.
    """
    mirrored = i18n.is_rtl()
    rows = [
        [
            (
                _keys(binding, key_display),
                _(binding.description) if binding.description else binding.action,
                binding.id or "",
            )
            for binding in bindings
        ]
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
    starts: dict[str, int] = {}
    row_number = 0

    def line(*pieces: Text) -> None:
        """One row, its pieces in reading order (from the right edge when mirrored)."""
        nonlocal row_number
        if mirrored:
            drawn = Text.assemble(*reversed(pieces))
            drawn.pad_left(max(0, width - drawn.cell_len))
            text.append_text(drawn)
        else:
            text.append_text(Text.assemble(*pieces))
        text.append("\n")
        row_number += 1

    for (title, _bindings), section in zip(sections, rows):
        line(Text(""))
        starts[title] = row_number
        said = _(title)
        line(_column(said, width, mode, "bold") if mirrored else Text(said, style="bold"))
        for keys, description, binding_id in section:
            key_lines = _wrap(keys, keys_cells, at=", ")
            description_lines = (
                _wrapped(description, description_cells, mode) if mirrored else _wrap(description, description_cells)
            )
            for number in range(max(len(key_lines), len(description_lines))):
                key_cell = _column(
                    key_lines[number] if number < len(key_lines) else "", keys_cells, mode, "bold", "ltr"
                )
                described = description_lines[number] if number < len(description_lines) else ""
                if number == 0 and not ids_apart:
                    line(
                        Text("  "),
                        key_cell,
                        Text(" " * GAP),
                        _column(described, description_cells, mode),
                        Text(" " * GAP),
                        Text(binding_id, style="dim"),
                    )
                elif mirrored:
                    line(Text("  "), key_cell, Text(" " * GAP), _column(described, description_cells, mode))
                else:
                    line(Text("  "), key_cell, Text(" " * GAP), Text(described))
            if ids_apart and binding_id:
                line(Text(" " * (2 + keys_cells + GAP)), Text(binding_id, style="dim"))
    return text, starts


def _column(text: str, cells: int, mode: BidiMode, style: str = "", direction: Direction = "rtl") -> Text:
    """`text` in a column of `cells` cells: padded after it, or in a mirrored interface laid out by the text
    pipeline (right to left; keys left to right, `?, f1` staying so) and right-aligned."""
    if i18n.is_rtl():
        line = single_line(text, max(1, cells), direction=direction, mode=mode)
        drawn = line.to_text(line.cells, style=style)
        drawn.pad_left(max(0, cells - line.cells))
        return drawn
    return Text(_pad(text, cells), style=style)


def _wrapped(text: str, cells: int, mode: BidiMode) -> list[str]:
    """`text` in lines of at most `cells` cells, wrapped in logical order (each line logical: `_column` lays it
    out)."""
    lines = layout(text, max(1, cells), direction="rtl", mode=BidiMode.TERMINAL)
    return [text[line.source[0] : line.source[1]].strip() for line in lines] or [""]


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

    def __init__(
        self,
        sections: Sequence[Section],
        key_display: KeyDisplay,
        *,
        mode: BidiMode = BidiMode.APP,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.sections = sections
        self.key_display = key_display
        self.mode = mode
        self.section_rows: dict[str, int] = {}
        """The row each section's title is on, as last drawn (by its title as given)."""

    def render(self) -> Text:
        width = self.size.width or (self.app.size.width - 8)
        text, self.section_rows = key_columns(self.sections, self.key_display, width, self.mode)
        return text


class HelpScreen(ModalScreen[None]):
    """Every key, and the Arabic mode; opened at the section of the screen it was asked from."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help-body {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
        padding: 0 1;
    }
    #help-bidi {
        margin: 1 0 0 0;
        color: $warning;
    }
    """
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", N_("Close"), id="help.close")]

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
        table.render()
        if self.start_at in table.section_rows:
            body = self.query_one("#help-body", VerticalScroll)
            body.scroll_to(y=table.virtual_region.y + table.section_rows[self.start_at], animate=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = self._title()
            yield Said(lambda: _(BIDI_HELP[self.mode]), mode=self.mode, id="help-bidi")
            yield KeyTable(self.sections, self.key_display, mode=self.mode, id="help-keys")

    def _title(self) -> Text:
        line = single_line(_("Help · escape to close"), 80, direction=i18n.direction(), mode=self.mode)
        return line.to_text(line.cells)

    def on_language_changed(self, event: LanguageChanged) -> None:
        self.query_one("#help-body").border_title = self._title()

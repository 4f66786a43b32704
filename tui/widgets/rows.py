"""One-line rows built from stored names through the text pipeline."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui.data.models import Names
from tui.text.direction import BidiMode, reading_direction
from tui.text.layout import single_line

#: below this width a row shows only the primary name
_TWO_COLUMN_MIN_WIDTH = 18


def name_row(names: Names, width: int, mode: BidiMode, latin_style: Style | str = "") -> Text:
    """The Latin name on the left (dimmed), the Arabic name right-aligned on the right.

    A record with one name uses the whole width, aligned by that name's direction.
    """
    if width <= 0:
        return Text()
    arabic, latin = names.ar, names.latin
    if not (arabic and latin) or width < _TWO_COLUMN_MIN_WIDTH:
        return single_line(names.primary, width, direction=reading_direction(names.primary), mode=mode).to_text(width)
    latin_width = min(cell_len(latin), max(6, (width - 1) * 2 // 5))
    arabic_width = width - latin_width - 1
    row = single_line(latin, latin_width, mode=mode).to_text(latin_width)
    row.stylize(latin_style)  # a span: a base style would reach the Arabic name appended next
    row.append(" ")
    row.append_text(single_line(arabic, arabic_width, direction="rtl", mode=mode).to_text(arabic_width))
    return row


def visual_text(text: str, max_width: int, mode: BidiMode) -> Text:
    """Stored text as one visual line of at most `max_width` cells, unpadded, never markup."""
    line = single_line(text, max_width, direction=reading_direction(text), mode=mode)
    return line.to_text(line.cells)


def choice_row(label: str, note: str, width: int, mode: BidiMode, note_style: Style | str) -> Text:
    """A row of a list to choose from: the label (data, in reading order) and a note right-aligned after it."""
    note_width = min(cell_len(note), max(0, width // 3))
    label_width = max(1, width - note_width - 1)
    line = visual_text(label, label_width, mode)
    line.pad_right(label_width - line.cell_len)
    if note_width:
        line.append(" ")
        line.append(note[:note_width].rjust(note_width), style=note_style)
    return line


def message_text(text: str, max_width: int, mode: BidiMode) -> Text:
    """One of Marsad's own messages (English that may quote Arabic data) as one visual line, left to right."""
    line = single_line(text, max_width, direction="ltr", mode=mode)
    return line.to_text(line.cells)


def visual_message(text: str, mode: BidiMode) -> str:
    """A whole message in the order a terminal draws it (for a notification, which Textual draws as given)."""
    return single_line(text, max(1, len(text) * 2), direction="ltr", mode=mode).text


def text_style(widget: Widget, component: str) -> Style:
    """A component class's colors and attributes, without its background.

    `get_component_rich_style(..., partial=True)` would keep only what the CSS
    sets, but it drops a color's alpha: `$text-muted` came out pure white, even on
    a light theme. The full style blends alpha correctly, so its color is taken
    where the CSS sets one; rows keep their own background (and the cursor's),
    and text the CSS leaves uncolored keeps the row's color.
    """
    own = widget.get_component_rich_style(component, partial=True)  # what the CSS sets
    full = widget.get_component_rich_style(component)
    return Style(
        color=full.color if own.color is not None else None,
        bold=full.bold,
        dim=full.dim,
        italic=full.italic,
        underline=full.underline,
        strike=full.strike,
        reverse=full.reverse,
    )

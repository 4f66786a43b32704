"""One-line rows built from stored names, and from Marsad's own words, through the text pipeline.

Stored text is laid out in its own direction (an Arabic name right to left, a Latin
one left to right, in any interface). Marsad's own words (a translated message, with
the data it quotes) are laid out in the interface's direction: right to left in
Arabic, where a line of several pieces also runs from the right edge
(`in_reading_order`, `aligned`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui import i18n
from tui.data.models import Names
from tui.text.direction import BidiMode, reading_direction
from tui.text.layout import VisualLine, single_line

#: below this width a row shows only the primary name
_TWO_COLUMN_MIN_WIDTH = 18


def placed(line: VisualLine, width: int, style: Style | str = "") -> Text:
    """A laid-out line of stored text in `width` cells, aligned by its own direction; in a mirrored (right-to-left)
    interface always to the right, where its label and its column start (a Latin value still reads left to right
    inside: only where it sits changes)."""
    if i18n.is_rtl() and line.direction == "ltr" and line.cells <= width:
        text = line.to_text(line.cells, style=style)
        text.pad_left(width - line.cells)
        return text
    return line.to_text(width, style=style)


def name_row(names: Names, width: int, mode: BidiMode, latin_style: Style | str = "") -> Text:
    """The Latin name on the left (dimmed), the Arabic name right-aligned on the right.

    A record with one name uses the whole width, aligned by that name's direction.
    """
    if width <= 0:
        return Text()
    arabic, latin = names.ar, names.latin
    if not (arabic and latin) or width < _TWO_COLUMN_MIN_WIDTH:
        return placed(single_line(names.primary, width, direction=reading_direction(names.primary), mode=mode), width)
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
    """A row of a list to choose from: the label (in reading order) and a note after it, at the far end (the left
    end in a mirrored interface, where the label starts at the right edge)."""
    note_width = min(cell_len(note), max(0, width // 3))
    label_width = max(1, width - note_width - 1)
    if i18n.is_rtl():
        line = ui_text(label, label_width, mode)
        shown_note = ui_text(note, note_width, mode, style=note_style)
        return Text.assemble(shown_note, " " * (width - shown_note.cell_len - line.cell_len), line, end="")
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


def ui_text(text: str, max_width: int, mode: BidiMode, style: Style | str = "") -> Text:
    """Marsad's own words (and the data they quote) as one visual line of at most `max_width` cells, unpadded,
    in the interface's direction: shaped and in reading order in Arabic, cut at the logical end."""
    line = single_line(text, max(0, max_width), direction=i18n.direction(), mode=mode)
    return line.to_text(line.cells, style=style)


def in_reading_order(pieces: Sequence[Text]) -> Text:
    """Pieces of one line, given in reading order, as drawn: from the left, or from the right in a mirrored
    (right-to-left) interface. Each piece is already visual (laid out through the pipeline)."""
    ordered = list(reversed(pieces)) if i18n.is_rtl() else list(pieces)
    line = Text(end="", no_wrap=True, overflow="crop")
    for piece in ordered:
        line.append_text(piece)
    return line


def aligned(text: Text, width: int) -> Text:
    """`text` as a line of `width` cells in a mirrored (right-to-left) interface: right-aligned, losing cells at
    its end side (the left) when wider, so that its start stays in view. In a left-to-right interface it is
    returned as it is (whoever draws it left-aligns and crops it)."""
    if not i18n.is_rtl():
        return text
    excess = text.cell_len - width
    if excess > 0:
        return _crop_left(text, excess)
    text = text.copy()
    text.pad_left(-excess)
    return text


def _crop_left(text: Text, cells: int) -> Text:
    """`text` without its first `cells` cells (a wide character cut in half becomes a space)."""
    dropped = chars = 0
    plain = text.plain
    while dropped < cells and chars < len(plain):
        dropped += cell_len(plain[chars])
        chars += 1
    cropped = text[chars:]
    cropped.pad_left(dropped - cells)
    return cropped

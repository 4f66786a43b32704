"""The top bar: where the user is, which database file is open, and whether its edits are saved."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui import i18n
from tui.text.direction import BidiMode, reading_direction
from tui.text.layout import single_line
from tui.widgets.rows import in_reading_order, ui_text

#: between two parts, in reading order: a mirrored interface draws it pointing left (`‹`)
_SEPARATOR = " › "
_MIRRORED_SEPARATOR = " ‹ "
_PART_MAX = 32


class Breadcrumbs(Widget):
    """`Marsad › Organizations › أكديتال` from the left edge, the database file at the right end.

    In a mirrored (right-to-left) interface, `مرصد ‹ المنظمات ‹ أكديتال` from the right edge, and the file
    at the left end. Each part is laid out in its own direction (a record's Latin name stays left to right).
    """

    COMPONENT_CLASSES = {"breadcrumbs--separator", "breadcrumbs--current", "breadcrumbs--file", "breadcrumbs--edits"}
    DEFAULT_CSS = """
    Breadcrumbs > .breadcrumbs--edits { color: $warning; }
    """

    parts: reactive[tuple[str, ...]] = reactive(())
    file: reactive[str] = reactive("")
    edits: reactive[str] = reactive("")
    """What is said of the edits before the file's name: `● 2 edits unsaved`, `saving…`, `saved`."""

    def __init__(self, *, mode: BidiMode, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = mode

    def render(self) -> Text:
        width = self.size.width
        rtl = i18n.is_rtl()
        separator_style = self.get_component_rich_style("breadcrumbs--separator")
        current_style = self.get_component_rich_style("breadcrumbs--current")
        file_style = self.get_component_rich_style("breadcrumbs--file")
        pieces: list[Text] = []
        for number, part in enumerate(self.parts):
            if number:
                pieces.append(Text(_MIRRORED_SEPARATOR if rtl else _SEPARATOR, separator_style))
            line = single_line(part, _PART_MAX, direction=reading_direction(part), mode=self.mode)
            is_last = number == len(self.parts) - 1
            pieces.append(line.to_text(line.cells, style=current_style if is_last else ""))
        crumbs = in_reading_order(pieces)
        edits = (  # (unsaved, saving, saved: said between the crumbs and the file)
            [
                ui_text(self.edits, width // 3, self.mode, style=self.get_component_rich_style("breadcrumbs--edits")),
                Text(" · "),
            ]
            if self.edits
            else []
        )
        edits_width = sum(piece.cell_len for piece in edits)
        file_width = min(cell_len(self.file), max(0, width - crumbs.cell_len - edits_width - 2))
        if file_width >= 8:
            file_text = single_line(self.file, file_width, direction="ltr", mode=self.mode).to_text(
                file_width, style=file_style
            )
            gap = Text(" " * (width - crumbs.cell_len - file_width - edits_width))
            return in_reading_order([crumbs, gap, *edits, file_text])
        if crumbs.cell_len > width:  # what does not fit goes from the end of the reading (the left, mirrored)
            if rtl:
                return Text.assemble("…", crumbs[crumbs.cell_len - width + 1 :], end="", no_wrap=True)
            crumbs.truncate(width, overflow="ellipsis")
            return crumbs
        if rtl:
            crumbs.pad_left(width - crumbs.cell_len)
        return crumbs

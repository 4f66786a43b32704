"""The top bar: where the user is, which database file is open, and whether its edits are saved."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.text.direction import BidiMode, reading_direction
from tui.text.layout import single_line

_SEPARATOR = " › "
_PART_MAX = 32


class Breadcrumbs(Widget):
    """`Marsad › Organizations › أكديتال` on the left, the database file on the right."""

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
        separator_style = self.get_component_rich_style("breadcrumbs--separator")
        current_style = self.get_component_rich_style("breadcrumbs--current")
        file_style = self.get_component_rich_style("breadcrumbs--file")
        crumbs = Text(no_wrap=True, overflow="ellipsis", end="")
        for number, part in enumerate(self.parts):
            if number:
                crumbs.append(_SEPARATOR, separator_style)
            line = single_line(part, _PART_MAX, direction=reading_direction(part), mode=self.mode)
            is_last = number == len(self.parts) - 1
            crumbs.append_text(line.to_text(line.cells, style=current_style if is_last else ""))
        edits = (
            Text(f"{self.edits} · ", style=self.get_component_rich_style("breadcrumbs--edits"))
            if self.edits
            else Text()
        )
        file_width = min(cell_len(self.file), max(0, width - crumbs.cell_len - edits.cell_len - 2))
        if file_width >= 8:
            file_text = single_line(self.file, file_width, direction="ltr", mode=self.mode).to_text(
                file_width, style=file_style
            )
            crumbs.append(" " * (width - crumbs.cell_len - file_width - edits.cell_len))
            crumbs.append_text(edits)
            crumbs.append_text(file_text)
        crumbs.truncate(width, overflow="ellipsis")
        return crumbs

"""The detail pane: a record's blocks laid out into rows, with links to follow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message

from tui.detail import Block, Target
from tui.text import BidiMode, layout, reading_direction, single_line
from tui.widgets.rows import text_style
from tui.widgets.virtual_list import VirtualList

_LABEL_MAX = 22
_GAP = 2


@dataclass(frozen=True, slots=True)
class DetailRow:
    text: Text
    target: Target | None


def layout_blocks(blocks: list[Block], width: int, mode: BidiMode, styles: dict[str, Style]) -> list[DetailRow]:
    """Lay blocks out at `width`: labels in a left column, values wrapped beside them."""
    if width <= 0:
        return []
    label_width = min(_LABEL_MAX, max((cell_len(b.label) for b in blocks if b.label), default=0))
    if label_width and width - label_width - _GAP < 12:
        label_width = 0  # too narrow for two columns: labels go on their own line
    rows: list[DetailRow] = []
    for block in blocks:
        style = styles.get(block.role, Style())
        if block.role == "heading" and rows:
            rows.append(DetailRow(Text(" " * width), None))
        value_width = width - label_width - _GAP if (block.label and label_width) else width
        lines = layout(block.text, value_width, direction=reading_direction(block.text), mode=mode) or (single_line("", value_width, mode=mode),)
        if block.label and not label_width:
            label_line = single_line(block.label, width, mode=mode).to_text(width, style=styles["label"])
            rows.append(DetailRow(label_line, block.target))
        for number, line in enumerate(lines):
            text = line.to_text(value_width, style=style)
            if block.label and label_width:
                prefix = block.label if number == 0 else ""
                left = single_line(prefix, label_width, mode=mode).to_text(label_width)
                left.stylize(styles["label"])  # a span: a base style would reach the value
                left.append(" " * _GAP)
                left.append_text(text)
                text = left
            rows.append(DetailRow(text, block.target))
    return rows


class DetailView(VirtualList):
    """A record's detail; `enter` on a link posts `DetailView.Followed`."""

    ROLES: ClassVar[tuple[str, ...]] = ("title", "subtitle", "heading", "text", "fact", "link", "quote", "muted", "label")
    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {f"detail-view--{role}" for role in ROLES}

    class Followed(Message):
        """The user asked to follow a link of the detail."""

        def __init__(self, target: Target) -> None:
            super().__init__()
            self.target = target

    def __init__(self, *, mode: BidiMode, id: str | None = None) -> None:
        super().__init__(0, render_row=self._render_detail_row, empty_message="Nothing selected", id=id)
        self.mode = mode
        self.blocks: list[Block] = []
        self._rows: list[DetailRow] = []
        self._laid_out_width = -1
        self._styles: dict[str, Style] = {}

    def show_blocks(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self._relayout(keep_cursor=False)

    @property
    def current_target(self) -> Target | None:
        return self._rows[self.cursor].target if 0 <= self.cursor < len(self._rows) else None

    def first_target_row(self, target: Target) -> int | None:
        return next((row for row, item in enumerate(self._rows) if item.target == target), None)

    def _relayout(self, *, keep_cursor: bool) -> None:
        width = self.scrollable_content_region.width
        self._laid_out_width = width
        self._styles = self._role_styles()
        self._rows = layout_blocks(self.blocks, width, self.mode, self._styles)
        self.set_rows(len(self._rows), keep_cursor=keep_cursor)

    def _on_resize(self, event: events.Resize) -> None:
        super()._on_resize(event)
        if self.scrollable_content_region.width != self._laid_out_width and self.blocks:
            self._relayout(keep_cursor=True)

    def _role_styles(self) -> dict[str, Style]:
        return {role: text_style(self, f"detail-view--{role}") for role in self.ROLES}

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.blocks and self.is_mounted and self._role_styles() != self._styles:
            self._relayout(keep_cursor=True)

    def _render_detail_row(self, index: int, width: int) -> Text:
        return self._rows[index].text if index < len(self._rows) else Text()

    def action_select_cursor(self) -> None:
        target = self.current_target
        if target is not None:
            self.post_message(self.Followed(target))

"""The detail pane: a record's blocks laid out into rows, the cursor moving by item.

`tui.presentation.detail` says what a detail holds and which blocks are items (a fact, a
link, a value, the title); this widget lays the blocks out at its width and
remembers which block each row draws. The cursor stands on an item's first row
and covers all of its rows: `j`/`k` go from item to item (a wrapped fact is one
stop; headings and blank lines are none), and scroll through an item taller
than the view before leaving it. A click on a fact or a link follows it, as
`enter` does; a click on another item moves the cursor there.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from tui import i18n
from tui.i18n import N_
from tui.text.direction import BidiMode, reading_direction
from tui.text.layout import layout, single_line
from tui.widgets.rows import placed, text_style
from tui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from tui.presentation.detail import Block, Target

_LABEL_MAX = 22
_GAP = 2
#: rows kept above an item that a landing brings into view
_LANDING_CONTEXT = 2


@dataclass(frozen=True, slots=True)
class DetailRow:
    text: Text
    block: int
    """Index of the block the row draws; -1 for the blank line before a heading."""


@dataclass(frozen=True, slots=True)
class ItemRows:
    """The rows of one item: `first` (where the cursor stands) up to `end` (excluded)."""

    block: int
    first: int
    end: int


def layout_blocks(blocks: list[Block], width: int, mode: BidiMode, styles: dict[str, Style]) -> list[DetailRow]:
    """Lay blocks out at `width`: labels in a column beside their values (on the left; on the right in a
    mirrored interface), values wrapped beside them.

    Stored text keeps its own direction (an Arabic value right-aligned, a Latin one
    left-aligned, in any interface); Marsad's own words and the labels read in the
    interface's direction.
    """
    if width <= 0:
        return []
    mirrored = i18n.is_rtl()
    ui_direction = i18n.direction()
    label_width = min(_LABEL_MAX, max((cell_len(b.label) for b in blocks if b.label), default=0))
    if label_width and width - label_width - _GAP < 12:
        label_width = 0  # too narrow for two columns: labels go on their own line
    match_style = str(styles.get("match", ""))
    rows: list[DetailRow] = []
    for number, block in enumerate(blocks):
        style = styles.get(block.role, Style())
        if block.role == "heading" and rows:
            rows.append(DetailRow(Text(" " * width), -1))
        value_width = width - label_width - _GAP if (block.label and label_width) else width
        lines = layout(
            block.text,
            value_width,
            direction=ui_direction if block.own else reading_direction(block.text),
            mode=mode,
            highlights=block.highlights,
            highlight_style=match_style,
        ) or (single_line("", value_width, direction=ui_direction, mode=mode),)
        if block.label and not label_width:
            label_line = single_line(block.label, width, direction=ui_direction, mode=mode).to_text(
                width, style=styles["label"]
            )
            rows.append(DetailRow(label_line, number))
        for line_number, line in enumerate(lines):
            text = line.to_text(value_width, style=style) if block.own else placed(line, value_width, style)
            if block.label and label_width:
                prefix = block.label if line_number == 0 else ""
                label = single_line(prefix, label_width, direction=ui_direction, mode=mode).to_text(label_width)
                label.stylize(styles["label"])  # a span: a base style would reach the value
                gap = Text(" " * _GAP)
                text = Text.assemble(text, gap, label) if mirrored else Text.assemble(label, gap, text)
            rows.append(DetailRow(text, number))
    return rows


def item_rows(rows: list[DetailRow], blocks: list[Block]) -> list[ItemRows]:
    """The items among laid-out rows, in order (a block's rows are consecutive)."""
    items: list[ItemRows] = []
    for row, detail_row in enumerate(rows):
        block = detail_row.block
        if block < 0 or not blocks[block].is_item:
            continue
        if items and items[-1].block == block:
            items[-1] = ItemRows(block, items[-1].first, row + 1)
        else:
            items.append(ItemRows(block, row, row + 1))
    return items


class DetailView(VirtualList):
    """A record's detail; `enter` or a click on a link posts `DetailView.Followed`."""

    ROLES: ClassVar[tuple[str, ...]] = (
        "title",
        "subtitle",
        "heading",
        "text",
        "fact",
        "link",
        "quote",
        "muted",
        "label",
        "match",
    )
    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {f"detail-view--{role}" for role in ROLES}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "screen.correct_fact", N_("Correct"), id="detail.correct"),
        Binding("d", "screen.delete_fact", N_("Delete"), id="detail.delete"),
    ]
    """
    | Key(s) | Binding id | Description |
    | :- | :- | :- |
    | c | detail.correct | Correct the fact under the cursor: label, value, number, unit, qualifier, speaker. |
    | d | detail.delete | Delete the fact under the cursor (asked first; u undoes it). |
    """

    @dataclass
    class Followed(Message):
        """The user asked to follow a link or a fact of the detail."""

        detail_view: DetailView
        target: Target

        @property
        def control(self) -> DetailView:
            return self.detail_view

    def __init__(self, *, mode: BidiMode, id: str | None = None) -> None:
        super().__init__(0, render_row=self._render_detail_row, empty_message=N_("Nothing selected"), mode=mode, id=id)
        self.mode = mode
        self.blocks: list[Block] = []
        self._rows: list[DetailRow] = []
        self._items: list[ItemRows] = []
        self._item_firsts: list[int] = []
        """Per item, its first row (increasing), to find the item at or after a row."""
        self._item_at: list[int] = []
        """Per row, the index of its item in `_items`, or -1."""
        self._laid_out_width = -1
        self._styles: dict[str, Style] = {}
        self._landing_block: int | None = None
        """A block to select and bring into view once the detail is laid out."""

    # -- content ---------------------------------------------------------------
    def show_blocks(self, blocks: list[Block], *, select: int | None = None) -> None:
        """Show a detail with the cursor on its title, or on the item of block `select`, brought into view."""
        self.blocks = blocks
        self._landing_block = select
        self._relayout(keep_cursor=False)

    @property
    def current_block(self) -> Block | None:
        """The block of the item under the cursor."""
        if 0 <= self.cursor < len(self._rows) and (block := self._rows[self.cursor].block) >= 0:
            return self.blocks[block]
        return None

    @property
    def current_target(self) -> Target | None:
        block = self.current_block
        return block.target if block is not None else None

    @property
    def items(self) -> tuple[ItemRows, ...]:
        """Where the cursor stops, in order: the rows of each item."""
        return tuple(self._items)

    def first_target_row(self, target: Target) -> int | None:
        return next((item.first for item in self._items if self.blocks[item.block].target == target), None)

    def _relayout(self, *, keep_cursor: bool) -> None:
        keep_block = self._rows[self.cursor].block if keep_cursor and 0 <= self.cursor < len(self._rows) else -1
        width = self.scrollable_content_region.width
        self._laid_out_width = width
        if not self._styles:
            self._styles = self._role_styles()
        self._rows = layout_blocks(self.blocks, width, self.mode, self._styles)
        self._items = item_rows(self._rows, self.blocks)
        self._item_firsts = [item.first for item in self._items]
        self._item_at = [-1] * len(self._rows)
        for number, item in enumerate(self._items):
            self._item_at[item.first : item.end] = [number] * (item.end - item.first)
        self.set_rows(len(self._rows), keep_cursor=keep_cursor)
        if not self._rows:
            return  # not laid out yet (no width): a landing waits for the first layout
        if self._landing_block is not None:
            block, self._landing_block = self._landing_block, None
            self._land_on(block)
        elif keep_block >= 0:
            row = self._first_row_of_block(keep_block)
            if row is not None:
                self.move_cursor(row)

    def _first_row_of_block(self, block: int) -> int | None:
        return next((item.first for item in self._items if item.block == block), None)

    def _land_on(self, block: int) -> None:
        """Select the item of `block` and show it whole, with a little context above, unless already in view."""
        row = self._first_row_of_block(block)
        if row is None:
            return
        self.move_cursor(row, scroll=False)
        first, end = self.cursor_rows(row)
        top, height = self.scroll_offset.y, self._page_height()
        if first < top or end > top + height:
            self.scroll_to(y=max(0, first - _LANDING_CONTEXT), animate=False, force=True)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_to_width()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines as laid out; drawn at a width the detail was not laid out for, the detail is laid out again.

        In a narrow terminal the detail's pane is hidden until `enter`, so the detail
        is laid out while it has no width, and only a Resize handled once the screen
        has placed the view laid it out again: a snapshot run on a loaded machine
        once showed "Nothing selected" there for 60 s. Drawing checks the width too
        (once per drawing, not per line), whatever brought the view on screen.
        """
        if self.blocks and self.scrollable_content_region.width not in (0, self._laid_out_width):
            self.call_later(self._fit_to_width)
        return super().render_lines(crop)

    def _fit_to_width(self) -> None:
        """Lay the detail out again if its width is not the one it was laid out at."""
        if self.blocks and self.scrollable_content_region.width != self._laid_out_width:
            self._relayout(keep_cursor=True)

    def _role_styles(self) -> dict[str, Style]:
        return {role: text_style(self, f"detail-view--{role}") for role in self.ROLES}

    def notify_style_update(self) -> None:
        """The roles' styles are read here, when they may change (a theme, a focus), not at every detail drawn
        (a fifth of drawing one); a detail shown is laid out again only when one of them really changed."""
        super().notify_style_update()
        if self.is_mounted and (styles := self._role_styles()) != self._styles:
            self._styles = styles
            if self.blocks:
                self._relayout(keep_cursor=True)

    def _render_detail_row(self, index: int, width: int) -> Text:
        return self._rows[index].text if index < len(self._rows) else Text()

    # -- the cursor: one item at a time ------------------------------------------
    def cursor_rows(self, cursor: int) -> tuple[int, int]:
        if 0 <= cursor < len(self._item_at) and (number := self._item_at[cursor]) >= 0:
            item = self._items[number]
            return item.first, item.end
        return super().cursor_rows(cursor)

    def validate_cursor(self, cursor: int) -> int:
        """Any row stands for its item's first row; a row outside items for the next item (else the last)."""
        row = super().validate_cursor(cursor)
        if row < 0 or not self._items or row >= len(self._item_at):
            return row
        if (number := self._item_at[row]) >= 0:
            return self._items[number].first
        following = bisect_left(self._item_firsts, row)
        return self._item_firsts[min(following, len(self._items) - 1)]

    def _current_item(self) -> int | None:
        if 0 <= self.cursor < len(self._item_at) and (number := self._item_at[self.cursor]) >= 0:
            return number
        return None

    def action_cursor_down(self) -> None:
        number = self._current_item()
        if number is None:
            return
        item, top, height = self._items[number], self.scroll_offset.y, self._page_height()
        if item.end > top + height:  # the rest of a tall item first
            self.scroll_to(y=min(item.end - height, top + max(1, height - 1)), animate=False, force=True)
        elif number + 1 < len(self._items):
            self.move_cursor(self._items[number + 1].first)
        else:  # the last item: show what follows it (a note of what is not shown)
            self.scroll_to(y=max(0, self.row_count - height), animate=False, force=True)

    def action_cursor_up(self) -> None:
        number = self._current_item()
        if number is None:
            return
        item, top, height = self._items[number], self.scroll_offset.y, self._page_height()
        if item.first < top:  # the start of a tall item first
            self.scroll_to(y=max(item.first, top - max(1, height - 1)), animate=False, force=True)
        elif number > 0:
            previous = self._items[number - 1]
            self.move_cursor(previous.first, scroll=previous.end - previous.first <= height)
            if previous.end - previous.first > height:  # coming from below: its end first
                self.scroll_to(y=previous.end - height, animate=False, force=True)
        else:
            self.scroll_to(y=0, animate=False, force=True)

    def action_cursor_last(self) -> None:
        """The last item, and the end of the detail in view (of a tall item, its end; then any note)."""
        super().action_cursor_last()
        self.scroll_to(y=max(0, self.row_count - self._page_height()), animate=False, force=True)

    def action_select_cursor(self) -> None:
        target = self.current_target
        if target is not None:
            self.post_message(self.Followed(self, target))

    def on_click(self, event: events.Click) -> None:
        # Not VirtualList's click (a first click selects, a second opens): here a
        # click on a link or a fact follows it at once, like `enter`.
        event.prevent_default()
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = self.scroll_offset.y + offset.y
        if not 0 <= row < len(self._item_at) or self._item_at[row] < 0:
            return
        event.stop()
        self.move_cursor(row)
        target = self.current_target
        if target is not None and event.chain == 1:
            self.post_message(self.Followed(self, target))

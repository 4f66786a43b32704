"""A virtual list: a Line-API `ScrollView` that renders only the visible rows.

Textual's `ListView` mounts one widget per item and `OptionList`/`DataTable`
measure every row up front, which makes them unusable for 100k rows.
`VirtualList` knows only a row count and a `render_row(index, width)` callback;
the cost of a frame or a key press does not depend on the number of rows.

Rows are one line each. The caller renders a row (Arabic shaping, alignment,
truncation) and returns a `rich.text.Text` or a `textual.strip.Strip`; the list
never parses markup, crops/pads every row to the width, and replaces terminal
control characters so that data cannot drive the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui import i18n
from tui.i18n import N_
from tui.text.direction import BidiMode
from tui.text.gate import DISPLAY_UNSAFE, REPLACEMENT
from tui.text.layout import single_line
from tui.widgets.language import LanguageChanged

if TYPE_CHECKING:
    from rich.repr import Result

__all__ = ["RenderRow", "RowContent", "ScrollState", "VirtualList"]

RowContent = Text | Strip | str
"""What `render_row` may return (`str` is taken literally, never as markup)."""

RenderRow = Callable[[int, int], RowContent]
"""`render_row(index, width)` returns the content of row `index` at `width` cells."""


# Row states used in the strip cache key.
_NORMAL = 0
_CURSOR = 1
_CURSOR_BLURRED = 2


class RowMessage(Message):
    """A message about one row of a `VirtualList`."""

    def __init__(self, virtual_list: VirtualList, index: int) -> None:
        super().__init__()
        self.list: VirtualList = virtual_list
        """The list that posted the message."""
        self.index: int = index
        """Index of the row (always a valid row index)."""

    @property
    def control(self) -> VirtualList:
        """The list that posted the message (used by `@on` selectors)."""
        return self.list

    def __rich_repr__(self) -> Result:
        yield "list", self.list
        yield "index", self.index


@dataclass(frozen=True)
class ScrollState:
    """Where the user was in a `VirtualList` (see `VirtualList.scroll_state`)."""

    cursor: int
    scroll_y: int


def _sanitize_segments(segments: list[Segment]) -> list[Segment]:
    """Replace what must not be drawn in segment text (keeps styles).

    Textual and Rich pass most control characters through to the terminal
    (Textual issue #3506); rows are made of laid-out text, so this only ever
    catches a caller's mistake.
    """
    search = DISPLAY_UNSAFE.search
    if not any(search(text) for text, _style, control in segments if not control):
        return [segment for segment in segments if not segment.control]
    return [Segment(DISPLAY_UNSAFE.sub(REPLACEMENT, text), style) for text, style, control in segments if not control]


class VirtualList(ScrollView, can_focus=True):
    """A list of `row_count` one-line rows rendered on demand by `render_row`."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", N_("Down"), show=False, id="list.down"),
        Binding("up,k", "cursor_up", N_("Up"), show=False, id="list.up"),
        Binding("pagedown", "cursor_page_down", N_("Page down"), show=False, id="list.page_down"),
        Binding("pageup", "cursor_page_up", N_("Page up"), show=False, id="list.page_up"),
        Binding("home,g", "cursor_first", N_("First"), show=False, id="list.first"),
        Binding("end,G,shift+g", "cursor_last", N_("Last"), show=False, id="list.last"),
        Binding("enter", "select_cursor", N_("Open"), show=True, id="list.select"),
    ]
    """
    | Key(s) | Binding id | Description |
    | :- | :- | :- |
    | down, j | list.down | Move the cursor down. |
    | up, k | list.up | Move the cursor up. |
    | pagedown | list.page_down | Move the cursor down a page. |
    | pageup | list.page_up | Move the cursor up a page. |
    | home, g | list.first | Move the cursor to the first row. |
    | end, G (shift+g) | list.last | Move the cursor to the last row. |
    | enter | list.select | Post `VirtualList.Selected` for the cursor row. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--cursor",
        "virtual-list--cursor-blurred",
        "virtual-list--empty",
    }

    DEFAULT_CSS = """
    VirtualList {
        width: 1fr;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        color: $foreground;
        & > .virtual-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .virtual-list--cursor-blurred {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .virtual-list--empty {
            color: $text-muted;
            text-style: italic;
        }
        &:focus {
            background-tint: $foreground 5%;
        }
    }
    """

    cursor: reactive[int] = reactive(-1, init=False, repaint=False)
    """Index of the cursor row, or -1 when the list is empty."""

    class Highlighted(RowMessage):
        """Posted when the cursor row changes (or its data does, after `set_rows`).

        Handle with `on_virtual_list_highlighted` or `@on(VirtualList.Highlighted, "#id")`.
        """

    class Selected(RowMessage):
        """Posted when a row is chosen (enter, a second click, a double click).

        Handle with `on_virtual_list_selected` or `@on(VirtualList.Selected, "#id")`.
        """

    def __init__(
        self,
        row_count: int = 0,
        *,
        render_row: RenderRow | None = None,
        empty_message: str = N_("Nothing here"),
        mode: BidiMode = BidiMode.APP,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._row_count = max(0, int(row_count))
        self._render_row: RenderRow = render_row or self._default_render_row
        self.empty_message = empty_message
        """What an empty list says: a message, said in the language spoken when it is drawn."""
        self.mode = mode
        self._strip_cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(512)
        self._last_click: tuple[int, bool] | None = None
        """(row, posted Selected) for the previous click, to handle click chains."""
        self._base_style: Style | None = None
        self._style_signature: tuple[Style, ...] | None = None
        self.set_reactive(VirtualList.cursor, 0 if self._row_count else -1)
        self.set_reactive(VirtualList.virtual_size, Size(0, self._row_count))

    # ------------------------------------------------------------------ data

    @staticmethod
    def _default_render_row(index: int, width: int) -> Text:
        return Text(str(index))

    @property
    def row_count(self) -> int:
        """Number of rows."""
        return self._row_count

    def set_rows(
        self,
        row_count: int,
        render_row: RenderRow | None = None,
        *,
        keep_cursor: bool = False,
    ) -> None:
        """Replace the rows.

        Costs O(1): no row is rendered or measured here.

        Args:
            row_count: The new number of rows.
            render_row: A new row renderer, or `None` to keep the current one.
            keep_cursor: Keep the cursor index and scroll position (clamped to the
                new rows); otherwise the cursor goes to the first row and the list
                scrolls to the top.

        If the list is not empty, a `Highlighted` message is posted for the
        resulting cursor row, since the data under it changed.
        """
        row_count = max(0, int(row_count))
        self._row_count = row_count
        if render_row is not None:
            self._render_row = render_row
        self._strip_cache.clear()
        self._last_click = None
        self._update_virtual_size()
        if row_count == 0:
            cursor = -1
        elif keep_cursor:
            cursor = min(max(self.cursor, 0), row_count - 1)
        else:
            cursor = 0
        self.set_reactive(VirtualList.cursor, cursor)
        if not keep_cursor:
            self.scroll_to(y=0, animate=False, force=True)
        self._scroll_cursor_visible()
        self.refresh()
        if cursor >= 0:
            self.post_message(self.Highlighted(self, cursor))

    def refresh_rows(self, rows: Iterable[int] | None = None) -> None:
        """Repaint all rows, or only `rows`, after the caller's data changed (same row count)."""
        if rows is None:
            self._strip_cache.clear()
            self.refresh()
            return
        width = self.scrollable_content_region.width
        for row in rows:
            for state in (_NORMAL, _CURSOR, _CURSOR_BLURRED):
                self._strip_cache.discard((row, width, state))
            self.refresh_line(row)

    def _update_virtual_size(self) -> None:
        width = max(0, self.scrollable_content_region.width)
        virtual_size = Size(width, self._row_count)
        if virtual_size != self.virtual_size:
            # Not `self.virtual_size = ...`: that reactive asks for a layout of the
            # whole screen, and a list's size never depends on its rows. The scrollbars
            # are updated here, and they ask for a layout themselves only when they
            # appear or disappear. `_scroll_update` is private Textual API, kept because
            # it is measured and no public method updates the scrollbars alone: a pane's
            # row count changes at every keystroke of a filter, and there the public way
            # costs about 13 ms more, 1.47x (`python benchmarks/bench_row_count.py`).
            self.set_reactive(ScrollView.virtual_size, virtual_size)
            self._scroll_update(virtual_size)
            self.refresh()

    # ---------------------------------------------------------------- cursor

    def validate_cursor(self, cursor: int) -> int:
        if self._row_count <= 0:
            return -1
        return min(max(int(cursor), 0), self._row_count - 1)

    def cursor_rows(self, cursor: int) -> tuple[int, int]:
        """The rows `(first, end)` drawn as the cursor when it is at row `cursor`.

        One row here; a subclass whose items take several rows (a wrapped fact)
        returns the item's rows, which are then drawn, and scrolled into view, together.
        """
        return cursor, cursor + 1

    def watch_cursor(self, old: int, new: int) -> None:
        if old >= 0:
            first, end = self.cursor_rows(old)
            self.refresh_lines(first, end - first)
        if new >= 0:
            first, end = self.cursor_rows(new)
            self.refresh_lines(first, end - first)
            if self._scroll_on_move:
                self._scroll_cursor_visible()
            self.post_message(self.Highlighted(self, new))

    _scroll_on_move: bool = True

    def move_cursor(self, index: int, *, scroll: bool = True) -> None:
        """Move the cursor to `index` (clamped), scrolling minimally to show it."""
        self._scroll_on_move = scroll
        try:
            self.cursor = index
        finally:
            self._scroll_on_move = True
        if scroll:
            self._scroll_cursor_visible()

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _scroll_cursor_visible(self) -> None:
        """Scroll the least distance that makes the cursor's rows visible."""
        cursor = self.cursor
        height = self.scrollable_content_region.height
        if cursor < 0 or height <= 0:
            return  # Not laid out yet: `on_resize` does it later.
        first, end = self.cursor_rows(cursor)
        last = min(end, first + height) - 1  # a cursor taller than the view shows its top
        top = self.scroll_offset.y
        if first < top:
            target = first
        elif last >= top + height:
            target = last - height + 1
        else:
            return
        self.scroll_to(y=target, animate=False, force=True)

    def scroll_state(self) -> ScrollState:
        """The cursor and scroll position, for `restore_scroll_state`."""
        return ScrollState(cursor=self.cursor, scroll_y=self.scroll_offset.y)

    def restore_scroll_state(self, state: ScrollState) -> None:
        """Return to a position saved with `scroll_state` (clamped to the rows)."""
        self.move_cursor(state.cursor, scroll=False)
        self.scroll_to(y=max(0, state.scroll_y), animate=False, force=True)
        self._scroll_cursor_visible()

    # --------------------------------------------------------------- actions

    def action_cursor_down(self) -> None:
        if self._row_count:
            self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        if self._row_count:
            self.move_cursor(self.cursor - 1)

    def _move_page(self, direction: int) -> None:
        if not self._row_count:
            return
        page = self._page_height()
        offset = self.cursor - self.scroll_offset.y  # Keep the cursor's screen row.
        cursor = self.validate_cursor(self.cursor + direction * page)
        self.move_cursor(cursor, scroll=False)
        self.scroll_to(y=max(0, cursor - offset), animate=False, force=True)
        self._scroll_cursor_visible()

    def action_cursor_page_down(self) -> None:
        self._move_page(+1)

    def action_cursor_page_up(self) -> None:
        self._move_page(-1)

    def action_cursor_first(self) -> None:
        if self._row_count:
            self.move_cursor(0)

    def action_cursor_last(self) -> None:
        if self._row_count:
            self.move_cursor(self._row_count - 1)

    def action_select_cursor(self) -> None:
        if 0 <= self.cursor < self._row_count:
            self.post_message(self.Selected(self, self.cursor))

    # ----------------------------------------------------------------- mouse

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._row_count:
            return
        row = self.scroll_offset.y + offset.y
        if not 0 <= row < self._row_count:
            return
        event.stop()
        last = self._last_click
        if event.chain > 1 and last is not None and last[0] == row and last[1]:
            # Later clicks of a chain that already selected: don't select again.
            return
        if row == self.cursor:
            self.post_message(self.Selected(self, row))
            self._last_click = (row, True)
        else:
            self.move_cursor(row)
            self._last_click = (row, False)

    # ---------------------------------------------------------------- events

    def on_mount(self) -> None:
        self._update_virtual_size()
        if self.cursor >= 0:
            self.post_message(self.Highlighted(self, self.cursor))

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_cursor_visible()

    def on_focus(self, event: events.Focus) -> None:
        self._base_style = None
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self._base_style = None
        self.refresh()

    def notify_style_update(self) -> None:
        # Called on every pseudo-class change (hover, focus) and theme change; only
        # drop the rendered rows when a style they use really changed.
        self._base_style = None
        if self.is_mounted:
            signature = (
                self._get_base_style(),
                self.get_component_rich_style("virtual-list--cursor"),
                self.get_component_rich_style("virtual-list--cursor-blurred"),
                self.get_component_rich_style("virtual-list--empty"),
            )
            if signature != self._style_signature:
                self._style_signature = signature
                self._strip_cache.clear()
        else:
            self._strip_cache.clear()
        self.refresh()
        super().notify_style_update()

    def on_language_changed(self, event: LanguageChanged) -> None:
        """Rows and the empty message may say something in the old language: drawn again."""
        self.refresh_rows()

    # ------------------------------------------------------------- rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width <= 0:
            return Strip([], 0)
        base_style = self._get_base_style()
        if self._row_count == 0:
            return self._render_empty_line(y, width, base_style)
        index = self.scroll_offset.y + y
        if not 0 <= index < self._row_count:
            return Strip.blank(width, base_style)
        first, end = self.cursor_rows(self.cursor) if self.cursor >= 0 else (-1, -1)
        state = (_CURSOR if self.has_focus else _CURSOR_BLURRED) if first <= index < end else _NORMAL
        key = (index, width, state)
        strip = self._strip_cache.get(key)
        if strip is None:
            strip = self._render_row_strip(index, width, state)
            self._strip_cache[key] = strip
        return strip

    def _get_base_style(self) -> Style:
        """The widget's own Rich style (colors under every row), cached."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def _render_empty_line(self, y: int, width: int, base_style: Style) -> Strip:
        height = self.scrollable_content_region.height
        if y != max(0, height - 1) // 2:
            return Strip.blank(width, base_style)
        style = self.get_component_rich_style("virtual-list--empty")
        line = single_line(i18n._(self.empty_message), width, direction=i18n.direction(), mode=self.mode)
        text = line.to_text(line.cells, style=style)
        text.align("center", width)
        return self._text_to_strip(text, width, base_style)

    def _render_row_strip(self, index: int, width: int, state: int) -> Strip:
        content = self._render_row(index, width)
        base_style = self._get_base_style()
        if state == _NORMAL:
            row_style = None
        else:
            component = "virtual-list--cursor" if state == _CURSOR else "virtual-list--cursor-blurred"
            row_style = self.get_component_rich_style(component)
        if isinstance(content, Strip):
            strip = Strip(_sanitize_segments(list(content)))
            strip = strip.crop_extend(0, width, None)
        else:
            if isinstance(content, str):
                content = Text(content)
            strip = self._text_to_strip(content, width, None)
        if row_style is None:
            style, post = base_style, None
        else:
            # Cursor style under the row's own styles, and its background over them,
            # so the whole row is visibly the cursor whatever colors the row uses.
            style = base_style + row_style
            post = Style(bgcolor=row_style.bgcolor) if row_style.bgcolor else None
        return Strip(Segment.apply_style(strip, style, post), strip.cell_length)

    def _text_to_strip(self, text: Text, width: int, style: Style | None) -> Strip:
        plain = text.plain
        if "\n" in plain:
            text = Text(" ").join(text.split("\n", allow_blank=True))
        if "\t" in plain:
            text = text.copy()
            text.expand_tabs()
        segments = list(text.render(self.app.console, end=""))
        strip = Strip(_sanitize_segments(segments))
        strip = strip.crop_extend(0, width, None)
        if style is not None:
            strip = Strip(Segment.apply_style(strip, style), strip.cell_length)
        return strip

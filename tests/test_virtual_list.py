"""Tests for `tui.widgets.virtual_list.VirtualList` (pilot tests, no pytest-asyncio)."""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from rich.segment import Segment
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.strip import Strip

from tui.widgets.virtual_list import ScrollState, VirtualList

SIZE = (40, 10)  # Terminal size used by most tests: the list is 10 rows high.


def run(coro: Awaitable[Any]) -> Any:
    return asyncio.run(coro)


class Counter:
    """A render_row that counts its calls."""

    def __init__(self, prefix: str = "row") -> None:
        self.prefix = prefix
        self.calls: list[tuple[int, int]] = []

    def __call__(self, index: int, width: int) -> Text:
        self.calls.append((index, width))
        return Text(f"{self.prefix} {index}")


class ListApp(App[None]):
    CSS = "VirtualList { height: 1fr; }"

    def __init__(self, row_count: int = 0, render_row=None, **kwargs: Any) -> None:
        super().__init__()
        self.row_count = row_count
        self.render_row = render_row or Counter()
        self.kwargs = kwargs
        self.highlighted: list[int] = []
        self.selected: list[int] = []
        self.on_highlighted: list[int] = []

    def compose(self) -> ComposeResult:
        yield VirtualList(self.row_count, render_row=self.render_row, id="list", **self.kwargs)

    def on_virtual_list_highlighted(self, message: VirtualList.Highlighted) -> None:
        assert message.list is message.control
        self.highlighted.append(message.index)

    def on_virtual_list_selected(self, message: VirtualList.Selected) -> None:
        assert message.list is message.control
        self.selected.append(message.index)

    @on(VirtualList.Highlighted, "#list")
    def _by_selector(self, message: VirtualList.Highlighted) -> None:
        self.on_highlighted.append(message.index)

    @property
    def vlist(self) -> VirtualList:
        return self.query_one("#list", VirtualList)


async def with_app(app: ListApp, body: Callable[[Any, ListApp, VirtualList], Awaitable[None]], size=SIZE) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await body(pilot, app, app.vlist)


def visible_texts(vlist: VirtualList) -> list[str]:
    return [vlist.render_line(y).text for y in range(vlist.scrollable_content_region.height)]


def assert_cursor_visible(vlist: VirtualList) -> None:
    top = vlist.scroll_offset.y
    height = vlist.scrollable_content_region.height
    assert top <= vlist.cursor < top + height, (vlist.cursor, top, height)


# ---------------------------------------------------------------- keys


def test_down_up_j_k_move_cursor_and_post_highlighted() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        assert vlist.has_focus
        assert vlist.cursor == 0
        assert app.highlighted == [0]  # Posted on mount.
        await pilot.press("down", "down", "j")
        await pilot.pause()
        assert vlist.cursor == 3
        await pilot.press("up", "k")
        await pilot.pause()
        assert vlist.cursor == 1
        assert app.highlighted == [0, 1, 2, 3, 2, 1]
        assert app.on_highlighted == app.highlighted  # @on(..., "#list") works.
        # Up at the top stays at 0 and posts nothing more.
        await pilot.press("up", "up", "up")
        await pilot.pause()
        assert vlist.cursor == 0
        assert app.highlighted == [0, 1, 2, 3, 2, 1, 0]

    run(with_app(ListApp(50), body))


def test_home_end_g_G_page_keys() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        height = vlist.scrollable_content_region.height
        assert height == 10
        await pilot.press("G")
        await pilot.pause()
        assert vlist.cursor == 99
        assert_cursor_visible(vlist)
        await pilot.press("g")
        await pilot.pause()
        assert vlist.cursor == 0
        assert vlist.scroll_offset.y == 0
        await pilot.press("end")
        await pilot.pause()
        assert vlist.cursor == 99
        await pilot.press("home")
        await pilot.pause()
        assert vlist.cursor == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert vlist.cursor == height
        assert_cursor_visible(vlist)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert vlist.cursor == 3 * height
        assert_cursor_visible(vlist)
        await pilot.press("pageup")
        await pilot.pause()
        assert vlist.cursor == 2 * height
        assert_cursor_visible(vlist)
        for _ in range(20):
            await pilot.press("pagedown")
        await pilot.pause()
        assert vlist.cursor == 99
        assert_cursor_visible(vlist)
        for _ in range(20):
            await pilot.press("pageup")
        await pilot.pause()
        assert vlist.cursor == 0
        assert vlist.scroll_offset.y == 0
        assert app.highlighted[-1] == 0
        assert 99 in app.highlighted and height in app.highlighted

    run(with_app(ListApp(100), body))


def test_enter_posts_selected() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.selected == [2]

    run(with_app(ListApp(10), body))


def test_bindings_have_ids() -> None:
    ids = {binding.id for binding in VirtualList.BINDINGS}  # type: ignore[union-attr]
    assert {"list.down", "list.up", "list.page_down", "list.page_up", "list.first", "list.last", "list.select"} <= ids


def test_cursor_visible_after_G_on_100k_rows() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        await pilot.press("G")
        await pilot.pause()
        assert vlist.cursor == 99_999
        height = vlist.scrollable_content_region.height
        assert vlist.scroll_offset.y == 99_999 - height + 1
        assert_cursor_visible(vlist)
        assert visible_texts(vlist)[-1].rstrip() == "row 99999"
        # Moving up inside the view does not scroll.
        top = vlist.scroll_offset.y
        await pilot.press("up", "up")
        await pilot.pause()
        assert vlist.scroll_offset.y == top
        # Moving one above the view scrolls by exactly one line.
        vlist.move_cursor(top - 1)
        await pilot.pause()
        assert vlist.scroll_offset.y == top - 1

    run(with_app(ListApp(100_000), body))


def test_random_moves_keep_cursor_in_range_and_visible() -> None:
    keys = ["down", "up", "j", "k", "pagedown", "pageup", "g", "G", "home", "end"]
    rng = random.Random(1234)

    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        for _ in range(120):
            await pilot.press(rng.choice(keys))
            assert 0 <= vlist.cursor < 37
            assert_cursor_visible(vlist)
            assert 0 <= vlist.scroll_offset.y <= vlist.max_scroll_y

    run(with_app(ListApp(37), body))


# --------------------------------------------------------------- mouse


def test_click_highlights_then_second_click_selects() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        await pilot.click("#list", offset=(3, 4))
        await pilot.pause()
        assert vlist.cursor == 4
        assert app.highlighted[-1] == 4
        assert app.selected == []
        # A second, separate click (pilot.click sends chain=1: not a double click).
        await pilot.click("#list", offset=(3, 4))
        await pilot.pause()
        assert app.selected == [4]

    run(with_app(ListApp(20), body))


def test_click_after_scroll_uses_scrolled_row() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        await pilot.press("G")
        await pilot.pause()
        top = vlist.scroll_offset.y
        await pilot.click("#list", offset=(1, 2))
        await pilot.pause()
        assert vlist.cursor == top + 2

    run(with_app(ListApp(1000), body))


def test_double_click_selects_once() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        await pilot.double_click("#list", offset=(3, 5))
        await pilot.pause()
        assert vlist.cursor == 5
        assert app.selected == [5]

    run(with_app(ListApp(20), body))


def test_click_below_last_row_does_nothing() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        await pilot.click("#list", offset=(3, 7))
        await pilot.pause()
        assert vlist.cursor == 0
        assert app.selected == []

    run(with_app(ListApp(3), body))


# -------------------------------------------------- cost: only visible rows


def test_100k_rows_render_only_visible_rows() -> None:
    counter = Counter()

    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        height = vlist.scrollable_content_region.height
        indices = {index for index, _width in counter.calls}
        assert indices == set(range(height))
        assert all(width == vlist.scrollable_content_region.width for _i, width in counter.calls)
        assert len(counter.calls) <= 2 * height
        counter.calls.clear()
        await pilot.press("G")
        await pilot.pause()
        indices = {index for index, _width in counter.calls}
        assert indices == set(range(100_000 - height, 100_000))
        counter.calls.clear()
        # Moving the cursor inside the view re-renders only the two changed rows.
        await pilot.press("up")
        await pilot.pause()
        assert {index for index, _ in counter.calls} <= {99_999, 99_998}

    run(with_app(ListApp(100_000, counter), body))


def test_cursor_move_repaints_only_two_lines() -> None:
    lines: list[int] = []

    class CountingList(VirtualList):
        def render_line(self, y: int) -> Strip:
            lines.append(y)
            return super().render_line(y)

    class CountingApp(ListApp):
        def compose(self) -> ComposeResult:
            yield CountingList(100_000, render_row=self.render_row, id="list")

    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        lines.clear()
        await pilot.press("down")
        await pilot.pause()
        assert sorted(lines) == [0, 1]
        lines.clear()
        await pilot.press("down", "up", "up")
        await pilot.pause()
        assert set(lines) == {0, 1, 2}
        assert len(lines) <= 6

    run(with_app(CountingApp(), body))


def median_seconds(action: Callable[[], object], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_set_rows_100k_is_quick_and_lazy() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        counter = Counter("new")
        await pilot.press("down", "down")
        # O(1): a million rows cost what ten do (medians in the same run; linear
        # work would make the ratio about 100,000)
        few = median_seconds(lambda: vlist.set_rows(10, counter))
        many = median_seconds(lambda: vlist.set_rows(1_000_000, counter))
        assert many < 20 * few, (many, few)
        vlist.set_rows(100_000, counter)
        assert counter.calls == []  # Nothing rendered at set_rows time.
        await pilot.pause()
        assert {index for index, _ in counter.calls} == set(range(10))
        assert vlist.cursor == 0
        assert vlist.virtual_size.height == 100_000
        assert app.highlighted[-1] == 0
        assert visible_texts(vlist)[0].rstrip() == "new 0"

    run(with_app(ListApp(5), body))


def test_set_rows_keep_cursor_clamps() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        await pilot.press("G")
        await pilot.pause()
        assert vlist.cursor == 499
        vlist.set_rows(1000, keep_cursor=True)
        await pilot.pause()
        assert vlist.cursor == 499
        assert_cursor_visible(vlist)
        vlist.set_rows(30, keep_cursor=True)
        await pilot.pause()
        assert vlist.cursor == 29
        assert_cursor_visible(vlist)
        assert 0 <= vlist.scroll_offset.y <= vlist.max_scroll_y
        vlist.set_rows(0, keep_cursor=True)
        await pilot.pause()
        assert vlist.cursor == -1
        vlist.set_rows(3, keep_cursor=True)
        await pilot.pause()
        assert vlist.cursor == 0
        vlist.cursor = 1000  # Out of range is clamped.
        assert vlist.cursor == 2

    run(with_app(ListApp(500), body))


def test_refresh_rows_repaints_changed_data() -> None:
    data = ["a", "b", "c"]

    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        assert visible_texts(vlist)[1].rstrip() == "b"
        data[1] = "B"
        assert visible_texts(vlist)[1].rstrip() == "b"  # Cached.
        vlist.refresh_rows()
        await pilot.pause()
        assert visible_texts(vlist)[1].rstrip() == "B"

    run(with_app(ListApp(3, lambda index, width: Text(data[index])), body))


def test_refresh_rows_can_repaint_only_some_rows() -> None:
    data = ["a", "b", "c"]

    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        data[0], data[1], data[2] = "A", "B", "C"
        vlist.refresh_rows([1, 2])  # row 0 keeps what was drawn: only the rows asked for are drawn again
        await pilot.pause()
        assert [text.rstrip() for text in visible_texts(vlist)[:3]] == ["a", "B", "C"]

    run(with_app(ListApp(3, lambda index, width: Text(data[index])), body))


# -------------------------------------------------------------- empty / safety


def test_empty_list_shows_message_and_keys_are_safe() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        assert vlist.cursor == -1
        texts = visible_texts(vlist)
        assert [t.strip() for t in texts].count("Nothing [bold]here[/]") == 1
        assert texts[4].strip() == "Nothing [bold]here[/]"  # Middle line, literal.
        await pilot.press("down", "up", "j", "k", "g", "G", "home", "end", "pagedown", "pageup", "enter")
        await pilot.click("#list", offset=(2, 2))
        await pilot.pause()
        assert vlist.cursor == -1
        assert app.highlighted == [] and app.selected == []
        assert vlist.scroll_state() == ScrollState(cursor=-1, scroll_y=0)
        vlist.move_cursor(5)
        assert vlist.cursor == -1

    run(with_app(ListApp(0, empty_message="Nothing [bold]here[/]"), body))


def test_zero_width_and_zero_height_do_not_crash() -> None:
    class ZeroApp(ListApp):
        CSS = "VirtualList { width: 0; height: 0; }"

    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        await pilot.press("down", "G", "pagedown", "pageup", "enter", "g")
        await pilot.pause()
        assert vlist.render_line(0).cell_length == 0
        assert all(width > 0 for _index, width in app.render_row.calls)
        vlist.set_rows(0)
        await pilot.pause()
        vlist.render_line(0)

    run(with_app(ZeroApp(1000), body))


def test_tiny_terminal_does_not_crash() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        await pilot.press("G", "pageup", "down")
        await pilot.resize_terminal(1, 1)
        await pilot.press("g", "pagedown", "up")
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert_cursor_visible(vlist)
        assert all(width > 0 for _index, width in app.render_row.calls)

    run(with_app(ListApp(100), body))


# ------------------------------------------------------------ state / content


def test_scroll_state_round_trip() -> None:
    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        await pilot.press("pagedown", "pagedown", "down", "down")
        await pilot.pause()
        state = vlist.scroll_state()
        assert state == ScrollState(cursor=22, scroll_y=vlist.scroll_offset.y)
        with pytest.raises(AttributeError):
            state.cursor = 3  # type: ignore[misc]  # Frozen.
        vlist.set_rows(5000)  # e.g. the user opened something else...
        await pilot.press("G")
        await pilot.pause()
        vlist.set_rows(5000)  # ...and came back.
        vlist.restore_scroll_state(state)
        await pilot.pause()
        assert vlist.scroll_state() == state
        assert vlist.cursor == 22
        assert_cursor_visible(vlist)

    run(with_app(ListApp(5000), body))


def test_markup_is_drawn_literally() -> None:
    def render_row(index: int, width: int) -> Text:
        return Text(["[bold]x[/]", "[@click=app.quit]q", "x [/]"][index])

    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        texts = visible_texts(vlist)
        assert texts[0].rstrip() == "[bold]x[/]"
        assert texts[1].rstrip() == "[@click=app.quit]q"
        assert texts[2].rstrip() == "x [/]"
        assert all(len(text) == vlist.scrollable_content_region.width for text in texts)
        for y in range(3):
            for segment in vlist.render_line(y):
                assert segment.style is None or not segment.style.meta
        await pilot.click("#list", offset=(1, 1))
        await pilot.click("#list", offset=(1, 1))
        await pilot.pause()
        assert app.is_running  # The @click action was not run.

    run(with_app(ListApp(3, render_row), body))


def test_str_rows_control_characters_and_long_rows() -> None:
    rows: list[Any] = [
        "[b]plain str[/b]",
        Text("esc\x1b[31m red \x9d osc"),
        Text("x" * 100),
        Strip([Segment("strip row")]),
        Strip([Segment("y" * 100)]),
        Text("line1\nline2\ttab"),
    ]

    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        width = vlist.scrollable_content_region.width
        texts = visible_texts(vlist)
        assert all(len(text) == width for text in texts)
        assert texts[0].rstrip() == "[b]plain str[/b]"
        assert "\x1b" not in texts[1] and "\x9d" not in texts[1]
        assert texts[1].startswith("esc\ufffd[31m red \ufffd osc")
        assert texts[2] == "x" * width
        assert texts[3].rstrip() == "strip row"
        assert texts[4] == "y" * width
        assert "\n" not in texts[5] and "\t" not in texts[5]
        assert texts[5].startswith("line1 line2")

    run(with_app(ListApp(len(rows), lambda index, width: rows[index]), body))


def test_cursor_row_has_cursor_style_and_blurred_style() -> None:
    class TwoApp(ListApp):
        def compose(self) -> ComposeResult:
            yield from super().compose()
            yield VirtualList(3, id="other")

    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        def bg(y: int):
            return {segment.style.bgcolor for segment in vlist.render_line(y)}

        focused_bg = vlist.get_component_rich_style("virtual-list--cursor").bgcolor
        assert bg(0) == {focused_bg}
        assert bg(1) != bg(0)
        assert len(bg(1)) == 1
        app.query_one("#other").focus()
        await pilot.pause()
        assert not vlist.has_focus
        blurred = bg(0)
        assert blurred != {focused_bg} and blurred != bg(1)

    run(with_app(TwoApp(5), body))


def test_cursor_rows_hook_draws_and_scrolls_a_cursor_of_several_rows() -> None:
    """A subclass whose items take three rows: the cursor covers, repaints and shows all three."""

    class ThreeRowItems(VirtualList):
        def cursor_rows(self, cursor: int) -> tuple[int, int]:
            first = cursor - cursor % 3
            return first, min(first + 3, self.row_count)

    class ItemsApp(ListApp):
        def compose(self) -> ComposeResult:
            yield ThreeRowItems(30, render_row=self.render_row, id="list")

    async def body(pilot, app: ListApp, vlist: VirtualList) -> None:
        focused_bg = vlist.get_component_rich_style("virtual-list--cursor").bgcolor

        def cursor_rows_drawn() -> set[int]:
            top = vlist.scroll_offset.y
            return {
                top + y
                for y in range(vlist.scrollable_content_region.height)
                if focused_bg in {s.style.bgcolor for s in vlist.render_line(y)}
            }

        assert cursor_rows_drawn() == {0, 1, 2}
        vlist.move_cursor(9)  # rows 9-11 of a 10-row view: all three brought into view
        await pilot.pause()
        assert vlist.scroll_offset.y == 2
        assert cursor_rows_drawn() == {9, 10, 11}
        vlist.move_cursor(0)
        await pilot.pause()
        assert vlist.scroll_offset.y == 0
        assert cursor_rows_drawn() == {0, 1, 2}

    run(with_app(ItemsApp(), body))


# ------------------------------------------------------------------ snapshot


class SnapApp(App[None]):
    CSS = "VirtualList { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield VirtualList(
            1000,
            render_row=lambda index, width: Text(f"Organisation {index:04d} [b]x[/b]"),
        )


def test_snapshot(snap_compare) -> None:
    assert snap_compare(SnapApp(), terminal_size=(40, 10), press=["down", "down", "pagedown"])

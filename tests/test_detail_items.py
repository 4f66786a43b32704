"""The detail moves by item: a fact, a link, a value, the title; never a heading or a blank line."""

from __future__ import annotations

from pilot_helpers import wait_until_loaded

from tui.app import MarsadApp
from tui.presentation.detail import QuoteTarget, RecordTarget
from tui.screens.source import SourceScreen
from tui.widgets.detail_view import DetailView


async def _partnership(pilot) -> DetailView:
    await wait_until_loaded(pilot)
    await pilot.press("2", "enter")
    detail = pilot.app.main_screen.detail
    assert pilot.app.focused is detail
    return detail


def _cursor_styled_rows(detail: DetailView) -> set[int]:
    """The visible rows drawn with the cursor's background (what the user sees as the cursor)."""
    cursor_bg = detail.get_component_rich_style("virtual-list--cursor").bgcolor
    top = detail.scroll_offset.y
    styled = set()
    for y in range(detail.scrollable_content_region.height):
        if any(segment.style and segment.style.bgcolor == cursor_bg for segment in detail.render_line(y)):
            styled.add(top + y)
    return styled


async def test_j_and_k_stop_once_per_item_and_never_on_headings_or_blank_lines():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _partnership(pilot)
        record = app.main_screen.record
        visited = []
        for _ in range(len(detail.items) - 1):
            visited.append(detail.cursor)
            block = detail.current_block
            assert block is not None and block.role not in ("heading", "muted", "subtitle")
            await pilot.press("j")
        visited.append(detail.cursor)
        assert visited == [item.first for item in detail.items]
        # every fact is one stop, however many rows it wraps to
        fact_stops = [detail.blocks[item.block] for item in detail.items if detail.blocks[item.block].role == "fact"]
        assert [block.cites for block in fact_stops] == list(record.facts)
        assert any(item.end - item.first > 1 for item in detail.items), "some fact wraps: one stop still"
        for expected in reversed(visited[:-1]):
            await pilot.press("k")
            assert detail.cursor == expected


async def test_going_up_five_facts_takes_five_presses():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _partnership(pilot)
        items = detail.items
        # the commitments, the goal and a reason: six facts in a row (no link between them), several wrapped
        start = next(
            n
            for n in range(5, len(items))
            if all(detail.blocks[item.block].role == "fact" for item in items[n - 5 : n + 1])
        )
        assert detail.blocks[items[start].block].label == "Why T2S was chosen"
        assert sum(item.end - item.first for item in items[start - 5 : start]) > 5
        detail.move_cursor(items[start].first)
        await pilot.press(*"kkkkk")
        assert detail.cursor == items[start - 5].first


async def test_the_cursor_covers_every_row_of_its_item():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _partnership(pilot)
        tall = next(item for item in detail.items if item.end - item.first > 1)
        detail.move_cursor(tall.first + 1)  # any row of an item stands for the item
        await pilot.pause()
        assert detail.cursor == tall.first
        assert detail.cursor_rows(detail.cursor) == (tall.first, tall.end)
        assert _cursor_styled_rows(detail) == set(range(tall.first, tall.end))


async def test_page_keys_and_g_G_land_on_items():
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await _partnership(pilot)
        firsts = {item.first for item in detail.items}
        for key in ("pagedown", "pagedown", "pageup", "G", "pageup", "g", "pagedown"):
            await pilot.press(key)
            assert detail.cursor in firsts, key
            top, height = detail.scroll_offset.y, detail.scrollable_content_region.height
            assert top <= detail.cursor < top + height, key
        await pilot.press("G")
        assert detail.cursor == detail.items[-1].first
        assert detail.scroll_offset.y == detail.row_count - detail.scrollable_content_region.height
        await pilot.press("g")
        assert detail.cursor == 0 and detail.scroll_offset.y == 0


async def test_back_returns_to_the_same_item_and_scroll():
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await _partnership(pilot)
        screen = app.main_screen
        venue = detail.first_target_row(RecordTarget("medical-professions-institute"))
        await pilot.press(*"j" * next(n for n, item in enumerate(detail.items) if item.first == venue))
        assert detail.current_target == RecordTarget("medical-professions-institute")
        before = detail.scroll_state()
        await pilot.press("enter")
        assert screen.record.id == "medical-professions-institute"
        await pilot.press("escape")
        assert screen.record.id == "t2s-ge-healthcare"
        assert detail.scroll_state() == before
        assert detail.current_target == RecordTarget("medical-professions-institute")


async def test_a_click_on_a_link_follows_it_and_a_click_on_a_value_moves_the_cursor():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _partnership(pilot)
        screen = app.main_screen
        title_row = 0
        await pilot.click(DetailView, offset=(30, title_row))
        assert detail.cursor == 0 and screen.record.id == "t2s-ge-healthcare"
        link_row = detail.first_target_row(RecordTarget("ge-healthcare"))
        assert link_row is not None
        await pilot.click(DetailView, offset=(30, link_row - detail.scroll_offset.y))
        await pilot.pause()
        assert screen.record.id == "ge-healthcare", "one click follows a link"
        await pilot.press("escape")
        assert screen.record.id == "t2s-ge-healthcare"
        region = next(fact for fact in screen.record.facts if fact.field == "region")
        fact_row = detail.first_target_row(QuoteTarget(region.source, region.quote))
        await pilot.click(DetailView, offset=(30, fact_row - detail.scroll_offset.y))
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen), "a click on a fact opens its quote, like enter"


async def test_the_cursor_keeps_its_item_when_the_width_changes():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _partnership(pilot)
        await pilot.press(*"j" * 12)
        block = detail.current_block
        await pilot.resize_terminal(90, 40)
        await pilot.pause()
        assert detail.current_block is block
        assert detail.cursor == next(item.first for item in detail.items if detail.blocks[item.block] is block)


async def test_said_by_under_a_statement_is_a_link_to_the_person_who_said_it():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _partnership(pilot)
        for _ in detail.items:
            if detail.current_target == RecordTarget("abderraouf-sourdou"):
                break
            await pilot.press("j")
        assert detail.current_block.label == "Said by" and detail.current_block.text == "عبد الرؤوف صوردو"
        await pilot.press("enter")
        assert app.main_screen.record.id == "abderraouf-sourdou"
        await pilot.press("escape")
        assert app.main_screen.record.id == "t2s-ge-healthcare"

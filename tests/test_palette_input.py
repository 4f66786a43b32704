"""The command palette's input and the search box draw typed Arabic shaped and in reading order.

Their value stays logical (what search sees); what is drawn is the text pipeline's
visual line, right-aligned for right-to-left text, with the cursor on the glyph it
stands before; arrows and clicks follow the screen.
"""

from __future__ import annotations

from pilot_helpers import wait_until_loaded
from textual.command import CommandInput

from tui.app import MarsadApp
from tui.screens.palette import MarsadCommandPalette
from tui.text.layout import layout
from tui.widgets.search_input import PaletteInput, SearchInput

QUERY = "مجموعة جس"
SIZE = (100, 30)


def drawn(widget: SearchInput) -> str:
    return widget.render().plain


async def open_palette(pilot, *keys: str) -> PaletteInput:
    await wait_until_loaded(pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, MarsadCommandPalette)
    field = palette.query_one(CommandInput)
    assert isinstance(field, PaletteInput) and pilot.app.focused is field
    return field


async def test_palette_shows_arabic_in_reading_order_and_searches_the_logical_text() -> None:
    app = MarsadApp()
    async with app.run_test(size=SIZE) as pilot:
        field = await open_palette(pilot, *QUERY)
        assert field.value == QUERY
        shown = drawn(field)
        visual = layout(QUERY, 100)[0].text
        assert shown.rstrip().endswith(visual), "right-aligned, in visual order"
        assert "\ufee3" in shown, "joined: the initial form of meem"
        assert QUERY not in shown, "never the storage order"
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.record is not None and app.main_screen.record.id == "groupe-guessous"


async def test_arrows_move_on_screen_in_right_to_left_text() -> None:
    app = MarsadApp()
    async with app.run_test(size=SIZE) as pilot:
        field = await open_palette(pilot, *QUERY)
        assert field.cursor_position == len(QUERY)
        await pilot.press("right")  # towards the start of a right-to-left text
        assert field.cursor_position == len(QUERY) - 1
        await pilot.press("left")
        assert field.cursor_position == len(QUERY)
        await pilot.press("home", "left")
        assert field.cursor_position == 1


async def test_latin_text_keeps_textuals_arrows() -> None:
    app = MarsadApp()
    async with app.run_test(size=SIZE) as pilot:
        field = await open_palette(pilot, *"tazi")
        await pilot.press("left")
        assert field.cursor_position == 3
        assert drawn(field).startswith("tazi")


async def test_a_click_puts_the_cursor_on_the_glyph_clicked() -> None:
    app = MarsadApp()
    async with app.run_test(size=SIZE) as pilot:
        field = await open_palette(pilot, *QUERY)
        width = field.scrollable_content_region.width
        line = layout(QUERY, width - 1)[0]
        # the rightmost glyph is the first letter, م (index 0): click it
        await pilot.click(field, offset=(field.styles.gutter.left + width - 1, field.styles.gutter.top))
        assert field.cursor_position == 0
        # the leftmost glyph is the last letter typed, س
        first_cell = width - line.cells
        await pilot.click(field, offset=(field.styles.gutter.left + first_cell, field.styles.gutter.top))
        assert field.cursor_position == len(QUERY) - 1


async def test_pasted_controls_never_reach_the_value() -> None:
    app = MarsadApp()
    async with app.run_test(size=SIZE) as pilot:
        field = await open_palette(pilot)
        field.insert("x\x1b]0;PWNED\x07y\nz")
        assert "\x1b" not in field.value and "\x07" not in field.value and "\n" not in field.value


async def test_the_theme_picker_uses_the_same_input() -> None:
    app = MarsadApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(pilot)
        app.search_themes()
        await pilot.pause()
        assert isinstance(app.screen, MarsadCommandPalette)
        assert isinstance(app.screen.query_one(CommandInput), PaletteInput)


def test_palette_with_an_arabic_query(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await open_palette(pilot, *QUERY)
        await pilot.wait_for_scheduled_animations()

    assert snap_compare(MarsadApp(), terminal_size=(80, 24), run_before=run_before)


def test_search_box_with_the_cursor_inside_arabic(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await wait_until_loaded(pilot)
        await pilot.press("slash", *QUERY, "right", "right")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(MarsadApp(), terminal_size=(80, 24), run_before=run_before)

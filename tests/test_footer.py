"""The key bar: Footer's keys, groups and palette key in one line, redrawn in place, clickable."""

from __future__ import annotations

import pytest
from pilot_helpers import footer_text, wait_for, wait_until_loaded
from textual.command import CommandPalette

from tui.app import MarsadApp
from tui.screens.help import HelpScreen
from tui.widgets.footer import KeysFooter


async def test_the_keys_as_footer_lays_them_out_and_only_whole_keys():
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        # (what Textual's Footer drew, but a key cut at the right: "s " before the palette's key)
        assert footer_text(app) == " ⏎ Open  f Filter  t Jump  []<>o Sort  ? Help  esc Back  F Facts    ▏^p palette "
        await pilot.press("enter")
        await wait_for(pilot, lambda: "yY Copy" in footer_text(app), "the detail's keys")
        assert footer_text(app) == " ⏎ Open  ? Help  esc Back  F Facts  s Source  yY Copy  / Search     ▏^p palette "


async def test_a_change_of_keys_mounts_nothing_and_lays_nothing_out():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        footer = app.screen.query_one(KeysFooter)
        laid_out: list[bool] = []
        original = footer.refresh

        def refresh(*regions, **options):
            laid_out.append(bool(options.get("layout") or options.get("recompose")))
            return original(*regions, **options)

        footer.refresh = refresh  # type: ignore[method-assign]
        await pilot.press("enter")
        await wait_for(pilot, lambda: "f Filter" not in footer_text(app), "the detail's keys")
        assert laid_out and not any(laid_out), "repainted, never laid out again"
        assert not footer.children


@pytest.mark.parametrize(("key", "shows"), [("? Help", HelpScreen), ("^p palette", CommandPalette)])
async def test_a_click_on_a_key_presses_it(key: str, shows):
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        line = footer_text(app)
        x = line.index(key)
        await pilot.click(KeysFooter, offset=(x + 1, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, shows), f"{key} pressed")


async def test_e_export_is_in_the_main_footer_at_120_columns_and_leaves_search_its_place_at_80():
    app = MarsadApp()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until_loaded(pilot)
        assert "e Export" in footer_text(app) and "/ Search" in footer_text(app)
        await pilot.press("l")  # the detail
        await pilot.pause()
        assert "e Export" in footer_text(app) and "/ Search" in footer_text(app)
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert "/ Search" in footer_text(app), footer_text(app)

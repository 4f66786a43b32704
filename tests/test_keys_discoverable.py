"""Every new key is in help (with its binding id), in the footer where it applies, and in the palette."""

from __future__ import annotations

import re

import pytest
from pilot_helpers import footer_text, help_keys, run_from_palette, wait_until_loaded

from tui.app import MarsadApp
from tui.screens.help import KeyTable
from tui.screens.source import SourceScreen

#: a binding id at the end of a line of help
BINDING_ID = re.compile(r"(?<=\s)[a-z]+\.[a-z_-]+$")

NEW_BINDING_IDS = (
    "record.copy",
    "record.copy-all",
    "source.next-quote",
    "source.previous-quote",
    "source.find",
    "source.next-match",
    "source.previous-match",
    "source.copy",
    "article.go-to-fact",
)


async def test_help_lists_every_new_key_with_its_id():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        keys = await help_keys(pilot)
        for binding_id in NEW_BINDING_IDS:
            assert binding_id in keys, binding_id


async def test_the_footers_show_the_new_keys():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        assert "yY" in footer_text(app) and "Copy" in footer_text(app)
        await pilot.press("5", "s")
        await pilot.pause()
        footer = footer_text(app)
        for shown in ("nN Quote", "/ Find", "][ Match", "y Copy", "Go to fact", "palette"):
            assert shown in footer, shown
        await pilot.press("slash")
        await pilot.pause()
        footer = footer_text(app)
        assert "Done" in footer and "Clear" in footer
        assert "Quote" not in footer and "Back" not in footer, "letters typed into the find bar are not keys then"
        await pilot.press("enter")
        await pilot.pause()
        assert "nN Quote" in footer_text(app)


async def test_the_article_footer_fits_80_columns():
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("5", "s")
        await pilot.pause()
        footer = footer_text(app)
        for shown in ("Go to fact", "? Help", "esc Back", "nN Quote", "/ Find", "][ Match", "y Copy", "^p palette"):
            assert shown in footer, shown


async def test_the_palette_runs_the_article_keys():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("5", "s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        await run_from_palette(pilot, "Next quote")
        assert app.screen is screen and screen.article.current_quote == 0
        await run_from_palette(pilot, "Copy quote")
        assert app.clipboard.startswith("“")
        await run_from_palette(pilot, "Find in article")
        assert screen.query_one("#find-bar").has_class("-open")


async def test_the_palette_copies_the_item_and_the_record():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2", "enter", "j")
        await run_from_palette(pilot, "Copy item")
        assert app.clipboard.startswith("مجموعة T2S · t2s\n")
        await run_from_palette(pilot, "Copy record")
        assert app.clipboard.startswith("شراكة T2S و GE Healthcare\n")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_help_lays_keys_descriptions_and_ids_out_in_columns(size: tuple[int, int]):
    """A long description ran into its id ("Sort by the previous keypane.sort-previous")."""
    app = MarsadApp()
    async with app.run_test(size=size) as pilot:
        await wait_until_loaded(pilot)
        text = await help_keys(pilot)
        await pilot.pause()
        lines = text.splitlines()
        assert max(len(line) for line in lines) <= app.screen.query_one(KeyTable).size.width
        rows = [(line, found) for line in lines if (found := BINDING_ID.search(line))]
        assert len(rows) > 60
        for line, found in rows:
            assert line[found.start() - 2 : found.start()] == "  ", f"an id run into its description: {line!r}"
        assert len({found.start() for _line, found in rows}) == 1, "every id in one column"
        assert any(re.fullmatch(r"  <\s+Sort by the previous key\s{2,}pane\.sort-previous", line) for line in lines)

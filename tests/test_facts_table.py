"""The facts table's own keys (`s` the article at the quote, `y` copy with evidence, `e` export) and its columns."""

from __future__ import annotations

import pytest
from pilot_helpers import footer_text, wait_for, wait_until_loaded
from test_slicing_flows import wait_for_table

from tui.app import MarsadApp
from tui.presentation.detail import detail_blocks
from tui.presentation.evidence import item_text
from tui.screens.export import ExportScreen
from tui.screens.facts import FactsScreen
from tui.screens.source import SourceScreen


async def open_training_room_cost(pilot) -> FactsScreen:
    await pilot.press("F", *"training room cost", "enter")
    table = await wait_for_table(pilot)
    assert table.table.row_count == 1
    return table


async def test_y_copies_the_fact_of_the_row_with_its_quote_source_and_record():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await open_training_room_cost(pilot)
        await pilot.press("y")
        await wait_for(
            pilot, lambda: any(n.message.startswith("Copied the fact") for n in app._notifications), "copied"
        )
        database = app.database
        record = database.get("t2s-ge-healthcare")
        cost = next(block for block in detail_blocks(database, record) if block.label == "Training room cost")
        assert app.clipboard == item_text(database, record, cost)
        lines = app.clipboard.splitlines()
        assert lines[0] == "Training room cost: مليون درهم مغربي [1,000,000 MAD]"
        assert lines[1] == f"  Quote: “{cost.cites.quote}”" and lines[2].startswith("  Source: ")
        assert lines[-1].endswith("· t2s-ge-healthcare")


async def test_s_opens_the_article_of_the_row_at_its_quote_and_escape_comes_back_to_the_row():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        table = await open_training_room_cost(pilot)
        fact = table.table.selected.fact(app.database)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceScreen), "the article")
        assert app.screen.source.id == fact.source and app.screen.quote == fact.quote
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is table, "the table again")
        assert table.table.selected.fact(app.database) == fact


async def test_y_and_s_on_an_empty_table_say_why_they_do_nothing():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F", "enter")
        await wait_for_table(pilot)
        await pilot.press("f", *"nothing holds this", "enter")
        table = await wait_for_table(pilot)
        assert table.table.row_count == 0
        await pilot.press("y", "s")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said.count("No fact is selected: the table is empty") == 2
        assert isinstance(app.screen, FactsScreen)


@pytest.mark.parametrize("size", [(120, 40), (160, 40)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_facts_footer_shows_s_y_and_e_where_there_is_room(size: tuple[int, int]):
    app = MarsadApp()
    async with app.run_test(size=size) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F", "enter")
        await wait_for_table(pilot)
        footer = footer_text(app)
        for shown in ("s Source", "y Copy", "e Export", "/ Search", "F Kind"):
            assert shown in footer, (shown, footer)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen), "the export prompt")


async def test_at_80_columns_the_facts_footer_keeps_its_own_keys_and_search():
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F", "enter")
        await wait_for_table(pilot)
        footer = footer_text(app)
        for shown in ("F Kind", "f Filter", "[]<>o Sort", "/ Search"):
            assert shown in footer, (shown, footer)

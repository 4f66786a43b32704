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


# -- columns: sideways, wider, narrower (issue 18: labels were cut at 80 columns with no way to read them) --------


def table_lines(app: MarsadApp) -> list[str]:
    """The header and the rows of the facts table as the screen shows them."""
    screen = app.screen
    strips = screen._compositor.render_strips()
    header = screen.query_one("#facts-header").region
    rows = screen.query_one("#facts-table").region
    return [strips[y].text[header.x : header.right] for y in range(header.y, rows.bottom)]


async def test_a_label_cut_at_80_columns_can_be_read_whole():
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F", *"health professionals", "enter")
        table = await wait_for_table(pilot)
        assert table.table.row_count >= 1
        label = table.table.row(0).label
        assert len(label) > 12 and label not in "\n".join(table_lines(app)), "cut at 80 columns"
        await pilot.press("right")  # the current column: record, then label
        assert table.table.current_column == "label"
        await pilot.press("underscore")  # as wide as its widest cell on screen (VisiData's _)
        await pilot.pause()
        assert label in "\n".join(table_lines(app))
        assert "Label" in table_lines(app)[0]


async def test_the_table_scrolls_sideways_to_the_current_column_and_widens_and_narrows_it():
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F", "enter")
        table = await wait_for_table(pilot)
        widths = table.table.column_layout.widths
        assert table.table.current_column == "record" and table.table.left == 0
        await pilot.press("right")
        before = table.table.column_layout.widths[1]
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert table.table.column_layout.widths[1] == before + 8
        assert sum(table.table.column_layout.widths) > sum(widths), "wider than the screen now"
        for _ in range(4):
            await pilot.press("right")
        await pilot.pause()
        assert table.table.current_column == "source"
        header = table_lines(app)[0]
        assert "Source" in header and table.table.left > 0, "scrolled sideways to show the current column"
        assert "Record" not in header, "the first column is out of view to the left"
        await pilot.press("left", "left", "left", "left", "left")  # back to the first column
        await pilot.pause()
        assert table.table.left == 0 and "Record" in table_lines(app)[0]
        await pilot.press("right", "minus")  # the label column again, narrower
        assert table.table.column_layout.widths[1] == before + 4
        for _ in range(20):
            await pilot.press("minus")
        assert table.table.column_layout.widths[1] >= 3, "never narrower than a few cells"


async def test_the_current_column_is_marked_in_the_header_and_the_keys_are_in_help_and_footer():
    app = MarsadApp()
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F", "enter")
        await wait_for_table(pilot)
        footer = footer_text(app)
        assert "←→ Column" in footer and "+-_ Width" in footer, footer
        await pilot.press("question_mark")
        keys = str(app.screen.query_one("#help-keys").render())
        for binding_id in ("facts.column-left", "facts.column-right", "facts.wider", "facts.narrower", "facts.fit"):
            assert binding_id in keys


# -- the value a pane is sorted by is shown ---------------------------------------------------------------------


async def test_a_pane_sorted_by_a_count_shows_each_records_count_at_the_right():
    from test_slicing_flows import organizations, wait_for_slice

    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "o", *"facts", "enter", "right_square_bracket")  # by facts, descending
        entity_list = organizations(app)
        await wait_for_slice(pilot, entity_list)
        strips = app.screen._compositor.render_strips()
        region = entity_list.region
        for row in range(min(entity_list.row_count, region.height)):
            record = app.database.get(entity_list.row(row).id)
            line = strips[region.y + row].text[region.x : region.right].rstrip()
            assert line.endswith(f" {len(record.facts)}"), (line, len(record.facts))
        assert "facts ↓" in app.main_screen.query_one("#pane-organization")._border_title.plain


async def test_the_palette_runs_the_column_keys():
    from pilot_helpers import run_from_palette

    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F", "enter")
        table = await wait_for_table(pilot)
        await run_from_palette(pilot, "Column on the right")
        assert table.table.current_column == "label"
        width = table.table.column_layout.widths[1]
        await run_from_palette(pilot, "Widen column")
        assert table.table.column_layout.widths[1] == width + 4

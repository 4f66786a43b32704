"""Slicing panes and the facts table, driven from the keyboard as a new user would (and from the palette)."""

from __future__ import annotations

import pytest
from pilot_helpers import (
    footer_text,
    help_keys,
    run_from_palette,
    wait_for,
    wait_until_loaded,
)
from rich.text import Text

from tui.app import MarsadApp
from tui.screens.facts import SCREEN_NAME, FactsScreen
from tui.screens.main import MainScreen
from tui.screens.picker import PickerScreen
from tui.store.slices import FIGURES, FactOrder, FactSlice, RecordOrder, RecordSlice
from tui.widgets.entity_list import EntityList
from tui.widgets.rows import visual_text

SLICING_BINDING_IDS = (
    "pane.filter",
    "pane.jump",
    "pane.sort-ascending",
    "pane.sort-descending",
    "pane.sort-previous",
    "pane.sort-next",
    "pane.sort-menu",
    "main.facts",
    "facts.kind",
    "facts.filter",
    "facts.sort-ascending",
    "facts.sort-descending",
    "facts.sort-previous",
    "facts.sort-next",
    "facts.sort-menu",
    "facts.back",
    "picker.choose",
    "picker.close",
)


def organizations(app: MarsadApp) -> EntityList:
    return app.main_screen.list_of("organization")


def shown_ids(entity_list: EntityList) -> list[str]:
    return [entity_list.row(row).id for row in range(entity_list.row_count)]  # type: ignore[union-attr]


async def wait_for_slice(pilot, entity_list: EntityList) -> None:
    """Until the pane shows the slice it was last asked for."""
    screen: MainScreen = pilot.app.main_screen
    await wait_for(pilot, lambda: entity_list.slice == screen.wanted_slice(entity_list.kind), "the pane's slice shown")
    await pilot.pause()


async def wait_for_table(pilot) -> FactsScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FactsScreen), "the facts table")
    screen = pilot.app.screen
    await wait_for(
        pilot,
        lambda: (
            screen.slice == screen.wanted
            and screen.table.sliced is not None
            and screen.table.sliced.slice == screen.wanted
        ),
        "the table's slice shown",
    )
    await pilot.pause()
    return screen


def pane_title(app: MarsadApp, kind: str = "organization") -> str:
    return app.main_screen.query_one(f"#pane-{kind}")._border_title.plain


# -- Done when -----------------------------------------------------------------


async def test_done_when_filter_organizations_by_majmuaa_and_sort_them_by_latin_name():
    """`f`, type مجموعة, enter; `>` twice (file order, Arabic name, Latin name): keys the footer shows."""
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        assert "f Filter" in footer_text(app) and "<>o Sort" in footer_text(app)
        await pilot.press("1", "f", *"مجموعة", "enter")
        await wait_for_slice(pilot, organizations(app))
        assert shown_ids(organizations(app)) == ["t2s", "groupe-tazi", "groupe-guessous", "general-electric"]
        await pilot.press("greater_than_sign", "greater_than_sign")
        await wait_for_slice(pilot, organizations(app))
        assert organizations(app).slice == RecordSlice("organization", "مجموعة", RecordOrder("latin"))
        assert shown_ids(organizations(app)) == ["general-electric", "groupe-guessous", "groupe-tazi", "t2s"]
        title = Text("1 Organizations · “") + visual_text("مجموعة", 24, app.bidi) + Text("” · Latin ↑")
        assert pane_title(app) == title.plain  # (the filter as it reads: shaped, in visual order)
        assert app.main_screen.query_one("#pane-organization").border_subtitle == "4 of 11"
        assert app.main_screen.pane_slice() == organizations(app).slice
        # sorting keeps the record that was selected (the first of the filter: T2S), now in its sorted place
        assert organizations(app).selected_id == "t2s" and organizations(app).cursor == 3


async def test_done_when_the_three_biggest_figures_of_amgs_in_a_table():
    """`F`, choose "All figures", `f` amgs, `>` to the number column, `]`: the first three rows."""
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        assert "F Facts" in footer_text(app)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "the kinds of fact")
        await pilot.press(*"figures", "enter")
        table = await wait_for_table(pilot)
        await pilot.press("f", *"amgs", "enter", *["greater_than_sign"] * 4, "right_square_bracket")
        table = await wait_for_table(pilot)
        assert table.slice == FactSlice(FIGURES, "amgs", FactOrder("number", True))
        top = [table.table.row(row) for row in range(3)]
        assert [(row.label, row.number, row.unit) for row in top] == [  # type: ignore[union-attr]
            ("Health professionals", 2500, "health professionals"),
            ("Care units", 30, "care units"),
            ("Cities", 10, "cities"),
        ]
        line = table.table.render_line(0).text
        assert "more than 2,500 health" in line  # the number in Western digits, then its unit


# -- panes -----------------------------------------------------------------------


async def test_escape_clears_the_filter_and_stays_on_the_record():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "f", *"tazi", "enter")
        await wait_for_slice(pilot, organizations(app))
        assert shown_ids(organizations(app)) == ["groupe-tazi"]
        await pilot.press("escape")
        await wait_for_slice(pilot, organizations(app))
        assert organizations(app).row_count == 11 and organizations(app).selected_id == "groupe-tazi"
        assert app.main_screen.query_one("#pane-organization").border_subtitle == "11"
        assert pane_title(app) == "1 Organizations"


async def test_escape_in_the_filter_bar_clears_it_and_letters_are_the_filter():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "f", *"sy")  # `s` and `y` are keys of the screen: here they are letters of the filter
        await wait_for_slice(pilot, organizations(app))
        assert organizations(app).slice.filter == "sy" and app.screen is app.main_screen
        footer = footer_text(app)
        assert "Done" in footer and "Clear" in footer and "Source" not in footer
        await pilot.press("escape")
        await wait_for_slice(pilot, organizations(app))
        assert organizations(app).slice == RecordSlice("organization") and app.focused is organizations(app)


async def test_a_filter_with_no_match_says_so():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "f", *"xyz", "enter")
        await wait_for_slice(pilot, organizations(app))
        assert organizations(app).row_count == 0
        assert app.main_screen.query_one("#pane-organization").border_subtitle == "0 of 11"


async def test_jump_by_typing_and_escape_back():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "j", "t", *"guess")
        await wait_for(pilot, lambda: organizations(app).selected_id == "groupe-guessous", "the jump")
        await pilot.press("escape")
        assert organizations(app).cursor == 1  # where the jump started
        await pilot.press("t", *"elsan", "enter")
        await wait_for(pilot, lambda: organizations(app).selected_id == "elsan-sante", "the jump")
        assert app.focused is organizations(app)
        await pilot.press("t", *"nothing")
        await wait_for(
            pilot,
            lambda: str(app.main_screen.query_one("#pane-jump #find-status").render()) == "no match",
            "no match said",
        )
        await pilot.press("enter")
        assert organizations(app).selected_id == "elsan-sante"


async def test_sort_keys_step_and_turn():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "right_square_bracket")
        await wait_for_slice(pilot, organizations(app))
        assert shown_ids(organizations(app))[0] == "general-electric" and "file ↓" in pane_title(app)
        await pilot.press(
            "greater_than_sign", "greater_than_sign", "greater_than_sign"
        )  # Arabic, Latin, facts: descending
        await wait_for_slice(pilot, organizations(app))
        assert organizations(app).slice.order == RecordOrder("facts", True)
        assert shown_ids(organizations(app))[0] == "t2s"  # 7 facts
        await pilot.press("less_than_sign", "left_square_bracket")
        await wait_for_slice(pilot, organizations(app))
        assert organizations(app).slice.order == RecordOrder("latin")
        assert shown_ids(organizations(app))[:2] == ["akdital", "cim-sante"]


async def test_sort_by_a_facts_number_from_the_menu():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "o")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "the sort menu")
        await pilot.press(*"presence", "enter")
        await wait_for_slice(pilot, organizations(app))
        assert organizations(app).slice.order.key == "fact"
        assert shown_ids(organizations(app))[0] == "t2s"  # the only organization with a presence in Africa
        assert "Presence in Africa" in pane_title(app)
        await pilot.press("greater_than_sign")  # from a fact's number on: back to the order of the file
        await wait_for_slice(pilot, organizations(app))
        assert organizations(app).slice.order.key == "file"


async def test_back_keeps_a_pane_that_was_resliced_since():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("2", "enter", "j", "enter")  # the partnership's first party: T2S, in the Organizations pane
        await pilot.press("1", "f", *"tazi", "enter")
        await wait_for_slice(pilot, organizations(app))
        await pilot.press("escape")  # clears the filter first
        await wait_for_slice(pilot, organizations(app))
        assert organizations(app).slice == RecordSlice("organization")
        await pilot.press("escape")  # then back
        assert app.main_screen.active_kind == "partnership"


async def test_slicing_waits_for_a_complete_index(notices):
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        app.database.complete = False  # as while a large file is being indexed
        await pilot.press("1", "f")
        assert not app.main_screen.query("#pane-filter")  # no bar opened
        assert any("once the index is built" in notice.message for notice in notices)
        await pilot.press("F")
        assert app.screen is app.main_screen


async def test_a_slice_made_for_an_older_filter_is_not_shown():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        database = app.database
        old = database.slices().records(RecordSlice("organization", "tazi"))
        app.main_screen.reslice("organization", RecordSlice("organization", "guess"))
        await wait_for_slice(pilot, organizations(app))
        app.main_screen._slice_made(database, old, None)  # arriving late
        assert shown_ids(organizations(app)) == ["groupe-guessous"]


@pytest.mark.parametrize(
    "keys", [("1", "f", *"tazi", "enter"), ("1", "t", *"guess"), ("F", "enter")], ids=["filter", "jump", "facts-table"]
)
async def test_an_index_that_fails_to_read_is_said_and_what_is_shown_stays(keys, monkeypatch, notices):
    import sqlite3

    from tui.store.slices import SlicedRecords, SliceReader

    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        shown = shown_ids(organizations(app))

        def broken(*args, **kwargs):
            raise sqlite3.DatabaseError("database disk image is malformed")

        for name in ("records", "facts"):
            monkeypatch.setattr(SliceReader, name, broken)
        monkeypatch.setattr(SlicedRecords, "next_starting_with", broken)
        await pilot.press(*keys)
        said = lambda: [n.message for n in notices if "Could not read the index" in n.message]  # noqa: E731
        await wait_for(pilot, said, "the failure said")
        assert said() == ["Could not read the index (database disk image is malformed). Press ctrl+r to reload."]
        assert shown_ids(organizations(app)) == shown, "what was shown stays"


# -- the facts table ---------------------------------------------------------------


async def test_enter_lands_on_the_fact_and_back_returns_to_the_same_row():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F", *"training room cost", "enter")
        table = await wait_for_table(pilot)
        assert table.table.row_count == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the record")
        block = app.main_screen.detail.current_block
        assert (
            app.main_screen.record.id == "t2s-ge-healthcare"
            and block is not None
            and block.label == "Training room cost"
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is table, "the table again")
        assert table.slice.facts.name == "Training room cost"
        await pilot.press("escape")
        assert app.screen is app.main_screen
        await pilot.press("F")  # as it was left
        await wait_for(pilot, lambda: app.screen is table, "the table as left")


async def test_the_table_changes_kind_and_filters_by_record_name():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F", "enter")  # the first kind: all facts
        table = await wait_for_table(pilot)
        assert table.table.row_count == 82
        await pilot.press("F", *"said", "enter")
        table = await wait_for_table(pilot)
        assert table.slice.facts.name == "Said" and table.table.row_count == 4
        await pilot.press("f", *"روب", "enter")
        table = await wait_for_table(pilot)
        assert {table.table.row(row).record_id for row in range(table.table.row_count)} == {"rob-walton"}  # type: ignore[union-attr]
        await pilot.press("escape")  # clears the filter
        table = await wait_for_table(pilot)
        assert table.table.row_count == 4
        await pilot.press("o", *"source", "enter")
        table = await wait_for_table(pilot)
        assert table.slice.order == FactOrder("source")


async def test_reloading_forgets_the_facts_table():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F", "enter")
        await wait_for_table(pilot)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: not app.is_screen_installed(SCREEN_NAME), "the table forgotten")
        await app.workers.wait_for_complete()
        assert app.screen is app.main_screen


# -- discoverable ------------------------------------------------------------------


async def test_help_lists_every_slicing_key_with_its_id():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        keys = await help_keys(pilot)
        for binding_id in SLICING_BINDING_IDS:
            assert binding_id in keys, binding_id


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_footers_show_the_slicing_keys(size: tuple[int, int]):
    app = MarsadApp()
    async with app.run_test(size=size) as pilot:
        await wait_until_loaded(pilot)
        footer = footer_text(app)
        for shown in ("f Filter", "t Jump", "[]<>o Sort", "F Facts"):
            assert shown in footer, (shown, footer)
        await pilot.press("F", "enter")
        await wait_for_table(pilot)
        footer = footer_text(app)
        for shown in ("Open", "F Kind", "f Filter", "[]<>o Sort", "esc Back"):
            assert shown in footer, (shown, footer)


@pytest.mark.parametrize(
    ("command", "check"),
    [
        ("Filter pane", lambda app: app.main_screen.query_one("#pane-filter").has_class("-open")),
        ("Jump in pane", lambda app: app.main_screen.query_one("#pane-jump").has_class("-open")),
        ("Sort pane descending", lambda app: app.main_screen.wanted_slice("organization").order.descending),
        ("Sort pane by next key", lambda app: app.main_screen.wanted_slice("organization").order.key == "ar"),
        ("Choose pane sort key", lambda app: isinstance(app.screen, PickerScreen)),
        ("Facts table", lambda app: isinstance(app.screen, PickerScreen)),
    ],
)
async def test_the_palette_runs_the_slicing_keys(command: str, check):
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await run_from_palette(pilot, command)
        await wait_for(pilot, lambda: check(app), command)


async def test_the_palette_runs_the_facts_table_keys():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F", "enter")
        table = await wait_for_table(pilot)
        await run_from_palette(pilot, "Sort facts by next column")
        table = await wait_for_table(pilot)
        assert table.slice.order.column == "record"
        await run_from_palette(pilot, "Filter facts")
        assert table.query_one("#facts-filter").has_class("-open")

"""Exporting from the app: the key, the palette, the prompt, the question before replacing a file, stopping."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pilot_helpers import Notice, wait_for, wait_until_loaded
from textual.command import CommandList, CommandPalette

from tui.app import MarsadApp
from tui.data.models import Record
from tui.export.scope import RecordScope
from tui.screens.export import ConfirmReplace, ExportScreen, ScopeChoice, fact_table_choices
from tui.screens.facts import FactsScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.picker import PickerScreen
from tui.store.slices import FIGURES, FactKind, FactOrder, FactSlice, RecordOrder, RecordSlice
from tui.widgets.said import Said


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder Marsad is started in: where the prompt proposes to write."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def said(notices: list[Notice]) -> list[str]:
    return [notice.message for notice in notices]


def prompt_shown(app: MarsadApp) -> bool:
    """The export prompt is up, with the file name it proposes."""
    screen = app.screen
    return isinstance(screen, ExportScreen) and screen.is_mounted and bool(screen.query_one("#export-file").value)


async def open_prompt(pilot) -> ExportScreen:
    await pilot.press("e")
    await wait_for(pilot, lambda: prompt_shown(pilot.app), "the export prompt")
    return pilot.app.screen


async def test_done_when_export_the_filtered_and_sorted_list_to_csv(folder: Path, notices: list[Notice]) -> None:
    """Organizations filtered to مجموعة and sorted by Latin name (`f`, `>` `>`), then `e` and
    ctrl+s: that list, in that order."""
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        organizations = app.main_screen.list_of("organization")
        await pilot.press("1", "f", *"مجموعة", "enter", "greater_than_sign", "greater_than_sign")
        wanted = RecordSlice("organization", "مجموعة", RecordOrder("latin"))
        await wait_for(
            pilot, lambda: organizations.slice == wanted and organizations.row_count == 4, "the filtered, sorted pane"
        )
        prompt = await open_prompt(pilot)
        assert prompt.query_one("#export-file").value == "organizations-filtered-sorted.csv"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the prompt closed")
        target = folder / "organizations-filtered-sorted.csv"
        assert said(notices)[-1] == f"Wrote 4 records to {target} (csv)"
        rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
        assert list(dict.fromkeys(row["record_id"] for row in rows)) == [
            "general-electric",
            "groupe-guessous",
            "groupe-tazi",
            "t2s",
        ]
        assert all(row["quote"] and row["source_id"] for row in rows if row["statement"])
        assert sorted(path.name for path in folder.iterdir()) == [target.name]


async def test_export_the_list_in_the_order_of_the_file(folder: Path, notices: list[Notice]) -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        prompt = await open_prompt(pilot)
        assert prompt.query_one("#export-file").value == "organizations.csv"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the prompt closed")
        rows = list(csv.DictReader(io.StringIO((folder / "organizations.csv").read_text(encoding="utf-8"), newline="")))
        assert list(dict.fromkeys(row["record_id"] for row in rows)) == [
            record.id for record in RecordSlice("organization").records(app.database)
        ]
        assert said(notices)[-1] == f"Wrote 11 records to {folder / 'organizations.csv'} (csv)"


async def test_e_typed_in_a_filter_is_a_letter(folder: Path) -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        organizations = app.main_screen.list_of("organization")
        await pilot.press("1", "f", *"ge", "enter")
        await wait_for(pilot, lambda: organizations.slice.filter == "ge", "the filter ge")
        assert isinstance(app.screen, MainScreen)


async def test_the_facts_table_exports_what_it_shows(folder: Path) -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "the kinds of fact")
        await pilot.press(*"figures", "enter")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, FactsScreen)
                and app.screen.table.sliced is not None
                and app.screen.slice == app.screen.wanted
            ),
            "the table",
        )
        table = app.screen
        await pilot.press("e")
        await wait_for(pilot, lambda: prompt_shown(app), "the prompt")
        assert app.screen.query_one("#export-file").value == "facts-figures.csv"  # named after the kind of fact
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is table, "back at the table")
        rows = list(csv.DictReader(io.StringIO((folder / "facts-figures.csv").read_text(encoding="utf-8"), newline="")))
        assert [row["value"] for row in rows] == [row.value for row in table.slice.rows(app.database)]
        assert all(row["quote"] for row in rows)


async def test_export_the_whole_database_to_followthemoney(folder: Path, notices: list[Notice]) -> None:
    # the ftm extra; CI requires it (MARSAD_REQUIRE_FTM, conftest.py)
    model = pytest.importorskip("followthemoney", reason="the ftm extra: pip install '.[ftm]'").model
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        prompt = await open_prompt(pilot)
        await pilot.press("down", "down")  # what: the whole database (after this list, this record): the arrows choose
        await pilot.press("tab", "down", "down", "down", "down")  # format: FollowTheMoney
        assert prompt.query_one("#export-file").value == "marsad.ftm.json"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the prompt closed")
        entities = [json.loads(line) for line in (folder / "marsad.ftm.json").read_text(encoding="utf-8").splitlines()]
        assert (
            said(notices)[-1] == f"Wrote 17 records as {len(entities)} entities to {folder / 'marsad.ftm.json'} (ftm)"
        )
        for entity in entities:
            model.get(entity["schema"]).validate(entity)
        schemata = {entity["schema"] for entity in entities}
        assert {"Organization", "Person", "Project", "Article", "Membership", "Employment", "Documentation"} <= schemata


async def test_the_prompt_never_replaces_a_file_without_asking(folder: Path, notices: list[Notice]) -> None:
    target = folder / "organizations.csv"
    target.write_text("my own notes")
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        prompt = await open_prompt(pilot)
        assert prompt.query_one("#export-file").value == "organizations-2.csv"  # the proposal is a free name
        await pilot.press("tab", "tab", "ctrl+u", *"organizations.csv", "ctrl+s")  # the user's own choice
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmReplace), "the question")
        assert f"{target} exists" in app.screen.query_one("#replace-question", Said).text
        assert target.read_text() == "my own notes"
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is prompt, "back to the prompt")
        assert "the file was kept" in prompt.query_one("#export-status", Said).text
        assert target.read_text() == "my own notes"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmReplace), "the question again")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "written")
        assert target.read_text(encoding="utf-8").startswith("record_id,")
        assert said(notices)[-1].startswith("Wrote 11 records to ")
        assert sorted(path.name for path in folder.iterdir()) == ["organizations.csv"]


async def test_escape_writes_nothing(folder: Path) -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await open_prompt(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the prompt closed")
    assert list(folder.iterdir()) == []


async def test_a_file_name_of_ones_own_with_arabic_in_it(folder: Path) -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("3")
        prompt = await open_prompt(pilot)
        assert prompt.query_one("#export-file").value == "association.csv"
        await pilot.press("tab", "down", "down", "down")  # Markdown: the proposed name follows
        assert prompt.query_one("#export-file").value == "association.md"
        await pilot.press("tab", "ctrl+u", *"sub/جمعية.md")
        (folder / "sub").mkdir()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "written")
        text = (folder / "sub" / "جمعية.md").read_text(encoding="utf-8")
        assert text.startswith("# Marsad: the Association list\n") and "> “ومجموعة التازي (Groupe Tazi)”" in text


async def test_the_record_under_the_cursor(folder: Path) -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("4", "enter")  # Rob Walton
        prompt = await open_prompt(pilot)
        await pilot.press("down")
        assert prompt.query_one("#export-file").value == "rob-walton.csv"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "written")
        rows = list(csv.DictReader(io.StringIO((folder / "rob-walton.csv").read_text(encoding="utf-8"), newline="")))
        assert {row["record_id"] for row in rows} == {"rob-walton"} and len(rows) == 3


def slow_scope(records: list[Record], started: threading.Event, stopped: Callable[[], bool]) -> RecordScope:
    """A scope that writes one record, then waits until the export is told to stop (a large
    database, frozen in time)."""

    def walk() -> Iterator[Record]:
        yield records[0]
        started.set()
        deadline = time.monotonic() + 30
        while not stopped() and time.monotonic() < deadline:
            time.sleep(0.01)
        yield from records[1:]

    return RecordScope("a slow list", "slow", walk)


@pytest.mark.parametrize("how", ["escape", "quit"])
async def test_stopping_an_export_leaves_nothing(folder: Path, notices: list[Notice], how: str) -> None:
    started = threading.Event()
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        database = app.database
        records = list(RecordSlice("organization").records(database))
        prompt: ExportScreen | None = None

        writers: list = []

        def stopped() -> bool:  # (the worker is remembered: a screen being removed may forget its workers)
            if prompt is not None and not writers:
                writers.extend(worker for worker in prompt.workers if worker.group == "export")
            return any(worker.is_cancelled for worker in writers)

        prompt = ExportScreen(
            database,
            [ScopeChoice("A slow list", slow_scope(records, started, stopped), 10)],
            mode=app.bidi,
            folder=folder,
        )
        app.push_screen(prompt)
        await wait_for(
            pilot, lambda: prompt.is_mounted and prompt.query_one("#export-file").value == "slow.csv", "the prompt"
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, started.is_set, "the export under way")
        assert next(path.name for path in folder.iterdir()).startswith(".slow.csv.")  # the temporary file
        if how == "escape":
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the prompt closed")
            assert said(notices)[-1] == "Export stopped: nothing written"
        else:
            app.exit()
    assert list(folder.iterdir()) == []


async def test_export_is_in_the_palette_and_help(folder: Path) -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("ctrl+p", *"Export")
        commands = app.screen.query_one(CommandList)
        assert isinstance(app.screen, CommandPalette)
        await wait_for(
            pilot,
            lambda: commands.option_count and "Export" in str(commands.get_option_at_index(0).prompt),
            "Export in the palette",
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen), "the prompt from the palette")
        await pilot.press("escape")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        keys = str(app.screen.query_one("#help-keys").render())
        for binding_id in (
            "main.export",
            "facts.export",
            "export.write",
            "export.cancel",
            "export.replace",
            "export.keep",
        ):
            assert binding_id in keys


async def test_the_facts_table_rows_with_their_quotes(folder: Path, notices: list[Notice]) -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        database = app.database
        table = FactSlice(FIGURES, order=FactOrder("number", descending=True))
        shown = sum(1 for _ in table.rows(database))
        assert await _export_facts_table(pilot, folder, table) == "facts-figures.csv"
        target = folder / "facts-figures.csv"
        rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
        assert [row["value"] for row in rows] == [row.value for row in table.rows(database)]
        assert rows[0]["number"] == "1000000" and rows[0]["quote"] and rows[0]["source_id"]
        assert said(notices)[-1] == f"Wrote {shown} facts to {target} (csv)"


async def _export_facts_table(pilot, folder: Path, table: FactSlice) -> str:
    """Open the export prompt on a facts table, write what it proposes; the name it wrote."""
    app = pilot.app
    database = app.database
    shown = sum(1 for _ in table.rows(database))
    app.push_screen(ExportScreen(database, fact_table_choices(database, table, shown), mode=app.bidi, folder=folder))
    await wait_for(pilot, lambda: prompt_shown(app), "the prompt")
    name = app.screen.query_one("#export-file").value
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "written")
    return name


async def test_two_exports_of_the_facts_table_never_land_on_one_file(folder: Path) -> None:
    """Each kind of fact has its name; the same table twice gets a second name, not the first file replaced."""
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        cost = FactSlice(FactKind("label", "Training room cost"))
        first = await _export_facts_table(pilot, folder, cost)
        again = await _export_facts_table(pilot, folder, cost)
        goals = await _export_facts_table(pilot, folder, FactSlice(FactKind("field", "goal"), filter="T2S"))
        assert (first, again, goals) == (
            "facts-training-room-cost.csv",
            "facts-training-room-cost-2.csv",
            "facts-goal-filtered.csv",
        )
        assert (folder / first).read_text(encoding="utf-8") == (folder / again).read_text(encoding="utf-8")
        assert sorted(path.name for path in folder.iterdir()) == sorted([first, again, goals])


async def test_the_prompt_refuses_a_name_of_another_format_and_writes_csv_for_excel(
    folder: Path, notices: list[Notice]
) -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        prompt = await open_prompt(pilot)
        await pilot.press("tab", "tab", "ctrl+u", *"organizations.xlsx", "enter")
        await wait_for(pilot, lambda: "-error" in prompt.query_one("#export-status").classes, "the refusal")
        status = prompt.query_one("#export-status", Said).text
        assert "Not written: Marsad does not write .xlsx files" in status
        assert list(folder.iterdir()) == [] and app.screen is prompt
        await pilot.press("shift+tab", "down", "enter")  # format: CSV for Excel
        await pilot.press("tab", "ctrl+u", *"organizations.csv", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "written")
        assert said(notices)[-1].endswith("(csv-excel)")
        assert (folder / "organizations.csv").read_bytes().startswith(b"\xef\xbb\xbfrecord_id,")


@pytest.mark.parametrize("extra_enter", [False, True], ids=["e enter", "e enter enter"])
async def test_enter_writes_as_the_prompt_says(folder: Path, notices: list[Notice], extra_enter: bool) -> None:
    """`1` `e` `enter` wrote nothing (enter chose again the first option) although the prompt said "enter writes"."""
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1")
        prompt = await open_prompt(pilot)
        assert "enter or ctrl+s writes the file" in prompt.query_one("#export-status", Said).text
        await pilot.press("enter", *(["enter"] if extra_enter else []))
        await wait_for(pilot, lambda: (folder / "organizations.csv").exists(), "the file written")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the prompt closed")
        assert said(notices)[-1] == f"Wrote 11 records to {folder / 'organizations.csv'} (csv)"


async def test_the_arrows_choose_and_enter_writes_what_they_chose(folder: Path) -> None:
    """What is highlighted is what is written, from any field: the scope list, the format list, the file name."""
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("4", "enter")  # Rob Walton
        prompt = await open_prompt(pilot)
        await pilot.press("down", "tab", "down", "down")  # this record, as JSON; enter from the format list
        assert prompt.query_one("#export-file").value == "rob-walton.json"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "written")
        assert sorted(path.name for path in folder.iterdir()) == ["rob-walton.json"]
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen) and app.screen.is_mounted, "the prompt")
        await pilot.press("down", "down", "down", "space")  # round the list of three, back to this list
        assert app.screen.query_one("#export-file").value == "people.csv"
        await pilot.press("tab", "tab", "enter")  # enter in the file name
        await wait_for(pilot, lambda: (folder / "people.csv").exists(), "the list written")

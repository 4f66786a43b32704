"""Every editing flow of the app, driven by keys as a user drives it, each checked by reading the file back
through TinyDB's own storage and through Marsad's reader (the same records)."""

from __future__ import annotations

from pathlib import Path

import pytest
from edit_helpers import bundled_copy, organization, read_by_marsad, read_by_tinydb
from pilot_helpers import wait_for, wait_until_loaded

from tui.app import MarsadApp
from tui.data.bundled import bundled_database_path
from tui.edit.correcting import RenameRecord
from tui.edit.session import EditSession
from tui.screens.confirm import ConfirmScreen
from tui.screens.copy_bundled import CopyBundledScreen
from tui.screens.edit_fact import EditFactScreen
from tui.screens.main import MainScreen
from tui.screens.record_picker import RecordPickerScreen
from tui.screens.rename import RenameScreen


async def saved(pilot) -> None:
    """Wait until every edit is in the file (the top bar says "saved")."""
    app = pilot.app
    await wait_for(pilot, lambda: app.edit_status == "saved" and not app._saving, "the edits saved")


async def on_first_fact_of(pilot, pane: str, row_keys: tuple[str, ...] = ()) -> None:
    """Focus the pane, go to a row, open it in the detail, cursor on its first fact."""
    app = pilot.app
    await pilot.press(pane, *row_keys, "enter")
    detail = app.main_screen.detail
    await wait_for(pilot, lambda: app.focused is detail, "the detail focused")
    for _ in range(8):
        block = detail.current_block
        if block is not None and block.role == "fact":
            return
        await pilot.press("j")
    raise AssertionError("no fact in the detail")


async def type_into(pilot, field_id: str, text: str) -> None:
    field = pilot.app.screen.query_one(f"#{field_id}")
    field.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u", *text)


def t2s_facts(path: Path) -> list:
    records, problems = read_by_marsad(path)
    assert problems == []
    return list(organization(records, "t2s").facts)


async def test_correct_a_fact_s_label_and_number_then_undo_and_redo(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    app = MarsadApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await on_first_fact_of(pilot, "1")
        first = t2s_facts(path)[0]
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, EditFactScreen), "the fact editor")
        await type_into(pilot, "fact-label", "Exclusive agent")
        await type_into(pilot, "fact-number", "٢٥٠٠")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the editor closed")
        block = app.main_screen.detail.current_block
        assert block is not None and block.label == "Exclusive agent", "on screen at once"
        await saved(pilot)
        on_disk = read_by_tinydb(path)["organizations"]["1"]["facts"][0]
        assert (on_disk["label"], on_disk["number"], on_disk["quote"]) == ("Exclusive agent", 2500, first.quote)
        assert t2s_facts(path)[0].label == "Exclusive agent"

        await pilot.press("u")
        await saved(pilot)
        assert t2s_facts(path)[0] == first, "undone, in the file"
        assert app.main_screen.detail.current_block.label == first.label  # type: ignore[union-attr]
        await pilot.press("U")
        await saved(pilot)
        assert t2s_facts(path)[0].label == "Exclusive agent", "redone, in the file"
        assert read_by_tinydb(path)["organizations"]["1"]["facts"][0]["number"] == 2500


async def test_delete_a_fact_after_saying_yes(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    before = t2s_facts(path)
    app = MarsadApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await on_first_fact_of(pilot, "1")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await saved(pilot)
    assert t2s_facts(path) == before[1:]
    assert len(read_by_tinydb(path)["organizations"]["1"]["facts"]) == len(before) - 1


async def test_rename_a_record_and_a_taken_id_is_refused_on_the_dialog(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    app = MarsadApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "enter", "r")
        await wait_for(pilot, lambda: isinstance(app.screen, RenameScreen), "the rename dialog")
        await type_into(pilot, "rename-id", "akdital")
        await pilot.press("ctrl+s")
        status = app.screen.query_one("#edit-status")
        await wait_for(pilot, lambda: "already taken" in str(status.render()), "the refusal on the dialog")
        assert isinstance(app.screen, RenameScreen), "the dialog stays, as typed"
        await type_into(pilot, "rename-id", "t2s-group")
        await type_into(pilot, "rename-latin", "T2S Group")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the dialog closed")
        assert app.main_screen.record is not None and app.main_screen.record.id == "t2s-group"
        assert app.main_screen.list_of("organization").selected_id == "t2s-group", "the pane shows the new id"
        await saved(pilot)
    records, problems = read_by_marsad(path)
    assert "t2s" not in records and organization(records, "t2s-group").names.latin == "T2S Group"
    assert problems == []
    partnership = read_by_tinydb(path)["partnerships"]["1"]
    assert "t2s-group" in partnership["parties"] and "t2s" not in partnership["parties"], "references follow"


async def test_merge_two_records_chosen_with_the_picker(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    records_before, _ = read_by_marsad(path)
    ge_facts = len(organization(records_before, "ge-healthcare").facts)
    t2s_count = len(organization(records_before, "t2s").facts)
    app = MarsadApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "enter", "m")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordPickerScreen), "the picker")
        await pilot.press(*"GE Healthcare")
        picker = app.screen
        await wait_for(pilot, lambda: any(row.value == "ge-healthcare" for row in picker.rows), "the hit")
        while picker.rows[picker.query_one("#picker-list").cursor].value != "ge-healthcare":
            await pilot.press("down")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await saved(pilot)
        assert app.main_screen.record is not None and app.main_screen.record.id == "t2s"
    records, problems = read_by_marsad(path)
    assert "ge-healthcare" not in records and problems == []
    assert len(organization(records, "t2s").facts) == t2s_count + ge_facts
    tables = read_by_tinydb(path)
    assert (
        tables["partnerships"]["1"]["parties"] == ["t2s"]
        or "ge-healthcare" not in tables["partnerships"]["1"]["parties"]
    )


async def test_the_first_edit_of_the_bundled_database_copies_it_first(tmp_path: Path) -> None:
    bundled = bundled_database_path().read_bytes()
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await on_first_fact_of(pilot, "1")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, EditFactScreen), "the fact editor")
        await type_into(pilot, "fact-label", "Agent")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CopyBundledScreen), "the offer to copy")
        copy = tmp_path / "mine.json"
        await type_into(pilot, "copy-path", str(copy))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the edit made in the copy")
        await saved(pilot)
        assert app.database is not None and app.database.path == copy
    assert bundled_database_path().read_bytes() == bundled, "the bundled database is never written"
    assert t2s_facts(copy)[0].label == "Agent"
    assert read_by_tinydb(copy)["organizations"]["1"]["facts"][0]["label"] == "Agent"


async def test_a_file_changed_on_disk_is_said_and_reloading_keeps_the_edit(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    app = MarsadApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        app.prepare_editing()
        await wait_for(pilot, lambda: app._editing_ready, "the file read for editing")
        other = EditSession(path)  # (another analyst's Marsad saves first)
        other.do(RenameRecord("akdital", new_id="akdital-holding"))
        await on_first_fact_of(pilot, "1")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, EditFactScreen), "the fact editor")
        await type_into(pilot, "fact-label", "Ours")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "what changed, and the offer to reload")
        question = str(app.screen.query_one("#confirm-question").render())
        assert "changed on disk" in question and "size" in question
        await pilot.press("y")
        await saved(pilot)
    records, problems = read_by_marsad(path)
    assert organization(records, "t2s").facts[0].label == "Ours" and "akdital-holding" in records
    assert problems == []


@pytest.mark.parametrize("size", [(80, 24)], ids=["80x24"])
async def test_quitting_waits_for_the_save(tmp_path: Path, size: tuple[int, int]) -> None:
    path = bundled_copy(tmp_path)
    app = MarsadApp(path)
    async with app.run_test(size=size) as pilot:
        await wait_until_loaded(pilot)
        await on_first_fact_of(pilot, "1")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, EditFactScreen), "the fact editor")
        await type_into(pilot, "fact-label", "Before quitting")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the edit made")
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, "the app gone once saved")
    assert t2s_facts(path)[0].label == "Before quitting"

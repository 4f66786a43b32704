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


async def pick(pilot, typed: str, record_id: str) -> None:
    """In the record picker: type, then choose the row of `record_id` once the search shows it."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RecordPickerScreen), "the picker")
    picker = pilot.app.screen
    await pilot.press(*typed)
    await wait_for(pilot, lambda: any(row.value == record_id for row in picker.rows), f"{record_id} in the picker")
    while picker.rows[picker.query_one("#picker-list").cursor].value != record_id:
        await pilot.press("down")
    await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.screen is not picker, "the picker closed")


def t2s_facts(path: Path) -> list:
    records, problems = read_by_marsad(path)
    assert problems == []
    return list(organization(records, "t2s").facts)


SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
async def test_correct_a_fact_s_label_and_number_then_undo_and_redo(tmp_path: Path, size: tuple[int, int]) -> None:
    path = bundled_copy(tmp_path)
    app = MarsadApp(path)
    async with app.run_test(size=size) as pilot:
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


@SIZES
async def test_delete_a_fact_after_saying_yes(tmp_path: Path, size: tuple[int, int]) -> None:
    path = bundled_copy(tmp_path)
    before = t2s_facts(path)
    app = MarsadApp(path)
    async with app.run_test(size=size) as pilot:
        await wait_until_loaded(pilot)
        await on_first_fact_of(pilot, "1")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await saved(pilot)
    assert t2s_facts(path) == before[1:]
    assert len(read_by_tinydb(path)["organizations"]["1"]["facts"]) == len(before) - 1


@SIZES
async def test_rename_a_record_and_a_taken_id_is_refused_on_the_dialog(tmp_path: Path, size: tuple[int, int]) -> None:
    path = bundled_copy(tmp_path)
    app = MarsadApp(path)
    async with app.run_test(size=size) as pilot:
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


@SIZES
async def test_merge_two_records_chosen_with_the_picker(tmp_path: Path, size: tuple[int, int]) -> None:
    path = bundled_copy(tmp_path)
    records_before, _ = read_by_marsad(path)
    ge_facts = len(organization(records_before, "ge-healthcare").facts)
    t2s_count = len(organization(records_before, "t2s").facts)
    app = MarsadApp(path)
    async with app.run_test(size=size) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "enter", "m")
        await pick(pilot, "GE Healthcare", "ge-healthcare")
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


async def test_a_file_changed_on_disk_is_said_and_reloading_keeps_the_edit(tmp_path: Path, notices) -> None:
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
        assert any(n.title == "What changed on disk" and "'akdital-holding'" in n.message for n in notices)
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


async def open_article(pilot, row_keys: tuple[str, ...] = ()) -> None:
    from tui.screens.source import SourceScreen

    await pilot.press("5", *row_keys, "enter", "s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SourceScreen), "the article")


async def find_and_select(pilot, words: str, more: tuple[str, ...]) -> str:
    """Find `words` in the article, select a passage from the match, take `more` keys; the passage's text."""
    screen = pilot.app.screen
    await pilot.press("slash", *words, "enter", "v", *more)
    await pilot.pause()
    return screen.article.passage_text


@SIZES
async def test_cite_a_figure_as_a_fact_said_by_a_person(tmp_path: Path, size: tuple[int, int]) -> None:
    from tui.screens.cite import CiteScreen

    path = bundled_copy(tmp_path)
    app = MarsadApp(path)
    async with app.run_test(size=size) as pilot:
        await wait_until_loaded(pilot)
        await open_article(pilot, ("j",))  # (the AMGS article)
        passage = await find_and_select(pilot, "أكثر من", ("w", "w", "w", "w"))
        assert passage.startswith("أكثر من") and len(passage.split()) == 5
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CiteScreen), "the cite dialog")
        dialog = app.screen
        assert dialog.query_one("#cite-value").value == passage, "the value defaults to the quote"
        assert dialog.query_one("#cite-qualifier").value == "more than", "proposed from the quote"
        proposed_number = dialog.query_one("#cite-number").value
        await pilot.press("enter")  # (on "Of": the picker)
        await pick(pilot, "amgs", "amgs")
        await type_into(pilot, "cite-label", "Health professionals (cited)")
        dialog.query_one("#cite-speaker").focus()
        await pilot.press("enter")
        await pick(pilot, "sourdou", "abderraouf-sourdou")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CiteScreen), "the citation made")
        await saved(pilot)
        assert passage in app.screen.citations, "the passage is a cited quote of the article now"  # type: ignore[attr-defined]
    records, problems = read_by_marsad(path)
    cited = [fact for fact in records["amgs"].facts if fact.label == "Health professionals (cited)"]  # type: ignore[union-attr]
    assert len(cited) == 1 and problems == []
    fact = cited[0]
    assert (fact.quote, fact.value, fact.speaker, fact.qualifier) == (
        passage,
        passage,
        "abderraouf-sourdou",
        "more than",
    )
    assert fact.number == float(proposed_number)
    stored = [f for f in read_by_tinydb(path)["associations"]["1"]["facts"] if f["label"] == fact.label]
    assert stored[0]["quote"] == passage and stored[0]["speaker"] == "abderraouf-sourdou"


async def test_cite_a_founding_member_that_is_a_new_organization(tmp_path: Path) -> None:
    from tui.screens.cite import CiteScreen

    path = bundled_copy(tmp_path)
    app = MarsadApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await open_article(pilot, ("j",))
        passage = await find_and_select(pilot, "مجموعة", ("w",))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CiteScreen), "the cite dialog")
        dialog = app.screen
        await pilot.press("shift+tab", "down")  # (back to "As": a member of an association)
        await wait_for(pilot, lambda: dialog.query_one("#cite-member").display, "the member's fields")
        dialog.query_one("#cite-association").focus()
        await pilot.press("enter")
        await pick(pilot, "", "amgs")  # (the article's association, suggested before anything is typed)
        dialog.query_one("#cite-organization").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordPickerScreen), "the picker")
        await pilot.press(*"Clinique Zagora")
        await pilot.pause()
        await pilot.press("enter")  # (the first row: a new organization named as typed)
        await wait_for(pilot, lambda: app.screen is dialog, "back on the dialog")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CiteScreen), "the citation made")
        await saved(pilot)
        await pilot.press("u")
        await saved(pilot)
        undone, _ = read_by_marsad(path)
        assert "clinique-zagora" not in undone, "one undo takes back the member and the new organization"
        await pilot.press("U")
        await saved(pilot)
    records, problems = read_by_marsad(path)
    assert organization(records, "clinique-zagora").names.latin == "Clinique Zagora" and problems == []
    members = records["amgs"].members  # type: ignore[union-attr]
    assert members[-1].organization == "clinique-zagora" and members[-1].quote == passage
    assert members[-1].role == "founding member"
    assert read_by_tinydb(path)["associations"]["1"]["members"][-1]["organization"] == "clinique-zagora"


async def test_add_an_article_then_it_opens_to_be_cited(tmp_path: Path) -> None:
    from pilot_helpers import run_from_palette

    from tui.screens.add_article import AddArticleScreen
    from tui.screens.source import SourceScreen

    path = bundled_copy(tmp_path)
    text = "أعلنت مجموعة أكديتال عن افتتاح مصحة جديدة بزاكورة بطاقة 120 سريرا.\nوتضم المصحة 40 طبيبا."
    app = MarsadApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await run_from_palette(pilot, "Add article")
        await wait_for(pilot, lambda: isinstance(app.screen, AddArticleScreen), "the dialog")
        await pilot.press("ctrl+s")
        status = app.screen.query_one("#edit-status")
        await wait_for(pilot, lambda: "Paste the article" in str(status.render()), "an empty text refused")
        app.screen.query_one("#article-text").focus()
        await pilot.pause()
        app.screen.query_one("#article-text").insert(text)  # (as a paste lands)
        await type_into(pilot, "article-title", "مصحة جديدة بزاكورة")
        await type_into(pilot, "article-date", "2026-13-01")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "not a date" in str(status.render()), "a bad date refused, on the dialog")
        await type_into(pilot, "article-date", "2026-12-01")
        await type_into(pilot, "article-outlet", "Hespress")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceScreen), "the article opened")
        assert app.screen.article.text == text  # type: ignore[attr-defined]
        await saved(pilot)
    records, problems = read_by_marsad(path)
    added = [record for record in records.values() if getattr(record, "text", None) == text]
    assert len(added) == 1 and problems == []
    assert (added[0].title, added[0].outlet, added[0].date, added[0].language) == (  # type: ignore[union-attr]
        "مصحة جديدة بزاكورة",
        "Hespress",
        "2026-12-01",
        "ar",
    )
    assert any(document.get("text") == text for document in read_by_tinydb(path)["sources"].values())


async def test_an_edit_the_index_cannot_follow_is_still_saved_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notices
) -> None:
    import sqlite3

    import tui.edit.live as live

    path = bundled_copy(tmp_path)
    app = MarsadApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        app.prepare_editing()
        await wait_for(pilot, lambda: app._editing_ready, "the file read for editing")
        real = live.apply_to_index

        def full_disk(index, changed, removed, documents=None, *, records=None):  # type: ignore[no-untyped-def]
            if changed or removed:
                raise sqlite3.OperationalError("database or disk is full")
            real(index, changed, removed, documents, records=records)

        monkeypatch.setattr(live, "apply_to_index", full_disk)
        await on_first_fact_of(pilot, "1")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, EditFactScreen), "the fact editor")
        await type_into(pilot, "fact-label", "Saved anyway")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the dialog closed")
        await saved(pilot)
        assert any(n.title == "Edited, not shown" and "disk is full" in n.message for n in notices)
    assert t2s_facts(path)[0].label == "Saved anyway", "the file holds the edit"


async def test_correct_who_said_a_fact_then_say_it_is_the_article_s(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    app = MarsadApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await on_first_fact_of(pilot, "1")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, EditFactScreen), "the fact editor")
        app.screen.query_one("#fact-speaker").focus()
        await pilot.press("enter")
        await pick(pilot, "walton", "rob-walton")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the edit made")
        await saved(pilot)
        assert t2s_facts(path)[0].speaker == "rob-walton"
        assert read_by_tinydb(path)["organizations"]["1"]["facts"][0]["speaker"] == "rob-walton"
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, EditFactScreen), "the fact editor again")
        app.screen.query_one("#fact-speaker").focus()
        await pilot.press("backspace", "ctrl+s")  # (no one: the article itself says it)
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the edit made")
        await saved(pilot)
    assert t2s_facts(path)[0].speaker is None
    assert "speaker" not in read_by_tinydb(path)["organizations"]["1"]["facts"][0]

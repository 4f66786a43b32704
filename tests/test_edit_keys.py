"""Every editing key is in help (with its binding id), in the footer where there is room, and in the palette."""

from __future__ import annotations

from pilot_helpers import footer_text, help_keys, run_from_palette, wait_for, wait_until_loaded

from tui.app import MarsadApp
from tui.screens.add_article import AddArticleScreen
from tui.screens.edit_fact import EditFactScreen
from tui.screens.record_picker import RecordPickerScreen
from tui.screens.rename import RenameScreen
from tui.screens.source import SourceScreen

EDITING_BINDING_IDS = (
    "detail.correct",
    "detail.delete",
    "record.rename",
    "record.merge",
    "edit.undo",
    "edit.redo",
    "app.save",
    "article.cite",
    "cite.select",
    "cite.word",
    "cite.word-back",
    "cite.sentence",
    "cite.sentence-back",
    "cite.other-end",
    "cite.drop",
    "edit.apply",
    "edit.cancel",
    "records.choose",
    "confirm.yes",
    "confirm.no",
    "copy-bundled.copy",
)


async def test_help_lists_every_editing_key_with_its_id() -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        keys = await help_keys(pilot)
        for binding_id in EDITING_BINDING_IDS:
            assert binding_id in keys, binding_id


async def test_the_footers_show_the_editing_keys_where_there_is_room() -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "enter")
        footer = footer_text(app)
        for shown in ("c Correct", "d Delete", "r Rename"):
            assert shown in footer, (shown, footer)
        await pilot.press("5", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceScreen), "the article")
        assert "v Select" in footer_text(app)
        await pilot.press("v")
        await pilot.pause()
        footer = footer_text(app)
        for shown in ("c Cite as…", "wb Word", ")( Sentence", "o Other end", "esc Drop"):
            assert shown in footer, (shown, footer)
        assert "nN Quote" not in footer, "the quote keys leave the footer while a passage is selected"


async def test_the_passage_keys_fit_80_columns() -> None:
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("5", "s", "v")
        await pilot.pause()
        footer = footer_text(app)
        for shown in ("c Cite as…", "wb Word", ")( Sentence", "o Other end", "esc Drop"):
            assert shown in footer, (shown, footer)


async def test_the_palette_runs_the_editing_commands() -> None:
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("1", "enter")
        await run_from_palette(pilot, "Rename record")
        assert isinstance(app.screen, RenameScreen)
        await pilot.press("escape")
        await pilot.press("j", "j", "j", "j", "j")
        await run_from_palette(pilot, "Correct fact")
        assert isinstance(app.screen, EditFactScreen)
        await pilot.press("escape")
        await run_from_palette(pilot, "Merge record")
        assert isinstance(app.screen, RecordPickerScreen)
        await pilot.press("escape")
        await run_from_palette(pilot, "Add article")
        assert isinstance(app.screen, AddArticleScreen)
        await pilot.press("escape")
        await pilot.press("5", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceScreen), "the article")
        await run_from_palette(pilot, "Select a passage")
        assert app.screen.article.passage is not None  # type: ignore[attr-defined]

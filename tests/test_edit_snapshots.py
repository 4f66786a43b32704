"""Snapshots of every editing screen, at 80x24 and 120x40.

Each is shown as a user reaches it, on the bundled database (nothing is edited:
the dialogs are looked at before ctrl+s). Look at every changed SVG as PNG
(tools/snapshot_png.sh) before committing it: the Arabic of quotes, names and
passages joined, in reading order, right-aligned; the selected passage lit on
the words selected, wherever the reordering put them.
"""

from __future__ import annotations

import pytest
from pilot_helpers import wait_for, wait_until_loaded

from tui.app import MarsadApp

SIZES = [(80, 24), (120, 40)]


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


async def _fact_in_detail(pilot) -> None:
    """T2S open in the detail, the cursor on its first fact."""
    await pilot.press("1", "enter")
    detail = pilot.app.main_screen.detail
    while detail.current_block is None or detail.current_block.role != "fact":
        await pilot.press("j")


async def _article_with_passage(pilot) -> None:
    """The AMGS article, the passage from "أكثر من" over five words selected."""
    from tui.screens.source import SourceScreen

    await pilot.press("5", "j", "enter", "s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SourceScreen), "the article")
    await pilot.press("slash", *"أكثر من", "enter", "v", "w", "w", "w", "w")
    await _settle(pilot)


def _shot(snap_compare, size: tuple[int, int], keys) -> bool:
    async def run_before(pilot) -> None:
        await wait_until_loaded(pilot)
        await keys(pilot)
        await _settle(pilot)

    return snap_compare(MarsadApp(), terminal_size=size, run_before=run_before)


class TestCorrecting:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_detail_with_its_editing_keys(self, snap_compare, size: tuple[int, int]) -> None:
        assert _shot(snap_compare, size, _fact_in_detail)

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_fact_editor(self, snap_compare, size: tuple[int, int]) -> None:
        async def keys(pilot) -> None:
            await _fact_in_detail(pilot)
            await pilot.press("c")

        assert _shot(snap_compare, size, keys)

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_delete_question(self, snap_compare, size: tuple[int, int]) -> None:
        async def keys(pilot) -> None:
            await _fact_in_detail(pilot)
            await pilot.press("d")

        assert _shot(snap_compare, size, keys)

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_rename_dialog(self, snap_compare, size: tuple[int, int]) -> None:
        async def keys(pilot) -> None:
            await pilot.press("1", "j", "j", "j", "j", "enter", "r")

        assert _shot(snap_compare, size, keys)

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_merge_picker(self, snap_compare, size: tuple[int, int]) -> None:
        async def keys(pilot) -> None:
            from tui.screens.record_picker import RecordPickerScreen

            await pilot.press("1", "enter", "m", *"مجموعة")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, RecordPickerScreen), "the picker")
            picker = pilot.app.screen
            await wait_for(pilot, lambda: len(picker.rows) > 1, "the hits")

        assert _shot(snap_compare, size, keys)


class TestCiting:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_passage_selected_in_the_article(self, snap_compare, size: tuple[int, int]) -> None:
        assert _shot(snap_compare, size, _article_with_passage)

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_cite_as_a_fact(self, snap_compare, size: tuple[int, int]) -> None:
        async def keys(pilot) -> None:
            await _article_with_passage(pilot)
            await pilot.press("c")

        assert _shot(snap_compare, size, keys)

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_cite_as_a_member(self, snap_compare, size: tuple[int, int]) -> None:
        async def keys(pilot) -> None:
            await _article_with_passage(pilot)
            await pilot.press("c", "shift+tab", "down")

        assert _shot(snap_compare, size, keys)


class TestAdding:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_add_article_with_pasted_text(self, snap_compare, size: tuple[int, int]) -> None:
        async def keys(pilot) -> None:
            from tui.screens.add_article import AddArticleScreen

            pilot.app.action_add_article()
            await wait_for(
                pilot,
                lambda: (
                    isinstance(pilot.app.screen, AddArticleScreen) and bool(pilot.app.screen.query("#article-text"))
                ),
                "the dialog",
            )
            area = pilot.app.screen.query_one("#article-text")
            area.insert("أعلنت مجموعة أكديتال عن افتتاح مصحة جديدة بزاكورة بطاقة 120 سريرا.\nClinique Atlas ouvre.")
            area.move_cursor((0, 10))

        assert _shot(snap_compare, size, keys)

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_copy_the_bundled_database_first(
        self, snap_compare, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HOME", "/home/analyst")

        async def keys(pilot) -> None:
            from tui.screens.copy_bundled import CopyBundledScreen

            await _fact_in_detail(pilot)
            await pilot.press("c", "end", *" (agent)", "ctrl+s")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, CopyBundledScreen), "the offer")

        assert _shot(snap_compare, size, keys)

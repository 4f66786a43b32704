"""Snapshots of every screen, at 80x24 and 120x40, in a dark and a light theme.

After `--snapshot-update`, look at every changed SVG (render it to PNG, or run the
same keys in tmux) before committing it: Arabic must be joined, in reading order,
right-aligned, with Latin names and numbers intact.
"""

from __future__ import annotations

import pytest
from pilot_helpers import wait_for, wait_until_loaded

from tui.app import MarsadApp

SIZES = [(80, 24), (120, 40)]
THEMES = ["textual-dark", "textual-light"]

#: screen name -> keys pressed after the database is loaded
SCREENS = {
    "organizations": [],
    "association-detail": ["3", "enter"],
    "partnership-detail": ["2", "enter", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j"],
    "followed-member": ["3", "enter", "j", "j", "j", "j", "j", "j", "enter"],
    "person": ["4", "j"],
    "source-viewer": ["2", "enter", "j", "j", "j", "j", "j", "j", "j", "j", "j", "enter"],
    "help": ["question_mark"],
    "search-arabic": ["slash", *"اكديتال"],
    "search-latin": ["slash", *"sante"],
    "command-palette": ["ctrl+p", *"tazi"],
}


def _prepare(theme: str):
    async def run_before(pilot) -> None:
        pilot.app.theme = theme
        await wait_until_loaded(pilot)

    return run_before


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare, screen: str, size: tuple[int, int], theme: str) -> None:
    keys = SCREENS[screen]

    async def run_before(pilot) -> None:
        await _prepare(theme)(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(MarsadApp(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(40, 12), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_tiny_terminal(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await _prepare("textual-dark")(pilot)
        await pilot.press("3", "enter")
        # (the detail, shown by enter in a narrow terminal, is laid out once the screen has given it a width)
        await wait_for(pilot, lambda: bool(pilot.app.main_screen.detail.items), "the detail laid out at its width")
        await _settle(pilot)

    assert snap_compare(MarsadApp(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(60, 20), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_long_arabic_article(snap_compare, size: tuple[int, int]) -> None:
    """The text pipeline on a long Arabic text: the AMGS article in the source viewer."""

    async def run_before(pilot) -> None:
        await _prepare("textual-dark")(pilot)
        await pilot.press("5", "j", "s")
        await _settle(pilot)

    assert snap_compare(MarsadApp(), terminal_size=size, run_before=run_before)


def test_terminal_bidi_mode(snap_compare) -> None:
    """`--bidi terminal`: logical, unshaped text for terminals that do their own bidi."""

    async def run_before(pilot) -> None:
        await _prepare("textual-dark")(pilot)
        await pilot.press("3", "enter")
        await _settle(pilot)

    assert snap_compare(MarsadApp(bidi="terminal"), terminal_size=(100, 30), run_before=run_before)


def test_empty_database(snap_compare, tmp_path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("{}", encoding="utf-8")

    async def run_before(pilot) -> None:
        await _prepare("textual-dark")(pilot)

    app = MarsadApp(db_path=path)
    app.database_label = "empty.json"
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def _snap_keys(snap_compare, keys: list[str], size: tuple[int, int]) -> bool:
    """The app after `keys` (each one settled), dark theme."""

    async def run_before(pilot) -> None:
        await _prepare("textual-dark")(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)
        await _settle(pilot)

    return snap_compare(MarsadApp(), terminal_size=size, run_before=run_before)


class TestLanding:
    """Enter on a search hit: the fact selected and its words lit; an article hit at the match."""

    KEYS = {
        "fact": ["slash", *"مليون درهم", "enter"],
        "article": ["slash", *"صيانة", "down", "down", "down", "enter"],
    }

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    @pytest.mark.parametrize("hit", KEYS)
    def test_landing(self, snap_compare, hit: str, size: tuple[int, int]) -> None:
        assert _snap_keys(snap_compare, self.KEYS[hit], size)


class TestArticleViewer:
    """Quote by quote with the counter and what the quote supports; find in the article."""

    KEYS = {
        "fifth-quote": ["5", "s", *"nnnnn"],
        "find": ["5", "s", "slash", *"افريقيا"],
    }

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    @pytest.mark.parametrize("state", KEYS)
    def test_article(self, snap_compare, state: str, size: tuple[int, int]) -> None:
        assert _snap_keys(snap_compare, self.KEYS[state], size)


class TestCopy:
    """`y` on the training room's cost: what the notification says."""

    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_copy_a_fact(self, snap_compare, size: tuple[int, int]) -> None:
        assert _snap_keys(snap_compare, ["2", "enter", *"j" * 26, "y"], size)

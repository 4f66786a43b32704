"""Snapshots of the export prompt and its question before replacing a file, at 80x24 and 120x40.

Marsad is started in `/` here, so that the folder the prompt names is the same
on every machine. Look at every changed SVG (tools/snapshot_png.sh) before
committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import wait_for, wait_until_loaded

from tui.app import MarsadApp
from tui.screens.export import ConfirmReplace, ExportScreen

SIZES = [(80, 24), (120, 40)]


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_export_prompt(snap_compare, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """On a record of the Association pane: this list, this record (its Arabic name in reading order), everything."""
    monkeypatch.chdir("/")

    async def run_before(pilot) -> None:
        await wait_until_loaded(pilot)
        await pilot.press("3", "enter", "e")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExportScreen), "the prompt")
        await pilot.press("down", "tab", "down", "down", "down")  # (the arrows choose)
        await _settle(pilot)

    assert snap_compare(MarsadApp(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_replace_question(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await wait_until_loaded(pilot)
        await pilot.app.push_screen(ConfirmReplace(Path("/home/analyst/exports/organizations.csv")))
        await _settle(pilot)

    assert snap_compare(MarsadApp(), terminal_size=size, run_before=run_before)

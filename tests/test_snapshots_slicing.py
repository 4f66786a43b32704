"""Snapshots of slicing: a pane's filter, jump and sort, the sort menu, the kinds of fact, the facts table.

At 80x24 and 120x40, in the dark theme (two also in the light one). Look at every
changed SVG before committing it (`tools/snapshot_png.sh`): the filter in a
pane's title and the table's Arabic cells joined and in reading order, numbers
in Western digits with their units, columns aligned.
"""

from __future__ import annotations

import pytest
from pilot_helpers import wait_until_loaded

from tui.app import MarsadApp

SIZES = [(80, 24), (120, 40)]

#: state name -> keys pressed after the database is loaded
STATES = {
    "pane-filter-typing": ["1", "f", *"مجموعة"],
    "pane-filtered-sorted": ["1", "f", *"مجموعة", "enter", "greater_than_sign", "greater_than_sign"],
    "pane-filter-no-match": ["1", "f", *"xyz", "enter"],
    "pane-jump": ["1", "t", *"taz"],
    "sort-menu": ["1", "o"],
    "fact-kinds": ["F"],
    "facts-table": ["F", "enter"],
    "facts-amgs-figures": [
        "F",
        *"figures",
        "enter",
        "f",
        *"amgs",
        "enter",
        *["greater_than_sign"] * 4,
        "right_square_bracket",
    ],
    "facts-filter-typing": ["F", *"said", "enter", "f", *"روب"],
}
LIGHT = ("pane-filtered-sorted", "facts-amgs-figures")


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


def _snapshot(snap_compare, state: str, size: tuple[int, int], theme: str) -> bool:
    async def run_before(pilot) -> None:
        pilot.app.theme = theme
        await wait_until_loaded(pilot)
        for key in STATES[state]:
            await pilot.press(key)
            await _settle(pilot)
        await _settle(pilot)

    return snap_compare(MarsadApp(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("state", STATES)
def test_slicing_dark(snap_compare, state: str, size: tuple[int, int]) -> None:
    assert _snapshot(snap_compare, state, size, "textual-dark")


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("state", LIGHT)
def test_slicing_light(snap_compare, state: str, size: tuple[int, int]) -> None:
    assert _snapshot(snap_compare, state, size, "textual-light")

"""Snapshots of every screen of `test_snapshots.py`, and the facts table and the export dialog, in French and in
Arabic, at 80x24 and 120x40 (dark theme).

In Arabic the layout is mirrored: the lists on the right, the detail on the left,
titles, labels, breadcrumbs and the key bar from the right edge; Latin values
(T2S, GE Healthcare) still left to right inside. In French: French words and
typography (a no-break space before `:`). Look at every changed SVG as PNG
(tools/snapshot_png.sh) before committing it.
"""

from __future__ import annotations

import pytest
from test_snapshots import SCREENS, SIZES, _prepare, _settle

from tui.app import MarsadApp

LANGUAGES = ["fr", "ar"]
#: screen name -> keys pressed after the database is loaded (the screens of test_snapshots.py, and more)
LANGUAGE_SCREENS = {**SCREENS, "facts-table": ["F"], "export": ["1", "e"]}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", LANGUAGE_SCREENS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_screen_in_language(
    snap_compare, monkeypatch: pytest.MonkeyPatch, language: str, screen: str, size: tuple[int, int]
) -> None:
    keys = LANGUAGE_SCREENS[screen]
    monkeypatch.chdir("/")  # (the export dialog shows the folder it writes to)

    async def run_before(pilot) -> None:
        await _prepare("textual-dark")(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(MarsadApp(language=language), terminal_size=size, run_before=run_before)

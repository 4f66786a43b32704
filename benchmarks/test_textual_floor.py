"""The floor peer of the keys and start-up benchmarks does what Marsad does with the same keys, or its figures lie."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual.widgets import OptionList, Static

from benchmarks.textual_floor import TABLES, TextualFloor, read_tables
from tui.data.bundled import bundled_database_path

BENCHMARKS = Path(__file__).resolve().parent


def _shown(widget: Static) -> str:
    return str(widget.render())


async def test_the_floor_takes_marsads_keys_on_its_screen() -> None:
    tables = read_tables(bundled_database_path())
    app = TextualFloor(tables)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [pane.id for pane in app.query(OptionList)] == [table for table, _title in TABLES]
        organizations = app.organizations
        assert organizations.has_focus and organizations.option_count == len(tables["organizations"])
        first = _shown(app.query_one("#detail", Static))
        await pilot.press("j")
        await pilot.pause()
        assert organizations.highlighted == 1
        assert _shown(app.query_one("#detail", Static)) != first, "the detail follows the list"
        assert tables["organizations"][1]["names"]["latin"] in _shown(app.query_one("#crumbs", Static))
        await pilot.press("pagedown")
        assert organizations.highlighted > 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.query_one("#detail-pane")
        await pilot.press("escape")
        await pilot.pause()
        assert organizations.has_focus
        await pilot.press("enter", "backspace", "g")
        await pilot.pause()
        assert organizations.has_focus and organizations.highlighted == 0


def test_the_start_up_child_times_the_floors_first_frame() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "_child.py"), "startup-floor"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("BENCH-RESULT "))
    result = json.loads(line.removeprefix("BENCH-RESULT "))
    assert result["first_frame_ms"] > result["imports_ms"] > 0

"""What reaches a real terminal when a screen changes: every row where the app drew it.

Textual sends only the regions it thinks changed; a widget whose line holds a line
break moves the terminal's cursor down a row, and on the bottom row scrolls the
whole screen up by one, leaving every region that was not redrawn one row too high
(issue 18: `1`, `f`, `groupe` left the detail's top border replaced by the previous
record's title, its bottom border broken, the old key bar's text on the filter row).
Here the app runs in a pty, its bytes are played into a terminal emulator (pyte),
and the rows are checked as a user would see them.
"""

from __future__ import annotations

import re
import sys

import pytest
from terminal_session import MAIN_SCREEN_DRAWN, TerminalSession, clean_environment

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

SIZES = [(120, 36), (80, 24)]


def _detail_framed(rows: list[str]) -> bool:
    """The detail pane's top border on the row under the breadcrumbs."""
    return "╭─ Detail" in rows[1]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_typing_a_pane_filter_leaves_every_border_where_it_was_drawn(size: tuple[int, int]) -> None:
    columns, lines = size
    environment = clean_environment({"COLUMNS": str(columns), "LINES": str(lines), "XTERM_VERSION": "XTerm(379)"})
    with TerminalSession(["-m", "tui"], env=environment, columns=columns, lines=lines) as session:
        session.wait_for(MAIN_SCREEN_DRAWN)
        session.wait_for_screen(lambda rows: _detail_framed(rows) and "T2S" in rows[2], "the main screen, filled")
        session.press(b"1")
        session.press(b"f")
        # the prompt, the cursor's cell (drawn once the bar has the focus), then the placeholder (cut to the bar
        # at a word with "…", never wrapped)
        session.wait_for_screen(
            lambda rows: rows[-2].startswith(("filter:  names holding…", "filter:  names…")), "the filter bar, focused"
        )
        session.press(b"groupe")
        rows = session.wait_for_screen(
            lambda rows: "“groupe”" in rows[1] and "Groupe Tazi" in rows[2] and "Done" in rows[-1],
            "the pane filtered by “groupe”",
        )
        assert _detail_framed(rows), rows[1]
        assert "Groupe Tazi" in "".join(rows[2:6]), "the detail shows the filtered pane's first record"
        assert "palette" not in rows[-2] and "Search" not in rows[-2], f"the old key bar on the filter row: {rows[-2]}"
        assert re.search(r"╰─+╯$", rows[-2].rstrip()), f"the detail's bottom border is broken: {rows[-2]}"
        assert rows[-1].lstrip().startswith("⏎ Done"), rows[-1]
        session.press(b"\x1b")  # (escape clears the filter; a second leaves nothing to go back to)
        session.wait_for_screen(lambda rows: "“groupe”" not in rows[1], "the filter cleared")
        session.press(b"q")
        assert session.finish() == 0


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_no_line_of_the_screen_holds_a_line_break_while_a_filter_is_typed(size: tuple[int, int]) -> None:
    """The cause, checked where it is made: every line the compositor sends is one row (a pilot test)."""
    from pilot_helpers import wait_until_loaded

    from tui.app import MarsadApp

    def line_breaks() -> list[int]:
        strips = app.screen._compositor.render_strips()
        return [row for row, strip in enumerate(strips) if any("\n" in segment.text for segment in strip)]

    app = MarsadApp()
    async with app.run_test(size=size) as pilot:
        await wait_until_loaded(pilot)
        for key in ("1", "f", *"groupe"):
            await pilot.press(key)
            await pilot.pause()
            assert not line_breaks(), f"after {key!r}: rows {line_breaks()} hold a line break"
        await pilot.press("escape", "t")  # the jump bar has a placeholder too
        await pilot.pause()
        assert not line_breaks()

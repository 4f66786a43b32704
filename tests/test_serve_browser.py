"""`marsad serve` in a real headless Chromium: the page loads, the app starts, Arabic is drawn shaped and in order.

The page's terminal is xterm.js, which neither shapes nor reorders: what it holds
cell by cell is what it draws. The test serves the bundled database, opens the page
in Debian's `chromium` driven over the DevTools protocol (tools/served_page.py,
shared with the terminal matrix), reads xterm.js's buffer once the main screen is
up, takes a screenshot, and compares the rows with the text pipeline's visual
lines. Without Chromium the test is skipped and says so (`.ci/run` installs it).
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from served_server import serving

from tools.served_page import Page, chromium_command, start_chromium, stop
from tui.text.layout import layout

needs_chromium = pytest.mark.skipif(
    chromium_command() is None,
    reason="headless Chromium is not installed (Debian package 'chromium'; .ci/run installs it)",
)


async def served_screen(page_url: str, devtools: int, screenshot: Path) -> str:
    """The served app's main screen once its footer is up, as xterm.js holds it; its screenshot goes to `screenshot`."""
    async with Page.open(devtools) as page:
        screen = await page.show_served_app(page_url, main_screen=("Organizations", "bundled database"))
        await asyncio.sleep(0.5)  # the rows are in xterm.js's buffer; it paints them on the next animation frames
        await page.screenshot(screenshot)
        return screen


@needs_chromium
def test_served_app_draws_arabic_shaped_and_in_order(tmp_path: Path) -> None:
    chromium = None
    with serving() as served:  # (its address holds this run's secret: the page is served to nobody without it)
        try:
            chromium, devtools = start_chromium(tmp_path / "profile", "--window-size=1280,800")
            screenshot = tmp_path / "served.png"
            screen = asyncio.run(served_screen(served.address, devtools, screenshot))
        finally:
            stop(chromium)
    assert screenshot.stat().st_size > 10_000 and screenshot.read_bytes().startswith(b"\x89PNG")
    # the header shows the first organization's name: the pipeline's visual line, cell for cell
    name = "مجموعة T2S"
    visual = layout(name, 40)[0].text
    assert visual in screen, f"{visual!r} not drawn; screen:\n{screen}"
    assert name not in screen, "Arabic reached the page in storage order"
    assert re.search("[\ufe70-\ufeff]", screen), "no presentation forms: unshaped"
    # a right-to-left name is right-aligned in its pane: it ends at the pane's right border
    assert re.search(re.escape(layout("مجموعة جسوس", 40)[0].text) + r"\s*│", screen)

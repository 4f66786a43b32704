"""What pilot tests share: waiting for what must happen (the database and index load in a
worker, searches run in the background), reading the key bar, running a palette command."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from textual.notifications import SeverityLevel

LOAD_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class Notice:
    """A notification as the app posted it (after Marsad's gate, `MarsadApp.notify`), as the
    `notices` fixture (conftest.py) records it."""

    message: str
    title: str
    severity: SeverityLevel


async def wait_until_loaded(pilot) -> None:
    """Return once the database is shown, its search index is ready and every worker has
    ended; or, when loading failed, once the app has decided to leave (its exit code is set).

    (Not its workers then: the app's exit cancels whatever still runs, and a cancelled
    worker is no answer to wait for.)
    """
    app = pilot.app
    await wait_for(
        pilot,
        lambda: (
            (app.database is not None and app.search_index is not None)
            or app.load_error is not None
            or not app.is_running
        ),
        "the database loaded (or its load failed)",
    )
    if app.load_error is not None:
        await wait_for(pilot, lambda: app.return_code is not None, "the app leaving after a failed load")
        return
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for(pilot, condition: Callable[[], bool], what: str, timeout: float = LOAD_TIMEOUT) -> None:
    """Let the app run until `condition()` holds; fail after `timeout` seconds, never sleep blind."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not seen within {timeout:.0f} s: {what}")
        await pilot.pause(0.02)


def screen_strips(app) -> list:
    """Every line of the screen, as the compositor sends it to the terminal (a `Strip` each).

    Textual has no public reader of what it draws except screenshots (SVG, for a person
    to look at): this reads the screen's compositor, a private attribute, on purpose and
    only here.
    """
    return app.screen._compositor.render_strips()


def footer_text(app) -> str:
    """The key bar's line as the compositor draws it."""
    from tui.widgets.footer import KeysFooter

    footer = app.screen.query_one(KeysFooter)
    return screen_strips(app)[footer.region.y].text


async def run_from_palette(pilot, name: str) -> None:
    """Type `name` in the command palette, wait until it is the first command, run it."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p", *name)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    commands = palette.query_one(CommandList)
    await wait_for(
        pilot,
        lambda: bool(commands.option_count) and name in str(commands.get_option_at_index(0).prompt),
        f"{name!r} in the palette",
        10,
    )
    await pilot.press("enter")
    await pilot.pause()


async def help_keys(pilot) -> str:
    """Open help (`?`) and return the text of its list of keys."""
    from tui.screens.help import HelpScreen

    await pilot.press("question_mark")
    assert isinstance(pilot.app.screen, HelpScreen)
    return str(pilot.app.screen.query_one("#help-keys").render())

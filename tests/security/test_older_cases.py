"""Door 7, older cases broken again: settings not UTF-8, `marsad | cat`, `TERM=dumb`, 60,000 aliases, a stop.

Issue 17 found that a settings file with a byte that is not UTF-8 gave a
traceback and the app did not start; that `marsad | cat` and `TERM=dumb` drew,
then ignored `q` and redrew for ever (Textual and Rich measured the window
differently: fine only at 80x24 or with COLUMNS/LINES set); that a 1.8 MB file
with 60,000 aliases left the terminal blank for about 13 s; and that a stop
(SIGTSTP) left the terminal's bidi off until `fg`. Each runs the real command in
a pseudo-terminal of 100x30 (tests/terminal_session.py) where it can.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path

import pyte
import pytest
from pilot_helpers import wait_for
from terminal_session import MAIN_SCREEN_DRAWN, TerminalSession, clean_environment

from tui.app import MarsadApp
from tui.settings import load_settings

ALT_ON, ALT_OFF = b"\x1b[?1049h", b"\x1b[?1049l"
BDSM_OFF, BDSM_ON = b"\x1b[8l", b"\x1b[8h"


def settings_with_a_byte_that_is_not_utf8(config: Path) -> Path:
    path = config / "marsad" / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"theme": "\xff\xfe"}')
    return path


def test_settings_that_are_not_utf8_give_the_defaults_and_say_why(tmp_path: Path) -> None:
    path = settings_with_a_byte_that_is_not_utf8(tmp_path)
    loaded = load_settings(path)
    assert loaded.settings.theme == "textual-dark"
    assert loaded.problem == f"{path}: not a settings file (it holds bytes that are not UTF-8)"


async def test_the_app_starts_with_settings_that_are_not_utf8(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    settings_with_a_byte_that_is_not_utf8(tmp_path)
    app = MarsadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: any(n.title == "Settings not read" for n in app._notifications), "a notice")
        assert app.is_running


def without_a_size(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a shell that did not export COLUMNS and LINES (most do not)."""
    environment = clean_environment(extra)
    del environment["COLUMNS"], environment["LINES"]
    return environment


def drawn(output: bytes) -> list[str]:
    """The rows a 100x30 terminal shows after `output`."""
    screen = pyte.Screen(100, 30)
    pyte.ByteStream(screen).feed(output)
    return screen.display


def answers_q_at_the_window_s_size(session: TerminalSession) -> None:
    loaded = session.wait_for(b"bundled database")  # (the header, once the rows are in)
    session.wait_for(b"\x1b[1;1H", start=loaded)  # (the end of that frame)
    rows = drawn(bytes(session.output))
    assert rows[0].rstrip().endswith("bundled database") and len(rows[0].rstrip()) >= 98, rows[0]  # the right edge
    assert "palette" in rows[29], rows  # the bottom row
    session.press(b"q")
    assert session.finish() == 0


def test_piped_output_draws_at_the_window_s_size_and_answers_q() -> None:
    shell = "import os, sys; os.execvp('sh', ['sh', '-c', sys.argv[1]])"
    with TerminalSession(["-c", shell, f"exec {sys.executable} -m tui | cat"], env=without_a_size()) as session:
        answers_q_at_the_window_s_size(session)


def test_a_dumb_terminal_draws_at_the_window_s_size_and_answers_q() -> None:
    with TerminalSession(["-m", "tui"], env=without_a_size({"TERM": "dumb"})) as session:
        answers_q_at_the_window_s_size(session)


def test_a_stop_gives_the_terminal_back_and_a_continue_takes_it_again() -> None:
    with TerminalSession(["-m", "tui"]) as session:
        session.wait_for(MAIN_SCREEN_DRAWN)
        stopped_at = len(session.output)
        session.signal(signal.SIGTSTP)
        left = session.wait_for(BDSM_ON, start=stopped_at)  # the terminal's bidi back on...
        assert stopped_at <= session.output.find(ALT_OFF, stopped_at) < left  # ...after the alternate screen is left
        end = time.monotonic() + 30
        while Path(f"/proc/{session.process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "T":
            assert time.monotonic() < end, "the process did not stop"
            time.sleep(0.05)
        continued_at = len(session.output)
        session.signal(signal.SIGCONT)
        drawn = session.wait_for(MAIN_SCREEN_DRAWN, start=continued_at)  # redrawn
        switched = session.output.find(BDSM_OFF, continued_at)
        assert continued_at <= switched < session.output.find(ALT_ON, continued_at) < drawn
        session.press(b"q")
        assert session.finish() == 0
        output = bytes(session.output)
    assert output.count(BDSM_OFF) == output.count(BDSM_ON) == 2


def test_a_file_with_60000_aliases_is_drawn_before_it_is_indexed(tmp_path: Path) -> None:
    aliases = [f"Alias {number} of the clinic" for number in range(60_000)]
    path = tmp_path / "aliases.json"
    data = {"organizations": {"1": {"id": "many", "names": {"latin": "Many Names", "aliases": aliases}}}}
    path.write_text(json.dumps(data), encoding="utf-8")
    environment = clean_environment({"XDG_CACHE_HOME": str(tmp_path / "cache")})
    with TerminalSession(["-m", "tui", "--db", str(path)], env=environment) as session:
        first = session.wait_for(b"Loading")  # the panes are up while the index is built
        rows = session.wait_for(b"Many Names", deadline=300)
        assert first < rows
        session.press(b"\r")
        session.wait_for(b"Alias 0 of the clinic", start=rows)  # its aliases (cut for display: tui.presentation.detail)
        session.press(b"q")
        assert session.finish() == 0

"""`marsad` in a real pseudo-terminal: hostile data never drives the terminal, and it is restored.

Each test runs `python -m tui --db HOSTILE.json` under a pty of 100x30 with
TERM=xterm-256color and plays what the app writes into a terminal emulator
(pyte). Every key waits for what it must bring on screen (a deadline and a
condition, never a fixed delay), so a loaded machine makes a test slower, not
wrong. Then the raw bytes are checked: Textual emits many escape sequences of its
own, so the payloads in the data are distinctive (an OSC title `PWNED`, an OSC 52
clipboard write, an OSC 8 link to `http://evil`) and searched for byte for byte,
and no operating system command but Textual's own may appear.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyte
import pytest
from hostile_records import FORBIDDEN_BYTES, hostile_database, write_database
from terminal_session import readable

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

ROOT = Path(__file__).resolve().parent.parent
COLUMNS, LINES = 100, 30
#: how long any one expectation may take to come true on a loaded machine
DEADLINE = 60.0
REPLACEMENT = "\ufffd"
ALT_SCREEN_ON, ALT_SCREEN_OFF = b"\x1b[?1049h", b"\x1b[?1049l"
CURSOR_HIDE, CURSOR_SHOW = b"\x1b[?25l", b"\x1b[?25h"
BIDI_OFF, BIDI_ON = b"\x1b[8l", b"\x1b[8h"
ESCAPE, ENTER, CTRL_C = b"\x1b", b"\r", b"\x03"

#: runs the app with the loader's cleaning switched off, to test the display layer alone
RAW_RUNNER = (
    "import sys, tui.data.records as records\n"
    "records.clean_tree = lambda value, key=None: value\n"
    "from tui.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


class TerminalSession:
    """`python ARGS` in a pty, its output kept raw and played into a pyte screen."""

    def __init__(self, args: list[str], env_extra: dict[str, str] | None = None) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
        env.update(
            TERM="xterm-256color",
            COLUMNS=str(COLUMNS),
            LINES=str(LINES),
            PYTHONPATH=str(ROOT),
            MARSAD_BIDI="app",
            **(env_extra or {}),
        )
        env.pop("NO_COLOR", None)
        self.process = subprocess.Popen(
            [sys.executable, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=ROOT,
            start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.closed = False

    # -- reading --------------------------------------------------------------------
    def _pump(self, timeout: float) -> None:
        """Take what the app wrote within `timeout` seconds into the emulator."""
        if self.closed:
            time.sleep(min(timeout, 0.05))  # nothing more can come: let the caller's clock run
            return
        if not readable(self.master, timeout):
            return
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: every writer of the pty is gone
            chunk = b""
        if not chunk:
            self.closed = True
            return
        self.output += chunk
        self.stream.feed(chunk)

    def text(self) -> str:
        """What the terminal shows now, line by line."""
        return "\n".join(self.screen.display)

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """Read until `condition()` holds; fail, showing the screen, after the deadline."""
        deadline = time.monotonic() + DEADLINE
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"not seen within {DEADLINE:.0f} s: {what}\n--- screen ---\n{self.text()}\n"
                    f"--- last bytes ---\n{bytes(self.output[-1500:])!r}"
                )
            if self.closed and self.process.poll() is not None:
                raise AssertionError(
                    f"the app exited ({self.process.returncode}) before: {what}\n{bytes(self.output[-1500:])!r}"
                )
            self._pump(0.05)

    def wait_for_text(self, *texts: str) -> None:
        self.wait_for(lambda: all(text in self.text() for text in texts), f"{texts!r} on screen")

    def wait_for_top_line(self, start: str) -> None:
        self.wait_for(lambda: self.screen.display[0].strip().startswith(start), f"top line starting {start!r}")

    # -- acting ---------------------------------------------------------------------
    def press(self, key: bytes) -> None:
        os.write(self.master, key)

    def interrupt(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)

    def wait_for_exit(self) -> int:
        """Read everything up to the end of the output; return the exit code."""
        self.wait_for(lambda: self.closed, "the app closing the terminal")
        try:
            return self.process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            raise AssertionError("the app closed its terminal but did not exit") from None

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)


@pytest.fixture
def session_of() -> Iterator[Callable[..., TerminalSession]]:
    sessions: list[TerminalSession] = []

    def start(args: list[str], env_extra: dict[str, str] | None = None) -> TerminalSession:
        sessions.append(TerminalSession(args, env_extra))
        return sessions[-1]

    yield start
    for session in sessions:
        session.close()


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_database(tmp_path_factory.mktemp("pty") / "hostile.json", hostile_database())


def wait_until_drawn(session: TerminalSession) -> None:
    """The main screen with the database loaded: its first record selected."""
    session.wait_for_top_line("Marsad › Organizations › [bold]x[/]")
    session.wait_for_text("[bold]x[/]", "EscName")


def browse_every_hostile_string(session: TerminalSession) -> None:
    """Show the escape record's detail, its source, search results and the person with an escape role."""
    wait_until_drawn(session)
    # the escape record's row is the last of the organizations; its detail shows
    # every escape payload as name, alias, label, value
    session.press(b"G")
    session.wait_for_text("Organization · escape-org", "EscAlias", "EscValue", "EscRole")
    assert REPLACEMENT in session.text(), "escapes show as U+FFFD"
    session.press(ENTER)
    session.press(b"j")
    session.press(b"s")  # its source: the article holds every payload too
    session.wait_for_top_line("Marsad › Source ›")
    session.wait_for_text("EscQuote", "EscRoleQuote")
    session.press(ESCAPE)
    session.wait_for_top_line("Marsad › Organizations ›")
    session.press(b"/")
    session.wait_for_text("Type to search every record")
    session.press(b"Esc")
    session.wait_for_text("3 results", "EscName…", "EscRole", "EscOutlet")
    session.press(ESCAPE)
    session.wait_for(
        lambda: "Type to search every record" not in session.text() and "results" not in session.text(),
        "the search closed",
    )
    session.press(b"4")  # the person with an escape role
    session.wait_for_top_line("Marsad › People › $variable")
    session.wait_for_text("Person · hostile-person", "EscRole")
    session.press(b"q")


def assert_no_payload(session: TerminalSession) -> None:
    output = bytes(session.output)
    for payload in FORBIDDEN_BYTES:
        assert payload not in output, f"{payload!r} reached the terminal"
    # a raw C1 byte can only be told from a UTF-8 continuation byte by decoding
    text = output.decode("utf-8", errors="surrogateescape")
    c1 = [hex(ord(ch)) for ch in text if "\x80" <= ch <= "\x9f" or "\udc80" <= ch <= "\udc9f"]
    assert not c1, f"C1 controls reached the terminal: {c1[:10]}"
    # the only operating system commands are Textual's own (OSC 22: the mouse pointer's shape)
    commands = set(re.findall(rb"\x1b\](\d*)", output))
    assert commands <= {b"22"}, f"OSC {commands} reached the terminal"


def assert_restored(session: TerminalSession, *, bidi: bool = True) -> None:
    """The last word on each mode the app took is the one that gives it back."""
    output = bytes(session.output)
    assert b"Traceback" not in output
    assert output.rfind(ALT_SCREEN_OFF) > output.rfind(ALT_SCREEN_ON) > -1, "alternate screen not left"
    assert output.rfind(CURSOR_SHOW) > output.rfind(CURSOR_HIDE) > -1, "cursor not shown again at exit"
    assert not session.screen.cursor.hidden
    if bidi:
        assert output.rfind(BIDI_ON) > output.rfind(BIDI_OFF) > -1, (
            "CSI 8 l at start-up, CSI 8 h (terminal bidi back on) at exit"
        )
    else:
        assert BIDI_OFF not in output and BIDI_ON not in output


def test_hostile_data_never_reaches_the_terminal(hostile_file: Path, session_of) -> None:
    session = session_of(["-m", "tui", "--db", str(hostile_file)])
    browse_every_hostile_string(session)
    assert session.wait_for_exit() == 0
    assert_no_payload(session)
    assert_restored(session)


def test_display_layer_alone_keeps_escapes_off_the_terminal(hostile_file: Path, session_of) -> None:
    """Same, with the loader's cleaning bypassed: the widgets' own sanitising must hold."""
    session = session_of(["-c", RAW_RUNNER, "--db", str(hostile_file)])
    browse_every_hostile_string(session)
    assert session.wait_for_exit() == 0
    assert_no_payload(session)
    assert_restored(session)


def test_ctrl_c_quits_and_restores_the_terminal(hostile_file: Path, session_of) -> None:
    """In a raw-mode terminal ctrl+c is a key, bound to quit."""
    session = session_of(["-m", "tui", "--db", str(hostile_file)])
    wait_until_drawn(session)
    session.press(b"j")
    session.wait_for_top_line("Marsad › Organizations › tail [/]")
    session.press(CTRL_C)
    assert session.wait_for_exit() == 0
    assert_no_payload(session)
    assert_restored(session)


def test_sigint_exits_cleanly_and_restores_the_terminal(hostile_file: Path, session_of) -> None:
    """An interrupt signal (kill -INT) to the drawn app: it quits, with the exit code of an
    interrupted command (130)."""
    session = session_of(["-m", "tui", "--db", str(hostile_file)])
    wait_until_drawn(session)
    session.press(b"j")
    session.wait_for_top_line("Marsad › Organizations › tail [/]")
    session.interrupt()
    assert session.wait_for_exit() == 130
    assert_no_payload(session)
    assert_restored(session)


def test_terminal_bidi_mode_sends_no_bdsm(hostile_file: Path, session_of) -> None:
    session = session_of(["-m", "tui", "--db", str(hostile_file), "--bidi", "terminal"])
    wait_until_drawn(session)
    session.wait_for_text("أكديتال [bold]مجموعة[/]")  # logical, unshaped: the terminal does the bidi
    session.press(b"q")
    assert session.wait_for_exit() == 0
    assert_no_payload(session)
    assert_restored(session, bidi=False)

"""`marsad` in a real pseudo-terminal: hostile data never drives the terminal, and it is restored.

Each test runs `python -m tui --db HOSTILE.json` under a pty of 100x30 with
TERM=xterm-256color, sends a few keys, reads the raw bytes the app wrote, and
checks them. Textual emits many escape sequences of its own, so the payloads in
the data are distinctive (an OSC title `PWNED`, an OSC 52 clipboard write, an OSC 8
link to `http://evil`) and searched for byte for byte.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "hostile"))

from hostile_records import FORBIDDEN_BYTES, hostile_database, write_database  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

ROOT = Path(__file__).resolve().parent.parent
REPLACEMENT = "\ufffd".encode()
ALT_SCREEN_OFF = b"\x1b[?1049l"
CURSOR_SHOW = b"\x1b[?25h"
BIDI_OFF, BIDI_ON = b"\x1b[8l", b"\x1b[8h"

#: runs the app with the loader's cleaning switched off, to test the display layer alone
RAW_RUNNER = (
    "import sys, tui.data.records as records\n"
    "records.clean_tree = lambda value, key=None: value\n"
    "from tui.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def run_in_pty(args: list[str], keys: list[tuple[float, bytes | str]], *, total: float = 6.0, env_extra: dict | None = None) -> tuple[bytes, int]:
    """Run `python ARGS` in a 100x30 pty; send each key after its delay; return (output, exit code)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.update(TERM="xterm-256color", COLUMNS="100", LINES="30", PYTHONPATH=str(ROOT), MARSAD_BIDI="app", **(env_extra or {}))
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, *args], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True,
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
    )
    os.close(slave)
    output = bytearray()
    start = time.monotonic()
    pending = list(keys)
    exit_code = None
    try:
        while time.monotonic() - start < total:
            if pending and time.monotonic() - start >= pending[0][0]:
                key = pending.pop(0)[1]
                if key == "SIGINT":
                    os.killpg(process.pid, signal.SIGINT)
                else:
                    os.write(master, key)
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the pty
                    chunk = b""
                if not chunk:
                    break
                output += chunk
            if process.poll() is not None and not pending:
                # drain what is left
                while select.select([master], [], [], 0.1)[0]:
                    try:
                        chunk = os.read(master, 65536)
                    except OSError:
                        break
                    if not chunk:
                        break
                    output += chunk
                break
        try:
            exit_code = process.wait(timeout=max(1.0, total - (time.monotonic() - start)))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise AssertionError(f"the app did not exit; output tail: {bytes(output[-2000:])!r}")
    finally:
        os.close(master)
    return bytes(output), exit_code


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_database(tmp_path_factory.mktemp("pty") / "hostile.json", hostile_database())


# The escape record's row is the last of the organizations; `G` goes there and
# `enter` shows its detail (every escape payload as name, alias, label, value).
BROWSE_KEYS = [
    (1.2, b"G"),
    (1.5, b"\r"),
    (1.8, b"j"),
    (2.0, b"s"),  # its source: the article holds every payload too
    (2.4, b"\x1b"),
    (2.7, b"/"),
    (2.9, b"Esc"),
    (3.3, b"\x1b"),
    (3.6, b"4"),  # the person with an escape role
    (3.9, b"q"),
]


def assert_no_payload(output: bytes) -> None:
    for payload in FORBIDDEN_BYTES:
        assert payload not in output, f"{payload!r} reached the terminal"
    # a raw C1 byte can only be told from a UTF-8 continuation byte by decoding
    text = output.decode("utf-8", errors="surrogateescape")
    c1 = [hex(ord(ch)) for ch in text if "\x80" <= ch <= "\x9f" or "\udc80" <= ch <= "\udc9f"]
    assert not c1, f"C1 controls reached the terminal: {c1[:10]}"


def assert_restored(output: bytes, *, bidi: bool = True) -> None:
    tail = output[-400:]
    assert ALT_SCREEN_OFF in tail, f"alternate screen not left: {tail!r}"
    assert output.rfind(CURSOR_SHOW) > output.rfind(ALT_SCREEN_OFF) - 200, "cursor not shown again at exit"
    assert b"Traceback" not in output
    if bidi:
        assert BIDI_OFF in output, "CSI 8 l (terminal bidi off) was not sent"
        assert output.rfind(BIDI_ON) > output.rfind(BIDI_OFF), "CSI 8 h (terminal bidi back on) was not sent at exit"


def test_hostile_data_never_reaches_the_terminal(hostile_file: Path):
    output, code = run_in_pty(["-m", "tui", "--db", str(hostile_file)], BROWSE_KEYS)
    assert code == 0, output[-2000:]
    assert b"EscName" in output or b"EscValue" in output, "the hostile record was drawn"
    assert REPLACEMENT in output, "escapes show as U+FFFD"
    assert_no_payload(output)
    assert_restored(output)


def test_display_layer_alone_keeps_escapes_off_the_terminal(hostile_file: Path):
    """Same, with the loader's cleaning bypassed: the widgets' own sanitising must hold."""
    output, code = run_in_pty(["-c", RAW_RUNNER, "--db", str(hostile_file)], BROWSE_KEYS)
    assert code == 0, output[-2000:]
    assert b"EscValue" in output or b"EscName" in output
    assert REPLACEMENT in output
    assert_no_payload(output)
    assert_restored(output)


def test_ctrl_c_then_ctrl_q_exits_cleanly_and_restores_the_terminal(hostile_file: Path):
    """In a raw-mode terminal ctrl+c is a key: Textual 8 answers it with a "press ctrl+q" notice."""
    output, code = run_in_pty(["-m", "tui", "--db", str(hostile_file)], [(1.2, b"j"), (1.5, b"\x03"), (2.0, b"\x11")], total=5.0)
    assert code == 0, code
    assert_no_payload(output)
    assert_restored(output)


def test_sigint_exits_cleanly_and_restores_the_terminal(hostile_file: Path):
    """An interrupt signal (kill -INT, or ctrl+c before the terminal is in raw mode)."""
    output, code = run_in_pty(["-m", "tui", "--db", str(hostile_file)], [(1.2, b"j"), (1.6, "SIGINT")], total=5.0)
    assert code in (0, 130), code
    assert_no_payload(output)
    assert_restored(output)


def test_terminal_bidi_mode_sends_no_bdsm(hostile_file: Path):
    output, code = run_in_pty(["-m", "tui", "--db", str(hostile_file), "--bidi", "terminal"], [(1.2, b"j"), (1.5, b"q")], total=5.0)
    assert code == 0
    assert BIDI_OFF not in output and BIDI_ON not in output
    assert_no_payload(output)
    assert_restored(output, bidi=False)

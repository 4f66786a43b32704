"""The terminal handshake in a real pseudo-terminal: what is sent, where, in which order, on every way out.

Marsad's escapes (`tui.terminal.detect`) must reach the terminal before Textual enters the
alternate screen (`CSI ? 1049 h`) and be undone after it leaves it (`CSI ? 1049 l`),
whichever of stdout and stderr is the terminal, on `q`, ctrl+c, SIGINT, SIGTERM,
SIGHUP, an exception and a load error. A standard input that is not a terminal is
refused with one line and exit 2. Each test waits for the main screen to be drawn
before it acts (`tests/terminal_session.py`).
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from terminal_session import MAIN_SCREEN_DRAWN, ROOT, TerminalSession, clean_environment

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

ALT_ON, ALT_OFF = b"\x1b[?1049h", b"\x1b[?1049l"
BDSM_OFF, BDSM_ON = b"\x1b[8l", b"\x1b[8h"
KONSOLE_OFF, KONSOLE_ON = b"\x1b]50;BidiRenderingEnabled=false\x07", b"\x1b]50;BidiRenderingEnabled=true\x07"
MLTERM_OFF, MLTERM_ON = b"\x1b]5379;use_ctl=false\x07", b"\x1b]5379;use_ctl=true\x07"

#: runs the CLI with one thing changed, given as Python on the command line
RUNNER = "import sys\n{patch}\nfrom tui.cli import main\nsys.exit(main(sys.argv[1:]))\n"
HELP_RAISES = (
    "from tui.app import MarsadApp\ndef boom(self):\n    raise RuntimeError('boom from a test')\n"
    "MarsadApp.action_help = boom"
)
LOAD_IN_WORKER = "import tui.store.opening\ntui.store.opening.opens_at_once = lambda path: False"


def assert_handshake(output: bytes, enter: list[bytes], leave: list[bytes]) -> None:
    """`enter` once each, in order, before the alternate screen; `leave` once each, in order, after it."""
    assert output.count(ALT_ON) == 1 and output.count(ALT_OFF) == 1, output[-800:]
    alt_on, alt_off = output.index(ALT_ON), output.index(ALT_OFF)
    positions = [output.find(escape) for escape in enter]
    assert all(0 <= at < alt_on for at in positions), (
        f"{enter} not all before the alternate screen: {output[: alt_on + 20]!r}"
    )
    assert positions == sorted(positions)
    positions = [output.find(escape, alt_off) for escape in leave]
    assert all(at > alt_off for at in positions), f"{leave} not all after the alternate screen: {output[alt_off:]!r}"
    assert positions == sorted(positions)
    for escape in enter + leave:
        assert output.count(escape) == 1, f"{escape!r} sent {output.count(escape)} times"


def browse(session: TerminalSession, keys: bytes = b"q") -> int:
    session.wait_for(MAIN_SCREEN_DRAWN)
    session.press(keys)
    return session.finish()


# -- ways out -----------------------------------------------------------------------


@pytest.mark.parametrize("key", [b"q", b"\x03"], ids=["q", "ctrl+c"])
def test_keys_that_quit_restore_the_terminal(key: bytes) -> None:
    with TerminalSession(["-m", "tui"]) as session:
        assert browse(session, key) == 0
        assert_handshake(bytes(session.output), [BDSM_OFF], [BDSM_ON])


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: signal.Signals(s).name)
def test_signals_end_the_browser_and_restore_the_terminal(signum: int) -> None:
    with TerminalSession(["-m", "tui"]) as session:
        session.wait_for(MAIN_SCREEN_DRAWN)
        session.signal(signum)
        code = session.finish()
        output = bytes(session.output)
        assert code == 128 + signum, f"exit code {code}; output tail: {output[-2000:]!r}"
        assert_handshake(output, [BDSM_OFF], [BDSM_ON])
        assert b"Traceback" not in output


def test_an_exception_in_the_app_restores_the_terminal() -> None:
    with TerminalSession(["-c", RUNNER.format(patch=HELP_RAISES)]) as session:
        code = browse(session, b"?")
        output = bytes(session.output)
    assert code == 1
    assert b"boom from a test" in output, "Textual reported the exception"
    assert_handshake(output, [BDSM_OFF], [BDSM_ON])


def test_a_load_error_in_the_worker_restores_the_terminal_then_says_why(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"organizations": {"1": {"id": "x", ', encoding="utf-8")
    with TerminalSession(["-c", RUNNER.format(patch=LOAD_IN_WORKER), "--db", str(broken)]) as session:
        code = session.finish()
        output = bytes(session.output)
    assert code == 2
    assert_handshake(output, [BDSM_OFF], [BDSM_ON])
    message = output.index(b"marsad: ")
    assert message > output.index(BDSM_ON), "the error comes after the terminal is given back"
    assert b"Traceback" not in output


# -- which stream -------------------------------------------------------------------


def test_piped_stdout_keeps_the_handshake_on_the_terminal() -> None:
    """`marsad | cat`: the app draws on stderr; both escapes go there, none into the pipe."""
    with TerminalSession(["-m", "tui"], stdout=subprocess.PIPE) as session:
        assert browse(session) == 0
        piped = session.process.stdout.read()
        assert_handshake(bytes(session.output), [BDSM_OFF], [BDSM_ON])
    assert piped == b""


def test_redirected_stderr_draws_on_stdout_and_restores_it(tmp_path: Path) -> None:
    """`marsad 2>log`: the terminal is on stdout; the browser draws there and the log stays empty."""
    log = tmp_path / "log"
    with log.open("wb") as handle, TerminalSession(["-m", "tui"], stderr=handle) as session:
        assert browse(session) == 0
        assert_handshake(bytes(session.output), [BDSM_OFF], [BDSM_ON])
    assert log.read_bytes() == b""


def test_stdin_that_is_not_a_terminal_is_refused_with_one_line() -> None:
    with TerminalSession(["-m", "tui"], stdin=subprocess.DEVNULL) as session:
        code = session.finish()
        output = bytes(session.output)
    assert code == 2
    assert output.count(b"\n") == 1 and output.startswith(b"marsad: standard input is not a terminal"), output
    assert b"\x1b" not in output, "nothing is sent to a terminal that is not taken"


def test_no_terminal_to_draw_on_is_refused_with_one_line(tmp_path: Path) -> None:
    out, err = tmp_path / "out", tmp_path / "err"
    with (
        out.open("wb") as stdout,
        err.open("wb") as stderr,
        TerminalSession(["-m", "tui"], stdout=stdout, stderr=stderr) as session,
    ):
        assert session.finish() == 2
    assert out.read_bytes() == b""
    message = err.read_bytes()
    assert (
        message.startswith(b"marsad: neither standard output nor standard error is a terminal")
        and message.count(b"\n") == 1
    )


@pytest.mark.parametrize("argv", [["validate"], ["search", "T2S"], ["doctor"]], ids=" ".join)
def test_commands_work_with_any_stdin(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=clean_environment(),
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout and b"Traceback" not in result.stderr


# -- what each terminal is sent -----------------------------------------------------


@pytest.mark.parametrize(
    ("environment", "enter", "leave"),
    [
        ({}, [BDSM_OFF], [BDSM_ON]),
        ({"VTE_VERSION": "7003"}, [BDSM_OFF], [BDSM_ON]),
        ({"KONSOLE_VERSION": "221203"}, [BDSM_OFF, KONSOLE_OFF], [KONSOLE_ON, BDSM_ON]),
        ({"TERM_PROGRAM": "Apple_Terminal", "MARSAD_BIDI": "app"}, [BDSM_OFF], [BDSM_ON]),
    ],
    ids=["unknown", "vte", "konsole", "apple-terminal-told-app"],
)
def test_each_terminal_gets_its_switches_before_the_alternate_screen(
    environment: dict, enter: list[bytes], leave: list[bytes]
) -> None:
    with TerminalSession(["-m", "tui"], env=clean_environment(environment)) as session:
        assert browse(session) == 0
        assert_handshake(bytes(session.output), enter, leave)


@pytest.mark.parametrize("keys", [b"q", b"\x03"], ids=["q", "ctrl+c"])
def test_mlterm_is_switched_only_inside_the_alternate_screen(keys: bytes) -> None:
    """`use_ctl` switched with the normal screen showing left its Arabic lines reversed and unshaped (4 of 4 runs).

    Marsad enters the alternate screen before Textual does, switches mlterm's
    layout off there, and switches it back on before Textual leaves it.
    """
    with TerminalSession(["-m", "tui"], env=clean_environment({"MLTERM": "3.9.0", "HOME": "/nonexistent"})) as session:
        assert browse(session, keys) == 0
        output = bytes(session.output)
    assert output.count(MLTERM_OFF) == 1 and output.count(MLTERM_ON) == 1
    first_on, last_off = output.index(ALT_ON), output.rindex(ALT_OFF)
    off, on = output.index(MLTERM_OFF), output.index(MLTERM_ON)
    assert output.index(BDSM_OFF) < first_on < off, "BDSM, the alternate screen, then mlterm's switch"
    assert output.find(ALT_OFF, 0, off) < 0, "never switched with the normal screen showing"
    assert off < on < last_off, "switched back before the alternate screen is left"
    assert output.find(ALT_ON, on, last_off) < 0 and output.find(ALT_OFF, on, last_off) < 0
    assert output.index(BDSM_ON) > last_off


def test_mlterm_switched_off_by_the_user_is_left_as_it_is(tmp_path: Path) -> None:
    (tmp_path / ".mlterm").mkdir()
    (tmp_path / ".mlterm" / "main").write_text("fontsize = 14\nuse_ctl = false\n", encoding="utf-8")
    environment = clean_environment({"MLTERM": "3.9.0", "HOME": str(tmp_path)})
    with TerminalSession(["-m", "tui"], env=environment) as session:
        assert browse(session) == 0
        output = bytes(session.output)
    assert MLTERM_OFF not in output and MLTERM_ON not in output
    assert_handshake(output, [BDSM_OFF], [BDSM_ON])


def test_konsole_switched_off_by_the_user_is_left_as_it_is(tmp_path: Path) -> None:
    """Konsole's profile says BidiRenderingEnabled=false: Marsad must not turn it on at exit."""
    (tmp_path / ".config").mkdir()
    (tmp_path / ".config" / "konsolerc").write_text("[Desktop Entry]\nDefaultProfile=Mine.profile\n", encoding="utf-8")
    (tmp_path / ".local" / "share" / "konsole").mkdir(parents=True)
    (tmp_path / ".local" / "share" / "konsole" / "Mine.profile").write_text(
        "[General]\nName=Mine\nParent=FALLBACK/\n\n[Terminal Features]\nBidiRenderingEnabled=false\n", encoding="utf-8"
    )
    environment = clean_environment(
        {"KONSOLE_VERSION": "221203", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / ".config")}
    )
    environment.pop("XDG_DATA_HOME", None)
    with TerminalSession(["-m", "tui"], env=environment) as session:
        assert browse(session) == 0
        output = bytes(session.output)
    assert KONSOLE_OFF not in output and KONSOLE_ON not in output
    assert_handshake(output, [BDSM_OFF], [BDSM_ON])


@pytest.mark.parametrize(
    "environment",
    [{"TERM_PROGRAM": "Apple_Terminal"}, {"KONSOLE_VERSION": "221203", "MARSAD_BIDI": "terminal"}],
    ids=["apple-terminal", "konsole-told-terminal"],
)
def test_terminal_mode_sends_nothing(environment: dict) -> None:
    with TerminalSession(["-m", "tui"], env=clean_environment(environment)) as session:
        assert browse(session) == 0
        output = bytes(session.output)
    for escape in (BDSM_OFF, BDSM_ON, KONSOLE_OFF, KONSOLE_ON, MLTERM_OFF, MLTERM_ON):
        assert escape not in output


def test_kitty_users_are_told_the_line_to_add(tmp_path: Path) -> None:
    environment = clean_environment({"KITTY_WINDOW_ID": "1", "XDG_CONFIG_HOME": str(tmp_path)})
    with TerminalSession(["-m", "tui"], env=environment) as session:
        session.wait_for(MAIN_SCREEN_DRAWN)
        session.wait_for(b"force_ltr yes")
        session.press(b"q")
        assert session.finish() == 0
        assert_handshake(bytes(session.output), [BDSM_OFF], [BDSM_ON])


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc")
def test_kitty_started_with_force_ltr_on_its_command_line_is_not_told(tmp_path: Path) -> None:
    """`kitty -o force_ltr=yes` got the notice to set force_ltr although it was set."""
    from test_own_settings import stand_in

    kitty = stand_in(tmp_path, "kitty", "-o", "force_ltr=yes")
    environment = clean_environment(
        {"KITTY_WINDOW_ID": "1", "KITTY_PID": str(kitty.pid), "XDG_CONFIG_HOME": str(tmp_path)}
    )
    try:
        with TerminalSession(["-m", "tui"], env=environment) as session:
            session.wait_for(MAIN_SCREEN_DRAWN)
            session.wait_for_screen(lambda rows: "T2S" in rows[2], "the main screen, filled")
            session.press(b"q")
            assert session.finish() == 0
            assert b"force_ltr" not in bytes(session.output)
    finally:
        kitty.kill()
        kitty.wait()

"""The smaller promises of issue 10: numbers, limits, locales, pipes, widths, quitting.

Each test is a case that broke Marsad 0.1: `MARSAD_MAX_DB_MB` with a huge number
gave a traceback; an ASCII locale crashed `search --json` and `validate` on Arabic
output; `NaN`, `Infinity` and `1e999` were accepted although JSON has none; a
JSON error said "starting at at line 6"; `| head -1` ended in BrokenPipeError;
characters whose width Rich and terminals disagree on moved borders; `q` waited for
a loading worker.
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
from rich.cells import cell_len

from tui.cli import main
from tui.data.models import Names
from tui.text.direction import BidiMode
from tui.text.gate import clean_for_display
from tui.widgets.rows import name_row

ROOT = Path(__file__).resolve().parents[2]


def run_marsad(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, cwd=ROOT, timeout=120, env=environment
    )


# -- JSON numbers and messages ---------------------------------------------------------------

RECORD = (
    '{"organizations": {"1": {"id": "a", "names": {"latin": "A"}, '
    '"facts": [{"field": "f", "label": "l", "value": "v", "source": "s", "quote": "q", "number": %s}]}}}'
)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "-2.5E400", "1" * 400 + ".5"])
def test_numbers_json_does_not_have_are_invalid_json(
    tmp_path: Path, number: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "numbers.json"
    path.write_text(RECORD % number, encoding="utf-8")
    assert main(["validate", "--db", str(path)]) == 2
    error = capsys.readouterr().err
    column = (RECORD % number).index(number) + 1
    assert f"not valid JSON: {number[:40]}" in error
    assert f"at line 1, column {column}" in error


def test_a_number_like_string_is_not_a_bad_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "numbers.json"
    path.write_text(RECORD.replace('"v"', '"1e999 NaN"') % "12", encoding="utf-8")
    assert main(["validate", "--db", str(path)]) == 1  # (the quote is not in a source: a warning)
    assert "not valid JSON" not in capsys.readouterr().err


def test_json_error_messages_read_well(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"organizations": {\n\n\n\n\n "1": "unterminated\n}}', encoding="utf-8")
    assert main(["validate", "--db", str(path)]) == 2
    error = capsys.readouterr().err
    assert " at at " not in error
    assert "at line 6" in error


# -- the environment, the locale, the pipe ------------------------------------------------------


def test_a_huge_size_limit_is_one_clear_line() -> None:
    result = run_marsad("validate", env={"MARSAD_MAX_DB_MB": "9" * 5000})
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and b"MARSAD_MAX_DB_MB" in result.stderr


@pytest.mark.parametrize(
    "environment", [{"LC_ALL": "C", "PYTHONUTF8": "0"}, {"PYTHONIOENCODING": "ascii"}], ids=["C-locale", "ascii-io"]
)
@pytest.mark.parametrize(
    ("command", "prints_arabic"),
    [(["search", "T2S", "--json"], True), (["search", "T2S"], True), (["validate"], False)],
    ids=["search-json", "search", "validate"],
)
def test_an_ascii_terminal_gets_replacement_characters_not_a_crash(
    environment: dict[str, str], command: list[str], prints_arabic: bool
) -> None:
    result = run_marsad(*command, env=environment)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert (b"?" in result.stdout) is prints_arabic  # Arabic names (search) became "?"; validate prints none


def test_a_closed_pipe_ends_search_quietly() -> None:
    marsad = subprocess.Popen(
        [sys.executable, "-m", "tui", "search", "a", "--json", "--limit", "50"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert marsad.stdout is not None and marsad.stderr is not None
    marsad.stdout.readline()
    marsad.stdout.close()  # what `head -1` does
    error = marsad.stderr.read()
    assert marsad.wait(timeout=60) == 0
    assert b"Traceback" not in error and b"BrokenPipe" not in error


# -- widths ---------------------------------------------------------------------------------------

#: characters that Rich and terminals measure differently, alone and inside names
AMBIGUOUS = [
    "\u3164",
    "\u115f",
    "\uffa0",
    "\u263a\ufe0f",
    "\u2764\ufe0f",
    "\U0001f44d\U0001f3fd",
    "#\ufe0f\u20e3",
    "a\ufe0eb",
]


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_characters_of_disputed_width_are_not_drawn(text: str) -> None:
    shown = clean_for_display(text)
    assert not any(char in shown for char in "\u3164\u115f\uffa0\ufe0e\ufe0f\U0001f3fd")


@pytest.mark.parametrize("text", AMBIGUOUS)
@pytest.mark.parametrize("mode", list(BidiMode))
def test_a_row_with_them_fills_exactly_its_width(text: str, mode: BidiMode) -> None:
    for width in (6, 18, 30):
        row = name_row(Names(ar=f"مصحة {text} الشفاء", latin=f"Clinic {text} x"), width, mode)
        assert cell_len(row.plain) == width
        assert not any(char in row.plain for char in "\u3164\ufe0f\U0001f3fd")


# -- quitting -------------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
@pytest.mark.parametrize("ending", ["q", "hang-up"])
def test_leaving_while_the_index_is_being_built(tmp_path: Path, ending: str) -> None:
    """The first open of a large file builds its index in a child; `q`, or the terminal
    going away (SIGHUP to the session, the terminal closed), ends both and leaves nothing."""
    from benchmarks.synth import write as write_synthetic

    big = tmp_path / "big.json"
    write_synthetic(big, 20_000, seed=5)  # over the size indexed in the app's own process
    cache = tmp_path / "cache"
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "XDG_CACHE_HOME": str(cache)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "--db", str(big)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(slave)
    screen = bytearray()
    try:
        deadline = time.monotonic() + 60
        while b"Reading the file" not in screen:  # drawn, and the child is building
            assert time.monotonic() < deadline, f"no progress shown: {bytes(screen[-500:])!r}"
            if select.select([master], [], [], 0.1)[0]:
                screen += os.read(master, 65536)
        if ending == "q":
            os.write(master, b"q")
        else:  # what a terminal emulator's window closing does
            os.close(master)
            master = -1
            os.killpg(process.pid, signal.SIGHUP)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        if master >= 0:
            os.close(master)
    assert process.returncode == (0 if ending == "q" else 128 + signal.SIGHUP)
    builders = subprocess.run(["pgrep", "-f", f"tui index --db {big}"], capture_output=True, text=True).stdout.split()
    deadline = time.monotonic() + 10
    while builders and time.monotonic() < deadline:  # the child was told to end: it may take a moment
        time.sleep(0.1)
        builders = subprocess.run(
            ["pgrep", "-f", f"tui index --db {big}"], capture_output=True, text=True
        ).stdout.split()
    assert builders == []
    assert not list(cache.rglob("*.tmp")), "a half-built index was left behind"

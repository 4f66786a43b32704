"""File names are data too: nothing in the database's path reaches the terminal as a control.

Marsad 0.1 printed the raw path in `marsad validate`'s first line and in the title
of the "Reloaded" notification: a file named with `ESC ] 2 ; … BEL` retitled the
terminal, `ESC ] 52` wrote the clipboard, `ESC [ 2 J` cleared the screen, and a
name that is not UTF-8 crashed `validate` with UnicodeEncodeError.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pilot_helpers import wait_until_loaded
from textual.app import App

from tui.app import MarsadApp
from tui.data.bundled import bundled_database_path

ROOT = Path(__file__).resolve().parents[2]
ESCAPES = {
    "osc-title": "\x1b]2;PWNED\x07",
    "osc-52": "\x1b]52;c;UFdORUQ=\x07",
    "csi-clear": "\x1b[2J",
    "c1-csi": "\x9b2J",
}


def hostile_copy(directory: Path, name: str | bytes) -> bytes:
    """The bundled database copied under a hostile file name; its path as bytes."""
    path = os.path.join(os.fsencode(directory), os.fsencode(name))
    shutil.copyfile(bundled_database_path(), path)
    return path


def run_marsad(*args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.parametrize("escape", ESCAPES.values(), ids=ESCAPES.keys())
def test_validate_prints_a_hostile_file_name_without_its_controls(tmp_path: Path, escape: str) -> None:
    path = hostile_copy(tmp_path, f"db{escape}.json")
    result = run_marsad("validate", "--db", path)
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout + result.stderr
    assert b"\xc2\x9b" not in result.stdout + result.stderr  # C1 CSI, as UTF-8
    assert "\ufffd".encode() in result.stdout.splitlines()[0]


def test_validate_prints_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    path = hostile_copy(tmp_path, b"db-\xff\xfe.json")
    result = run_marsad("validate", "--db", path)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert result.stdout.splitlines()[0].startswith(os.fsencode(tmp_path) + "/db-\ufffd\ufffd.json: ".encode())


def test_unreadable_hostile_file_name_gets_one_clean_line(tmp_path: Path) -> None:
    result = run_marsad("validate", "--db", os.fsencode(tmp_path) + b"/missing\x1b]2;PWNED\x07\xff.json")
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("escape", ESCAPES.values(), ids=ESCAPES.keys())
async def test_reload_notification_names_a_hostile_file_safely(
    tmp_path: Path, escape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    textual_notify = App.notify

    def record(self: App, message: str, *, title: str = "", **options: object) -> None:
        shown.append((title, message))
        textual_notify(self, message, title=title, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(App, "notify", record)  # what Marsad hands to Textual
    path = os.fsdecode(hostile_copy(tmp_path, f"db{escape}.json"))
    app = MarsadApp(db_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("ctrl+r")
        await wait_until_loaded(pilot)
        assert any(message.startswith("Reloaded") for _title, message in shown), shown
        for title, message in shown:
            assert not any(char in title + message for char in "\x1b\x07\x9b"), (title, message)
        assert app.database_label.startswith(str(tmp_path))
        assert "\x1b" not in app.database_label

"""The terminal's own bidi setting, read where the user set it (`tui.terminal.own_settings`).

kitty's `force_ltr` (kitty.conf, or `-o force_ltr=yes` on kitty's command line),
Konsole's `BidiRenderingEnabled` (its command line, its profile) and mlterm's
`use_ctl` (its command line, ~/.mlterm/main). Command lines are those of real
processes: a stand-in named after the terminal, whose `/proc` entries are read.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.terminal.detect import BY_KEY, OwnSetting
from tui.terminal.own_settings import own_setting

ROOT = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc")

KITTY, KONSOLE, MLTERM = BY_KEY["kitty"], BY_KEY["konsole"], BY_KEY["mlterm"]


def stand_in(folder: Path, name: str, *arguments: str) -> subprocess.Popen:
    """A process called `name` (a script of that name) with these arguments, that waits."""
    (folder / "bin").mkdir(exist_ok=True)
    script = folder / "bin" / name
    script.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    script.chmod(0o755)
    process = subprocess.Popen([str(script), *arguments])
    deadline = time.monotonic() + 30
    while str(script).encode() not in Path(f"/proc/{process.pid}/cmdline").read_bytes():  # (until it has exec'd)
        assert time.monotonic() < deadline, "the stand-in never started"
        time.sleep(0.01)
    return process


# -- kitty -----------------------------------------------------------------------------------


def test_kitty_force_ltr_from_kitty_conf(tmp_path: Path) -> None:
    (tmp_path / "kitty").mkdir()
    (tmp_path / "kitty" / "kitty.conf").write_text("font_size 11\nforce_ltr yes\n", encoding="utf-8")
    found = own_setting(KITTY, {"XDG_CONFIG_HOME": str(tmp_path)}, str(tmp_path))
    assert found == OwnSetting("force_ltr", True, str(tmp_path / "kitty" / "kitty.conf"))


def test_kitty_default_is_off(tmp_path: Path) -> None:
    found = own_setting(KITTY, {"XDG_CONFIG_HOME": str(tmp_path)}, str(tmp_path))
    assert found is not None and found.on is False and "default" in found.where


@linux_only
@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["-o", "force_ltr=yes"], True),
        (["--override", "force_ltr=yes"], True),
        (["-o=force_ltr=yes", "-o", "font_size=11"], True),
        (["-o", "force_ltr=yes", "-o", "force_ltr=no"], False),  # the last one wins, as in kitty
        (["-o", "font_size=11"], None),  # not on the command line: kitty.conf decides (here: force_ltr yes)
        (["-e", "sh", "-c", "x", "-o", "force_ltr=no"], None),  # after -e: the command kitty runs
    ],
)
def test_kitty_started_with_force_ltr_on_its_command_line(tmp_path: Path, arguments: list[str], expected) -> None:
    """`kitty -o force_ltr=yes` still got the notice to set force_ltr (issue 18)."""
    (tmp_path / "kitty").mkdir()
    (tmp_path / "kitty" / "kitty.conf").write_text("force_ltr yes\n", encoding="utf-8")
    kitty = stand_in(tmp_path, "kitty", *arguments)
    try:
        found = own_setting(KITTY, {"KITTY_PID": str(kitty.pid), "XDG_CONFIG_HOME": str(tmp_path)}, str(tmp_path))
    finally:
        kitty.kill()
        kitty.wait()
    assert found is not None
    if expected is None:
        assert found.on is True and found.where.endswith("kitty.conf")
    else:
        assert found.on is expected and found.where == "kitty's command line: -o force_ltr"


@linux_only
def test_kitty_started_with_another_config_file(tmp_path: Path) -> None:
    other = tmp_path / "other.conf"
    other.write_text("force_ltr yes\n", encoding="utf-8")
    kitty = stand_in(tmp_path, "kitty", "--config", str(other))
    try:
        found = own_setting(KITTY, {"KITTY_PID": str(kitty.pid), "XDG_CONFIG_HOME": str(tmp_path)}, str(tmp_path))
    finally:
        kitty.kill()
        kitty.wait()
    assert found == OwnSetting("force_ltr", True, str(other))


# -- Konsole ---------------------------------------------------------------------------------


def konsole_home(tmp_path: Path, konsolerc: str, profiles: dict[str, str]) -> dict[str, str]:
    (tmp_path / ".config").mkdir(exist_ok=True)
    (tmp_path / ".config" / "konsolerc").write_text(konsolerc, encoding="utf-8")
    folder = tmp_path / ".local" / "share" / "konsole"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in profiles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {"KONSOLE_VERSION": "221203"}


def test_konsole_profile_turned_off(tmp_path: Path) -> None:
    environ = konsole_home(
        tmp_path,
        "[Desktop Entry]\nDefaultProfile=Mine.profile\n",
        {"Mine.profile": "[General]\nParent=FALLBACK/\n\n[Terminal Features]\nBidiRenderingEnabled=false\n"},
    )
    found = own_setting(KONSOLE, environ, str(tmp_path))
    assert found == OwnSetting("BidiRenderingEnabled", False, str(tmp_path / ".local/share/konsole/Mine.profile"))


def test_konsole_profile_inherits_from_its_parent(tmp_path: Path) -> None:
    environ = konsole_home(
        tmp_path,
        "[Desktop Entry]\nDefaultProfile=Child.profile\n",
        {
            "Child.profile": "[General]\nParent=Base.profile\n\n[Appearance]\nColorScheme=Breeze\n",
            "Base.profile": "[Terminal Features]\nBidiRenderingEnabled=false\n",
        },
    )
    found = own_setting(KONSOLE, environ, str(tmp_path))
    assert found is not None and found.on is False and found.where.endswith("Base.profile")


def test_konsole_without_a_profile_of_ones_own_has_its_default(tmp_path: Path) -> None:
    found = own_setting(KONSOLE, {"KONSOLE_VERSION": "221203"}, str(tmp_path))
    assert found is not None and found.on is True and "Konsole's default" in found.where


def test_over_ssh_the_settings_are_not_read(tmp_path: Path) -> None:
    environ = konsole_home(
        tmp_path,
        "[Desktop Entry]\nDefaultProfile=Mine.profile\n",
        {"Mine.profile": "[Terminal Features]\nBidiRenderingEnabled=false\n"},
    )
    found = own_setting(KONSOLE, {**environ, "SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}, str(tmp_path))
    assert found is not None and found.on is None and "over ssh" in found.where
    found = own_setting(MLTERM, {"MLTERM": "3.9.0", "SSH_TTY": "/dev/pts/3"}, str(tmp_path))
    assert found is not None and found.on is None


def test_a_profile_name_never_leaves_konsoles_folder(tmp_path: Path) -> None:
    (tmp_path / "secret.profile").write_text("[Terminal Features]\nBidiRenderingEnabled=false\n", encoding="utf-8")
    environ = konsole_home(tmp_path, "[Desktop Entry]\nDefaultProfile=../../../secret.profile\n", {})
    found = own_setting(KONSOLE, environ, str(tmp_path))
    assert found is not None and found.on is True


# -- mlterm ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"), [("use_ctl = false\n", False), ("use_ctl=true\n", True), ("fontsize = 12\n", True)]
)
def test_mlterm_main_file(tmp_path: Path, text: str, expected: bool) -> None:
    (tmp_path / ".mlterm").mkdir()
    (tmp_path / ".mlterm" / "main").write_text(text, encoding="utf-8")
    found = own_setting(MLTERM, {"MLTERM": "3.9.0"}, str(tmp_path))
    assert found is not None and found.on is expected


@linux_only
@pytest.mark.parametrize(
    ("arguments", "expected"),
    [(["--ctl=false"], False), (["-C", "false"], False), (["--ctl"], True), (["-C"], True)],
)
def test_mlterm_command_line_of_the_terminal_marsad_runs_in(
    tmp_path: Path, arguments: list[str], expected: bool
) -> None:
    """The nearest ancestor process called mlterm: here a stand-in that starts the check as its child."""
    (tmp_path / ".mlterm").mkdir()
    (tmp_path / ".mlterm" / "main").write_text("use_ctl = true\n" if not expected else "use_ctl = false\n")
    check = (
        "import os; from tui.terminal.detect import BY_KEY; from tui.terminal.own_settings import own_setting; "
        f"print(own_setting(BY_KEY['mlterm'], os.environ, {str(tmp_path)!r}))"
    )
    terminal = tmp_path / "mlterm"
    terminal.write_text(f'#!/bin/sh\n"{sys.executable}" -c "{check}"\n', encoding="utf-8")
    terminal.chmod(0o755)
    result = subprocess.run(
        [str(terminal), *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "MLTERM": "3.9.0"},
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == f"use_ctl {'on' if expected else 'off'} (mlterm's command line: --ctl)"

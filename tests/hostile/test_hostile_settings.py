"""The settings file can be anything: Marsad starts, with its defaults and a notice.

Marsad 0.1 blocked for ever on a FIFO named config.json, ate memory on a link to
/dev/zero, raised RecursionError on a deeply nested document, and raised
RuntimeError at start-up with no HOME and no passwd entry.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pilot_helpers import wait_until_loaded
from textual.app import App

from tui.app import MarsadApp
from tui.settings import DEFAULT_THEME, MAX_SETTINGS_BYTES, Settings, config_path, load_settings, save_settings

ROOT = Path(__file__).resolve().parents[2]


def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path = config_path()
    assert path is not None
    path.parent.mkdir(parents=True)
    return path


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def link_to_dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def deeply_nested(path: Path) -> None:
    path.write_text('{"theme": ' + "[" * 20_000 + "]" * 20_000 + "}", encoding="utf-8")


def too_big(path: Path) -> None:
    path.write_text(json.dumps({"theme": "textual-light", "padding": "x" * MAX_SETTINGS_BYTES}), encoding="utf-8")


def a_directory(path: Path) -> None:
    path.mkdir()


def not_json(path: Path) -> None:
    path.write_bytes(b"\xff\xfe theme = light")


def wrong_shape(path: Path) -> None:
    path.write_text('["textual-light"]', encoding="utf-8")


BROKEN = [make_fifo, link_to_dev_zero, deeply_nested, too_big, a_directory, not_json, wrong_shape]


def load_with_deadline(path: Path, seconds: float = 20.0):
    """`load_settings`, failing the test (not hanging it) if it does not return."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(load_settings(path)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, "load_settings did not return"
    return result[0]


@pytest.mark.parametrize("breakage", BROKEN, ids=lambda f: f.__name__)
def test_broken_settings_give_defaults_and_say_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, breakage) -> None:
    path = settings_file(tmp_path, monkeypatch)
    breakage(path)
    loaded = load_with_deadline(path)
    assert loaded.settings == Settings()
    assert loaded.problem is not None and loaded.problem.startswith(str(path))


def test_missing_settings_are_no_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = settings_file(tmp_path, monkeypatch)
    assert load_settings(path).problem is None


def test_saved_settings_come_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = settings_file(tmp_path, monkeypatch)
    save_settings(Settings(theme="textual-light"), path)
    assert load_settings(path).settings.theme == "textual-light"


@pytest.mark.parametrize("breakage", [make_fifo, deeply_nested], ids=lambda f: f.__name__)
async def test_app_starts_with_broken_settings_and_notifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, breakage
) -> None:
    breakage(settings_file(tmp_path, monkeypatch))
    titles: list[str] = []
    textual_notify = App.notify

    def record(self: App, message: str, *, title: str = "", **options: object) -> None:
        titles.append(title)
        textual_notify(self, message, title=title, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(App, "notify", record)
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        assert app.theme == DEFAULT_THEME
        assert "Settings not read" in titles


def test_relative_xdg_config_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config_path() == tmp_path / ".config" / "marsad" / "config.json"


@pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(),
    reason="needs root and setpriv to become a user with no passwd entry",
)
def test_no_home_and_no_passwd_entry_means_no_settings_file() -> None:
    """As a user unknown to the system, with no HOME: no settings, and no crash."""
    env = {key: value for key, value in os.environ.items() if key not in ("HOME", "XDG_CONFIG_HOME")}
    env["PYTHONPATH"] = str(ROOT)
    code = (
        "from tui.settings import config_path, load_settings; from tui.app import MarsadApp; "
        "MarsadApp(); print(config_path(), load_settings())"
    )
    result = subprocess.run(
        ["/usr/bin/setpriv", "--reuid=54321", "--regid=54321", "--clear-groups", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "None LoadedSettings(settings=Settings(theme='textual-dark', language=None, digits=None), problem=None)"
    )

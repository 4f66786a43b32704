"""Shared test set-up: no test reads or writes the user's real configuration, cache or
tmux buffers; and a CI run that must check the FollowTheMoney export has its library.

Hypothesis needs nothing here: with CI set (`.ci/run` sets it) it loads its own "ci"
profile, derandomized and without an example database.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from typing import Any

import pytest
from pilot_helpers import Notice
from textual.app import App


def pytest_sessionstart(session: pytest.Session) -> None:
    """With MARSAD_REQUIRE_FTM set (CI sets it), a missing followthemoney fails the run
    instead of skipping the FollowTheMoney tests."""
    if os.environ.get("MARSAD_REQUIRE_FTM") and importlib.util.find_spec("followthemoney") is None:
        raise pytest.UsageError("MARSAD_REQUIRE_FTM is set, but followthemoney is not installed: pip install '.[ftm]'")


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("MARSAD_BIDI", raising=False)
    monkeypatch.delenv("TMUX", raising=False)  # copies must not reach the tmux of whoever runs the tests


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module-scoped fixtures (set up before each test's own cache) build their indexes here, never in the user's."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("session-cache")))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Indexes are built in a cache of the test's own, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _english_to_start() -> None:
    """Every test starts in English, Western digits and a layout free to mirror, whatever the one before chose
    (the language is the process's: `tui.i18n`)."""
    from tui import i18n

    i18n.set_language(i18n.DEFAULT)
    i18n.set_digits("western")
    i18n.mirror_layout(True)


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[Notice]:
    """Every notification posted during the test, in order, recorded where it enters
    Textual (`App.notify`, public): Textual keeps them in a private collection."""
    posted: list[Notice] = []
    textual_notify = App.notify

    def recorded(self: App[object], message: str, **options: Any) -> None:
        posted.append(Notice(message, options.get("title", ""), options.get("severity", "information")))
        textual_notify(self, message, **options)

    monkeypatch.setattr(App, "notify", recorded)
    return posted

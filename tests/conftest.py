"""Shared test set-up: Hypothesis's profile, and no test reads or writes the user's real
configuration (nor tmux's buffers)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis_profiles import profile_for

# before any test module is imported: their @settings inherit from the profile
settings.load_profile(profile_for(os.environ))

# The synthetic-data generator is a benchmark tool (benchmarks/synth.py), not product:
# tests that need large files import it from there.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
# Driving the served app in headless Chromium is shared with the terminal matrix:
# the browser test imports it from tools/served_page.py.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("MARSAD_BIDI", raising=False)
    monkeypatch.delenv("TMUX", raising=False)  # copies must not reach the tmux of whoever runs the tests


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Indexes are built in a cache of the test's own, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))

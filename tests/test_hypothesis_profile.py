"""CI runs Hypothesis derandomized: the profile follows the CI variable, and `.ci/run` sets it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis_profiles import CI_PROFILE, DEV_PROFILE, ci_requested, profile_for

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("environ", "profile"),
    [
        ({"CI": "true"}, CI_PROFILE),
        ({"CI": "1"}, CI_PROFILE),
        ({"CI": "yes"}, CI_PROFILE),
        ({}, DEV_PROFILE),
        ({"CI": ""}, DEV_PROFILE),
        ({"CI": "false"}, DEV_PROFILE),
        ({"CI": "0"}, DEV_PROFILE),
    ],
)
def test_profile_follows_the_ci_variable(environ: dict[str, str], profile: str) -> None:
    assert profile_for(environ) == profile


def test_this_run_uses_the_profile_of_its_environment() -> None:
    in_ci = ci_requested(os.environ)
    assert settings.default.derandomize is in_ci
    assert (settings.default.database is None) is in_ci  # no example database in CI
    loaded = settings.get_profile(profile_for(os.environ))
    for name in ("derandomize", "database", "deadline", "print_blob", "suppress_health_check", "max_examples"):
        assert getattr(settings.default, name) == getattr(loaded, name), name


def test_ci_profile_is_derandomized_without_a_database() -> None:
    ci = settings.get_profile(CI_PROFILE)
    assert ci.derandomize is True and ci.database is None and ci.deadline is None
    assert settings.get_profile(DEV_PROFILE).derandomize is False


def test_ci_script_sets_ci_before_the_readme_test_command() -> None:
    lines = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip()]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = re.search(r"^(python3 -m venv \.venv .*'\.\[test\]'.*pytest)$", readme, re.MULTILINE)
    assert test_command is not None, "the README's test command"
    assert lines[-1] == test_command.group(1), "the last line of .ci/run is the README's test command"
    assert "export CI=true" in lines[:-1]

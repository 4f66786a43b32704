"""Hypothesis settings profiles: random exploration at a desk, a fixed set of examples in CI.

A CI run must not fail on an example no earlier run tried, nor pass by luck: with
the environment variable CI set (as CI sets it, and `.ci/run` too), the "ci" profile
derandomizes Hypothesis (examples seeded from each test's own code) and keeps no
example database. Failures found at a desk are kept as `@example`s in the tests.
"""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import HealthCheck, settings

CI_PROFILE = "ci"
DEV_PROFILE = "dev"

# Both start from Hypothesis's own defaults, not from whatever profile Hypothesis
# loaded by itself at import (it loads its own "ci" when it sees CI).
_DEFAULTS = settings.get_profile("default")

settings.register_profile(
    CI_PROFILE,
    parent=_DEFAULTS,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    # a loaded machine must not turn into a failure: only what the test checks may fail it
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(DEV_PROFILE, parent=_DEFAULTS, print_blob=True)


def ci_requested(environ: Mapping[str, str]) -> bool:
    """Whether the environment says this is a CI run (CI set to anything but a false word)."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


def profile_for(environ: Mapping[str, str]) -> str:
    """The name of the Hypothesis profile this environment runs with."""
    return CI_PROFILE if ci_requested(environ) else DEV_PROFILE

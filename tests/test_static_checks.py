"""The static checks are tests: lint and format (ruff), strict types (mypy), and the
import contracts that keep the layers of `tui/` pointing down (import-linter).

Each runs as its own process over the source tree, with the configuration in
pyproject.toml, so `pytest` (the README's test command, and CI) fails on a finding
exactly as on a failing test. `pytest tests/test_static_checks.py` runs them alone.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["tui", "tests", "benchmarks", "tools"]


def _run(tool: str, *args: str) -> None:
    found = shutil.which(tool, path=str(Path(sys.executable).parent))
    assert found is not None, f"{tool} is not installed: pip install '.[test]'"
    result = subprocess.run([found, *args], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{tool} {' '.join(args)}:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize(
    ("tool", "args"),
    [
        pytest.param("ruff", ["check", *CODE], id="ruff-check"),
        pytest.param("ruff", ["format", "--check", *CODE], id="ruff-format"),
        pytest.param("mypy", [], id="mypy-strict"),  # on tui/ ([tool.mypy])
        pytest.param("lint-imports", [], id="import-contracts"),  # [tool.importlinter]
    ],
)
def test_static_check(tool: str, args: list[str]) -> None:
    _run(tool, *args)

"""Where the files shipped with Marsad are (the bundled database, the styles): inside the
wheel, or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled(relative: str) -> Path:
    """Path of a shipped file such as 'data/marsad.json' or 'styles/marsad.tcss'."""
    installed = resources.files("tui") / "_bundled" / relative
    if installed.is_file():
        return Path(str(installed))
    return Path(__file__).resolve().parent.parent.parent / relative


def bundled_database_path() -> Path:
    """The database shipped with Marsad."""
    return bundled("data/marsad.json")

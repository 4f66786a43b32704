"""Where the files shipped with Marsad are (the bundled database, the styles): inside the
wheel, or in a source checkout."""

from __future__ import annotations

from pathlib import Path

#: the package's folder: the wheel puts the shipped files in it (`_bundled`, pyproject.toml); a checkout, beside it
_PACKAGE = Path(__file__).resolve().parent.parent


def bundled(relative: str) -> Path:
    """Path of a shipped file such as 'data/marsad.json' or 'styles/marsad.tcss'.

    (Read as a file, not through `importlib.resources`: Textual reads the styles by path, so an install keeps them
    as files; and the app starts sooner without that machinery.)
    """
    installed = _PACKAGE / "_bundled" / relative
    if installed.is_file():
        return installed
    return _PACKAGE.parent / relative


def bundled_database_path() -> Path:
    """The database shipped with Marsad."""
    return bundled("data/marsad.json")

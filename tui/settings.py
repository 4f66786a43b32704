"""The user's settings that outlive a run (the theme, the language, the digits), in the XDG config directory.

The settings file is read defensively: it may be anything a user, a sync tool or
an attacker left there (a FIFO that would block, a link to /dev/zero, a huge or
deeply nested document, bytes that are not UTF-8). Whatever is wrong, Marsad
starts with the defaults and says why; it never hangs or fails for its settings.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from pathlib import Path

import msgspec

from tui.i18n import _, number
from tui.i18n.system_errors import reason as system_reason

DEFAULT_THEME = "textual-dark"
#: a settings file is a few dozen bytes; anything much bigger is not one
MAX_SETTINGS_BYTES = 64 * 1024


def config_path() -> Path | None:
    """Where the settings live; None when there is no home directory to keep them in."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is ignored
        try:
            base = str(Path.home() / ".config")
        except RuntimeError:  # no HOME and no passwd entry
            return None
    return Path(base) / "marsad" / "config.json"


class Settings(msgspec.Struct, frozen=True):
    theme: str = DEFAULT_THEME
    language: str | None = None
    """The language chosen in the palette (a code of `tui.i18n.CODES`); None: the environment's."""
    digits: str | None = None
    """The digits of interface numbers chosen in the palette (`tui.i18n.DIGIT_SYSTEMS`); None: Western."""


class _SettingsFile(msgspec.Struct):
    """What the file may say; unknown keys are ignored (a newer Marsad may add some)."""

    theme: str | None = None
    language: str | None = None
    digits: str | None = None


class LoadedSettings(msgspec.Struct, frozen=True):
    settings: Settings
    problem: str | None = None
    """Why the file was not used, when it exists but could not be (shown to the user once)."""


def load_settings(path: Path | None = None) -> LoadedSettings:
    """The saved settings; the defaults, and what went wrong, when the file cannot be used."""
    path = path or config_path()
    if path is None:
        return LoadedSettings(Settings())
    try:
        raw = _read_small_regular_file(path)
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except (OSError, ValueError) as error:
        return LoadedSettings(Settings(), f"{path}: {_reason(error)}")
    try:
        saved = msgspec.json.decode(raw, type=_SettingsFile)
    except (msgspec.MsgspecError, ValueError) as error:  # (msgspec limits nesting itself; a byte that is not UTF-8)
        return LoadedSettings(
            Settings(), _("{file}: not a settings file ({reason})").format(file=path, reason=_decoding_problem(error))
        )
    return LoadedSettings(
        Settings(theme=saved.theme or DEFAULT_THEME, language=saved.language or None, digits=saved.digits or None)
    )


def _read_small_regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_SETTINGS_BYTES, without ever blocking.

    Opened non-blocking (a FIFO would wait for a writer) and checked on the open
    descriptor, so nothing can be swapped in between a check and the read.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(_("not a regular file"))
        if info.st_size > MAX_SETTINGS_BYTES:
            raise ValueError(
                _("{size} bytes, more than a settings file can be ({most})").format(
                    size=number(info.st_size), most=number(MAX_SETTINGS_BYTES)
                )
            )
        raw = os.read(descriptor, MAX_SETTINGS_BYTES + 1)
        if len(raw) > MAX_SETTINGS_BYTES:
            raise ValueError(_("grew while being read"))
        return raw
    finally:
        os.close(descriptor)


def _decoding_problem(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return _("it holds bytes that are not UTF-8")
    return str(error)


def _reason(error: OSError | ValueError) -> str:
    if isinstance(error, OSError):
        return system_reason(error) if error.errno else (error.strerror or type(error).__name__)
    return str(error)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically; a failure to save never stops the app."""
    path = path or config_path()
    if path is None:
        return
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as handle:
            temporary = handle.name
            json.dump(
                {name: value for name, value in msgspec.structs.asdict(settings).items() if value is not None},
                handle,
                ensure_ascii=False,
                indent=2,
            )
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

"""The terminal's own bidi setting, read where the user set it: its configuration file or its command line.

Three terminals have a setting of their own that decides whether they reorder
Arabic, and Marsad switches it for the time it runs (`tui.terminal.detect`):

* kitty: `force_ltr` (off by default: kitty reverses the letters of right-to-left
  words). Read from kitty.conf, in kitty's own order of places, then from
  `-o force_ltr=...` on kitty's command line (process `KITTY_PID`), which wins,
  as in kitty. With it on, Marsad has nothing to tell the user.
* Konsole: the profile's `BidiRenderingEnabled` (on by default). Read from
  `-p BidiRenderingEnabled=...` on Konsole's command line, else from the profile
  it was started with (`--profile NAME`, else `DefaultProfile` in konsolerc), its
  `[Terminal Features]` group, following `Parent=`.
* mlterm: `use_ctl` (on by default). Read from `--ctl=...`/`-C ...` on mlterm's
  command line, else from `~/.mlterm/main`.

With Konsole's or mlterm's setting off, Marsad sends nothing for it: switching it
"back on" at exit would turn on what the user had turned off. The command line of
Konsole and mlterm is that of the nearest ancestor process of that name
(`/proc`, Linux); inside tmux or over ssh there is none, and the files may be
another machine's: the setting is then "not read" and the terminal's default is
assumed (docs/terminals.md says so). A setting changed while the terminal runs
(kitty's remote control, `konsoleprofile`, mlterm's menu) cannot be read at all.

Files are read defensively (regular files only, at most 1 MB, never blocking on a
FIFO), and nothing here writes.
"""

from __future__ import annotations

import configparser
import os
import re
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

from tui.i18n import N_, _
from tui.terminal.detect import OwnSetting, TerminalKind, kitty_config_paths, kitty_forces_ltr

__all__ = ["own_setting", "read_small_file"]

#: a configuration file larger than this is not read (they are a few kilobytes)
CONFIG_MAX_BYTES = 1024 * 1024
#: how many parent processes are looked through for the terminal's own
MAX_ANCESTORS = 32
#: how many `Parent=` profiles are followed
MAX_PROFILE_PARENTS = 8

_TRUE = ("yes", "y", "true", "1", "on")


def own_setting(terminal: TerminalKind, environ: Mapping[str, str], home: str | None) -> OwnSetting | None:
    """The terminal's own bidi setting as the user set it (None: it has none Marsad reads)."""
    if terminal.own_setting == "force_ltr":
        return _kitty(environ, home)
    if terminal.own_setting == "BidiRenderingEnabled":
        return _konsole(environ, home)
    if terminal.own_setting == "use_ctl":
        return _mlterm(environ, home)
    return None


def read_small_file(path: str) -> str:
    """A regular file's text, or "" when it is missing, not a regular file (a FIFO never blocks) or too large."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError):
        return ""
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > CONFIG_MAX_BYTES:
            return ""
        return os.read(descriptor, CONFIG_MAX_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""
    finally:
        os.close(descriptor)


# -- kitty ---------------------------------------------------------------------------------


def _kitty(environ: Mapping[str, str], home: str | None) -> OwnSetting:
    arguments = _command_line(environ.get("KITTY_PID", ""))
    from_command_line = _kitty_option(arguments, "force_ltr")
    if from_command_line is not None:
        return OwnSetting("force_ltr", from_command_line, _("kitty's command line: -o force_ltr"))
    configs = _kitty_config_arguments(arguments)
    paths = [PurePosixPath(path) for path in configs] if configs else kitty_config_paths(environ, home)
    for path in paths:
        text = read_small_file(str(path))
        if text and _FORCE_LTR_SET.search(text):
            return OwnSetting("force_ltr", kitty_forces_ltr(text), str(path))
    return OwnSetting("force_ltr", False, _("not set in kitty.conf nor on kitty's command line: kitty's default"))


_FORCE_LTR_SET = re.compile(r"^[ \t]*force_ltr[ \t]", re.MULTILINE)


def _kitty_option(arguments: Sequence[str], name: str) -> bool | None:
    """The last `-o NAME=VALUE` (or `--override`) of kitty's command line, if any."""
    found: bool | None = None
    for _option, value in _options(arguments, ("-o", "--override")):
        key, _equals, setting = value.partition("=")
        if key.strip() == name:
            found = setting.strip().lower() in _TRUE
    return found


def _kitty_config_arguments(arguments: Sequence[str]) -> list[str]:
    return [value for _option, value in _options(arguments, ("-c", "--config")) if value not in ("NONE", "")]


# -- Konsole -------------------------------------------------------------------------------


def _konsole(environ: Mapping[str, str], home: str | None) -> OwnSetting:
    arguments = _ancestor_command_line("konsole", environ)
    profile_name = ""
    for _option, value in _options(arguments, ("-p",)):
        key, _equals, setting = value.partition("=")
        if key.strip() == "BidiRenderingEnabled":
            return OwnSetting(
                "BidiRenderingEnabled",
                setting.strip().lower() in _TRUE,
                _("Konsole's command line: -p BidiRenderingEnabled"),
            )
    for _option, value in _options(arguments, ("--profile",)):
        profile_name = value
    if _over_ssh(environ) or home is None:
        return OwnSetting("BidiRenderingEnabled", None, _(_UNREAD))
    config_home = Path(environ.get("XDG_CONFIG_HOME") or Path(home) / ".config")
    data_home = Path(environ.get("XDG_DATA_HOME") or Path(home) / ".local" / "share")
    if not profile_name:
        konsolerc = _ini(read_small_file(str(config_home / "konsolerc")))
        profile_name = konsolerc.get("Desktop Entry", "DefaultProfile", fallback="")
    for _step in range(MAX_PROFILE_PARENTS):
        if not profile_name or profile_name.startswith("FALLBACK/"):
            break
        file_name = PurePosixPath(profile_name).name  # (a name, or a path to one: only Konsole's folder is read)
        path = data_home / "konsole" / (file_name if file_name.endswith(".profile") else file_name + ".profile")
        profile = _ini(read_small_file(str(path)))
        if profile.has_option("Terminal Features", "BidiRenderingEnabled"):
            value = profile.get("Terminal Features", "BidiRenderingEnabled")
            return OwnSetting("BidiRenderingEnabled", value.strip().lower() in _TRUE, str(path))
        profile_name = profile.get("General", "Parent", fallback="")
    return OwnSetting("BidiRenderingEnabled", True, _("not set in the profile Konsole started with: Konsole's default"))


def _ini(text: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # (keys keep their case)
    try:
        parser.read_string(text)
    except configparser.Error:
        return configparser.RawConfigParser()
    return parser


# -- mlterm --------------------------------------------------------------------------------


def _mlterm(environ: Mapping[str, str], home: str | None) -> OwnSetting:
    arguments = _ancestor_command_line("mlterm", environ)
    found: bool | None = None
    for _option, value in _options(arguments, ("-C", "--ctl"), flag=True):
        found = value.lower() in _TRUE if value else True
    if found is not None:
        return OwnSetting("use_ctl", found, _("mlterm's command line: --ctl"))
    if _over_ssh(environ) or home is None:
        return OwnSetting("use_ctl", None, _(_UNREAD))
    path = Path(home) / ".mlterm" / "main"
    match = re.search(r"^[ \t]*use_ctl[ \t]*=[ \t]*(\S+)", read_small_file(str(path)), re.MULTILINE)
    if match:
        return OwnSetting("use_ctl", match.group(1).lower() in _TRUE, str(path))
    return OwnSetting(
        "use_ctl", True, _("not set in {file} nor on mlterm's command line: mlterm's default").format(file=path)
    )


# -- processes and options -----------------------------------------------------------------

_UNREAD = N_("over ssh the terminal's settings are on the other machine: its default is assumed")


def _over_ssh(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))


def _command_line(pid: str) -> list[str]:
    """The arguments of process `pid` (Linux `/proc`), or [] when it cannot be read."""
    if not pid.isdigit():
        return []
    text = read_small_file(f"/proc/{pid}/cmdline")
    return text.split("\0")[1:] if text else []


def _ancestor_command_line(name: str, environ: Mapping[str, str]) -> list[str]:
    """The arguments of the nearest ancestor process called `name` (the terminal Marsad runs in), or []."""
    if _over_ssh(environ):
        return []
    pid = os.getppid()
    for _step in range(MAX_ANCESTORS):
        if pid <= 1:
            return []
        status = read_small_file(f"/proc/{pid}/status")
        if not status:
            return []
        fields = dict(line.partition(":")[::2] for line in status.splitlines())
        if fields.get("Name", "").strip() == name:
            return _command_line(str(pid))
        parent = fields.get("PPid", "").strip()
        if not parent.isdigit():
            return []
        pid = int(parent)
    return []


def _options(arguments: Sequence[str], names: tuple[str, ...], *, flag: bool = False) -> list[tuple[str, str]]:
    """Each `NAME VALUE`, `NAME=VALUE` (and, for a `flag`, a bare `NAME`) among `arguments`, in order.

    Option parsing stops at `-e` or `--`: what follows is the command the terminal runs.
    """
    found: list[tuple[str, str]] = []
    at = 0
    while at < len(arguments):
        argument = arguments[at]
        if argument in ("-e", "--"):
            break
        for name in names:
            if argument == name:
                following = arguments[at + 1] if at + 1 < len(arguments) else ""
                if flag and (
                    not following
                    or following.startswith("-")
                    or following.lower() not in (*_TRUE, "no", "n", "false", "0", "off")
                ):
                    found.append((name, ""))
                else:
                    found.append((name, following))
                    at += 1
                break
            if argument.startswith(name + "="):
                found.append((name, argument[len(name) + 1 :]))
                break
        at += 1
    return found

"""Copying to the user's clipboard from a terminal, and saying truthfully whether it landed.

A terminal app copies by writing OSC 52 to the terminal (Textual's
`App.copy_to_clipboard`). Inside tmux that write is dropped by default:
tmux's `set-clipboard` option is `external`, which ignores OSC 52 from the
programs it runs. So inside tmux (`TMUX` set) the text also goes straight into
tmux's paste buffer with `tmux load-buffer -w -`; the `-w` (tmux 3.2 and later)
asks tmux to pass it on to the outer terminal's clipboard too. When tmux cannot
be reached, the message says that the copy did not land and how to let it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.i18n import N_, _

if TYPE_CHECKING:
    from textual.app import App

#: seconds to wait for tmux before saying the copy did not land
TMUX_TIMEOUT = 3.0
TMUX_HOW_TO_ENABLE = N_("add `set -g set-clipboard on` to ~/.tmux.conf and run `tmux source-file ~/.tmux.conf`")

Runner = Callable[..., subprocess.CompletedProcess[bytes]]


@dataclass(frozen=True, slots=True)
class CopyOutcome:
    """What became of a copy: whether it landed, and where (or why not), to complete a sentence."""

    landed: bool
    detail: str
    """Where it landed, or why it did not, in the language spoken."""

    def message(self, what: str) -> str:
        """One sentence for the user: "Copied <what> <where>." or "<what> did not land: <why>."."""
        if self.landed:
            return _("Copied {what} {where}.").format(what=what, where=self.detail)
        return _(
            "The copy of {what} did not land: {reason}. "
            "Inside tmux, Marsad's copies reach the clipboard once you {how}."
        ).format(what=what, reason=self.detail, how=_(TMUX_HOW_TO_ENABLE))


def inside_tmux(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("TMUX"))


def terminal_outcome() -> CopyOutcome:
    """Outside tmux the terminal itself takes OSC 52 (most do; a few turn it off)."""
    return CopyOutcome(True, _("to the clipboard, through your terminal"))


def load_into_tmux(text: str, run: Runner = subprocess.run) -> CopyOutcome:
    """Put `text` into tmux's paste buffer (and, with tmux >= 3.2, the terminal's clipboard)."""
    data = text.encode("utf-8")
    try:
        passed_on = run(["tmux", "load-buffer", "-w", "-"], input=data, capture_output=True, timeout=TMUX_TIMEOUT)
        if passed_on.returncode == 0:
            return CopyOutcome(
                True,
                _(
                    "into tmux's paste buffer (prefix ] pastes it), "
                    "which tmux passes on to your terminal's clipboard where the terminal allows"
                ),
            )
        # tmux before 3.2 has no -w: the buffer alone
        buffer_only = run(["tmux", "load-buffer", "-"], input=data, capture_output=True, timeout=TMUX_TIMEOUT)
    except FileNotFoundError:
        return CopyOutcome(False, _("the tmux command is not on PATH"))
    except (OSError, subprocess.SubprocessError) as error:
        return CopyOutcome(False, _("tmux did not answer ({error})").format(error=type(error).__name__))
    if buffer_only.returncode == 0:
        return CopyOutcome(
            True,
            _(
                "into tmux's paste buffer (prefix ] pastes it); "
                "this tmux is older than 3.2 and cannot pass it on to your terminal's clipboard"
            ),
        )
    reason = (buffer_only.stderr or passed_on.stderr).decode("utf-8", "replace").strip().splitlines()
    if reason:
        return CopyOutcome(False, _("tmux refused it ({reason})").format(reason=reason[0]))
    return CopyOutcome(False, _("tmux exited with code {code}").format(code=buffer_only.returncode))


def copy_in_app(app: App[object], text: str, what: str, environ: Mapping[str, str], *, title: str = "") -> None:
    """Copy `text` from a Textual app and notify what became of it (under `title`); tmux is asked off the UI thread."""
    app.copy_to_clipboard(text)  # OSC 52: the terminal's clipboard outside tmux (inside, if set-clipboard is on)
    if not inside_tmux(environ):
        _notify(app, terminal_outcome(), what, title)
        return

    def ask_tmux() -> None:
        app.call_from_thread(_notify, app, load_into_tmux(text), what, title)

    app.run_worker(ask_tmux, thread=True, group="clipboard", name="copy into tmux's buffer")


def _notify(app: App[object], outcome: CopyOutcome, what: str, title: str) -> None:
    if outcome.landed:
        app.notify(outcome.message(what), title=title, markup=False)
    else:
        app.notify(
            outcome.message(what),
            title=_("Copy did not land: {title}").format(title=title) if title else _("Copy did not land"),
            severity="warning",
            timeout=12,
            markup=False,
        )

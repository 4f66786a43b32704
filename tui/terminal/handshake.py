"""Marsad and the terminal it runs in: the decision for this process, taking the terminal, giving it back.

`decision_here` applies `tui.terminal.detect.decide` to this process (its environment, the
user's `--bidi`/`MARSAD_BIDI`, and the terminal's own bidi setting where it can be
read: `tui.terminal.own_settings`).

Textual's Linux driver reads keys from standard input and draws on standard error
(`sys.__stderr__`). Before it switches to the alternate screen, Marsad sends the
terminal the escapes of its `tui.terminal.detect.Decision` (VTE applies a bidi mode only to
rows created after it, so they must come first); after Textual has left the
alternate screen, it sends what undoes them. A switch that must never be made with
the normal screen showing (mlterm's layout: made or undone there, it leaves the
lines already on screen reversed and unshaped) is made inside the alternate screen,
which Marsad enters first (Textual's own entry then changes nothing: the cursor it
saves has not moved), and undone by the app, through `TakenTerminal.leaving`, before
Textual leaves it (`MarsadApp.on_unmount`). Everything goes to the stream the terminal is
on:

* standard error when it is a terminal (`marsad | cat`: stdout is a pipe);
* else standard output: standard error is pointed at it while the browser runs
  (`marsad 2>log`), and given back to the file afterwards;
* neither, or a standard input that is not a terminal (`marsad < /dev/null`, where
  no key could ever arrive): `TerminalUnavailable`, one line, exit 2.

When `TEXTUAL_DRIVER` names another driver (textual-serve's web driver, whose
stdout is a protocol stream), Textual does not use the terminal: nothing is checked
and nothing is sent.

Ways out: `q` and ctrl+c return from `App.run`; SIGINT, SIGTERM and SIGHUP ask the
app to exit (`App.exit`, from the event loop) instead of killing the process; an
exception or a load error unwinds through the `finally` here. A stop (SIGTSTP) gives
the terminal back as an exit does, and a continue (SIGCONT) takes it again and
redraws (`Suspension`).

While the browser runs, Textual and Rich must measure the same window: standard
output is pointed at the terminal when it is a pipe (`marsad | cat`), and
`TERM=dumb` is taken for a plain xterm (both would otherwise size the screen
differently, lay it out for ever and never read `q`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from tui.i18n import _
from tui.terminal.detect import ALTERNATE_SCREEN_OFF, ALTERNATE_SCREEN_ON, Decision, decide, detect
from tui.terminal.own_settings import own_setting

if TYPE_CHECKING:
    from textual.app import App

__all__ = [
    "EXIT_SIGNALS",
    "TakenTerminal",
    "TerminalUnavailable",
    "decision_here",
    "taken_terminal",
    "terminal_stream",
]

#: seconds an app asked to exit by a signal has, before the process leaves without it
SHUTDOWN_GRACE = 2.0
#: signals that end the browser the way `q` does; the exit code is 128 + the signal
EXIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class TerminalUnavailable(Exception):
    """The browser cannot run here; `message` says why and what to do instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class _Streams:
    keys: TextIO | None
    output: TextIO | None
    errors: TextIO | None


def decision_here(override: str | None) -> Decision:
    """`tui.terminal.detect.decide` for this process; `override` is `--bidi` or `MARSAD_BIDI`
    (ValueError if not a mode)."""
    environ = os.environ
    terminal = detect(environ)
    if terminal.key == "tmux":  # (the terminal around tmux draws: its setting is the one that counts)
        terminal = detect(environ, skip=("tmux", "textual-serve"))
    return decide(environ, override, own=own_setting(terminal, environ, _home()))


def _home() -> str | None:
    """The home directory, or None (no HOME and no passwd entry: `expanduser` leaves "~")."""
    home = os.path.expanduser("~")
    return None if home == "~" else home


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):  # closed
        return False


def _streams() -> _Streams:
    return _Streams(sys.__stdin__, sys.__stdout__, sys.__stderr__)


def terminal_stream() -> TextIO | None:
    """The stream the terminal is on: standard error if it is one, else standard output, else None."""
    streams = _streams()
    if _is_terminal(streams.errors):
        return streams.errors
    if _is_terminal(streams.output):
        return streams.output
    return None


def _write(stream: TextIO, text: str) -> None:
    """Write escapes; a terminal that went away (EIO, closed) has nothing left to restore."""
    if not text:
        return
    with contextlib.suppress(OSError, ValueError):
        stream.write(text)
        stream.flush()


@contextlib.contextmanager
def _pointed_at(standard: TextIO | None, stream: TextIO) -> Iterator[None]:
    """Point the file descriptor of `standard` (stdout or stderr) at `stream` for the duration, then give it back."""
    if standard is None or stream is standard:
        yield
        return
    with contextlib.suppress(OSError, ValueError):
        standard.flush()
    saved = os.dup(standard.fileno())
    try:
        os.dup2(stream.fileno(), standard.fileno())
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            standard.flush()
        os.dup2(saved, standard.fileno())
        os.close(saved)


def _standard_error_on(stream: TextIO) -> contextlib.AbstractContextManager[None]:
    """Point file descriptor 2 at `stream` (the terminal) for the duration, then give it back."""
    return _pointed_at(sys.__stderr__, stream)


@contextlib.contextmanager
def _exit_on_signals(exit_app: Callable[[int], None]) -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP ask the app to exit with 128 + the signal number.

    The request reaches the app through its event loop; before the loop runs there is
    no app to ask, and the signal ends the run at once (SystemExit, through the
    `finally` that restores the terminal). An app that has not left SHUTDOWN_GRACE
    seconds later never will: after a hang-up its terminal is gone, Textual's output
    thread dies on the first write and its shutdown waits for it for ever. The
    process then leaves as it is (a child still building an index sees its pipe
    close, and removes its half-built file).
    """

    def handler(signum: int, _frame: object) -> None:
        import asyncio  # (here, not at the top: a one-shot command never imports asyncio)

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise SystemExit(128 + signum) from None
        loop.call_soon_threadsafe(exit_app, 128 + signum)
        watchdog = threading.Timer(SHUTDOWN_GRACE, os._exit, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()

    previous = {signum: signal.signal(signum, handler) for signum in EXIT_SIGNALS}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def _standard_output_on(stream: TextIO) -> contextlib.AbstractContextManager[None]:
    """Point file descriptor 1 at `stream` (the terminal) for the duration, when it is not the terminal already.

    `marsad | cat`: Textual draws on standard error, but reads the window's size from
    standard output (`shutil.get_terminal_size`), a pipe, and so takes 80x24 while
    Rich measures the real window: the two sizes fight and the screen is laid out
    for ever (and `q` is never read). The browser prints nothing on standard output,
    so while it runs standard output is the terminal; afterwards, the pipe again.
    """
    output = sys.__stdout__
    return _pointed_at(None if _is_terminal(output) else output, stream)


#: what a terminal that says it can do nothing is taken for (`TERM=dumb`): Rich would measure it as 80x25
#: whatever its size, Textual the real window, and the two sizes would fight
DUMB_TERMINALS = ("dumb", "unknown")
DUMB_TERMINAL_TAKEN_FOR = "xterm"


@contextlib.contextmanager
def _drawable_terminal_type() -> Iterator[None]:
    """`TERM=dumb` (or `unknown`) is taken for a plain xterm while the browser runs, at the window's real size."""
    term = os.environ.get("TERM")
    if term is None or term.lower() not in DUMB_TERMINALS:
        yield
        return
    os.environ["TERM"] = DUMB_TERMINAL_TAKEN_FOR
    try:
        yield
    finally:
        os.environ["TERM"] = term


class TakenTerminal:
    """The terminal while the browser runs: what the app calls before Textual leaves the alternate screen,
    and what a stop (ctrl+z) and a continue do to it.

    Textual handles SIGTSTP itself but knows nothing of Marsad's switches: the
    terminal would keep its bidi off until `fg`. `install`, called once the app runs
    (Textual sets its own handlers as its driver starts), puts Marsad's handler in
    place: the switches made inside the alternate screen are undone while it still
    shows; inside Textual's public `App.suspend()` (which leaves the alternate
    screen, and takes it again afterwards with a redraw) the leave sequence is sent
    and the process stops; when it is continued, the enter sequence is sent before
    Textual draws again (VTE applies a bidi mode only to rows made after it), and
    the inside switches once the alternate screen is back.
    """

    def __init__(self, decision: Decision, stream: TextIO | None) -> None:
        self.decision = decision
        self.stream = stream
        self.inside_switched = False
        """Whether `decision.inside_enter` is in effect (sent, not yet undone)."""
        self._stop_handler_installed = False

    def entered(self) -> None:
        """The alternate screen, and the switches made only there (Marsad enters it before Textual does)."""
        if self.stream is not None and self.decision.inside_enter and not self.inside_switched:
            _write(self.stream, ALTERNATE_SCREEN_ON.sequence + self.decision.inside_enter_sequence)
            self.inside_switched = True

    def leaving(self) -> None:
        """Undo the switches made inside the alternate screen, while it still shows (the app calls this as it ends).

        Safe to call more than once, and from any thread (it only writes to the terminal).
        """
        if self.stream is not None and self.inside_switched:
            self.inside_switched = False
            _write(self.stream, self.decision.inside_leave_sequence)

    def left(self) -> None:
        """After Textual: what the app could not undo (it never ran, or it crashed), then `decision.leave`."""
        if self.stream is None:
            return
        self.uninstall()
        if self.inside_switched:  # (inside the alternate screen again, so that the normal screen is never switched)
            self.inside_switched = False
            _write(
                self.stream,
                ALTERNATE_SCREEN_ON.sequence + self.decision.inside_leave_sequence + ALTERNATE_SCREEN_OFF.sequence,
            )
        _write(self.stream, self.decision.leave_sequence)

    def install(self, app: App[Any]) -> None:
        """Handle SIGTSTP for `app`, which runs (its driver started): see the class."""
        if self.stream is None or not hasattr(signal, "SIGTSTP"):
            return
        stream = self.stream
        import asyncio  # (only once the app runs)

        loop = asyncio.get_running_loop()

        def suspend() -> None:
            was_switched = self.inside_switched
            self.leaving()
            with app.suspend():
                _write(stream, self.decision.leave_sequence)
                os.kill(os.getpid(), signal.SIGSTOP)  # (here until SIGCONT)
                _write(stream, self.decision.enter_sequence)
            if was_switched and self.decision.inside_enter:  # (the alternate screen is Textual's again)
                _write(stream, self.decision.inside_enter_sequence)
                self.inside_switched = True

        signal.signal(signal.SIGTSTP, lambda _signum, _frame: loop.call_soon_threadsafe(suspend))
        self._stop_handler_installed = True

    def uninstall(self) -> None:
        if self._stop_handler_installed:
            signal.signal(signal.SIGTSTP, signal.SIG_DFL)
            self._stop_handler_installed = False


@contextlib.contextmanager
def taken_terminal(decision: Decision, exit_app: Callable[[int], None]) -> Iterator[TakenTerminal]:
    """Check the terminal, send `decision.enter` (and enter the alternate screen for `decision.inside_enter`), run
    the body, send `decision.leave`.

    The body gets a `TakenTerminal`: the app installs its stop handler once it runs,
    and calls its `leaving()` before Textual leaves the alternate screen. `exit_app(code)`
    asks the running app to exit; it is called from the event loop when one of
    `EXIT_SIGNALS` arrives. Raises `TerminalUnavailable` before anything is sent when
    the browser cannot run here. The app is made inside the body: it must see the
    terminal as it is while it runs (`_drawable_terminal_type`).
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        with _exit_on_signals(exit_app):
            yield TakenTerminal(decision, None)
        return
    streams = _streams()
    if not _is_terminal(streams.keys):
        raise TerminalUnavailable(
            _(
                "marsad: standard input is not a terminal, so no key could reach the browser; "
                "run it from a terminal, or use 'marsad search' or 'marsad validate' in scripts"
            )
        )
    stream = terminal_stream()
    if stream is None:
        raise TerminalUnavailable(
            _(
                "marsad: neither standard output nor standard error is a terminal, so the browser has nowhere "
                "to draw; run it from a terminal, or use 'marsad search' or 'marsad validate' to print to a file"
            )
        )
    taken = TakenTerminal(decision, stream)
    with (
        _standard_error_on(stream),
        _standard_output_on(stream),
        _drawable_terminal_type(),
        _exit_on_signals(exit_app),
    ):
        _write(stream, decision.enter_sequence)
        try:
            taken.entered()
            yield taken
        finally:
            taken.left()

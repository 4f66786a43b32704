"""Which terminal Marsad runs in, and what it must send that terminal so Arabic reads right.

Terminals disagree about Arabic. Most put characters into cells left to right and
leave shaping and reordering to the program (Marsad's `app` mode); some reorder
every line themselves, and a few of those can be asked to stop. What each one does
by default, how it announces itself, and what to send it on entry and at exit is
written once, in `TERMINALS`; `decide` turns an environment and the user's
`--bidi`/`MARSAD_BIDI` into a `Decision`: the mode, why, the escapes, and any advice
only the user can act on. Nothing here reads or writes anything: `tui.terminal.handshake`
sends the escapes, `marsad doctor` prints the decision.

`seen` says whether a terminal's row was checked in the terminal matrix
(`tools/terminal_matrix.py`, screenshots in `docs/terminals/`); the others are
inferred from their documentation and issue trackers, named in `source`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from tui.text.direction import BidiMode

__all__ = [
    "BDSM_EXPLICIT",
    "BDSM_IMPLICIT",
    "TERMINALS",
    "Decision",
    "Escape",
    "Signature",
    "TerminalKind",
    "decide",
    "detect",
    "kitty_config_paths",
    "kitty_forces_ltr",
]


@dataclass(frozen=True)
class Escape:
    """One control sequence, and what it does, for `marsad doctor`."""

    sequence: str
    meaning: str

    @property
    def readable(self) -> str:
        """The sequence spelled out (`ESC [8l`, `ESC ]50;... BEL`), safe to print."""
        return self.sequence.replace("\x1b", "ESC ").replace("\x07", " BEL")


#: ECMA-48 BDSM (Bi-Directional Support Mode): explicit, the program orders the cells
BDSM_EXPLICIT = Escape("\x1b[8l", "BDSM explicit (ECMA-48): the terminal stops reordering; Marsad orders the cells")
#: ECMA-48 BDSM implicit: the terminal's own bidi back, as it was before Marsad started
BDSM_IMPLICIT = Escape("\x1b[8h", "BDSM implicit (ECMA-48): the terminal's own bidi back")


@dataclass(frozen=True)
class Signature:
    """An environment variable a terminal sets; `value` None means "set and not empty"."""

    variable: str
    value: str | None = None

    def matches(self, environ: Mapping[str, str]) -> bool:
        found = environ.get(self.variable)
        if not found:
            return False
        return self.value is None or found == self.value

    def __str__(self) -> str:
        return self.variable if self.value is None else f"{self.variable}={self.value}"


@dataclass(frozen=True)
class TerminalKind:
    """What one family of terminals does with Arabic, and what Marsad does about it."""

    key: str
    name: str
    signatures: tuple[Signature, ...]
    """Any one of them identifies the terminal (the table is searched in order)."""
    behaviour: str
    """What it does with right-to-left text by default, in one sentence."""
    mode: BidiMode
    """The mode that reads right there with its default settings."""
    why: str
    """Why `mode` reads right there."""
    reorders_lines: bool
    """Whether it reorders (and shapes) plain logical lines itself, as a shell prints them."""
    enter: tuple[Escape, ...] = ()
    """Its own switches, sent with BDSM before the alternate screen in app mode."""
    leave: tuple[Escape, ...] = ()
    """What undoes `enter`, sent at exit."""
    advice: str = ""
    """What only the user can change, said once in the app and by `marsad doctor`."""
    hint: str = ""
    """What may help in some set-ups, said only by `marsad doctor`."""
    seen: bool = False
    """Checked in the terminal matrix; otherwise inferred from `source`."""
    source: str = ""


KONSOLE_BIDI_OFF = Escape(
    "\x1b]50;BidiRenderingEnabled=false\x07",
    "Konsole profile: its own bidi off for this tab (what konsoleprofile sends)",
)
KONSOLE_BIDI_ON = Escape(
    "\x1b]50;BidiRenderingEnabled=true\x07", "Konsole profile: its bidi back on (Konsole's default)"
)
MLTERM_CTL_OFF = Escape("\x1b]5379;use_ctl=false\x07", "mlterm: complex text layout (its bidi and shaping) off")
MLTERM_CTL_ON = Escape("\x1b]5379;use_ctl=true\x07", "mlterm: complex text layout back on (mlterm's default)")

KITTY_ADVICE = (
    "kitty draws right-to-left words itself, so the Arabic that Marsad has already put in reading "
    "order comes out with its letters reversed. Add this line to kitty.conf and restart kitty: "
    "force_ltr yes"
)

_NO_BIDI_WHY = "it draws cells as they come, so Marsad's own shaping and ordering is all there is"

TERMINALS: tuple[TerminalKind, ...] = (
    TerminalKind(
        key="textual-serve",
        name="a web browser (textual-serve, xterm.js)",
        signatures=(Signature("TERM_PROGRAM", "textual"),),
        behaviour="xterm.js neither shapes nor reorders (xterm.js issue 701)",
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        seen=True,
        source="headless Chromium test (tests/test_serve_browser.py)",
    ),
    TerminalKind(
        key="tmux",
        name="tmux",
        signatures=(Signature("TMUX"),),
        behaviour="tmux passes cells through without bidi (tmux issue 1936); the terminal around it draws them",
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        hint="inside tmux, the terminal around tmux must not reorder: Marsad's escapes stop at tmux",
        seen=True,
        source="terminal matrix, tmux 3.3 in xterm",
    ),
    TerminalKind(
        key="kitty",
        name="kitty",
        signatures=(Signature("TERM", "xterm-kitty"), Signature("KITTY_WINDOW_ID")),
        behaviour="kitty shapes each run of right-to-left letters and draws it right to left, but keeps words "
        "in cell order; it ignores BDSM (its log says 'Unsupported screen mode: 8')",
        mode=BidiMode.APP,
        reorders_lines=False,
        why="with force_ltr yes kitty draws cells as they come, and Marsad's ordering reads right; without it "
        "neither mode does (terminal mode would keep the letters but put the words backwards)",
        advice=KITTY_ADVICE,
        seen=True,
        source="terminal matrix, kitty 0.26; kitty.conf documentation of force_ltr",
    ),
    TerminalKind(
        key="konsole",
        name="Konsole",
        signatures=(Signature("KONSOLE_VERSION"),),
        behaviour="Konsole reorders and shapes every line itself (bidi on in its default profile) and ignores BDSM",
        mode=BidiMode.APP,
        reorders_lines=True,
        why="Konsole's own bidi is switched off for the tab while Marsad runs (a profile change it accepts), "
        "so rows that hold several panes keep their order",
        enter=(KONSOLE_BIDI_OFF,),
        leave=(KONSOLE_BIDI_ON,),
        seen=True,
        source="terminal matrix, Konsole 22.12",
    ),
    TerminalKind(
        key="mlterm",
        name="mlterm",
        signatures=(Signature("MLTERM"),),
        behaviour="mlterm reorders and shapes every line itself and ignores BDSM; its own layout puts mixed "
        "lines left to right",
        mode=BidiMode.APP,
        reorders_lines=True,
        why="mlterm's complex text layout is switched off while Marsad runs, so Marsad's ordering is the only one",
        enter=(MLTERM_CTL_OFF,),
        leave=(MLTERM_CTL_ON,),
        seen=True,
        source="terminal matrix, mlterm 3.9",
    ),
    TerminalKind(
        key="vte",
        name="a VTE terminal (GNOME Terminal, Console, Tilix, Terminator, xfce4-terminal...)",
        signatures=(Signature("VTE_VERSION"),),
        behaviour="VTE reorders and shapes every line itself and honours BDSM, but only for rows created after it",
        mode=BidiMode.APP,
        reorders_lines=True,
        why="BDSM is sent before the alternate screen, so every row of the app is in explicit mode",
        seen=True,
        source="terminal matrix, VTE 0.70 started from a shell with text on screen",
    ),
    TerminalKind(
        key="xterm",
        name="xterm",
        signatures=(Signature("XTERM_VERSION"),),
        behaviour="xterm neither shapes nor reorders",
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        seen=True,
        source="terminal matrix, xterm 379",
    ),
    TerminalKind(
        key="apple-terminal",
        name="macOS Terminal.app",
        signatures=(Signature("TERM_PROGRAM", "Apple_Terminal"),),
        behaviour="Terminal.app reorders and shapes every line itself and has no escape sequence to stop it",
        mode=BidiMode.TERMINAL,
        reorders_lines=True,
        why="Terminal.app would reorder Marsad's ordering a second time and cannot be told not to, so the "
        "logical text is left to it",
        advice="Terminal.app reorders every row on its own, so Marsad leaves Arabic to it: words read right, "
        "but a row that holds two panes of Arabic may show them swapped. iTerm2 (its bidi setting off, "
        "the default) reads right in app mode",
        source="terminal-wg BiDi prior work (Terminal.app: implicit mode, no way to turn it off)",
    ),
    TerminalKind(
        key="iterm2",
        name="iTerm2",
        signatures=(Signature("TERM_PROGRAM", "iTerm.app"), Signature("LC_TERMINAL", "iTerm2")),
        behaviour="iTerm2 draws cells left to right; its bidi preference is off by default",
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        hint="if you turned on iTerm2's bidi preference, turn it off for Marsad or start it with --bidi terminal",
        source="iTerm2 issue 2686 and pull requests 709/716 (bidi behind a preference, off by default)",
    ),
    TerminalKind(
        key="wezterm",
        name="WezTerm",
        signatures=(Signature("TERM_PROGRAM", "WezTerm"),),
        behaviour="WezTerm reorders only with bidi_enabled = true, which is off by default",
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        hint="if you set bidi_enabled = true in wezterm.lua, start Marsad with --bidi terminal",
        source="WezTerm documentation of bidi_enabled (default false)",
    ),
    TerminalKind(
        key="vscode",
        name="the Visual Studio Code terminal (xterm.js)",
        signatures=(Signature("TERM_PROGRAM", "vscode"),),
        behaviour="xterm.js neither shapes nor reorders (xterm.js issue 701)",
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        source="vscode issue 128701, xterm.js issue 701",
    ),
    TerminalKind(
        key="mintty",
        name="mintty",
        signatures=(Signature("TERM_PROGRAM", "mintty"),),
        behaviour="mintty reorders lines itself by default and honours BDSM",
        mode=BidiMode.APP,
        reorders_lines=True,
        why="BDSM turns mintty's own bidi off while Marsad runs",
        source="mintty wiki, control sequences: bidirectional rendering (mode 8)",
    ),
    TerminalKind(
        key="windows-terminal",
        name="Windows Terminal",
        signatures=(Signature("WT_SESSION"),),
        behaviour="Windows Terminal neither shapes nor reorders (microsoft/terminal issue 538)",
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        source="microsoft/terminal issue 538",
    ),
    TerminalKind(
        key="alacritty",
        name="Alacritty",
        signatures=(Signature("ALACRITTY_WINDOW_ID"), Signature("TERM", "alacritty")),
        behaviour="Alacritty neither shapes nor reorders",
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        source="Alacritty issue tracker (no bidi)",
    ),
    TerminalKind(
        key="ghostty",
        name="Ghostty",
        signatures=(Signature("TERM_PROGRAM", "ghostty"),),
        behaviour="Ghostty neither shapes nor reorders",
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        source="Ghostty issue tracker (no bidi)",
    ),
)

UNKNOWN = TerminalKind(
    key="unknown",
    name="an unrecognised terminal",
    signatures=(),
    behaviour="unknown; most terminals neither shape nor reorder",
    mode=BidiMode.APP,
    reorders_lines=False,
    why="most terminals draw cells as they come; BDSM asks the others (ECMA-48) to do so too",
    hint="if Arabic shows reversed, this terminal reorders it again: try --bidi terminal",
    source="the common case (xterm, tmux, Alacritty, Windows Terminal...)",
)


def detect(environ: Mapping[str, str]) -> TerminalKind:
    """The first terminal of `TERMINALS` whose signature is in `environ`, else `UNKNOWN`.

    The order settles inheritance: a terminal started from another keeps the
    other's variables, so the ones that identify a host exactly (textual-serve,
    tmux, kitty's TERM) come first.
    """
    for kind in TERMINALS:
        if any(signature.matches(environ) for signature in kind.signatures):
            return kind
    return UNKNOWN


@dataclass(frozen=True)
class Decision:
    """What Marsad will do in this terminal, and why."""

    terminal: TerminalKind
    mode: BidiMode
    """Who shapes and reorders in the browser."""
    reason: str
    print_mode: BidiMode
    """Who reorders the lines the CLI prints to this terminal."""
    enter: tuple[Escape, ...]
    """Sent before the alternate screen; empty in terminal mode."""
    leave: tuple[Escape, ...]
    """Sent after the alternate screen is left."""
    advice: str

    @property
    def enter_sequence(self) -> str:
        return "".join(escape.sequence for escape in self.enter)

    @property
    def leave_sequence(self) -> str:
        return "".join(escape.sequence for escape in self.leave)


def decide(environ: Mapping[str, str], override: str | None = None, *, kitty_forces_ltr: bool = False) -> Decision:
    """The decision for this environment; `override` is `--bidi` or `MARSAD_BIDI` ("app"/"terminal").

    An override wins over the table, and means the user knows: no advice then.
    `kitty_forces_ltr` says that kitty.conf already has `force_ltr yes`.
    Raises ValueError for an override that is not a mode.
    """
    terminal = detect(environ)
    advice = terminal.advice
    if terminal.key == "kitty" and kitty_forces_ltr:
        advice = ""
    if override is not None:
        mode = BidiMode(override)
        reason = f"you asked for {mode.value} mode (--bidi or MARSAD_BIDI)"
        print_mode = mode
        advice = ""
    else:
        mode = terminal.mode
        reason = terminal.why
        print_mode = BidiMode.TERMINAL if terminal.reorders_lines else BidiMode.APP
    if mode is BidiMode.APP:
        enter = (BDSM_EXPLICIT, *terminal.enter)
        leave = (*terminal.leave, BDSM_IMPLICIT)
    else:
        enter = leave = ()
    return Decision(terminal, mode, reason, print_mode, enter, leave, advice)


def kitty_config_paths(environ: Mapping[str, str], home: str | None) -> list[PurePosixPath]:
    """Where kitty reads kitty.conf, in its own order (kitty's documentation, "kitty.conf")."""
    paths: list[PurePosixPath] = []
    if environ.get("KITTY_CONFIG_DIRECTORY"):
        return [PurePosixPath(environ["KITTY_CONFIG_DIRECTORY"]) / "kitty.conf"]
    if environ.get("XDG_CONFIG_HOME"):
        paths.append(PurePosixPath(environ["XDG_CONFIG_HOME"]) / "kitty" / "kitty.conf")
    elif home:
        paths.append(PurePosixPath(home) / ".config" / "kitty" / "kitty.conf")
    for directory in (environ.get("XDG_CONFIG_DIRS") or "").split(":"):
        if directory:
            paths.append(PurePosixPath(directory) / "kitty" / "kitty.conf")
    return paths


_FORCE_LTR = re.compile(r"^[ \t]*force_ltr[ \t]+(\S+)[ \t]*$", re.MULTILINE)


def kitty_forces_ltr(config_text: str) -> bool:
    """Whether a kitty.conf sets `force_ltr` on (its last setting wins, as in kitty)."""
    values = _FORCE_LTR.findall(config_text)
    return bool(values) and values[-1].lower() in ("yes", "y", "true")

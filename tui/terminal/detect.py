"""Which terminal Marsad runs in, and what it must send that terminal so Arabic reads right.

Terminals disagree about Arabic. Most put characters into cells left to right and
leave shaping and reordering to the program (Marsad's `app` mode); some reorder
every line themselves, and a few of those can be asked to stop. What each one does
by default, how it announces itself, and what to send it on entry and at exit is
written once, in `TERMINALS`; `decide` turns an environment, the user's
`--bidi`/`MARSAD_BIDI` and the terminal's own bidi setting where it could be read
(`OwnSetting`, read by `tui.terminal.own_settings`) into a `Decision`: the mode, why,
the escapes, how a printed line reads right there, and any advice only the user can
act on. Inside tmux, the terminal around tmux is recognised too (its variables are
still in the environment), since it is the one that draws. Nothing here reads or
writes anything: `tui.terminal.handshake` sends the escapes, `marsad doctor` prints
the decision.

`seen` says whether a terminal's row was checked in the terminal matrix
(`tools/terminal_matrix.py`, screenshots in `docs/terminals/`); the others are
inferred from their documentation and issue trackers, named in `source`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import PurePosixPath

from tui.i18n import N_, _
from tui.text.direction import BidiMode

__all__ = [
    "ALTERNATE_SCREEN_ON",
    "BDSM_EXPLICIT",
    "BDSM_IMPLICIT",
    "BY_KEY",
    "TERMINALS",
    "Decision",
    "Escape",
    "LineForm",
    "OwnSetting",
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
BDSM_EXPLICIT = Escape("\x1b[8l", N_("BDSM explicit (ECMA-48): the terminal stops reordering; Marsad orders the cells"))
#: ECMA-48 BDSM implicit: the terminal's own bidi back, as it was before Marsad started
BDSM_IMPLICIT = Escape("\x1b[8h", N_("BDSM implicit (ECMA-48): the terminal's own bidi back"))
#: the alternate screen (xterm), entered before a switch that must never touch the normal screen's lines
ALTERNATE_SCREEN_ON = Escape("\x1b[?1049h", N_("the alternate screen, so that the next switch leaves your lines alone"))
ALTERNATE_SCREEN_OFF = Escape("\x1b[?1049l", N_("back to the normal screen"))


class LineForm(Enum):
    """How a line of Arabic printed on the normal screen (`marsad doctor`'s test line) reads right in a terminal."""

    VISUAL = N_("shaped and put in reading order by Marsad (this terminal draws cells as they come)")
    EXPLICIT_VISUAL = N_(
        "shaped and put in reading order by Marsad, on a row where this terminal's own bidi is switched off "
        "(BDSM, as the browser does)"
    )
    RUNS = N_(
        "its words in reading order, each run of Arabic left as stored: this terminal reverses and shapes "
        "Arabic runs itself, in a left-to-right line"
    )
    LOGICAL = N_("as stored: this terminal lays out and shapes each line itself")
    STORED = N_("as stored (standard output is not a terminal: a pipe or a file gets the stored text)")


@dataclass(frozen=True)
class OwnSetting:
    """The terminal's own setting that decides whether it reorders Arabic, as read from the user's set-up."""

    name: str
    """As the terminal names it: `force_ltr`, `BidiRenderingEnabled`, `use_ctl`."""
    on: bool | None
    """None: it could not be read (then the terminal's default is assumed)."""
    where: str
    """Where it was read (a file, the terminal's command line), or why it could not be."""

    def __str__(self) -> str:
        value = _("not read") if self.on is None else (_("on") if self.on else _("off"))
        return f"{self.name} {value} ({self.where})"


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
    inside_enter: tuple[Escape, ...] = ()
    """Switches that must be made and undone only inside the alternate screen (they damage the lines of the normal
    screen, as mlterm's layout switch does): sent after entering it, undone before the browser leaves it."""
    inside_leave: tuple[Escape, ...] = ()
    own_setting: str = ""
    """The name of its own bidi setting, when Marsad can read it (`OwnSetting`): off, nothing is switched."""
    test_line: LineForm = LineForm.VISUAL
    """How a printed line of Arabic reads right here (with its default settings)."""
    advice: str = ""
    """What only the user can change, said once in the app and by `marsad doctor`."""
    hint: str = ""
    """What may help in some set-ups, said only by `marsad doctor`."""
    seen: bool = False
    """Checked in the terminal matrix; otherwise inferred from `source`."""
    source: str = ""


KONSOLE_BIDI_OFF = Escape(
    "\x1b]50;BidiRenderingEnabled=false\x07",
    N_("Konsole profile: its own bidi off for this tab (what konsoleprofile sends)"),
)
KONSOLE_BIDI_ON = Escape(
    "\x1b]50;BidiRenderingEnabled=true\x07", N_("Konsole profile: its bidi back on (Konsole's default)")
)
MLTERM_CTL_OFF = Escape("\x1b]5379;use_ctl=false\x07", N_("mlterm: complex text layout (its bidi and shaping) off"))
MLTERM_CTL_ON = Escape("\x1b]5379;use_ctl=true\x07", N_("mlterm: complex text layout back on (mlterm's default)"))

KITTY_ADVICE = N_(
    "kitty draws right-to-left words itself, so the Arabic that Marsad has already put in reading "
    "order comes out with its letters reversed. Add this line to kitty.conf and restart kitty: "
    "force_ltr yes"
)

_NO_BIDI_WHY = N_("it draws cells as they come, so Marsad's own shaping and ordering is all there is")

TERMINALS: tuple[TerminalKind, ...] = (
    TerminalKind(
        key="textual-serve",
        name=N_("a web browser (textual-serve, xterm.js)"),
        signatures=(Signature("TERM_PROGRAM", "textual"),),
        behaviour=N_("xterm.js neither shapes nor reorders (xterm.js issue 701)"),
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        seen=True,
        source=N_("headless Chromium test (tests/test_serve_browser.py)"),
    ),
    TerminalKind(
        key="tmux",
        name=N_("tmux"),
        signatures=(Signature("TMUX"),),
        behaviour=N_("tmux passes cells through without bidi (tmux issue 1936); the terminal around it draws them"),
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        hint=N_(
            "inside tmux, the terminal around tmux draws: Marsad's escapes stop at tmux, so Marsad goes by the "
            "terminal tmux was started in (its variables are still set inside tmux)"
        ),
        seen=True,
        source=N_("terminal matrix, tmux 3.3 in xterm, in VTE and in Konsole"),
    ),
    TerminalKind(
        key="kitty",
        name=N_("kitty"),
        signatures=(Signature("TERM", "xterm-kitty"), Signature("KITTY_WINDOW_ID")),
        behaviour=N_(
            "kitty shapes each run of right-to-left letters and draws it right to left, but keeps words "
            "in cell order; it ignores BDSM (its log says 'Unsupported screen mode: 8')"
        ),
        mode=BidiMode.APP,
        reorders_lines=False,
        why=N_(
            "with force_ltr yes kitty draws cells as they come, and Marsad's ordering reads right; without it "
            "neither mode does (terminal mode would keep the letters but put the words backwards)"
        ),
        advice=KITTY_ADVICE,
        own_setting="force_ltr",
        seen=True,
        source=N_("terminal matrix, kitty 0.26; kitty.conf documentation of force_ltr"),
    ),
    TerminalKind(
        key="konsole",
        name=N_("Konsole"),
        signatures=(Signature("KONSOLE_VERSION"),),
        behaviour=N_("Konsole reorders and shapes every line itself (bidi on in its default profile) and ignores BDSM"),
        mode=BidiMode.APP,
        reorders_lines=True,
        why=N_(
            "Konsole's own bidi is switched off for the tab while Marsad runs (a profile change it accepts), "
            "so rows that hold several panes keep their order"
        ),
        enter=(KONSOLE_BIDI_OFF,),
        leave=(KONSOLE_BIDI_ON,),
        own_setting="BidiRenderingEnabled",
        test_line=LineForm.RUNS,
        seen=True,
        source=N_("terminal matrix, Konsole 22.12"),
    ),
    TerminalKind(
        key="mlterm",
        name=N_("mlterm"),
        signatures=(Signature("MLTERM"),),
        behaviour=N_(
            "mlterm reorders and shapes every line itself and ignores BDSM; its own layout puts mixed "
            "lines left to right"
        ),
        mode=BidiMode.APP,
        reorders_lines=True,
        why=N_(
            "mlterm's complex text layout is switched off inside the alternate screen while Marsad runs (switched "
            "off or on with the normal screen showing, it leaves the lines already there reversed and unshaped), so "
            "Marsad's ordering is the only one"
        ),
        inside_enter=(MLTERM_CTL_OFF,),
        inside_leave=(MLTERM_CTL_ON,),
        own_setting="use_ctl",
        test_line=LineForm.LOGICAL,
        seen=True,
        source=N_("terminal matrix, mlterm 3.9"),
    ),
    TerminalKind(
        key="vte",
        name=N_("a VTE terminal (GNOME Terminal, Console, Tilix, Terminator, xfce4-terminal...)"),
        signatures=(Signature("VTE_VERSION"),),
        behaviour=N_("VTE reorders and shapes every line itself and honours BDSM, but only for rows created after it"),
        mode=BidiMode.APP,
        reorders_lines=True,
        why=N_("BDSM is sent before the alternate screen, so every row of the app is in explicit mode"),
        test_line=LineForm.EXPLICIT_VISUAL,
        seen=True,
        source=N_("terminal matrix, VTE 0.70 started from a shell with text on screen"),
    ),
    TerminalKind(
        key="xterm",
        name=N_("xterm"),
        signatures=(Signature("XTERM_VERSION"),),
        behaviour=N_("xterm neither shapes nor reorders"),
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        seen=True,
        source=N_("terminal matrix, xterm 379"),
    ),
    TerminalKind(
        key="apple-terminal",
        name=N_("macOS Terminal.app"),
        signatures=(Signature("TERM_PROGRAM", "Apple_Terminal"),),
        behaviour=N_("Terminal.app reorders and shapes every line itself and has no escape sequence to stop it"),
        mode=BidiMode.TERMINAL,
        reorders_lines=True,
        why=N_(
            "Terminal.app would reorder Marsad's ordering a second time and cannot be told not to, so the "
            "logical text is left to it"
        ),
        advice=N_(
            "Terminal.app reorders every row on its own, so Marsad leaves Arabic to it: words read right, "
            "but a row that holds two panes of Arabic may show them swapped. iTerm2 (its bidi setting off, "
            "the default) reads right in app mode"
        ),
        test_line=LineForm.LOGICAL,
        source=N_("terminal-wg BiDi prior work (Terminal.app: implicit mode, no way to turn it off)"),
    ),
    TerminalKind(
        key="iterm2",
        name=N_("iTerm2"),
        signatures=(Signature("TERM_PROGRAM", "iTerm.app"), Signature("LC_TERMINAL", "iTerm2")),
        behaviour=N_("iTerm2 draws cells left to right; its bidi preference is off by default"),
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        hint=N_("if you turned on iTerm2's bidi preference, turn it off for Marsad or start it with --bidi terminal"),
        source=N_("iTerm2 issue 2686 and pull requests 709/716 (bidi behind a preference, off by default)"),
    ),
    TerminalKind(
        key="wezterm",
        name=N_("WezTerm"),
        signatures=(Signature("TERM_PROGRAM", "WezTerm"),),
        behaviour=N_("WezTerm reorders only with bidi_enabled = true, which is off by default"),
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        hint=N_("if you set bidi_enabled = true in wezterm.lua, start Marsad with --bidi terminal"),
        source=N_("WezTerm documentation of bidi_enabled (default false)"),
    ),
    TerminalKind(
        key="vscode",
        name=N_("the Visual Studio Code terminal (xterm.js)"),
        signatures=(Signature("TERM_PROGRAM", "vscode"),),
        behaviour=N_("xterm.js neither shapes nor reorders (xterm.js issue 701)"),
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        source=N_("vscode issue 128701, xterm.js issue 701"),
    ),
    TerminalKind(
        key="mintty",
        name=N_("mintty"),
        signatures=(Signature("TERM_PROGRAM", "mintty"),),
        behaviour=N_("mintty reorders lines itself by default and honours BDSM"),
        mode=BidiMode.APP,
        reorders_lines=True,
        why=N_("BDSM turns mintty's own bidi off while Marsad runs"),
        test_line=LineForm.EXPLICIT_VISUAL,
        source=N_("mintty wiki, control sequences: bidirectional rendering (mode 8)"),
    ),
    TerminalKind(
        key="windows-terminal",
        name=N_("Windows Terminal"),
        signatures=(Signature("WT_SESSION"),),
        behaviour=N_("Windows Terminal neither shapes nor reorders (microsoft/terminal issue 538)"),
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        source=N_("microsoft/terminal issue 538"),
    ),
    TerminalKind(
        key="alacritty",
        name=N_("Alacritty"),
        signatures=(Signature("ALACRITTY_WINDOW_ID"), Signature("TERM", "alacritty")),
        behaviour=N_("Alacritty neither shapes nor reorders"),
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        source=N_("Alacritty issue tracker (no bidi)"),
    ),
    TerminalKind(
        key="ghostty",
        name=N_("Ghostty"),
        signatures=(Signature("TERM_PROGRAM", "ghostty"),),
        behaviour=N_("Ghostty neither shapes nor reorders"),
        mode=BidiMode.APP,
        why=_NO_BIDI_WHY,
        reorders_lines=False,
        source=N_("Ghostty issue tracker (no bidi)"),
    ),
)

#: each terminal of the table by its key
BY_KEY: dict[str, TerminalKind] = {kind.key: kind for kind in TERMINALS}

UNKNOWN = TerminalKind(
    key="unknown",
    name=N_("an unrecognised terminal"),
    signatures=(),
    behaviour=N_("unknown; most terminals neither shape nor reorder"),
    mode=BidiMode.APP,
    reorders_lines=False,
    why=N_("most terminals draw cells as they come; BDSM asks the others (ECMA-48) to do so too"),
    hint=N_("if Arabic shows reversed, this terminal reorders it again: try --bidi terminal"),
    source=N_("the common case (xterm, tmux, Alacritty, Windows Terminal...)"),
)


def detect(environ: Mapping[str, str], *, skip: tuple[str, ...] = ()) -> TerminalKind:
    """The first terminal of `TERMINALS` (but those of `skip`) whose signature is in `environ`, else `UNKNOWN`.

    The order settles inheritance: a terminal started from another keeps the
    other's variables, so the ones that identify a host exactly (textual-serve,
    tmux, kitty's TERM) come first.
    """
    for kind in TERMINALS:
        if kind.key not in skip and any(signature.matches(environ) for signature in kind.signatures):
            return kind
    return UNKNOWN


#: terminals around tmux seen to read right when Marsad leaves Arabic to them (terminal mode, screenshots in the matrix)
_OUTER_TERMINAL_MODE = ("vte", "konsole")


@dataclass(frozen=True)
class Decision:
    """What Marsad will do in this terminal, and why."""

    terminal: TerminalKind
    mode: BidiMode
    """Who shapes and reorders in the browser."""
    reason: str
    """Why `mode` (said in the language spoken when the decision was made, as `advice` and `hint` are)."""
    print_mode: BidiMode
    """Who reorders the lines the CLI prints to this terminal."""
    enter: tuple[Escape, ...]
    """Sent before the alternate screen; empty in terminal mode."""
    leave: tuple[Escape, ...]
    """Sent after the alternate screen is left."""
    advice: str
    inside_enter: tuple[Escape, ...] = ()
    """Sent inside the alternate screen (after entering it), undone by `inside_leave` before leaving it."""
    inside_leave: tuple[Escape, ...] = ()
    test_line: LineForm = LineForm.VISUAL
    """How `marsad doctor` prints its test line so that it reads right here."""
    outer: TerminalKind | None = None
    """Inside tmux: the terminal tmux was started in, which draws what tmux shows."""
    own: OwnSetting | None = None
    """The terminal's own bidi setting, as read (None: it has none Marsad reads)."""
    hint: str = ""
    """What may help in some set-ups (`marsad doctor` says it)."""

    @property
    def enter_sequence(self) -> str:
        return _sequence(self.enter)

    @property
    def leave_sequence(self) -> str:
        return _sequence(self.leave)

    @property
    def inside_enter_sequence(self) -> str:
        return _sequence(self.inside_enter)

    @property
    def inside_leave_sequence(self) -> str:
        return _sequence(self.inside_leave)


def _sequence(escapes: tuple[Escape, ...]) -> str:
    return "".join(escape.sequence for escape in escapes)


def decide(environ: Mapping[str, str], override: str | None = None, *, own: OwnSetting | None = None) -> Decision:
    """The decision for this environment; `override` is `--bidi` or `MARSAD_BIDI` ("app"/"terminal").

    An override wins over the table, and means the user knows: no advice then.
    `own` is the terminal's own bidi setting where it could be read (kitty's
    `force_ltr`, Konsole's `BidiRenderingEnabled`, mlterm's `use_ctl`): with kitty's
    on, nothing needs saying; with Konsole's or mlterm's off, there is nothing to
    switch off, nor to switch on at exit. Raises ValueError for an override that is
    not a mode.
    """
    terminal = detect(environ)
    outer = detect(environ, skip=("tmux", "textual-serve")) if terminal.key == "tmux" else None
    drawn_by = outer if outer is not None and outer is not UNKNOWN else terminal
    own = own if own is not None and own.name and own.name == drawn_by.own_setting else None
    hint = _(terminal.hint) if terminal.hint else ""
    if override is not None:
        mode = BidiMode(override)
        return _switches(
            Decision(
                terminal,
                mode,
                _("you asked for {mode} mode (--bidi or MARSAD_BIDI)").format(mode=mode.value),
                mode,
                (),
                (),
                "",
                test_line=LineForm.VISUAL if mode is BidiMode.APP else LineForm.LOGICAL,
                outer=outer,
                own=own,
                hint=hint,
            ),
            terminal,
        )
    shows_advice = drawn_by.advice and (drawn_by.key != "kitty" or not (own is not None and own.on))
    advice = _(drawn_by.advice) if shows_advice else ""
    if outer is not None and outer.key in _OUTER_TERMINAL_MODE:
        said_hint = _(
            "inside tmux, {terminal} draws what tmux shows and no escape reaches it through tmux: words read "
            "right, but where two panes of Arabic meet on a row it may swap them. For the exact layout, run Marsad "
            "outside tmux"
        ).format(terminal=_(outer.name))
        if outer.key == "konsole":
            said_hint = _(
                "{hint} (or turn off Bi-Directional text rendering in the Konsole profile and start with --bidi app)"
            ).format(hint=said_hint)
        return Decision(
            terminal,
            BidiMode.TERMINAL,
            _(
                "the terminal around tmux ({terminal}) reorders and shapes every line itself, and Marsad's "
                "switches stop at tmux: Marsad leaves Arabic to it"
            ).format(terminal=_(outer.name)),
            BidiMode.TERMINAL,
            (),
            (),
            advice,
            test_line=LineForm.RUNS,
            outer=outer,
            own=own,
            hint=said_hint,
        )
    if outer is not None and outer is not UNKNOWN:
        hint = _("{hint}; here that is {terminal}").format(hint=hint, terminal=_(outer.name))
        if outer.hint:
            hint = f"{hint}: {_(outer.hint)}"
    if drawn_by.own_setting and own is not None and own.on is False and drawn_by.reorders_lines:
        # the user turned the terminal's own bidi off: it draws cells as they come, as xterm does
        return _switches(
            Decision(
                terminal,
                BidiMode.APP,
                _(
                    "{setting} is off in your set-up ({where}), so {terminal} draws cells as they come: "
                    "nothing to switch off, nor back on at exit"
                ).format(setting=own.name, where=own.where, terminal=_(drawn_by.name)),
                BidiMode.APP,
                (),
                (),
                advice,
                outer=outer,
                own=own,
                hint=hint,
            ),
            terminal,
            own_switches=False,
        )
    print_mode = BidiMode.TERMINAL if drawn_by.reorders_lines else BidiMode.APP
    return _switches(
        Decision(
            terminal,
            terminal.mode,
            _(terminal.why),
            print_mode,
            (),
            (),
            advice,
            test_line=drawn_by.test_line if drawn_by is terminal or drawn_by.reorders_lines else LineForm.VISUAL,
            outer=outer,
            own=own,
            hint=hint,
        ),
        terminal,
    )


def _switches(decision: Decision, terminal: TerminalKind, *, own_switches: bool = True) -> Decision:
    """The decision with its mode's escapes: BDSM and the terminal's own switches in app mode, none in terminal mode."""
    if decision.mode is not BidiMode.APP:
        return decision
    if not own_switches:
        return replace(decision, enter=(BDSM_EXPLICIT,), leave=(BDSM_IMPLICIT,))
    return replace(
        decision,
        enter=(BDSM_EXPLICIT, *terminal.enter),
        leave=(*terminal.leave, BDSM_IMPLICIT),
        inside_enter=terminal.inside_enter,
        inside_leave=terminal.inside_leave,
    )


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

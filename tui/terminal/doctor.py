"""`marsad doctor`: what Marsad found out about this terminal, and one line to check it by eye.

A user should know in ten seconds whether Marsad's Arabic will read right: the
report names the terminal and how it was recognised (and, inside tmux, the terminal
around it), the mode and why, the terminal's own bidi setting where Marsad read it,
the escapes the browser sends on entry and at exit, and what only the user can
change; then it prints a test line of Arabic, Latin and digits, with the words that
must appear at its right and left ends.

The test line must never contradict those words: a terminal that reorders lines
itself would reorder a line put in reading order a second time. So it is printed in
the form that reads right in that terminal (`tui.terminal.detect.LineForm`): shaped
and ordered by Marsad where the terminal draws cells as they come; the same on a row
where the terminal's bidi is switched off (BDSM, as the browser does) in VTE and
mintty; its words in reading order with each Arabic run as stored in Konsole, which
reverses Arabic runs itself within a left-to-right line and cannot be switched off
for one line (its switch redraws the whole screen); as stored in mlterm and
Terminal.app, which lay each line out themselves. A pipe gets the stored line.

The report is in the language spoken (`tui.i18n`): its labels, the terminal table's
sentences, the guide to the test line. The test line itself is the same Arabic and
Latin words in every language, so that the guide can name them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tui.i18n import N_, _, current_language
from tui.i18n.languages import BY_CODE
from tui.terminal.detect import BDSM_EXPLICIT, BDSM_IMPLICIT, TERMINALS, Decision, Escape, LineForm, TerminalKind
from tui.terminal.printing import reading_order
from tui.text.direction import BidiMode

#: "Marsad reads 2026 well", logical order; read right to left it starts with مرصد
TEST_LINE = "مرصد يقرأ Marsad 2026 جيدا"
#: the same words for a terminal that reverses each Arabic run itself in a left-to-right line (`LineForm.RUNS`):
#: the runs of TEST_LINE (مرصد يقرأ | Marsad 2026 | جيدا) in reading order, each Arabic run as stored
TEST_LINE_RUNS = "جيدا Marsad 2026 مرصد يقرأ"
TEST_LINE_GUIDE = N_(
    "Check: the next line must read from right to left with joined letters: "
    "مرصد (marsad) at its right end, then يقرأ (yaqra'), then 'Marsad 2026' left to right, "
    "and جيدا (jayyidan) at its left end."
)
#: erases the row the test line is written on (VTE applies BDSM to rows erased or made after it)
ERASE_ROW = "\x1b[2K"

_MODE_MEANING = {
    BidiMode.APP: N_("app: Marsad shapes Arabic and puts it in reading order itself"),
    BidiMode.TERMINAL: N_("terminal: Marsad draws logical, unshaped Arabic and the terminal orders it"),
}
#: the report's labels, in a column (messages; each padded to the widest in the language spoken)
_LABELS = {
    "terminal": N_("terminal"),
    "it": N_("it"),
    "mode": N_("mode"),
    "interface": N_("interface"),
    "why": N_("why"),
    "setting": N_("its setting"),
    "entry": N_("on entry"),
    "inside": N_("in the app"),
    "exit": N_("at exit"),
    "printed": N_("printed text"),
    "test": N_("test line"),
    "advice": N_("advice"),
    "hint": N_("hint"),
    "known": N_("known from"),
}


def report(decision: Decision, environ: Mapping[str, str], *, printing_to_terminal: bool) -> list[str]:
    """The lines `marsad doctor` prints before its test line (each goes through `tui.terminal.printing.out`)."""
    width = max(len(_(label)) for label in _LABELS.values()) + 2
    labelled = _labeller(width)
    terminal = decision.terminal
    found = _("{terminal} ({recognised})").format(
        terminal=_(terminal.name), recognised=_recognised_by(terminal, environ)
    )
    if decision.outer is not None:
        found = _("{found}, inside {terminal} ({recognised})").format(
            found=found, terminal=_(decision.outer.name), recognised=_recognised_by(decision.outer, environ)
        )
    lines = [
        labelled("terminal", found),
        labelled("it", _((decision.outer or terminal).behaviour)),
        labelled("mode", _(_MODE_MEANING[decision.mode])),
        labelled("interface", interface_layout(decision.mode)),
        labelled("why", decision.reason),
    ]
    if decision.own is not None:
        lines.append(labelled("setting", str(decision.own)))
    lines += [
        *_escapes(
            labelled, width, "entry", decision.enter, _("nothing (terminal mode: the terminal keeps its own bidi)")
        ),
        *_escapes(labelled, width, "inside", decision.inside_enter, "", then=decision.inside_leave),
        *_escapes(labelled, width, "exit", decision.leave, _("nothing")),
        labelled("printed", _printing(decision, printing_to_terminal)),
        labelled("test", _(_test_line_form(decision, printing_to_terminal).value)),
    ]
    if decision.advice:
        lines.append(labelled("advice", decision.advice))
    if decision.hint:
        lines.append(labelled("hint", decision.hint))
    known = _("seen in the terminal matrix (docs/terminals/)") if terminal.seen else _("inferred, not seen")
    lines.append(labelled("known", f"{known}: {_(terminal.source)}"))
    lines += ["", _(TEST_LINE_GUIDE), ""]
    return lines


def interface_layout(mode: BidiMode) -> str:
    """How the interface is laid out in this mode, in the language spoken (`tui.i18n.mirror_layout`)."""
    language = BY_CODE[current_language()]
    if language.direction == "ltr":
        return _("{language}, left to right").format(language=language.name)
    if mode is BidiMode.APP:
        return _(
            "{language}, mirrored: lists on the right, the detail on the left, every line put in reading order "
            "by Marsad"
        ).format(language=language.name)
    return _(
        "{language}, laid out left to right as in English: a terminal that orders lines itself takes each one "
        "left to right and reverses every stretch of Arabic where it stands, so a mirrored row would come back "
        "half undone (the pieces Arabic joins swapped back, those Latin parts not); this way every Arabic title, "
        "label and message reads right to left in its place"
    ).format(language=language.name)


def _labeller(width: int) -> Callable[[str, str], str]:
    """A report line: a label (by its key in _LABELS, or "" for none) in a column of `width`, then the text."""

    def labelled(key: str, text: str) -> str:
        label = _(_LABELS[key]) if key else ""
        return f"{label:<{width}}{text}"

    return labelled


def printed_test_line(decision: Decision, *, printing_to_terminal: bool) -> str:
    """The test line as written, with its line end: in the form that reads right in this terminal.

    It may hold escapes of Marsad's own (BDSM around the row), never data; it is
    written as it is, not through the gate.
    """
    form = _test_line_form(decision, printing_to_terminal)
    if form is LineForm.VISUAL:
        return reading_order(TEST_LINE) + "\n"
    if form is LineForm.EXPLICIT_VISUAL:
        return BDSM_EXPLICIT.sequence + ERASE_ROW + reading_order(TEST_LINE) + "\n" + BDSM_IMPLICIT.sequence
    if form is LineForm.RUNS:
        return TEST_LINE_RUNS + "\n"
    return TEST_LINE + "\n"  # (LOGICAL, STORED)


def _test_line_form(decision: Decision, printing_to_terminal: bool) -> LineForm:
    return decision.test_line if printing_to_terminal else LineForm.STORED


def _recognised_by(terminal: TerminalKind, environ: Mapping[str, str]) -> str:
    for signature in terminal.signatures:
        if signature.matches(environ):
            return _("found {variable}").format(variable=f"{signature.variable}={environ[signature.variable]}")
    looked_for = ", ".join(str(signature) for kind in TERMINALS for signature in kind.signatures)
    return _("no signature of a known terminal in the environment; looked for {signatures}").format(
        signatures=looked_for
    )


def _escapes(
    labelled: Callable[[str, str], str],
    width: int,
    key: str,
    escapes: tuple[Escape, ...],
    empty: str,
    *,
    then: tuple[Escape, ...] = (),
) -> list[str]:
    if not escapes:
        return [labelled(key, empty)] if empty else []
    lines = [
        labelled(key if at == 0 else "", f"{escape.readable}   {_(escape.meaning)}")
        for at, escape in enumerate(escapes)
    ]
    lines += [
        labelled(
            "",
            _("{escape}   {meaning}, before leaving the alternate screen").format(
                escape=escape.readable, meaning=_(escape.meaning)
            ),
        )
        for escape in then
    ]
    return lines


def _printing(decision: Decision, printing_to_terminal: bool) -> str:
    if not printing_to_terminal:
        return _("logical (standard output is not a terminal: a pipe or a file gets the stored text)")
    if decision.print_mode is BidiMode.APP:
        return _("shaped and put in reading order by Marsad, line by line")
    return _("left logical: this terminal orders and shapes plain lines itself")

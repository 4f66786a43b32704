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
"""

from __future__ import annotations

from collections.abc import Mapping

from tui.terminal.detect import BDSM_EXPLICIT, BDSM_IMPLICIT, TERMINALS, Decision, Escape, LineForm, TerminalKind
from tui.terminal.printing import reading_order
from tui.text.direction import BidiMode

#: "Marsad reads 2026 well", logical order; read right to left it starts with مرصد
TEST_LINE = "مرصد يقرأ Marsad 2026 جيدا"
#: the same words for a terminal that reverses each Arabic run itself in a left-to-right line (`LineForm.RUNS`):
#: the runs of TEST_LINE (مرصد يقرأ | Marsad 2026 | جيدا) in reading order, each Arabic run as stored
TEST_LINE_RUNS = "جيدا Marsad 2026 مرصد يقرأ"
TEST_LINE_GUIDE = (
    "Check: the next line must read from right to left with joined letters: "
    "مرصد (marsad) at its right end, then يقرأ (yaqra'), then 'Marsad 2026' left to right, "
    "and جيدا (jayyidan) at its left end."
)
#: erases the row the test line is written on (VTE applies BDSM to rows erased or made after it)
ERASE_ROW = "\x1b[2K"

_MODE_MEANING = {
    BidiMode.APP: "app: Marsad shapes Arabic and puts it in reading order itself",
    BidiMode.TERMINAL: "terminal: Marsad draws logical, unshaped Arabic and the terminal orders it",
}


def report(decision: Decision, environ: Mapping[str, str], *, printing_to_terminal: bool) -> list[str]:
    """The lines `marsad doctor` prints before its test line (each goes through `tui.terminal.printing.out`)."""
    terminal = decision.terminal
    found = f"terminal      {terminal.name} ({_recognised_by(terminal, environ)})"
    if decision.outer is not None:
        found += f", inside {decision.outer.name} ({_recognised_by(decision.outer, environ)})"
    lines = [
        found,
        f"it            {(decision.outer or terminal).behaviour}",
        f"mode          {_MODE_MEANING[decision.mode]}",
        f"why           {decision.reason}",
    ]
    if decision.own is not None:
        lines.append(f"its setting   {decision.own}")
    lines += [
        *_escapes("on entry", decision.enter, "nothing (terminal mode: the terminal keeps its own bidi)"),
        *_escapes("in the app", decision.inside_enter, "", then=decision.inside_leave),
        *_escapes("at exit", decision.leave, "nothing"),
        f"printed text  {_printing(decision, printing_to_terminal)}",
        f"test line     {_test_line_form(decision, printing_to_terminal).value}",
    ]
    if decision.advice:
        lines.append(f"advice        {decision.advice}")
    if decision.hint:
        lines.append(f"hint          {decision.hint}")
    known = "seen in the terminal matrix (docs/terminals/)" if terminal.seen else "inferred, not seen"
    lines.append(f"known from    {known}: {terminal.source}")
    lines += ["", TEST_LINE_GUIDE, ""]
    return lines


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
            return f"found {signature.variable}={environ[signature.variable]}"
    looked_for = ", ".join(str(signature) for kind in TERMINALS for signature in kind.signatures)
    return f"no signature of a known terminal in the environment; looked for {looked_for}"


def _escapes(label: str, escapes: tuple[Escape, ...], empty: str, *, then: tuple[Escape, ...] = ()) -> list[str]:
    if not escapes:
        return [f"{label:<14}{empty}"] if empty else []
    lines = [f"{label if at == 0 else '':<14}{escape.readable}   {escape.meaning}" for at, escape in enumerate(escapes)]
    lines += [f"{'':<14}{escape.readable}   {escape.meaning}, before leaving the alternate screen" for escape in then]
    return lines


def _printing(decision: Decision, printing_to_terminal: bool) -> str:
    if not printing_to_terminal:
        return "logical (standard output is not a terminal: a pipe or a file gets the stored text)"
    if decision.print_mode is BidiMode.APP:
        return "shaped and put in reading order by Marsad, line by line"
    return "left logical: this terminal orders and shapes plain lines itself"

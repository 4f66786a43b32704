"""`marsad doctor`: what Marsad found out about this terminal, and one line to check it by eye.

A user should know in ten seconds whether Marsad's Arabic will read right: the
report names the terminal and how it was recognised, the mode and why, the escapes
the browser sends on entry and at exit, and what only the user can change; then it
prints a test line of Arabic, Latin and digits the way Marsad's commands print to
this terminal, with the words that must appear at its right and left ends.
"""

from __future__ import annotations

from collections.abc import Mapping

from tui.terminal.detect import TERMINALS, Decision, Escape, TerminalKind
from tui.text.direction import BidiMode

#: "Marsad reads 2026 well", logical order; read right to left it starts with مرصد
TEST_LINE = "مرصد يقرأ Marsad 2026 جيدا"
TEST_LINE_GUIDE = (
    "Check: the next line must read from right to left with joined letters: "
    "مرصد (marsad) at its right end, then يقرأ (yaqra'), then 'Marsad 2026' left to right, "
    "and جيدا (jayyidan) at its left end."
)

_MODE_MEANING = {
    BidiMode.APP: "app: Marsad shapes Arabic and puts it in reading order itself",
    BidiMode.TERMINAL: "terminal: Marsad draws logical, unshaped Arabic and the terminal orders it",
}


def report(decision: Decision, environ: Mapping[str, str], *, printing_to_terminal: bool) -> list[str]:
    """The lines `marsad doctor` prints (each goes through `tui.terminal.printing.out`)."""
    terminal = decision.terminal
    lines = [
        f"terminal      {terminal.name} ({_recognised_by(terminal, environ)})",
        f"it            {terminal.behaviour}",
        f"mode          {_MODE_MEANING[decision.mode]}",
        f"why           {decision.reason}",
        *_escapes("on entry", decision.enter, "nothing (terminal mode: the terminal keeps its own bidi)"),
        *_escapes("at exit", decision.leave, "nothing"),
        f"printed text  {_printing(decision, printing_to_terminal)}",
    ]
    if decision.advice:
        lines.append(f"advice        {decision.advice}")
    if terminal.hint:
        lines.append(f"hint          {terminal.hint}")
    known = "seen in the terminal matrix (docs/terminals/)" if terminal.seen else "inferred, not seen"
    lines.append(f"known from    {known}: {terminal.source}")
    lines += ["", TEST_LINE_GUIDE, "", TEST_LINE]
    return lines


def _recognised_by(terminal: TerminalKind, environ: Mapping[str, str]) -> str:
    for signature in terminal.signatures:
        if signature.matches(environ):
            return f"found {signature.variable}={environ[signature.variable]}"
    looked_for = ", ".join(str(signature) for kind in TERMINALS for signature in kind.signatures)
    return f"no signature of a known terminal in the environment; looked for {looked_for}"


def _escapes(label: str, escapes: tuple[Escape, ...], empty: str) -> list[str]:
    if not escapes:
        return [f"{label:<14}{empty}"]
    return [f"{label if at == 0 else '':<14}{escape.readable}   {escape.meaning}" for at, escape in enumerate(escapes)]


def _printing(decision: Decision, printing_to_terminal: bool) -> str:
    if not printing_to_terminal:
        return "logical (standard output is not a terminal: a pipe or a file gets the stored text)"
    if decision.print_mode is BidiMode.APP:
        return "shaped and put in reading order by Marsad, line by line"
    return "left logical: this terminal orders and shapes plain lines itself"

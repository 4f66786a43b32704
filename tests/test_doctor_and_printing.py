"""`marsad doctor`, and CLI output that reads right in a terminal while pipes get the stored text."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata

import pytest
from terminal_session import ROOT, TerminalSession, clean_environment

from tui.terminal import printing
from tui.terminal.detect import OwnSetting, decide
from tui.terminal.doctor import TEST_LINE, TEST_LINE_GUIDE, TEST_LINE_RUNS, printed_test_line, report
from tui.terminal.printing import out, reading_order
from tui.text.direction import BidiMode

PRESENTATION_FORMS = ("\ufb50", "\ufeff")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def folded(text: str) -> str:
    """Visual text read back as letters: presentation forms -> base letters."""
    return unicodedata.normalize("NFKC", text)


@pytest.fixture
def app_lines():
    printing.set_line_mode(BidiMode.APP)
    yield
    printing.set_line_mode(BidiMode.TERMINAL)


def test_a_terminal_gets_shaped_lines_in_reading_order(app_lines) -> None:
    terminal = FakeTerminal()
    out("organization\tgroupe-guessous\tمجموعة جسوس / Groupe Guessous\t(exact in alias)", terminal)
    fields = terminal.getvalue().rstrip("\n").split("\t")
    assert fields[:2] == ["organization", "groupe-guessous"] and fields[3] == "(exact in alias)"
    name = fields[2]
    assert any(PRESENTATION_FORMS[0] <= char <= PRESENTATION_FORMS[1] for char in name), "shaped"
    assert name.startswith("Groupe Guessous / "), "the Latin name is at the left end of a right-to-left field"
    assert folded(name.split(" / ")[1]) == "مجموعة جسوس"[::-1], "Arabic read from the right"


def test_pipes_files_and_json_get_the_stored_text(app_lines) -> None:
    pipe = io.StringIO()
    out("مجموعة جسوس\tx", pipe)
    assert pipe.getvalue() == "مجموعة جسوس\tx\n"
    terminal = FakeTerminal()
    out('{"names": ["مجموعة جسوس"]}', terminal, logical=True)
    assert terminal.getvalue() == '{"names": ["مجموعة جسوس"]}\n'


def test_terminal_line_mode_leaves_lines_logical() -> None:
    printing.set_line_mode(BidiMode.TERMINAL)
    terminal = FakeTerminal()
    out("مجموعة جسوس", terminal)
    assert terminal.getvalue() == "مجموعة جسوس\n"


def test_reordered_lines_still_pass_the_gate(app_lines) -> None:
    terminal = FakeTerminal()
    out("اسم\x1b]0;PWNED\x07 \u202eabc", terminal)
    assert "\x1b" not in terminal.getvalue() and "\u202e" not in terminal.getvalue()


def test_reading_order_keeps_latin_lines_as_they_are() -> None:
    assert reading_order("plain latin (text) 2026") == "plain latin (text) 2026"


def test_report_names_the_terminal_the_mode_the_escapes_and_the_source() -> None:
    environ = {"KONSOLE_VERSION": "221203"}
    lines = report(decide(environ), environ, printing_to_terminal=True)
    text = "\n".join(lines)
    assert "Konsole (found KONSOLE_VERSION=221203)" in text
    assert (
        "ESC [8l" in text
        and "ESC ]50;BidiRenderingEnabled=false BEL" in text
        and "ESC ]50;BidiRenderingEnabled=true BEL" in text
    )
    assert "seen in the terminal matrix" in text
    assert "\x1b" not in text, "escapes are spelled out, never sent"
    assert lines[-2] == TEST_LINE_GUIDE


def test_report_in_terminal_mode_sends_nothing_and_says_inferred() -> None:
    environ = {"TERM_PROGRAM": "Apple_Terminal"}
    text = "\n".join(report(decide(environ), environ, printing_to_terminal=True))
    assert "on entry      nothing" in text and "inferred, not seen" in text and "advice" in text


def test_doctor_in_a_terminal_draws_the_test_line_in_reading_order() -> None:
    with TerminalSession(["-m", "tui", "doctor"], env=clean_environment({"XTERM_VERSION": "XTerm(379)"})) as session:
        assert session.finish() == 0
        lines = bytes(session.output).decode("utf-8").replace("\r\n", "\n").rstrip("\n").split("\n")
    assert lines[0].startswith("terminal      xterm (found XTERM_VERSION=XTerm(379))")
    test_line = lines[-1]
    words = test_line.split(" ")
    assert [folded(words[0])[::-1], folded(words[-1])[::-1]] == ["جيدا", "مرصد"], (
        "مرصد at the right end, جيدا at the left"
    )
    assert "Marsad 2026" in test_line


def test_doctor_to_a_pipe_prints_the_stored_test_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "doctor"],
        capture_output=True,
        env=clean_environment(),
        cwd=ROOT,
        timeout=60,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 0
    assert result.stdout.rstrip("\n").split("\n")[-1] == TEST_LINE
    assert "printed text  logical" in result.stdout


def test_search_in_a_terminal_reads_right() -> None:
    with TerminalSession(["-m", "tui", "search", "جسوس"]) as session:
        assert session.finish() == 0
        first = bytes(session.output).decode("utf-8").split("\r\n")[0]
    kind, record, names, _match = first.split("\t")
    assert (kind, record) == ("organization", "groupe-guessous")
    assert folded(names) == "Groupe Guessous / " + "مجموعة جسوس"[::-1]


# -- the test line reads right where it is printed (issue 18) ------------------------------


def words_at_the_ends(visual: str) -> list[str]:
    """The first and last words of a line as a terminal shows it (visual, shaped), read back as letters."""
    words = visual.split(" ")
    return [folded(words[0])[::-1], folded(words[-1])[::-1]]


def test_the_runs_form_reads_as_the_visual_line_in_a_terminal_that_reverses_arabic_runs() -> None:
    """Konsole lays every line out left to right and reverses each Arabic run itself (seen in the matrix)."""
    from bidi import get_display

    runs = ["مرصد يقرأ", "Marsad 2026", "جيدا"]
    assert " ".join(runs) == TEST_LINE
    assert " ".join(reversed(runs)) == TEST_LINE_RUNS
    assert get_display(TEST_LINE_RUNS, base_dir="L") == get_display(TEST_LINE, base_dir="R")
    assert get_display(TEST_LINE, base_dir="L") != get_display(TEST_LINE, base_dir="R"), "the line as stored would not"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"KONSOLE_VERSION": "221203"}, TEST_LINE_RUNS),
        ({"TMUX": "x", "VTE_VERSION": "7006"}, TEST_LINE_RUNS),
        ({"TMUX": "x", "KONSOLE_VERSION": "221203"}, TEST_LINE_RUNS),
        ({"MLTERM": "3.9.0"}, TEST_LINE),
        ({"TERM_PROGRAM": "Apple_Terminal"}, TEST_LINE),
    ],
    ids=["konsole", "tmux-in-vte", "tmux-in-konsole", "mlterm", "apple-terminal"],
)
def test_a_terminal_that_reorders_lines_gets_the_test_line_in_the_form_it_reads_right(environment, expected) -> None:
    assert printed_test_line(decide(environment), printing_to_terminal=True) == expected + "\n"
    assert printed_test_line(decide(environment), printing_to_terminal=False) == TEST_LINE + "\n", "a pipe: stored"


def test_konsole_with_its_bidi_off_gets_the_visual_line() -> None:
    decision = decide({"KONSOLE_VERSION": "221203"}, own=OwnSetting("BidiRenderingEnabled", False, "profile"))
    visual = printed_test_line(decision, printing_to_terminal=True).rstrip("\n")
    assert words_at_the_ends(visual) == ["جيدا", "مرصد"]


def test_doctor_in_vte_switches_bidi_off_for_its_test_line_as_the_browser_does() -> None:
    """VTE (GNOME Terminal, xfce4-terminal...) reordered the test line a second time: it contradicted its guide."""
    with TerminalSession(["-m", "tui", "doctor"], env=clean_environment({"VTE_VERSION": "7006"})) as session:
        assert session.finish() == 0
        output = bytes(session.output).decode("utf-8")
    guide = output.index(TEST_LINE_GUIDE)
    tail = output[guide + len(TEST_LINE_GUIDE) :].replace("\r\n", "\n").lstrip("\n")
    assert tail.startswith("\x1b[8l\x1b[2K") and tail.endswith("\n\x1b[8h"), repr(tail)
    visual = tail[len("\x1b[8l\x1b[2K") : -len("\n\x1b[8h")]
    assert words_at_the_ends(visual) == ["جيدا", "مرصد"] and "Marsad 2026" in visual
    assert "test line     shaped and put in reading order by Marsad, on a row where this terminal's own" in output


def test_doctor_in_konsole_prints_the_runs_form_and_says_why() -> None:
    with TerminalSession(["-m", "tui", "doctor"], env=clean_environment({"KONSOLE_VERSION": "221203"})) as session:
        assert session.finish() == 0
        output = bytes(session.output).decode("utf-8").replace("\r\n", "\n")
    assert output.rstrip("\n").split("\n")[-1] == TEST_LINE_RUNS
    assert "\x1b" not in output, "Konsole's switch redraws the whole screen: nothing is switched for one line"
    assert "its setting   BidiRenderingEnabled" in output

"""The command line in French and Arabic: `--help`, a validate report and doctor.

Piped, every line is the stored (logical) text; on a terminal that draws cells as they
come (xterm, a pty read back by pyte), an Arabic line is shaped and put in reading
order, right-aligned, as the interface is. `--json` keys are the same in every language.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from terminal_session import ROOT, TerminalSession, clean_environment

from tui.cli import main
from tui.i18n.catalogs import catalog
from tui.terminal.doctor import TEST_LINE
from tui.text.gate import BIDI_MARKS

XTERM = {"XTERM_VERSION": "XTerm(379)"}


def has_presentation_forms(text: str) -> bool:
    return any("\ufb50" <= char <= "\ufeff" for char in text)


def has_arabic_letters(text: str) -> bool:
    return any("\u0621" <= char <= "\u064a" for char in text)


def read_rtl(line: str) -> str:
    """A visual right-to-left line read back in logical order."""
    return unicodedata.normalize("NFKC", line[::-1])


def said(code: str, message: str) -> str:
    return "".join(char for char in catalog(code).gettext(message) if char not in BIDI_MARKS)


@pytest.fixture
def bad_records_db(tmp_path: Path) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "organizations": {"1": {"id": "good", "names": {"ar": "جيد"}}, "2": {"id": "bad", "names": {"ar": 7}}},
                "partnerships": {"1": {"id": "p", "names": {"ar": "ش"}, "parties": ["good", "ghost"]}},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def run_piped(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        env=clean_environment(env),
        cwd=ROOT,
        timeout=60,
        text=True,
        encoding="utf-8",
    )


def run_on_a_terminal(args: list[str], **env: str) -> tuple[int, list[str]]:
    with TerminalSession(["-m", "tui", *args], env=clean_environment({**XTERM, **env})) as session:
        code = session.finish()
        return code, [row for row in session.screen_rows() if row.strip()]


# -- --help ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "usage", "help_option"),
    [
        ("fr", "usage\u00a0: marsad", "affiche ce message d'aide et quitte"),
        ("ar", "الاستعمال: marsad", "يعرض رسالة المساعدة هذه ثم يخرج"),
    ],
)
def test_help_piped_is_the_language_as_stored(
    code: str, usage: str, help_option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", code, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(usage) and help_option in out and "--lang {en,fr,ar}" in out
    assert "show this help message" not in out and "positional arguments" not in out
    assert not has_presentation_forms(out)


def test_help_in_french_from_the_environment(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage\u00a0: marsad") and "validate" in out.splitlines()[0]
    assert "affiche ce message d'aide et quitte" in out


def test_help_in_arabic_on_a_terminal_is_shaped_and_from_the_right() -> None:
    code, rows = run_on_a_terminal(["--lang", "ar", "--help"])
    assert code == 0
    arabic = [row for row in rows if has_arabic_letters(unicodedata.normalize("NFKC", row))]
    assert arabic and all(has_presentation_forms(row) for row in arabic), "shaped"
    description = next(row for row in arabic if "FILE" in row)
    assert len(description.rstrip()) >= 99, "a paragraph right-aligned on the terminal's 100 columns"
    options = next(row for row in arabic if "--help" in row)
    assert options.rstrip().endswith("-h, --help") and len(options) - len(options.rstrip()) <= 3, (
        "the option at the right"
    )
    assert said("ar", "show this help message and exit") in read_rtl(options)


def test_a_usage_error_in_arabic(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "ar", "frobnicate"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("الاستعمال: marsad") and "'frobnicate'" in err and "خطأ" in err


# -- a validate report ---------------------------------------------------------------------------------------


def test_validate_report_in_french(bad_records_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "fr", "validate", "--db", str(bad_records_db)]) == 1
    out = capsys.readouterr().out
    assert "  erreur\u00a0: organizations[2] (identifiant 'bad') à $.names.ar\u00a0: " in out
    assert "`str | null` attendu, `int` trouvé [écartée]" in out
    assert "  avertissement\u00a0: partnerships[1]" in out and "la partie 'ghost' n'est pas une organisation" in out
    assert out.rstrip().endswith("1 mauvaise fiche écartée, 1 avertissement")


def test_validate_report_in_arabic_piped_is_logical(bad_records_db: Path) -> None:
    result = run_piped(["--lang", "ar", "validate", "--db", str(bad_records_db)])
    assert result.returncode == 1 and result.stderr == ""
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[1].startswith("  خطأ: organizations[2] (المعرّف 'bad') عند $.names.ar: ")  # (a pipe gets no marks)
    assert lines[2].startswith("  تحذير: partnerships[1]")
    assert lines[-1] == "سجل معيب واحد استُبعد، تحذير واحد"
    assert not has_presentation_forms(result.stdout)


def test_validate_report_in_arabic_on_a_terminal_is_shaped_and_reads_right(bad_records_db: Path) -> None:
    code, rows = run_on_a_terminal(["--lang", "ar", "validate", "--db", str(bad_records_db)])
    assert code == 1
    assert has_presentation_forms("".join(rows))
    error = next(row for row in rows if "organizations[2]" in row).rstrip()
    assert error.endswith(":ﺄﻄﺧ"), "the line starts at the right edge with its label"
    assert ":$.names.ar ﺪﻨﻋ" in error, "the JSON path stays left to right, its $ first"
    assert read_rtl(rows[-1]).strip() == "سجل معيب واحد استبعد، تحذير واحد"  # (a terminal gets no harakat)


def test_json_keys_are_the_same_in_every_language() -> None:
    keys = []
    for code in ("en", "fr", "ar"):
        result = run_piped(["--lang", code, "search", "T2S", "--json"])
        assert result.returncode == 0
        keys.append([sorted(hit) for hit in json.loads(result.stdout)])
    assert keys[0] and keys[0] == keys[1] == keys[2]


# -- doctor --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "first", "interface"),
    [
        ("fr", "terminal            xterm (XTERM_VERSION=XTerm(379) trouvé)", "interface           Français"),
        ("ar", "الطرفية       xterm (وُجد XTERM_VERSION=XTerm(379))", "الواجهة       العربية، معكوسة الاتجاه"),
    ],
)
def test_doctor_piped_says_it_in_the_language_and_prints_the_stored_test_line(
    code: str, first: str, interface: str
) -> None:
    result = run_piped(["--lang", code, "doctor"], **XTERM)
    assert result.returncode == 0
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[0] == first
    assert any(line.startswith(interface) for line in lines), lines
    assert lines[-1] == TEST_LINE
    assert not has_presentation_forms(result.stdout)


def test_doctor_in_arabic_on_a_terminal_is_shaped_and_its_test_line_reads_right() -> None:
    code, rows = run_on_a_terminal(["--lang", "ar", "doctor"])
    assert code == 0
    terminal_row = next(row for row in rows if "xterm" in row).rstrip()
    assert read_rtl(terminal_row).startswith(said("ar", "terminal")), "its label at the right edge"
    words = rows[-1].strip().split(" ")
    assert [unicodedata.normalize("NFKC", words[0])[::-1], unicodedata.normalize("NFKC", words[-1])[::-1]] == [
        "جيدا",
        "مرصد",
    ], "مرصد at the right end, جيدا at the left, as the guide above it says"
    guide = read_rtl(" ".join(row for row in rows if "(marsad)" in row or "marsad)" in row))
    assert "مرصد" in guide


def test_doctor_in_arabic_in_terminal_mode_says_the_interface_stays_left_to_right() -> None:
    result = run_piped(["--lang", "ar", "--bidi", "terminal", "doctor"])
    assert result.returncode == 0
    assert "الواجهة       العربية، مرتبة من اليسار إلى اليمين كما في الإنجليزية" in result.stdout
    english = run_piped(["--bidi", "terminal", "doctor"]).stdout
    assert "interface     English, left to right" in english

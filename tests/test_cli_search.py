"""`marsad search`: an empty query is a usage error; `--json` gives a window around the
match, not a whole article, and says through which search aid a hit came."""

from __future__ import annotations

import json

import pytest

from tui.cli import EXIT_USAGE, main
from tui.presentation.snippet import CONTEXT, CUT_MARK, excerpt, snippet


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_an_empty_query_says_so_in_one_line_and_exits_2(query: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", query]) == EXIT_USAGE == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and "query is empty" in lines[0] and "marsad search T2S" in lines[0]


def test_a_hit_in_an_article_gives_a_window_around_the_match(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "صيانة", "--json", "--type", "source"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits
    for hit in hits:
        text, spans = hit["matched_text"], hit["matched_spans"]
        assert len(text) <= len(CUT_MARK) + CONTEXT * 4, "a window, not the article"
        assert spans and all(text[start:end] == "صيانة" for start, end in spans[:1])


def test_a_name_hit_gives_the_whole_name_with_the_match(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "healthcare", "--json", "--type", "organization"]) == 0
    first = json.loads(capsys.readouterr().out)[0]
    assert first["field"] == "name" and first["matched_text"] == "GE Healthcare"
    ((start, end),) = first["matched_spans"]
    assert first["matched_text"][start:end] == "Healthcare"


def test_a_hit_through_a_search_aid_says_which(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "madagascar", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all(hit["via"] == [{"aid": "place", "name": "Madagascar", "form": "مدغشقر"}] for hit in hits)
    assert main(["search", "1000000", "--json"]) == 0
    (cost,) = json.loads(capsys.readouterr().out)
    assert cost["matched_text"] == "مليون درهم مغربي" and cost["via"] == [
        {"aid": "number", "name": "1000000", "form": "1000000"}
    ]
    assert main(["search", "مدغشقر", "--json"]) == 0
    assert all(hit["via"] == [] for hit in json.loads(capsys.readouterr().out)), "the data's own words need no aid"
    assert main(["search", "madagascar"]) == 0
    assert all(line.endswith("via Madagascar → مدغشقر)") for line in capsys.readouterr().out.splitlines())


def test_the_window_is_the_search_screen_s():
    text = "كلمة " * 200 + "صيانة" + " كلمة" * 200
    spans = ((1000, 1005),)
    window, shifted = snippet(text, spans)
    assert excerpt("source", text, spans) == (window, shifted)
    assert window.startswith(CUT_MARK) and window[shifted[0][0] : shifted[0][1]] == "صيانة"
    assert excerpt("name", "GE Healthcare", ((3, 13),)) == ("GE Healthcare", ((3, 13),))


def test_a_window_never_reaches_far_back_for_a_space():
    text = "a " + "x" * 10_000 + "match"  # the only space is 10,000 characters back
    window, ((start, end),) = snippet(text, ((10_002, 10_007),))
    assert len(window) <= len(CUT_MARK) + CONTEXT * 3 + 5
    assert window[start:end] == "match"


def test_a_search_printing_to_pipes_never_reads_the_terminal_settings() -> None:
    """Deciding for the terminal reads its environment and settings files: only a line to a terminal needs it."""
    import subprocess
    import sys

    script = (
        "import sys; from tui.cli import main; code = main(['search', 'akdital']); "
        "print(code, 'tui.terminal.handshake' in sys.modules, 'tui.search.early' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "akdital" in done.stdout
    assert done.stderr.split() == ["0", "False", "False"]


@pytest.mark.parametrize("value", ["APP", "bogus"])
def test_a_bidi_mode_that_is_none_is_said_in_one_line(
    value: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARSAD_BIDI", value)
    assert main(["search", "akdital"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"marsad: MARSAD_BIDI='{value}' is not a bidi mode; use 'app' or 'terminal'\n"

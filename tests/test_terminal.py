"""Which terminal Marsad recognises, the mode it chooses and why, what it sends, and what it tells the user."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from tui.terminal.detect import (
    BDSM_EXPLICIT,
    BDSM_IMPLICIT,
    TERMINALS,
    LineForm,
    OwnSetting,
    decide,
    detect,
    kitty_config_paths,
    kitty_forces_ltr,
)
from tui.terminal.handshake import decision_here
from tui.text.direction import BidiMode

# What each terminal sets (values as those terminals set them), and what must follow.
CASES = {
    "xterm": ({"XTERM_VERSION": "XTerm(379)", "TERM": "xterm-256color"}, "xterm", BidiMode.APP, BidiMode.APP),
    "vte": ({"VTE_VERSION": "7003", "TERM": "xterm-256color"}, "vte", BidiMode.APP, BidiMode.TERMINAL),
    "konsole": ({"KONSOLE_VERSION": "221203", "TERM": "xterm-256color"}, "konsole", BidiMode.APP, BidiMode.TERMINAL),
    "mlterm": ({"MLTERM": "3.9.3", "TERM": "xterm"}, "mlterm", BidiMode.APP, BidiMode.TERMINAL),
    "kitty-term": ({"TERM": "xterm-kitty"}, "kitty", BidiMode.APP, BidiMode.APP),
    "kitty-window": ({"KITTY_WINDOW_ID": "1", "TERM": "xterm-256color"}, "kitty", BidiMode.APP, BidiMode.APP),
    "tmux": ({"TMUX": "/tmp/tmux-1000/default,1,0", "TERM": "tmux-256color"}, "tmux", BidiMode.APP, BidiMode.APP),
    "served": (
        {"TERM_PROGRAM": "textual", "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"},
        "textual-serve",
        BidiMode.APP,
        BidiMode.APP,
    ),
    "apple": ({"TERM_PROGRAM": "Apple_Terminal"}, "apple-terminal", BidiMode.TERMINAL, BidiMode.TERMINAL),
    "iterm2": ({"TERM_PROGRAM": "iTerm.app"}, "iterm2", BidiMode.APP, BidiMode.APP),
    "iterm2-over-ssh": ({"LC_TERMINAL": "iTerm2"}, "iterm2", BidiMode.APP, BidiMode.APP),
    "wezterm": ({"TERM_PROGRAM": "WezTerm"}, "wezterm", BidiMode.APP, BidiMode.APP),
    "vscode": ({"TERM_PROGRAM": "vscode"}, "vscode", BidiMode.APP, BidiMode.APP),
    "mintty": ({"TERM_PROGRAM": "mintty"}, "mintty", BidiMode.APP, BidiMode.TERMINAL),
    "windows-terminal": ({"WT_SESSION": "6d1e7a0c"}, "windows-terminal", BidiMode.APP, BidiMode.APP),
    "alacritty": ({"ALACRITTY_WINDOW_ID": "94371"}, "alacritty", BidiMode.APP, BidiMode.APP),
    "ghostty": ({"TERM_PROGRAM": "ghostty"}, "ghostty", BidiMode.APP, BidiMode.APP),
    "unknown": ({"TERM": "xterm-256color"}, "unknown", BidiMode.APP, BidiMode.APP),
    "nothing": ({}, "unknown", BidiMode.APP, BidiMode.APP),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_detection_and_automatic_mode(case: str) -> None:
    environ, key, mode, print_mode = CASES[case]
    decision = decide(environ)
    assert decision.terminal.key == key
    assert decision.mode is mode
    assert decision.print_mode is print_mode
    assert decision.reason == decision.terminal.why and decision.reason


def test_every_terminal_in_the_table_is_tested() -> None:
    assert {kind.key for kind in TERMINALS} | {"unknown"} == {key for _env, key, _m, _p in CASES.values()}


@pytest.mark.parametrize(
    ("environ", "key"),
    [
        ({"TMUX": "x", "VTE_VERSION": "7003"}, "tmux"),  # tmux started from GNOME Terminal
        ({"TERM": "xterm-kitty", "VTE_VERSION": "7003"}, "kitty"),  # kitty started from GNOME Terminal
        ({"XTERM_VERSION": "XTerm(379)", "KONSOLE_VERSION": "221203"}, "konsole"),
        ({"TERM_PROGRAM": "textual", "TMUX": "x"}, "textual-serve"),  # served from inside tmux
        ({"VTE_VERSION": ""}, "unknown"),  # set but empty is not set
    ],
)
def test_inherited_variables_resolve_to_the_most_specific_terminal(environ: dict, key: str) -> None:
    assert detect(environ).key == key


def test_app_mode_escapes_bdsm_first_and_undone_in_reverse() -> None:
    decision = decide({"KONSOLE_VERSION": "221203"})
    assert decision.enter[0] == BDSM_EXPLICIT and decision.leave[-1] == BDSM_IMPLICIT
    assert [escape.sequence for escape in decision.enter] == ["\x1b[8l", "\x1b]50;BidiRenderingEnabled=false\x07"]
    assert [escape.sequence for escape in decision.leave] == ["\x1b]50;BidiRenderingEnabled=true\x07", "\x1b[8h"]
    assert decision.enter_sequence == "\x1b[8l\x1b]50;BidiRenderingEnabled=false\x07"
    mlterm = decide({"MLTERM": "3.9.3"})
    assert mlterm.enter_sequence == "\x1b[8l" and mlterm.leave_sequence == "\x1b[8h"
    # (mlterm's layout switch, made or undone with the normal screen showing, damages the lines on it)
    assert mlterm.inside_enter_sequence == "\x1b]5379;use_ctl=false\x07"
    assert mlterm.inside_leave_sequence == "\x1b]5379;use_ctl=true\x07"


def test_every_switch_is_undone() -> None:
    for kind in TERMINALS:
        assert len(kind.enter) == len(kind.leave), kind.key
        assert len(kind.inside_enter) == len(kind.inside_leave), kind.key


@pytest.mark.parametrize("environ", [{"KONSOLE_VERSION": "1"}, {"TERM_PROGRAM": "Apple_Terminal"}, {}])
def test_override_wins_over_everything(environ: dict) -> None:
    terminal = decide(environ, "terminal")
    assert terminal.mode is BidiMode.TERMINAL and terminal.print_mode is BidiMode.TERMINAL
    assert terminal.enter == () and terminal.leave == ()
    assert "you asked" in terminal.reason
    app = decide(environ, "app")
    assert app.mode is BidiMode.APP and app.print_mode is BidiMode.APP
    assert app.enter[0] == BDSM_EXPLICIT and app.leave[-1] == BDSM_IMPLICIT


def test_an_override_that_is_not_a_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="'auto' is not a valid BidiMode"):
        decide({}, "auto")


def test_kitty_advice_is_the_exact_line_and_goes_once_it_is_there() -> None:
    assert "force_ltr yes" in decide({"TERM": "xterm-kitty"}).advice
    assert decide({"TERM": "xterm-kitty"}, own=OwnSetting("force_ltr", True, "kitty.conf")).advice == ""
    assert "force_ltr yes" in decide({"TERM": "xterm-kitty"}, own=OwnSetting("force_ltr", False, "default")).advice
    assert decide({"TERM": "xterm-kitty"}, "app").advice == "", "an override means the user knows"
    assert decide({"XTERM_VERSION": "1"}).advice == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("force_ltr yes\n", True),
        ("  force_ltr   yes  \n", True),
        ("font_size 12\nforce_ltr no\n", False),
        ("force_ltr yes\nforce_ltr no\n", False),  # the last one wins, as in kitty
        ("# force_ltr yes\n", False),
        ("", False),
        ("force_ltr_not yes\n", False),
    ],
)
def test_kitty_force_ltr_is_read_like_kitty_reads_it(text: str, expected: bool) -> None:
    assert kitty_forces_ltr(text) is expected


def test_kitty_config_paths_follow_kittys_order() -> None:
    assert kitty_config_paths({"KITTY_CONFIG_DIRECTORY": "/k"}, "/home/u") == [PurePosixPath("/k/kitty.conf")]
    assert kitty_config_paths({}, "/home/u") == [PurePosixPath("/home/u/.config/kitty/kitty.conf")]
    assert kitty_config_paths({"XDG_CONFIG_HOME": "/x", "XDG_CONFIG_DIRS": "/a:/b"}, "/home/u") == [
        PurePosixPath("/x/kitty/kitty.conf"),
        PurePosixPath("/a/kitty/kitty.conf"),
        PurePosixPath("/b/kitty/kitty.conf"),
    ]
    assert kitty_config_paths({}, None) == []


def test_decision_here_reads_kitty_conf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("TMUX", "TERM_PROGRAM", "KITTY_CONFIG_DIRECTORY", "XDG_CONFIG_DIRS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TERM", "xterm-kitty")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert decision_here(None).advice, "no kitty.conf: advice"
    (tmp_path / "kitty").mkdir()
    (tmp_path / "kitty" / "kitty.conf").write_text("font_size 11\nforce_ltr yes\n", encoding="utf-8")
    assert decision_here(None).advice == ""


def test_decision_here_never_blocks_on_a_fifo_kitty_conf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setenv("TERM", "xterm-kitty")
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.delenv("TERM_PROGRAM", raising=False)
    monkeypatch.setenv("KITTY_CONFIG_DIRECTORY", str(tmp_path))
    os.mkfifo(tmp_path / "kitty.conf")
    assert decision_here(None).advice, "a FIFO is not read (no writer: reading would block for ever)"


# -- the user's own bidi setting, where it is read ------------------------------------------


@pytest.mark.parametrize(
    ("environ", "setting"),
    [({"KONSOLE_VERSION": "221203"}, "BidiRenderingEnabled"), ({"MLTERM": "3.9.0"}, "use_ctl")],
    ids=["konsole", "mlterm"],
)
def test_a_terminal_whose_bidi_the_user_turned_off_is_never_switched_on(environ: dict, setting: str) -> None:
    """Leaving Konsole or mlterm switched their bidi on, even for a user who had it off."""
    off = decide(environ, own=OwnSetting(setting, False, "the user's profile"))
    assert off.mode is BidiMode.APP and off.print_mode is BidiMode.APP
    assert off.enter_sequence == "\x1b[8l" and off.leave_sequence == "\x1b[8h"
    assert off.inside_enter == () and off.inside_leave == ()
    assert f"{setting} is off in your set-up (the user's profile)" in off.reason
    for read in (OwnSetting(setting, True, "default"), OwnSetting(setting, None, "over ssh"), None):
        on = decide(environ, own=read)
        assert len(on.enter) + len(on.inside_enter) == 2, "on, or not read: switched off, and back on at exit"


@pytest.mark.parametrize(
    ("outer", "name"), [({"VTE_VERSION": "7006"}, "VTE"), ({"KONSOLE_VERSION": "221203"}, "Konsole")]
)
def test_inside_tmux_in_a_terminal_that_reorders_arabic_is_left_to_it(outer: dict, name: str) -> None:
    """Marsad's switches stop at tmux: the terminal around it reversed Marsad's ordering a second time."""
    decision = decide({"TMUX": "/tmp/tmux-1000/default,1,0", **outer})
    assert decision.terminal.key == "tmux" and decision.outer is not None and name in decision.outer.name
    assert decision.mode is BidiMode.TERMINAL and decision.print_mode is BidiMode.TERMINAL
    assert decision.enter == () and decision.leave == () and decision.inside_enter == ()
    assert decision.test_line is LineForm.RUNS
    assert name in decision.hint and "outside tmux" in decision.hint
    assert decide({"TMUX": "x", **outer}, "app").mode is BidiMode.APP, "--bidi app still wins"


def test_inside_tmux_in_kitty_the_kitty_advice_still_comes() -> None:
    decision = decide({"TMUX": "x", "KITTY_WINDOW_ID": "1"})
    assert decision.mode is BidiMode.APP and "force_ltr yes" in decision.advice
    assert decision.outer is not None and decision.outer.key == "kitty"
    assert decide({"TMUX": "x", "KITTY_WINDOW_ID": "1"}, own=OwnSetting("force_ltr", True, "x")).advice == ""
    assert decide({"TMUX": "x", "XTERM_VERSION": "1"}).mode is BidiMode.APP

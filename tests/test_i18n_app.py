"""Marsad in French and Arabic, as the screen shows it: every way of choosing the language, on every screen.

The language is chosen by `--lang`, by the environment (`LANG`) or live from the
command palette; each way is walked through the main screen, a detail, search, the
facts table, export and help, and each screen must say its words in that language
(read back from what the compositor draws) and none of them in English. In Arabic the
interface is mirrored: the lists on the right and the detail on the left, each pane's
title from the right, a fact's label on the right of its value, the breadcrumbs and
the key bar from the right edge, a dialog's choices with their button on the right.

An Arabic line on screen is visual (shaped, right to left): `read_rtl` reads it back
to logical text (reversed, then the presentation forms folded to letters), which the
translations are compared with. Latin inside such a line reads reversed, so only
Arabic words are looked for that way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from pilot_helpers import footer_text, run_from_palette, screen_strips, wait_for, wait_until_loaded

from tui import i18n
from tui.app import MarsadApp
from tui.data.kinds import KINDS, pane_title
from tui.i18n import labels
from tui.i18n.catalogs import catalog
from tui.screens.export import ExportScreen
from tui.screens.facts import FactsScreen
from tui.screens.help import HelpScreen
from tui.screens.search import SearchScreen
from tui.text.gate import BIDI_MARKS
from tui.widgets.breadcrumbs import Breadcrumbs
from tui.widgets.detail_view import DetailView

SIZE = (120, 40)
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def read_rtl(line: str) -> str:
    """A visual right-to-left line read back in logical order: right to left, each presentation form its letter."""
    return unicodedata.normalize("NFKC", line[::-1])


def said(code: str, message: str) -> str:
    """`message` in language `code`, without the bidi marks a translation may hold (never drawn)."""
    return "".join(char for char in catalog(code).gettext(message) if char not in BIDI_MARKS)


def shows(screen_text: str, code: str, message: str) -> bool:
    """Whether the screen shows `message` in `code`: in Arabic, each of its Arabic words read right to left and
    each Latin one as it is."""
    expected = said(code, message)
    if code != "ar":
        return expected in screen_text
    read = read_rtl(screen_text)
    return all((word in read) if _is_arabic(word) else (word in screen_text) for word in expected.split())


def _is_arabic(word: str) -> bool:
    return any(unicodedata.bidirectional(char) == "AL" for char in word)


def lines(app) -> list[str]:
    return [strip.text for strip in screen_strips(app)]


def region_text(app, widget) -> list[str]:
    """The lines of the screen inside a widget's region."""
    region = widget.region
    return [line[region.x : region.right] for line in lines(app)[region.y : region.bottom]]


# -- the ways of choosing a language -------------------------------------------------------------------------


async def _by_option(pilot, code: str) -> None:  # (the app was made with language=code)
    await wait_until_loaded(pilot)


async def _by_palette(pilot, code: str) -> None:
    await wait_until_loaded(pilot)
    assert i18n.current_language() == "en"
    await run_from_palette(pilot, f"({i18n.BY_CODE[code].english})")
    await wait_for(pilot, lambda: i18n.current_language() == code, f"the palette switching to {code}")
    await pilot.pause()


#: id -> (MarsadApp's language, LANG, how the app gets there, the language expected)
WAYS: dict[str, tuple[str | None, str, Callable, str]] = {
    "--lang ar": ("ar", "C.UTF-8", _by_option, "ar"),
    "--lang fr": ("fr", "C.UTF-8", _by_option, "fr"),
    "LANG=fr_FR.UTF-8": (None, "fr_FR.UTF-8", _by_option, "fr"),
    "LANG=ar_MA.UTF-8": (None, "ar_MA.UTF-8", _by_option, "ar"),
    "palette to ar": (None, "C.UTF-8", _by_palette, "ar"),
    "palette to fr": (None, "C.UTF-8", _by_palette, "fr"),
}


@pytest.fixture(params=list(WAYS), ids=list(WAYS))
def way(request, monkeypatch: pytest.MonkeyPatch):
    language, lang, reach, code = WAYS[request.param]
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", lang)
    return language, reach, code


# -- each screen ----------------------------------------------------------------------------------------------


def check_main(app, code: str) -> None:
    screen = app.main_screen
    text = "\n".join(lines(app))
    for message in ("Organizations", "Partnerships", "Detail"):
        assert shows(text, code, message), (code, message)
    assert code == "en" or ("Organizations" not in text and "Partnerships" not in text)
    detail = screen.query_one("#detail-pane").region
    panes = [pane.region for pane in screen.query(".pane")]
    width = app.size.width
    header = lines(app)[screen.query_one(Breadcrumbs).region.y]
    footer = footer_text(app)
    if code == "ar":
        assert all(pane.x > detail.x for pane in panes), "the lists on the right, the detail on the left"
        assert all(pane.right == width for pane in panes) and detail.x == 0
        for kind in KINDS:  # its title from the right: the key, then the kind, next to the corner
            pane = screen.query_one(f"#pane-{kind.name}").region
            top = lines(app)[pane.y][pane.x : pane.right]
            assert top.endswith("─╮") and read_rtl(top.rstrip("─╮ ")).startswith(f"{kind.key} {pane_title(kind.name)}")
        assert read_rtl(header).strip().startswith(said("ar", "Marsad")), "the breadcrumbs from the right edge"
        assert len(header.rstrip()) >= width - 1 and header.startswith(" ")
        assert len(footer.rstrip()) >= width - 1, "the key bar from the right edge"
        assert read_rtl(footer).lstrip().startswith("⏎"), "the key bar's first key at the right edge"
    else:
        assert all(pane.x < detail.x for pane in panes) and all(pane.x == 0 for pane in panes)
        assert header.lstrip().startswith(said(code, "Marsad"))
        assert footer.lstrip().startswith("⏎") and not footer.startswith("  ")


async def check_detail(pilot, code: str) -> None:
    app = pilot.app
    await pilot.press("left" if code == "ar" else "right")  # toward the detail, wherever it is
    await pilot.pause()
    assert isinstance(app.focused, DetailView)
    detail = app.main_screen.query_one("#detail-pane")
    rows = region_text(app, detail)
    label = labels.shown("Activity")
    assert label == labels.entries()["activity"][code]
    found = [row for row in rows if (label in (read_rtl(row) if code == "ar" else row))]
    assert found, (label, rows)
    if code == "ar":  # a label's column on the right of its value: read from the right, the label comes first
        assert read_rtl(found[0]).lstrip(" │").startswith(label)
    else:
        assert found[0].lstrip(" │").startswith(label)
    assert "Activity" not in "\n".join(rows)


async def check_search(pilot, code: str) -> None:
    app = pilot.app
    await pilot.press("slash", *"T2S")
    await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen) and bool(app.screen.hits), "search hits")
    await pilot.pause(0.2)
    hits = len(app.screen.hits)
    text = "\n".join(lines(app))
    count = i18n.ngettext("{count} result", "{count} results", hits).format(count=hits)
    assert count.split(" ", 1)[1] in (read_rtl(text) if code == "ar" else text), count
    assert shows(text, code, "Search")
    assert "results" not in text.replace("T2S", "")
    if code == "ar":  # the box's title from the right
        box = app.screen.query_one("#search-box").region
        top = lines(app)[box.y][box.x : box.right]
        assert top.endswith("─╮") and read_rtl(top.rstrip("─╮ ")).startswith(said("ar", "Search"))
    await pilot.press("escape")
    await wait_for(pilot, lambda: app.screen is app.main_screen, "the main screen again")


async def check_facts(pilot, code: str) -> None:
    app = pilot.app
    await pilot.press("F", "enter")
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, FactsScreen) and app.screen.query_one("#facts-table").row_count > 0,
        "the facts table",
    )
    await pilot.pause()
    header = region_text(app, app.screen.query_one("#facts-header"))[0]
    names = [said(code, column) for column in ("Record", "Label", "Value", "Number", "Unit", "Source")]
    read = read_rtl(header) if code == "ar" else header
    positions = [read.index(name) for name in names]
    assert positions == sorted(positions), "the columns in reading order (from the right in Arabic)"
    assert "Label" not in header
    await pilot.press("escape")
    await wait_for(pilot, lambda: app.screen is app.main_screen, "the main screen again")


async def check_export(pilot, code: str) -> None:
    app = pilot.app
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
    await pilot.pause()
    box = app.screen.query_one("#export-box")
    rows = region_text(app, box)
    assert shows(rows[0], code, "Export") and shows("\n".join(rows), code, "Format")
    choice = next(row for row in rows if "▐" in row)
    if code == "ar":  # a choice's button on the right of its label
        assert choice.rstrip(" │").endswith("▌") and choice.index("▐") > len(choice) // 2
        assert rows[0].rstrip().endswith("─╮"), "the title from the right"
    else:
        assert choice.lstrip(" │").startswith("▐")
    assert "Format" not in "\n".join(rows) or code == "fr"  # (French says "Format" too)
    await pilot.press("escape")
    await wait_for(pilot, lambda: app.screen is app.main_screen, "the main screen again")


async def check_help(pilot, code: str) -> None:
    app = pilot.app
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
    await pilot.pause()
    body = region_text(app, app.screen.query_one("#help-body"))
    assert shows(body[0], code, "Help · escape to close")
    quit_row = next(row for row in body if said(code, "Quit") in (read_rtl(row) if code == "ar" else row))
    if code == "ar":  # the key on the right of what it does
        first_arabic = min(at for at, char in enumerate(quit_row) if unicodedata.bidirectional(char) == "AL")
        assert quit_row.rindex(" q ") > first_arabic
    else:
        assert quit_row.index(" q ") < quit_row.index(said(code, "Quit"))
    await pilot.press("escape")
    await wait_for(pilot, lambda: app.screen is app.main_screen, "the main screen again")


async def test_every_screen_speaks_the_language_chosen(way) -> None:
    language, reach, code = way
    app = MarsadApp(language=language)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, code)
        assert i18n.current_language() == code
        assert app.has_class("-rtl") == (code == "ar")
        check_main(app, code)
        await check_detail(pilot, code)
        await check_search(pilot, code)
        await check_facts(pilot, code)
        await check_export(pilot, code)
        await check_help(pilot, code)


async def test_a_switch_from_the_palette_is_remembered_and_undone_the_same_way(monkeypatch) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    app = MarsadApp()
    async with app.run_test(size=SIZE) as pilot:
        await _by_palette(pilot, "ar")
        assert app.settings.language == "ar"
        await run_from_palette(pilot, "English")
        await wait_for(pilot, lambda: i18n.current_language() == "en", "English again")
        assert not app.has_class("-rtl")
        check_main(app, "en")
    again = MarsadApp()
    assert again.settings.language == "en" and i18n.current_language() == "en"


async def test_in_terminal_mode_an_arabic_interface_stays_left_to_right(monkeypatch) -> None:
    """A reordering terminal would undo a mirrored row by halves (tui.i18n): the layout stays as in English,
    its words Arabic and logical, for the terminal to order."""
    app = MarsadApp(bidi="terminal", language="ar")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(pilot)
        assert not app.has_class("-rtl") and i18n.direction() == "ltr"
        screen = app.main_screen
        detail = screen.query_one("#detail-pane").region
        assert all(pane.region.x < detail.x for pane in screen.query(".pane"))
        text = "\n".join(lines(app))
        assert said("ar", "Organizations") in text  # logical, unshaped: as stored
        assert footer_text(app).lstrip().startswith("⏎")

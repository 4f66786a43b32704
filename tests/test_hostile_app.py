"""The browser on a valid database whose strings are hostile: markup, escapes, huge values.

Markup in data must be shown literally by every widget (lists, detail, source viewer,
search, command palette, breadcrumbs, notifications); escape sequences and bidi
controls must never reach the screen, even if the loader's cleaning were bypassed;
huge records must open without hanging; a file deleted or replaced while the app is
open must not crash it. The real-terminal side is in test_pty.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile_records import (
    MARKUP,
    MARKUP_ARABIC,
    MARKUP_LATIN,
    hostile_database,
    huge_database,
    write_database,
)
from pilot_helpers import screen_strips, wait_for, wait_until_loaded
from rich.segment import Segment

from tui.app import MarsadApp
from tui.presentation.detail import QuoteTarget, RecordTarget
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.search import SearchScreen
from tui.screens.source import SourceScreen
from tui.store.opening import load_database
from tui.text.direction import BidiMode
from tui.text.layout import single_line
from tui.widgets.article_view import ArticleView
from tui.widgets.virtual_list import VirtualList

SIZE = (120, 40)
#: what may never be drawn: C0/C1 controls, DEL, bidi embeddings/overrides/isolates
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visual(text: str) -> str:
    """What the text pipeline draws for a (short) logical string in app mode.

    Latin-only strings come out unchanged: for them this is the literal text.
    """
    from tui.text.direction import reading_direction

    return single_line(text, 1000, direction=reading_direction(text), mode=BidiMode.APP).text


def screen_lines(app) -> list:
    """The strips of every screen line, as the compositor sends them to the terminal."""
    return screen_strips(app)


def screen_segments(app) -> list[Segment]:
    return [segment for strip in screen_lines(app) for segment in strip]


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in screen_lines(app))


def region_text(app, widget) -> str:
    """The screen text inside `widget`'s region (one cell per character: no wide characters here)."""
    region = widget.region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


def list_rows(widget: VirtualList) -> list[str]:
    """Every row of a Line-API list as it is drawn (after its own sanitising)."""
    width = widget.scrollable_content_region.width
    return [widget._render_row_strip(row, width, 0).text for row in range(widget.row_count)]


def assert_alive(app) -> None:
    assert app.is_running, "the app quit (a [@click=app.quit] in data was acted on?)"
    assert app.return_code is None  # (an unhandled exception sets it to 1, and run_test raises it)


@pytest.fixture
def hostile_path(tmp_path: Path) -> Path:
    return write_database(tmp_path / "hostile.json", hostile_database())


async def _ready(pilot) -> MainScreen:
    await wait_until_loaded(pilot)
    screen = pilot.app.main_screen
    assert screen.database is not None
    assert not list(screen.database.problems), "the hostile database must be valid"
    return screen


def _expected_strings(record) -> list[tuple[str, str]]:
    """The data strings the detail of `record` must show literally, each with how it is drawn.

    Values (names, fact values, role titles, source title and outlet) read in
    their data direction (`visual`); labels (fact labels, member roles) are laid
    out in the direction of their first strong character. Strings with an escape
    in them are long enough to wrap: they are test_raw_escapes_in_data_are_never_drawn's.
    """
    values = list(record.names.all)
    labels: list[str] = []
    for fact in getattr(record, "facts", ()):
        values.append(fact.value)
        labels.append(fact.label)
    labels += [member.role for member in getattr(record, "members", ())]
    values += [role.title for role in getattr(record, "roles", ())]
    values += [text for text in (getattr(record, "title", None), getattr(record, "outlet", None)) if text]
    drawn = [(text, visual(text)) for text in values] + [
        (text, single_line(text, 1000, mode=BidiMode.APP).text) for text in labels
    ]
    return [(text, shown) for text, shown in drawn if "\ufffd" not in text]


# -- 1. markup is shown literally -------------------------------------------------


async def test_every_pane_lists_markup_names_literally(hostile_path: Path):
    app = MarsadApp(db_path=hostile_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        for key, kind in zip("12345", ("organization", "partnership", "association", "person", "source")):
            await pilot.press(key)
            await pilot.pause()
            shown = region_text(app, screen.list_of(kind))  # the list's own pane, not the detail beside it
            # (the escape record's long name is test_raw_escapes_in_data_are_never_drawn's)
            names = [
                record.names.primary for record in screen.database.table(kind).values() if record.id != "escape-org"
            ]
            assert names, kind
            for name in names:
                assert visual(name) in shown, (kind, name)
            assert_alive(app)
        rows = "\n".join(list_rows(screen.list_of("organization")))
        for name in MARKUP_LATIN + MARKUP_ARABIC:
            assert visual(name) in rows, name


async def test_the_detail_of_every_record_shows_its_strings_literally(hostile_path: Path):
    app = MarsadApp(db_path=hostile_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        database = screen.database
        checked: set[str] = set()
        for record in database.all_records():
            screen.open_record(record.id)
            await pilot.pause()
            assert screen.record == record
            rows = "\n".join(list_rows(screen.detail))
            for text, shown in _expected_strings(record):
                assert shown in rows, (record.id, text, shown)
                checked.add(text)
            assert_alive(app)
        assert set(MARKUP) <= checked, "every markup string was looked for"
        # on screen, the detail's title row shows the name literally (the escape
        # record's long name is cut there: test_raw_escapes_in_data_are_never_drawn's)
        for record in [record for record in database.all_records() if record.id != "escape-org"]:
            screen.open_record(record.id)
            await pilot.pause()
            assert visual(record.names.primary) in region_text(app, screen.detail).splitlines()[0], record.id
        # the first organization has every markup string as a fact value
        screen.open_record("hostile-org-0")
        await pilot.pause()
        rows = "\n".join(list_rows(screen.detail))
        for text in MARKUP_LATIN:
            assert text in rows
        crumbs = screen_text(app).splitlines()[0]
        assert "[bold]x[/]" in crumbs


async def test_following_links_keeps_markup_literal(hostile_path: Path):
    app = MarsadApp(db_path=hostile_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("1", "enter")
        detail = screen.detail
        row = detail.first_target_row(RecordTarget("hostile-org-1"))
        assert row is not None
        detail.move_cursor(row)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.record.id == "hostile-org-1"
        assert "tail [/]" in region_text(app, screen.detail)
        await pilot.press("escape")
        assert screen.record.id == "hostile-org-0"
        # the partnership link, then its parties
        row = detail.first_target_row(RecordTarget("hostile-partnership"))
        detail.move_cursor(row)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.record.id == "hostile-partnership"
        assert "[@click=app.quit]click me[/]" in region_text(app, screen.detail)
        # a fact's quote opens the source viewer at it
        quote_row = next(
            n for n in range(detail.row_count) if isinstance(detail.blocks[detail._rows[n].block].target, QuoteTarget)
        )
        detail.move_cursor(quote_row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        shown = screen_text(app)
        assert "region [[b]]" in "\n".join(list_rows(app.screen.query_one(ArticleView)))
        assert "[[b]] $variable" in shown  # the source title, in the border and the crumbs
        assert_alive(app)


async def test_source_viewer_shows_markup_literally(hostile_path: Path):
    app = MarsadApp(db_path=hostile_path)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        await pilot.press("1", "s")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        article = app.screen.query_one(ArticleView)
        rows = "\n".join(list_rows(article))
        for text in MARKUP_LATIN:
            assert f"{text}" in rows, text
        shown = screen_text(app)
        assert "[[b]] $variable" in shown
        for key in ("n", "n", "N", "G", "g"):
            await pilot.press(key)
        assert_alive(app)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_search_with_hostile_queries_and_hostile_hits(hostile_path: Path):
    app = MarsadApp(db_path=hostile_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        for query in ("[bold]x[/]", "[@click=app.quit]", "[red", "]]]][[[", "$variable", "\x1b]0;x"):
            search_input = app.screen.query_one("#search-input")
            search_input.action_clear()
            search_input.insert(query)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert_alive(app)
            assert "\x1b" not in search_input.value
        # typed key by key, a query that matches a hostile name
        app.screen.query_one("#search-input").action_clear()
        await pilot.press(*"click")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one("#search-results", VirtualList)
        assert results.row_count >= 1
        assert "[@click=app.quit]click me[/]" in region_text(app, results)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert screen.record.names.primary == "[@click=app.quit]click me[/]"
        assert_alive(app)


async def test_command_palette_shows_hostile_names_literally(hostile_path: Path):
    app = MarsadApp(db_path=hostile_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"variable")
        # the palette searches in the background: the hits are the names that say "variable"
        arabic = visual("صحة $variable [red")
        await wait_for(
            pilot,
            lambda: "Organization: $variable" in screen_text(app) and arabic in screen_text(app),
            "the palette's hits",
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "variable" in screen.record.names.primary
        assert_alive(app)
        # a hostile query typed into the palette: the names it finds, literally
        await pilot.press("ctrl+p")
        await pilot.press(*"[@click=app.quit]")
        await wait_for(
            pilot, lambda: "Organization: [@click=app.quit]click me[/]" in screen_text(app), "the palette's hits"
        )
        assert_alive(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the palette closed")
        assert_alive(app)


async def test_help_copy_and_notifications_with_hostile_records(hostile_path: Path):
    app = MarsadApp(db_path=hostile_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("1", "y")
        await wait_for(pilot, lambda: "Copied the record with its evidence" in screen_text(app), "the copy's notice")
        copied = app.clipboard
        for text in MARKUP_LATIN:
            assert text in copied  # logical text, literally
        lines = screen_text(app).splitlines()
        message = next(number for number, line in enumerate(lines) if "Copied the record" in line)
        assert "hostile-org-0" in lines[message - 1]  # the toast's title, just above its message
        assert_alive(app)
        # click on the list row that reads [@click=app.quit]: nothing happens but a selection
        await pilot.press("1")
        await pilot.click("#list-organization", offset=(3, 2))
        await pilot.pause()
        assert_alive(app)
        assert app.main_screen.record.id == "hostile-org-2"
        # no segment on screen carries a click action (the data's [@click=...] would make one)
        for segment in screen_segments(app):
            assert segment.style is None or "@click" not in segment.style.meta, segment


# -- 2. escapes never reach the screen, even with the loader's cleaning bypassed --------------


async def test_raw_escapes_in_data_are_never_drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Defence in depth: the display pipeline alone must keep escapes off the screen."""
    import tui.data.records as records

    monkeypatch.setattr(records, "clean_tree", lambda value, key=None: value)
    path = write_database(tmp_path / "raw.json", hostile_database())
    database = load_database(path)
    assert "\x1b" in database.get("escape-org").names.latin  # the cleaning really is bypassed
    app = MarsadApp(db_path=path, database=database)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        seen: list[str] = []

        def look() -> None:
            for segment in screen_segments(app):
                assert not FORBIDDEN.search(segment.text), repr(segment.text)
            seen.append(screen_text(app))

        for key in "12345":
            await pilot.press(key)
            await pilot.pause()
            look()
            for row in list_rows(screen.list_of(screen.active_kind)):
                assert not FORBIDDEN.search(row), repr(row)
        for record_id in ("escape-org", "hostile-person", "hostile-source"):
            screen.open_record(record_id)
            await pilot.pause()
            look()
            for row in list_rows(screen.detail):
                assert not FORBIDDEN.search(row), repr(row)
        screen.open_record("escape-org")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        look()
        for row in list_rows(app.screen.query_one(ArticleView)):
            assert not FORBIDDEN.search(row), repr(row)
        await pilot.press("escape", "slash")
        await pilot.press(*"EscName")
        await app.workers.wait_for_complete()
        await pilot.pause()
        look()
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"EscName")
        # (its name's logical end, EscName, is cut off; its help line names it)
        await wait_for(
            pilot, lambda: "organization escape-org, prefix match in name" in screen_text(app), "the palette's hit"
        )
        look()
        await pilot.press("escape")
        assert any("EscName" in text for text in seen)
        assert any("\ufffd" in text for text in seen), "escapes show as U+FFFD"
        assert_alive(app)


# -- 3. size ---------------------------------------------------------------------------


async def test_huge_records_open_and_scroll(tmp_path: Path):
    path = write_database(tmp_path / "huge.json", huge_database())
    database = load_database(path)
    assert not database.problems
    app = MarsadApp(db_path=path, database=database)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        for record_id in ("huge-description", "long-name", "many-facts"):
            await pilot.press("1")
            screen.list_of("organization").move_cursor(screen.list_of("organization").index_of(record_id))
            await pilot.pause()
            assert screen.record.id == record_id
            await pilot.press("enter", "G")
            await pilot.pause()
            detail = screen.detail
            last_item = detail.cursor
            assert detail.current_block is not None and detail.current_block.is_item
            assert detail.scroll_offset.y + detail.scrollable_content_region.height >= detail.row_count, (
                "G shows the end"
            )
            await pilot.press("k")
            assert (
                detail.cursor < last_item
                or detail.scroll_offset.y < detail.row_count - detail.scrollable_content_region.height
            )
            await pilot.press("g")
            assert detail.cursor == 0 and detail.scroll_offset.y == 0
            await pilot.press("j")
            await pilot.pause()
            title = detail.items[0]
            if title.end - title.first > detail.scrollable_content_region.height:  # a huge name: j reads on in it
                assert detail.cursor == 0 and detail.scroll_offset.y > 0
            else:
                assert detail.cursor == detail.items[1].first
            assert screen_text(app)
            assert_alive(app)
        # the long name's list row is one truncated row
        rows = list_rows(screen.list_of("organization"))
        assert len(rows) == 3 and all(len(row) < 200 for row in rows)
        assert "…" in rows[screen.list_of("organization").index_of("long-name")]


# -- 4. the file changes under the app ----------------------------------------------------


async def test_file_deleted_or_replaced_while_open(tmp_path: Path):
    path = write_database(tmp_path / "live.json", hostile_database())
    app = MarsadApp(db_path=path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _ready(pilot)
        path.unlink()
        await pilot.press("2", "enter", "j", "escape", "1", "j", "g", "s")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        await pilot.press("escape", "slash", *"click", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_alive(app)
        assert screen.record is not None
        # the file watch tells the user (it looks every FILE_CHECK_SECONDS)
        await wait_for(pilot, lambda: "Database file gone" in screen_text(app), "the file watch's notice")
        # replaced by another (smaller) database, then by garbage
        write_database(path, {"organizations": {"1": {"id": "other", "names": {"latin": "Other"}}}})
        await pilot.press("3", "enter", "y", "4")
        await pilot.pause()
        path.write_text("{ not json", encoding="utf-8")
        await pilot.press("5", "enter", "escape", "1", "G")
        await pilot.pause()
        assert_alive(app)
        # the app keeps browsing what it loaded
        assert screen.database.get("hostile-partnership") is not None
        assert screen.database.get("other") is None
        await pilot.press("ctrl+r")  # reload a file that is not JSON: an error, not a crash
        await wait_for(pilot, lambda: "Reload failed" in screen_text(app), "the reload's error")
        assert_alive(app)
        assert screen.database.get("hostile-partnership") is not None


async def test_a_file_written_again_after_it_was_deleted_is_noticed(tmp_path: Path):
    from tui.app import FILE_CHECK_SECONDS

    path = write_database(tmp_path / "live.json", hostile_database())
    app = MarsadApp(db_path=path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _ready(pilot)
        path.unlink()
        await wait_for(pilot, lambda: "Database file gone" in screen_text(app), "the file watch's notice")
        write_database(path, {"organizations": {"1": {"id": "other", "names": {"latin": "Other"}}}})
        await wait_for(
            pilot,
            lambda: "Database file changed" in screen_text(app),
            "the new file noticed",
            timeout=4 * FILE_CHECK_SECONDS,
        )


async def test_a_join_control_before_lam_alef_does_not_stop_the_app(tmp_path: Path):
    path = write_database(
        tmp_path / "zwj.json", {"organizations": {"1": {"id": "zwj", "names": {"ar": "\u200dلا", "latin": "ZWJ"}}}}
    )
    app = MarsadApp(db_path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _ready(pilot)
        await pilot.press("enter", "slash", *"ZWJ")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_alive(app)
        assert screen.record is not None and screen.record.id == "zwj"

"""Enter on a search hit lands on the match: the fact selected and highlighted, or the article at the match."""

from __future__ import annotations

import asyncio

from export_data import open_data
from pilot_helpers import wait_until_loaded

from tui.app import MarsadApp
from tui.presentation.detail import Landing, QuoteTarget, landed_detail
from tui.screens.search import SearchScreen
from tui.screens.source import SourceScreen
from tui.store.opening import load_database

DEADLINE = 10.0


async def _search(pilot, query: str) -> SearchScreen:
    await pilot.press("slash", *query)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    deadline = asyncio.get_running_loop().time() + DEADLINE
    while not screen.hits or screen.query_one("#search-input").value != query:
        assert asyncio.get_running_loop().time() < deadline, "no hits"
        await pilot.pause(0.01)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def _open_hit(pilot, screen: SearchScreen, predicate) -> None:
    number = next(n for n, hit in enumerate(screen.hits) if predicate(hit))
    for _ in range(number):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


def _visible(detail, row: int) -> bool:
    top = detail.scroll_offset.y
    return top <= row < top + detail.scrollable_content_region.height


async def test_a_fact_hit_opens_the_record_at_that_fact_with_the_words_highlighted():
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        screen = app.main_screen
        search = await _search(pilot, "مليون درهم")
        await _open_hit(pilot, search, lambda hit: hit.field.name == "fact")
        assert screen.record.id == "t2s-ge-healthcare"
        detail = screen.detail
        assert app.focused is detail
        block = detail.current_block
        assert block.label == "Training room cost" and block.text == "مليون درهم مغربي"
        first, end = detail.cursor_rows(detail.cursor)
        assert _visible(detail, first) and _visible(detail, end - 1), "the whole fact is in view"
        assert block.highlights == ((0, 10),)
        assert block.text[0:10] == "مليون درهم"
        match_style = detail._styles["match"]
        assert any(span.style == str(match_style) for span in detail._rows[first].text.spans), "drawn highlighted"


async def test_a_narrow_terminal_lands_once_the_detail_is_shown():
    """Below 70 columns the detail is hidden until it has the focus: the landing waits for its first layout."""
    app = MarsadApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_until_loaded(pilot)
        screen = app.main_screen
        assert screen.has_class("-narrow")
        search = await _search(pilot, "مليون درهم")
        await _open_hit(pilot, search, lambda hit: hit.field.name == "fact")
        detail = screen.detail
        assert detail.current_block.label == "Training room cost"
        first, end = detail.cursor_rows(detail.cursor)
        assert _visible(detail, first) and _visible(detail, end - 1)


async def test_an_article_hit_opens_the_article_at_the_match_highlighted():
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        search = await _search(pilot, "صيانة")
        await _open_hit(pilot, search, lambda hit: hit.field.name == "source" and hit.doc.id == "amgs-founding-article")
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.source.id == "amgs-founding-article"
        article = app.screen.article
        assert article.current_match == 0
        start, end = article.matches[0]
        assert article.text[start:end] == "صيانة"
        row = article.row_at(start)
        assert article.cursor == row
        assert article.scroll_offset.y <= row < article.scroll_offset.y + article.scrollable_content_region.height
        assert "match 1 of 1" in str(app.screen.query_one("#article-pane").border_subtitle)


async def test_a_role_hit_lands_on_the_role_and_back_returns_to_the_list():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        screen = app.main_screen
        search = await _search(pilot, "المدير العام")
        await _open_hit(pilot, search, lambda hit: hit.field.name == "role")
        assert screen.active_kind == "person" and screen.record.id in ("rob-walton", "abderraouf-sourdou")
        block = screen.detail.current_block
        assert block.label == "Role" and "المدير العام" in block.text
        assert block.highlights
        await pilot.press("escape")
        assert screen.active_kind == "organization"


async def test_the_palette_lands_on_the_matching_fact():
    from textual.command import CommandList, CommandPalette

    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        screen = app.main_screen
        await pilot.press("ctrl+p", *"مدغشقر")
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        deadline = asyncio.get_running_loop().time() + DEADLINE
        while not (commands.option_count and "Partnership" in str(commands.get_option_at_index(0).prompt)):
            assert asyncio.get_running_loop().time() < deadline, "the palette found nothing"
            await pilot.pause(0.05)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.record.id == "t2s-ge-healthcare"
        assert screen.detail.current_block.label == "Partnerships sought"
        assert screen.detail.current_block.highlights


def test_a_landing_on_a_quote_selects_the_statement_it_backs():
    database = load_database()
    record = database.get("t2s-ge-healthcare")
    cost = next(fact for fact in record.facts if fact.field == "cost")
    blocks, selected = landed_detail(
        database, record, Landing(record.id, cites=QuoteTarget(cost.source, cost.quote), label=cost.label)
    )
    assert blocks[selected].cites is cost


def test_a_landing_on_a_latin_name_selects_the_title_and_lights_the_latin_name():
    database = load_database()
    record = database.get("ge-healthcare")
    latin = record.names.latin
    blocks, selected = landed_detail(database, record, Landing(record.id, "name", latin, ((0, 2),)))
    assert selected == 0
    subtitle = next(block for block in blocks if block.role == "subtitle")
    assert subtitle.text == latin and subtitle.highlights == ((0, 2),)


def test_a_landing_on_an_alias_lights_it_inside_the_aliases(tmp_path):
    names = {"ar": "جنرال إلكتريك للرعاية الصحية", "latin": "GE Healthcare", "aliases": ["جنرال إلكتريك", "GE HC"]}
    database = open_data(tmp_path, {"organizations": {"1": {"id": "ge", "names": names}}}, "aliases.json")
    record = database.get("ge")
    alias = record.names.aliases[1]
    blocks, selected = landed_detail(database, record, Landing(record.id, "alias", alias, ((0, len(alias)),)))
    also = blocks[selected]
    assert also.label == "Also"
    ((start, end),) = also.highlights
    assert also.text[start:end] == alias

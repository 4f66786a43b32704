"""The search box's conventions: past queries come back (up at the top, ctrl+up/down), `n`/`N` step through
the hits after landing (from the record or the article landed on), help has a section for it, `f1` opens it."""

from __future__ import annotations

from pilot_helpers import footer_text, help_keys, wait_for, wait_until_loaded
from test_landing import _search

from tui.app import MarsadApp
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.search import SearchScreen, landing_of
from tui.screens.source import SourceScreen
from tui.widgets.search_input import SearchInput


def box(app: MarsadApp) -> str:
    return app.screen.query_one(SearchInput).value


async def test_f1_opens_help_from_the_search_box_at_its_own_section():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await _search(pilot, "T2S")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help from the search box")
        keys = str(app.screen.query_one("#help-keys").render())
        section = keys[keys.index("Search box") :]
        await pilot.pause()
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Search box (/)" in shown, "help opens at the search box's section"
        for binding_id in ("search.open", "search.older-query", "search.newer-query", "search.next-hit", "search.help"):
            assert binding_id in section, binding_id
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen) and box(app) == "T2S", "back to the search as it was"
        await pilot.press("question_mark")
        assert box(app) == "T2S?", "? is a letter in the box"


async def test_the_search_box_remembers_past_queries():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await _search(pilot, "madagascar")
        await pilot.press("enter")  # lands: the query is remembered
        await wait_for(pilot, lambda: app.screen is app.main_screen, "landed")
        await _search(pilot, "T2S")
        await pilot.press("escape")  # left without landing: remembered too, a query typed is worth keeping
        await pilot.press("slash")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), "the search box")
        assert box(app) == ""
        await pilot.press("up")  # the top of an empty box: the latest query
        assert box(app) == "T2S"
        await wait_for(pilot, lambda: bool(app.screen.hits), "its hits")
        await pilot.press("ctrl+up")
        assert box(app) == "madagascar"
        await pilot.press("alt+up")
        assert box(app) == "madagascar", "the oldest stays"
        await pilot.press("ctrl+down", "alt+down")
        assert box(app) == "", "past the latest: what was typed before (nothing)"
        await pilot.press(*"groupe", "down", "down")
        results = app.screen.query_one("#search-results")
        await wait_for(pilot, lambda: results.row_count > 2 and results.cursor == 2, "moving in the hits")
        await pilot.press("up")
        assert results.cursor == 1 and box(app) == "groupe", "up moves in the hits, below the first"
        await pilot.press("up", "up")
        assert box(app) == "T2S", "up on the first hit: the latest query"


async def test_n_and_N_step_through_the_hits_from_the_record_and_the_article_landed_on():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        search = await _search(pilot, "T2S")
        hits = list(search.hits)
        landings = [landing_of(hit) for hit in hits]
        assert len(hits) > 3 and any(landing.in_article for landing in landings)
        await pilot.press("enter")

        async def at(number: int) -> None:
            landing = landings[number % len(landings)]
            if landing.in_article:
                await wait_for(
                    pilot,
                    lambda: isinstance(app.screen, SourceScreen) and app.screen.found == landing.spans,
                    f"hit {number + 1} in its article",
                )
            else:
                await wait_for(
                    pilot,
                    lambda: app.screen is app.main_screen and app.main_screen.record.id == landing.record_id,
                    f"hit {number + 1} in its record",
                )
            assert (
                f"hit {number % len(landings) + 1} of {len(landings)}" in list(app._notifications)[-1].message.lower()
            )

        await wait_for(pilot, lambda: app.screen is app.main_screen or isinstance(app.screen, SourceScreen), "landed")
        for number in range(1, len(landings)):
            await pilot.press("n")
            await at(number)
        await pilot.press("n")  # past the last: the first again, said
        await at(0)
        assert "first" in list(app._notifications)[-1].message
        await pilot.press("N")
        await at(len(landings) - 1)


async def test_n_in_an_article_opened_without_a_search_still_steps_through_its_quotes():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await _search(pilot, "T2S")
        await pilot.press("enter")
        await pilot.press("5", "s")  # an article opened with s: n/N are its quotes
        await wait_for(pilot, lambda: isinstance(app.screen, SourceScreen), "the article")
        article = app.screen.article
        start = article.current_quote
        await pilot.press("n")
        assert article.current_quote == (0 if start is None else start + 1)
        assert "nN Quote" in footer_text(app) and "Hit" not in footer_text(app)


async def test_n_before_any_search_is_not_bound_and_the_footer_says_nothing_of_it():
    app = MarsadApp()
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until_loaded(pilot)
        assert "Hit" not in footer_text(app)
        await _search(pilot, "T2S")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen | SourceScreen), "landed")
        assert "nN Hit" in footer_text(app)


async def test_help_lists_the_search_keys_from_the_main_screen_too():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        keys = await help_keys(pilot)
        assert "Search box" in keys and "search.next-hit" in keys and "search.previous-hit" in keys


async def test_the_palette_steps_through_the_hits_too():
    from pilot_helpers import run_from_palette

    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        search = await _search(pilot, "groupe")
        landings = [landing_of(hit) for hit in search.hits]
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.search_trail is not None and app.screen is app.main_screen, "landed")
        await run_from_palette(pilot, "Next search hit")
        await wait_for(pilot, lambda: app.search_trail.position == 1, "the second hit")
        assert app.main_screen.record.id == landings[1].record_id


async def test_the_palette_from_the_search_box_brings_back_past_queries():
    from pilot_helpers import run_from_palette

    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await _search(pilot, "madagascar")
        await pilot.press("escape", "slash")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), "the search box")
        await run_from_palette(pilot, "Older query")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen) and box(app) == "madagascar", "recalled")

"""The article viewer: quote by quote with a counter, find in the article, the fact a quote supports."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from pilot_helpers import wait_until_loaded

import tui.widgets.article_view as article_module
from tui.app import MarsadApp
from tui.presentation.article_find import TextFinder
from tui.screens.main import MainScreen
from tui.screens.source import SourceScreen
from tui.search.normalize import normalize

T2S_ARTICLE = "t2s-ge-healthcare-article"


async def _t2s_article(pilot) -> SourceScreen:
    await wait_until_loaded(pilot)
    await pilot.press("5")
    assert pilot.app.main_screen.record.id == T2S_ARTICLE
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SourceScreen)
    return screen


def _counter(screen: SourceScreen) -> str:
    return str(screen.query_one("#article-pane").border_subtitle)


def _supports(screen: SourceScreen) -> str:
    return str(screen.query_one("#article-supports").render())


def _messages(notices) -> list[str]:
    return [notice.message for notice in notices]


async def test_step_through_every_quote_of_the_t2s_article_one_by_one_with_the_counter(notices):
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _t2s_article(pilot)
        article = screen.article
        total = len(
            app.database.citations_of(T2S_ARTICLE) and {c.quote for c in app.database.citations_of(T2S_ARTICLE)}
        )
        assert len(article.spans) == total == 45
        assert _counter(screen).startswith("45 quotes")
        for number in range(1, total + 1):
            await pilot.press("n")
            assert _counter(screen).startswith(f"quote {number} of {total}")
            assert article.current_quote == number - 1
            start, _end = article.spans[number - 1]
            assert article.cursor == article.row_at(start), "the cursor is on the quote's first row"
            assert _supports(screen).startswith("supports: ")
            assert not _messages(notices)
        await pilot.press("n")
        assert _counter(screen).startswith(f"quote 1 of {total}")
        assert _messages(notices) == ["Past the last quote: back to the first"]
        await pilot.press("N")
        assert _counter(screen).startswith(f"quote {total} of {total}")
        assert _messages(notices)[-1] == "Before the first quote: on to the last"
        for number in range(total - 1, 0, -1):
            await pilot.press("N")
            assert article.current_quote == number - 1


async def test_three_quotes_on_one_line_are_three_stops_and_the_selected_one_stands_out():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _t2s_article(pilot)
        article = screen.article
        rows = Counter(article.row_at(start) for start, _end in article.spans)
        row, count = next((row, count) for row, count in sorted(rows.items()) if count >= 3)
        first = next(n for n, (start, _end) in enumerate(article.spans) if article.row_at(start) == row)
        article.select_quote(first)
        await pilot.pause()
        current_style = str(article.get_component_rich_style("article-view--current-quote", partial=True))
        drawn = []
        for number in range(first, first + count):
            assert article.current_quote == number and article.cursor == row
            text = article._render_article_row(row, article.scrollable_content_region.width)
            lit = "".join(text.plain[span.start : span.end] for span in text.spans if "reverse" in str(span.style))
            drawn.append(lit)
            await pilot.press("n")
        assert len(set(drawn)) == count, "each stop lights a different quote"
        assert "reverse" in current_style


async def test_moving_the_cursor_selects_the_quote_under_it():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        # the AMGS article: the T2S one is now quoted on every row
        await wait_until_loaded(pilot)
        await pilot.press("5", "j")
        assert pilot.app.main_screen.record.id == "amgs-founding-article"
        await pilot.press("s")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SourceScreen)
        article = screen.article
        quiet_row = next(row for row in range(article.row_count) if article._first_quote_on_row(row) is None)
        article.move_cursor(quiet_row)
        await pilot.pause()
        assert article.current_quote is None
        assert _counter(screen).startswith(f"{len(article.spans)} quotes")
        await pilot.press("n")
        assert article.current_quote is not None and article.row_at(article.spans[article.current_quote][0]) > quiet_row
        for key in "kkkjjjj":
            await pilot.press(key)
            if article.current_quote is None:
                assert article._first_quote_on_row(article.cursor) is None
            else:
                start, end = article.spans[article.current_quote]
                assert article.row_at(start) <= article.cursor <= article.row_at(end - 1), (
                    "the selected quote is under the cursor"
                )


async def test_enter_goes_to_the_fact_the_quote_supports():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _t2s_article(pilot)
        cost_quote = "بتكلفة إجمالية قدرها مليون درهم مغربي"
        while screen.selected_quote != cost_quote:
            await pilot.press("n")
        assert "Training room cost" in _supports(screen)
        await pilot.press("enter")
        await pilot.pause()
        main = app.main_screen
        assert isinstance(app.screen, MainScreen)
        assert main.record.id == "t2s-ge-healthcare"
        assert main.detail.current_block.label == "Training room cost"
        assert app.focused is main.detail


async def test_y_copies_the_quote_under_the_cursor_with_its_citation():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _t2s_article(pilot)
        await pilot.press("n", "n")
        quote = screen.selected_quote
        await pilot.press("y")
        assert app.clipboard.startswith(f"“{quote}”\n  Source: ")
        assert "  Supports: " in app.clipboard


async def test_find_in_the_article_is_arabic_normalized_with_its_own_next_and_previous(notices):
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _t2s_article(pilot)
        article = screen.article
        await pilot.press("slash", *"افريقيا")  # no hamza: finds إفريقيا and أفريقيا
        found = {article.text[start:end] for start, end in article.matches}
        assert {"إفريقيا", "أفريقيا", "افريقيا"} == found
        total = len(article.matches)
        assert str(screen.query_one("#find-status").render()) == f"{total} matches"
        assert article.current_match == 0 and article.cursor == article.row_at(article.matches[0][0])
        await pilot.press("enter")
        assert app.focused is article
        for number in range(2, total + 1):
            await pilot.press("right_square_bracket")
            assert f"match {number} of {total}" in _counter(screen)
            assert article.cursor == article.row_at(article.matches[number - 1][0])
        await pilot.press("right_square_bracket")
        assert f"match 1 of {total}" in _counter(screen)
        assert _messages(notices)[-1] == "Past the last match: back to the first"
        await pilot.press("left_square_bracket")
        assert f"match {total} of {total}" in _counter(screen)
        await pilot.press("slash", "escape")
        assert article.matches == [] and "match" not in _counter(screen)


async def test_keys_never_lay_the_article_out_again(monkeypatch):
    """Only the rows being drawn are laid out again (one row each), never the article."""
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _t2s_article(pilot)
        article = screen.article
        longest_row = max(row.end - row.start for row in article._rows)
        laid_out: list[int] = []
        real_layout = article_module.layout

        def counting_layout(text, *args, **kwargs):
            laid_out.append(len(text))
            return real_layout(text, *args, **kwargs)

        monkeypatch.setattr(article_module, "layout", counting_layout)
        await pilot.press(
            "n", "n", "n", "N", "j", "j", "pagedown", "G", "g", "slash", *"GE", "enter", "right_square_bracket"
        )
        await pilot.pause()
        assert laid_out, "the selection is drawn over the rows"
        assert max(laid_out) <= longest_row, "rows, not paragraphs or the article"


async def test_a_theme_change_draws_the_quotes_in_the_new_colors_and_focus_changes_do_not_lay_out():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _t2s_article(pilot)
        article = screen.article
        width = article.scrollable_content_region.width

        def quote_styles() -> set[str]:
            text = article._render_article_row(0, width)
            return {str(span.style) for span in text.spans}

        dark = quote_styles()
        rows = article._rows
        await pilot.press("slash", "escape")  # the focus leaves the article and comes back
        assert article._rows is rows, "no layout for a focus change"
        app.theme = "textual-light"
        await pilot.pause()
        assert article._rows is not rows and quote_styles() != dark


# -- finding (no app) ------------------------------------------------------------------


def test_find_maps_matches_back_to_the_stored_text():
    text = "مُسْتَشْفَى الشَّيْخ زايد، ومستشفى آخر — HÔPITAL Cheikh Zayed ٣٥ سنة و35 عاماً"
    finder = TextFinder(text)
    assert [text[s:e] for s, e in finder.find("مستشفى")] == ["مُسْتَشْفَى", "مستشفى"]
    assert [text[s:e] for s, e in finder.find("hopital")] == ["HÔPITAL"]
    assert [text[s:e] for s, e in finder.find("35")] == ["٣٥", "35"]
    assert finder.find("   ") == [] and finder.find("غير موجود") == []


words = st.lists(
    st.sampled_from(["إفريقيا", "أفريقيا", "الصحة", "T2S", "GE", "مُحَمَّد", "،", "(ODM)", "٣٥"]), min_size=1, max_size=30
)


@given(words, st.sampled_from(["افريقيا", "الصحه", "t2s", "محمد", "odm", "35"]))
def test_every_match_is_the_query_once_normalized(parts, query):
    text = " ".join(parts)
    matches = TextFinder(text).find(query)
    assert all(normalize(text[start:end]) == normalize(query) for start, end in matches)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(matches)), "in order, not overlapping"
    assert len(matches) == normalize(text).count(normalize(query))


def test_find_counts_every_match_of_a_whole_long_article():
    text = ("ا" * 99 + " ") * 1000  # 100,000 characters, the most an article view shows
    matches = TextFinder(text).find("ا")
    assert len(matches) == 99_000
    assert matches[-1] == (99_998, 99_999)

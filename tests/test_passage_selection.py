"""Selecting a passage in the article viewer, by keyboard and by mouse, drawn over the reordered Arabic.

Where a word is drawn is found here the way a reader finds it: its row laid out
with that word alone highlighted (`tui.text.layout`, one word at a time), not
with the viewer's own mapping of cells to words.
"""

from __future__ import annotations

import re

import pytest
from pilot_helpers import screen_strips, wait_for, wait_until_loaded

from tui.app import MarsadApp
from tui.screens.source import SourceScreen
from tui.text.direction import reading_direction
from tui.text.layout import layout
from tui.widgets.article_view import ArticleView


async def _amgs_article(pilot) -> ArticleView:
    await pilot.press("5", "j", "enter", "s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SourceScreen), "the article")
    await pilot.pause()
    return pilot.app.screen.article


def _word_cells(article: ArticleView, row: int, word: str, nth: int = 0) -> tuple[int, range]:
    """(the text offset of the `nth` `word` on `row`, the cells it is drawn on)."""
    shown = article._rows[row]  # (which text a row shows: the viewer's layout, read here, not its cell mapping)
    text = article.text[shown.start : shown.end]
    starts = [match.start() for match in re.finditer(re.escape(word), text)]
    start = starts[nth]
    width = article.scrollable_content_region.width
    paragraph_start, paragraph_end = article._paragraphs[shown.paragraph]
    paragraph = article.text[paragraph_start:paragraph_end]
    local = shown.start - paragraph_start + start
    lines = layout(
        paragraph,
        width,
        direction=reading_direction(paragraph),
        mode=article.mode,
        highlights=((local, local + len(word)),),
        highlight_style="lit",
    )
    line = lines[row - article._paragraph_rows[shown.paragraph]]
    (left, right, _style) = next(span for span in line.spans if span[2] == "lit")
    pad = width - line.cells if line.direction == "rtl" else 0
    return shown.start + start, range(pad + left, pad + right)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_a_mouse_drag_from_one_word_to_another_selects_the_words_between(size: tuple[int, int]) -> None:
    app = MarsadApp()
    async with app.run_test(size=size) as pilot:
        await wait_until_loaded(pilot)
        article = await _amgs_article(pilot)
        row = next(n for n, shown in enumerate(article._rows) if "أكثر من 30" in article.text[shown.start : shown.end])
        article.scroll_to(y=max(0, row - 2), animate=False, force=True)
        await pilot.pause()
        first, first_cells = _word_cells(article, row, "أكثر")
        last, last_cells = _word_cells(article, row, "رعاية")
        y = row - article.scroll_offset.y
        assert first_cells.start > last_cells.start, "right to left: the first word is drawn right of the last"
        await pilot.mouse_down(article, offset=(first_cells[1], y))
        await pilot.mouse_up(article, offset=(last_cells[1], y))
        await pilot.pause()
        expected = article.text[first : last + len("رعاية")]
        assert article.passage_text == expected == "أكثر من 30 وحدة رعاية"
        assert "5 words selected" in str(app.screen.query_one("#article-supports").render())
        # drawn on exactly those words' cells (the cells between the two, in the reordered row)
        line = screen_strips(app)[article.region.y + y]
        lit = {
            x - article.region.x
            for x, segment in _cells(line)
            if segment.style is not None and segment.style.reverse and segment.style.bold
        }
        assert set(range(last_cells.start, first_cells.stop)) <= lit
        # a drag is no click: the passage stays, the screen does not go to a fact
        assert isinstance(app.screen, SourceScreen)


def _cells(strip):
    x = 0
    for segment in strip:
        for _char in segment.text:
            yield x, segment
            x += 1


async def test_keys_select_extend_shrink_and_drop_a_passage() -> None:
    app = MarsadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until_loaded(pilot)
        article = await _amgs_article(pilot)
        await pilot.press("slash", *"2500", "enter", "v")
        assert article.passage_text == "2500"
        await pilot.press("w", "w", "b")
        assert article.passage_text == "2500 من"
        await pilot.press("o", "b", "b")
        assert article.passage_text == "أكثر من 2500 من"
        await pilot.press("right_parenthesis")  # (the start moves: it cannot pass the end)
        assert article.passage_text == "أكثر من 2500 من"
        await pilot.press("o", "right_parenthesis")
        assert article.passage_text.startswith("أكثر من 2500") and article.passage_text.endswith("."), (
            "to the sentence's end"
        )
        before = article.passage
        assert before is not None
        await pilot.press("o", "left_parenthesis")
        after = article.passage
        assert after is not None and after.end == before.end and after.start < before.start
        assert after.start in article.bounds.sentence_starts, "back to where the sentence starts"
        await pilot.press("escape")
        assert article.passage is None and isinstance(app.screen, SourceScreen), "escape drops the passage, stays"
        await pilot.press("escape")
        assert not isinstance(app.screen, SourceScreen), "then goes back"

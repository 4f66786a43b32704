"""A source article laid out for reading: its cited quotes highlighted, one of them selected.

The article is laid out once per width: every row remembers the range of the
text it shows, so finding the row of a quote or of a match is a binary search,
not another layout. The cited quotes are highlighted by that one layout. What
changes with a key press is drawn over it, on the visible rows only: the
selected quote (`n`/`N` step through the quotes one by one, three on a line
are three stops), the matches of a find and the selected match. Each is the
row's own text laid out again with those characters highlighted (its glyphs are
checked to be the row's, else its paragraph's layout is taken).

The quote under the cursor is the selected one: moving the cursor to a row
selects the first quote on it. An article longer than MAX_ARTICLE_CHARS is
shown up to there, with a note (search sees all of it).

A passage to cite is selected the way an editor selects (`v` starts it at the
find's match or at the cursor's row, `w`/`b` move its end by a word, `)`/`(` by
a sentence, `o` moves the other end instead, escape drops it; or the mouse,
pressed on a word and dragged to another), word by word (`tui.presentation.passage`),
and drawn like the quotes, over the reordered Arabic. A click on a cell is
mapped back to the word it draws by laying the row out a few times, each
time with a different half of its words highlighted (the bits of each word's
number): what the text pipeline does for highlights, run the other way.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import ClassVar

from rich.cells import get_character_cell_size
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from tui import i18n
from tui.i18n import N_, ngettext
from tui.presentation.passage import Bounds, Passage, Unit, other_end, spanning, started, stepped
from tui.text.direction import BidiMode, reading_direction
from tui.text.layout import VisualLine, layout
from tui.widgets.language import LanguageChanged
from tui.widgets.rows import aligned, text_style, ui_text
from tui.widgets.virtual_list import VirtualList

#: characters of an article laid out for reading (about 50 pages; real articles
#: have a few thousand): a layout of more would freeze the screen at each resize
MAX_ARTICLE_CHARS = 100_000
#: rows kept above and below a quote or a match that is selected
CONTEXT_ROWS = 2

WORD_GROUP = Binding.Group(N_("Word"), compact=True)
SENTENCE_GROUP = Binding.Group(N_("Sentence"), compact=True)
_WORDS = re.compile(r"\S+")

Span = tuple[int, int]


def quote_spans(text: str, quotes: list[str]) -> list[Span]:
    """Where each quote first occurs in the text; quotes not found are left out."""
    spans = []
    for quote in dict.fromkeys(quotes):
        start = text.find(quote) if quote else -1
        if start >= 0:
            spans.append((start, start + len(quote)))
    return sorted(spans)


def _spans_by_paragraph(paragraphs: list[Span], spans: list[Span]) -> list[tuple[Span, ...]]:
    """For each paragraph (start, end), the parts of the spans inside it, relative to its start.

    One sweep over both sorted lists: a span is visited once per paragraph it touches.
    """
    result: list[tuple[Span, ...]] = []
    active: list[Span] = []
    next_span = 0
    for start, end in paragraphs:
        while next_span < len(spans) and spans[next_span][0] < end:
            active.append(spans[next_span])
            next_span += 1
        active = [span for span in active if span[1] > start]
        result.append(tuple((max(s, start) - start, min(e, end) - start) for s, e in active if s < end))
    return result


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One row: a visual line of a paragraph (None: an empty paragraph or the note) and the text range it shows."""

    line: VisualLine | None
    paragraph: int
    start: int
    end: int


class ArticleView(VirtualList):
    """The article's paragraphs, each shaped and reordered per line by the text pipeline."""

    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {
        "article-view--quote",
        "article-view--current-quote",
        "article-view--match",
        "article-view--current-match",
        "article-view--note",
        "article-view--passage",
    }
    DEFAULT_CSS = """
    ArticleView > .article-view--quote { color: $text-warning; text-style: underline; }
    ArticleView > .article-view--current-quote { text-style: bold reverse; }
    ArticleView > .article-view--match { color: $text-success; text-style: bold underline; }
    ArticleView > .article-view--current-match { color: $text-success; text-style: bold reverse; }
    ArticleView > .article-view--note { color: $text-muted; text-style: italic; }
    ArticleView > .article-view--passage { color: $warning; text-style: bold reverse; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # (the passage's keys first: while one is selected, the footer shows them first)
        Binding("c", "screen.cite", N_("Cite as…"), id="article.cite"),
        Binding("w", "step_passage('word', 1)", N_("Next word"), id="cite.word", group=WORD_GROUP),
        Binding("b", "step_passage('word', -1)", N_("Previous word"), id="cite.word-back", group=WORD_GROUP),
        Binding(
            "right_parenthesis",
            "step_passage('sentence', 1)",
            N_("Next sentence"),
            id="cite.sentence",
            group=SENTENCE_GROUP,
        ),
        Binding(
            "left_parenthesis",
            "step_passage('sentence', -1)",
            N_("Previous sentence"),
            id="cite.sentence-back",
            group=SENTENCE_GROUP,
        ),
        Binding("o", "other_end", N_("Other end"), id="cite.other-end"),
        Binding("escape", "drop_passage", N_("Drop"), id="cite.drop"),
        Binding("enter", "select_cursor", N_("Go to fact"), id="article.go-to-fact"),
        Binding("v", "toggle_passage", N_("Select"), id="cite.select"),
    ]
    """
    | Key(s) | Binding id | Description |
    | :- | :- | :- |
    | enter | article.go-to-fact | Post `VirtualList.Selected`: the screen opens the fact the selected quote supports. |
    | c | article.cite | Cite the passage selected (the screen's `cite`). |
    | v | cite.select | Select a passage: from the find's match, or the cursor's row's first word; again drops it. |
    | w | cite.word | Move the passage's moving end one word forward. |
    | b | cite.word-back | Move it one word back. |
    | ) | cite.sentence | Move it to the next sentence's end (or start). |
    | ( | cite.sentence-back | Move it back a sentence. |
    | o | cite.other-end | Move the other end from now on. |
    | escape | cite.drop | Drop the passage. |
    """
    #: the keys that work on a passage, and only while one is selected
    PASSAGE_ACTIONS: ClassVar[frozenset[str]] = frozenset({"screen.cite", "step_passage", "other_end", "drop_passage"})

    @dataclass
    class PassageChanged(Message):
        """The passage selected to cite changed (None: there is none now)."""

        article_view: ArticleView
        passage: Passage | None

        @property
        def control(self) -> ArticleView:
            return self.article_view

    @dataclass
    class SelectionChanged(Message):
        """The selected quote or match changed (either may be None)."""

        article_view: ArticleView
        quote: int | None
        match: int | None

        @property
        def control(self) -> ArticleView:
            return self.article_view

    def __init__(
        self,
        text: str,
        quotes: list[str],
        *,
        mode: BidiMode,
        start_at: str = "",
        found: tuple[Span, ...] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(
            0, render_row=self._render_article_row, empty_message=N_("This article has no text"), mode=mode, id=id
        )
        self.hidden_chars = max(0, len(text) - MAX_ARTICLE_CHARS)
        """How much of the article is beyond what is shown."""
        self.text = text[:MAX_ARTICLE_CHARS]
        self.spans = quote_spans(self.text, quotes)
        """The cited quotes, by start: what `n`/`N` step through."""
        self._quote_reach = list(accumulate((end for _start, end in self.spans), max))
        """Per quote, the furthest end of it and the quotes before it (nondecreasing)."""
        self.mode = mode
        self.matches: list[Span] = []
        """The ranges a find (or a search landing here) matched, in order, not overlapping."""
        self.current_quote: int | None = None
        self.current_match: int | None = None
        self._paragraphs: list[Span] = []
        self._paragraph_rows: list[int] = []
        """Per paragraph, its first row."""
        self._rows: list[ArticleRow] = []
        self._row_ends: list[int] = []
        """Per row, the end of the text it shows (nondecreasing)."""
        self._note = Text()
        self._overlays: dict[int, tuple[tuple[tuple[Span, ...], ...], Text]] = {}
        """Per row drawn: the selection and matches on it (relative to the row), and the row drawn with them.
        A row is drawn again only when what lies on it changes."""
        self._laid_out_width = -1
        self.passage: Passage | None = None
        """The passage selected to cite, if any."""
        self._bounds: Bounds | None = None
        self._cell_words: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}
        """Per row: the word (its number on the row) each cell draws (-1: none), and the words' spans on the row."""
        self._pressed: int | None = None
        """The text offset of the word a mouse button went down on (a drag from it selects a passage)."""
        self._dragged = False
        start_quote = next((n for n, (s, e) in enumerate(self.spans) if start_at and self.text[s:e] == start_at), None)
        self._pending: tuple[str, int] | None = ("quote", start_quote) if start_quote is not None else None
        """What to select once the article is first laid out."""
        if found:  # what a search matched in this article (the part of it that is shown)
            self.matches = sorted({(s, min(e, len(self.text))) for s, e in found if s < min(e, len(self.text))})
            self._pending = ("match", 0) if self.matches else None

    def on_language_changed(self, event: LanguageChanged) -> None:
        """The note under a long article in the new language."""
        if self.hidden_chars and self._laid_out_width > 0:
            self._relayout()
        self.refresh_rows()

    # -- layout (once per width) --------------------------------------------------
    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        kept = (
            self._rows[self.cursor].start if self._laid_out_width > 0 and 0 <= self.cursor < len(self._rows) else None
        )
        self._laid_out_width = width
        style = str(text_style(self, "article-view--quote"))
        paragraphs: list[Span] = []
        start = 0
        for paragraph in self.text.split("\n"):
            paragraphs.append((start, start + len(paragraph)))
            start += len(paragraph) + 1
        rows: list[ArticleRow] = []
        paragraph_rows: list[int] = []
        for number, ((start, end), highlights) in enumerate(
            zip(paragraphs, _spans_by_paragraph(paragraphs, self.spans))
        ):
            paragraph_rows.append(len(rows))
            paragraph = self.text[start:end]
            lines = layout(
                paragraph,
                width,
                direction=reading_direction(paragraph),
                mode=self.mode,
                highlights=highlights,
                highlight_style=style,
            )
            if not lines:
                rows.append(ArticleRow(None, number, end, end))
            for line in lines:
                rows.append(ArticleRow(line, number, start + line.source[0], start + line.source[1]))
        if self.hidden_chars:
            note = ngettext(
                "… {count} more character of this article is not shown here: "
                "search every record (/ on the main screen) finds it",
                "… {count} more characters of this article are not shown here: "
                "search every record (/ on the main screen) finds them",
                self.hidden_chars,
            ).format(count=i18n.number(self.hidden_chars))
            self._note = aligned(ui_text(note, width, self.mode, style=text_style(self, "article-view--note")), width)
            rows.append(ArticleRow(None, -1, len(self.text), len(self.text)))
        self._paragraphs, self._paragraph_rows, self._rows = paragraphs, paragraph_rows, rows
        self._row_ends = [row.end for row in rows]
        self._overlays.clear()
        self._cell_words.clear()
        self.set_rows(len(rows), keep_cursor=True)
        if self._pending is not None:
            (kind, number), self._pending = self._pending, None
            if kind == "quote":
                self.select_quote(number)
            else:
                self.select_match(number)
        elif kept is not None:
            self.move_cursor(self.row_at(kept))

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._laid_out_width:
            self._relayout()

    def set_quotes(self, quotes: list[str]) -> None:
        """The article's cited quotes changed (an edit cited or dropped one): highlight these instead."""
        self.spans = quote_spans(self.text, quotes)
        self._quote_reach = list(accumulate((end for _start, end in self.spans), max))
        self.current_quote = None
        if self._laid_out_width > 0:
            self._relayout()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: object) -> None:
        """The quotes in the new theme's colors (the styles change with the focus too, but a
        layout costs the article's length)."""
        if self._laid_out_width > 0:
            self._relayout()

    def row_at(self, offset: int) -> int:
        """The row that shows the character at `offset` of the text."""
        return min(bisect_right(self._row_ends, offset), max(0, len(self._rows) - 1))

    # -- selection ------------------------------------------------------------------
    def select_quote(self, number: int) -> None:
        """Select quote `number`: the cursor on its first row, the quote in view."""
        self._set_selection(number, None)
        self._bring_into_view(self.spans[number])

    def select_match(self, number: int) -> None:
        """Select match `number` of the find: the cursor on its row, in view."""
        start, _end = self.matches[number]
        self._set_selection(self._first_quote_on_row(self.row_at(start)), number)
        self._bring_into_view(self.matches[number])

    def current_offset(self) -> int:
        """Where in the text the cursor's row starts."""
        return self._rows[self.cursor].start if 0 <= self.cursor < len(self._rows) else 0

    def show_matches(self, matches: list[Span], origin: int) -> None:
        """Highlight a find's matches and select the first at or after `origin` (else the first)."""
        self.matches = matches
        self.current_match = None  # a number in the old matches
        self.refresh_rows()  # any row may hold a match now
        if not matches:
            self.post_message(self.SelectionChanged(self, self.current_quote, None))
            return
        number = bisect_left(matches, (origin, -1))
        self.select_match(number if number < len(matches) else 0)

    def step(self, spans: list[Span], current: int | None, step: int) -> tuple[int, bool] | None:
        """The next (`step` 1) or previous (-1) of `spans` from the selection or the cursor, and whether it wrapped."""
        if not spans:
            return None
        if current is None:  # from the cursor's row: the first at or after its start, or the last before
            at_or_after = bisect_left(spans, (self.current_offset(), -1))
            number = at_or_after if step > 0 else at_or_after - 1
        else:
            number = current + step
        wrapped = not 0 <= number < len(spans)
        return number % len(spans), wrapped

    def _set_selection(self, quote: int | None, match: int | None) -> None:
        """Select a quote and a match (either None); only the rows they leave and reach are drawn again."""
        if (quote, match) == (self.current_quote, self.current_match):
            return
        rows = self._selection_rows()
        self.current_quote, self.current_match = quote, match
        self.refresh_rows(rows | self._selection_rows())
        self.post_message(self.SelectionChanged(self, quote, match))

    def _selection_rows(self) -> set[int]:
        """The rows that show the selected quote or match."""
        rows: set[int] = set()
        for spans, number in ((self.spans, self.current_quote), (self.matches, self.current_match)):
            if number is not None and self._rows:
                start, end = spans[number]
                rows.update(range(self.row_at(start), self.row_at(max(start, end - 1)) + 1))
        return rows

    def _bring_into_view(self, span: Span) -> None:
        """The cursor on the span's first row, and the span in view with a margin, as vim's scrolloff."""
        if not self._rows:
            return
        row = self.row_at(span[0])
        self.move_cursor(row, scroll=False)
        last = self.row_at(max(span[0], span[1] - 1))
        top, height = self.scroll_offset.y, self._page_height()
        margin = min(CONTEXT_ROWS, max(0, (height - 1) // 2))
        if row < top + margin:
            self.scroll_to(y=max(0, row - margin), animate=False, force=True)
        elif last >= top + height - margin:  # the least scroll that shows it all, its start first
            self.scroll_to(y=max(0, min(row - margin, last - height + 1 + margin)), animate=False, force=True)

    def _first_quote_on_row(self, row: int) -> int | None:
        """The first quote (by start) that shows on `row`."""
        if not 0 <= row < len(self._rows):
            return None
        start, end = self._rows[row].start, self._rows[row].end
        number = bisect_right(self._quote_reach, start)  # the first quote ending after the row's start
        if number < len(self.spans) and self.spans[number][0] < max(end, start + 1):
            return number
        return None

    def _quote_on_row(self, number: int | None, row: int) -> bool:
        if number is None or not 0 <= row < len(self._rows):
            return False
        start, end = self.spans[number]
        return start < max(self._rows[row].end, self._rows[row].start + 1) and end > self._rows[row].start

    def watch_cursor(self, old: int, new: int) -> None:
        super().watch_cursor(old, new)
        if new < 0:
            return
        # the selection follows the cursor: the quote under it, and a match only on its row
        quote = self.current_quote if self._quote_on_row(self.current_quote, new) else self._first_quote_on_row(new)
        match = self.current_match
        if match is not None and self.row_at(self.matches[match][0]) != new:
            match = None
        self._set_selection(quote, match)

    # -- the passage to cite -------------------------------------------------------------
    @property
    def bounds(self) -> Bounds:
        if self._bounds is None:
            self._bounds = Bounds(self.text)
        return self._bounds

    @property
    def passage_text(self) -> str:
        """The passage selected, verbatim ("" when there is none)."""
        return self.text[self.passage.start : self.passage.end] if self.passage is not None else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The passage's keys (and escape, which otherwise goes back) only while a passage is selected."""
        if action in self.PASSAGE_ACTIONS or action == "cite":
            return self.passage is not None
        if action in ("select_cursor", "toggle_passage"):  # (escape drops a passage; enter has no fact to go to)
            return self.passage is None
        return True

    def action_toggle_passage(self) -> None:
        """Select a passage from the find's match, or the cursor's row; with one selected, drop it."""
        if self.passage is not None:
            self.set_passage(None)
            return
        offset = self.matches[self.current_match][0] if self.current_match is not None else self.current_offset()
        word = self.bounds.first_word_from(offset)
        self.set_passage(None if word is None else started(self.bounds, word[0]))

    def action_step_passage(self, unit: Unit, step: int) -> None:
        if self.passage is not None:
            self.set_passage(stepped(self.passage, self.bounds, unit, step))

    def action_other_end(self) -> None:
        if self.passage is not None:
            self.set_passage(other_end(self.passage))

    def action_drop_passage(self) -> None:
        self.set_passage(None)

    def set_passage(self, passage: Passage | None) -> None:
        """Select `passage` (None: drop it); its moving end comes into view, the cursor on its row."""
        old = self.passage
        self.passage = passage
        rows: set[int] = set()
        for each in (old, passage):
            if each is not None and self._rows:
                rows.update(range(self.row_at(each.start), self.row_at(max(each.start, each.end - 1)) + 1))
        self.refresh_rows(rows)
        if passage is not None and self._rows:
            head = passage.head if passage.moving_end is False else max(passage.start, passage.end - 1)
            self._bring_into_view((head, head + 1))
        self.refresh_bindings()
        if old != passage:
            self.post_message(self.PassageChanged(self, passage))

    # -- the mouse: press on a word, drag to another ------------------------------------------
    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at(event)
        self._pressed = offset
        self._dragged = False
        if offset is not None:
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._pressed is None or not event.button:
            return
        offset = self._offset_at(event)
        if offset is None:
            return
        pressed_word, word = self.bounds.word_at(self._pressed), self.bounds.word_at(offset)
        if word != pressed_word or self._dragged:
            self._dragged = True
            self.set_passage(spanning(self.bounds, self._pressed, offset))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._pressed = None
        self.release_mouse()

    def on_click(self, event: events.Click) -> None:
        if self._dragged:  # (the end of a drag: the passage, not a click on a row)
            self._dragged = False
            event.stop()
            return
        super().on_click(event)

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        """The text offset of the word drawn at the mouse (None: no word there)."""
        position = event.get_content_offset(self)
        if position is None:
            return None
        index = self.scroll_offset.y + position.y
        if not 0 <= index < len(self._rows) or self._rows[index].line is None:
            return None
        found = self._cell_words.get(index)
        if found is None:
            found = self._cell_words[index] = self._words_on_cells(index)
        cells, words = found
        if not words:
            return None
        x = min(max(position.x, 0), len(cells) - 1)
        word = cells[x]
        if word < 0:  # (a space, or the margin: the nearest word on the row)
            near = [(abs(cell - x), number) for cell, number in enumerate(cells) if number >= 0]
            word = min(near)[1] if near else 0
        return self._rows[index].start + words[word][0]

    def _words_on_cells(self, index: int) -> tuple[list[int], list[tuple[int, int]]]:
        """For row `index`: the number of the word each cell draws (-1: none), and the words (spans on the row).

        A word's number is found bit by bit: the row is laid out with the words
        whose number has bit b highlighted, for each bit b.
        """
        row = self._rows[index]
        line = row.line
        width = self._laid_out_width
        words = [match.span() for match in _WORDS.finditer(self.text[row.start : row.end])]
        if line is None or not words:
            return [], words
        lit_by_bit: list[set[int]] = []
        bit = 0
        while (1 << bit) <= len(words):
            lit = tuple(span for number, span in enumerate(words) if (number + 1) >> bit & 1)
            lit_by_bit.append(_indices(self._visual_spans(index, row, line, lit, f"bit{bit}")) if lit else set())
            bit += 1
        padding = max(0, width - line.cells) if line.direction == "rtl" else 0
        cells = [-1] * max(width, line.cells + padding)
        x = padding
        for at, char in enumerate(line.text):
            number = sum(1 << bit for bit, lit in enumerate(lit_by_bit) if at in lit) - 1
            size = get_character_cell_size(char)
            for cell in range(x, min(x + size, len(cells))):
                cells[cell] = number if 0 <= number < len(words) else -1
            x += size
        return cells[:width], words

    # -- drawing ----------------------------------------------------------------------
    def _render_article_row(self, index: int, width: int) -> Text:
        if index >= len(self._rows):
            return Text()
        row = self._rows[index]
        if row.line is None:
            return self._note if row.paragraph < 0 else Text(" " * width)
        on_row = self._on_row(row)
        cached = self._overlays.get(index)
        if cached is None or cached[0] != on_row:
            cached = self._overlays[index] = (on_row, self._overlaid(index, row, row.line, width, on_row))
        return cached[1]

    def _on_row(self, row: ArticleRow) -> tuple[tuple[Span, ...], ...]:
        """The parts of the matches, the selected match and the selected quote that lie on `row`."""
        selected_match = [self.matches[self.current_match]] if self.current_match is not None else []
        # (while a passage is selected, it is the selection: the quote under the cursor is not lit apart)
        selected_quote = [self.spans[self.current_quote]] if self.current_quote is not None and not self.passage else []
        passage = [self.passage.span] if self.passage is not None else []
        return tuple(
            _inside(layer, row.start, row.end) for layer in (self.matches, selected_match, selected_quote, passage)
        )

    def _overlaid(
        self, index: int, row: ArticleRow, line: VisualLine, width: int, on_row: tuple[tuple[Span, ...], ...]
    ) -> Text:
        """The row with the matches, the selected match and the selected quote drawn over its quotes."""
        spans = line.spans
        for local, component in zip(
            on_row,
            (
                "article-view--match",
                "article-view--current-match",
                "article-view--current-quote",
                "article-view--passage",
            ),
        ):
            if local:
                style = text_style(self, component)
                if component == "article-view--passage":  # (reversed: lit on the cursor's row too; not underlined)
                    style += Style(underline=False)
                spans += self._visual_spans(index, row, line, local, str(style))
        return replace(line, spans=spans).to_text(width)

    def _visual_spans(
        self, index: int, row: ArticleRow, line: VisualLine, local: tuple[Span, ...], style: str
    ) -> tuple[tuple[int, int, str], ...]:
        """Where the characters `local` (relative to the row's start) are drawn on the row."""
        (again,) = layout(
            self.text[row.start : row.end],
            self._laid_out_width,
            direction=line.direction,
            mode=self.mode,
            highlights=local,
            highlight_style=style,
        )[:1] or (None,)
        if again is not None and again.text == line.text:
            return tuple(span for span in again.spans if span[2] == style)
        # The row alone did not come out as it does in its paragraph (a word cut
        # across rows, neutrals at its ends): lay out the paragraph (cached).
        start, end = self._paragraphs[row.paragraph]
        shifted = tuple((s + row.start - start, e + row.start - start) for s, e in local)
        text = self.text[start:end]
        lines = layout(
            text,
            self._laid_out_width,
            direction=reading_direction(text),
            mode=self.mode,
            highlights=shifted,
            highlight_style=style,
        )
        own = lines[index - self._paragraph_rows[row.paragraph]]
        return tuple(span for span in own.spans if span[2] == style)


def _indices(spans: tuple[tuple[int, int, str], ...]) -> set[int]:
    """The indices of a visual line's text that some of `spans` cover."""
    return {at for start, end, _style in spans for at in range(start, end)}


def _inside(spans: list[Span], start: int, end: int) -> tuple[Span, ...]:
    """The parts of sorted, non-overlapping `spans` within [start, end), relative to `start`."""
    first = bisect_right(spans, (start, start)) - 1 if spans else 0
    found = []
    for s, e in spans[max(0, first) :]:
        if s >= end:
            break
        if e > start:
            found.append((max(s, start) - start, min(e, end) - start))
    return tuple(found)

"""Incremental search over every record: type, see ranked hits, enter to land on one.

Enter (or a click) closes the screen with a `Landing`: the record, the field
that matched and the matched spans, so that the record opens at that item with
the words highlighted, or the article at the match. A hit found through a search
aid or beside a fact's value ends with what it went through ("via Madagascar →
مدغشقر", "via its label Care units"), one found by a typo or a transliteration
says so ("≈ one letter off what you typed"): `tui.presentation.match_note`.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.data.kinds import label
from tui.presentation.detail import Landing
from tui.presentation.match_note import match_note
from tui.presentation.snippet import NAME_FIELDS, snippet
from tui.search.hits import Hit
from tui.search.query import SearchIndex
from tui.search.ranking import MAX_QUERY_WORDS, ignored_query_words
from tui.store.database import Database
from tui.text.direction import BidiMode, reading_direction
from tui.text.layout import single_line
from tui.widgets.rows import text_style
from tui.widgets.search_input import SearchInput
from tui.widgets.virtual_list import VirtualList

RESULT_LIMIT = 200
_TAG_WIDTH = 14
#: a row gives at most this share of its width (after the tag) to what a hit went through
_VIA_SHARE = 3


def landing_of(hit: Hit) -> Landing:
    """Where a hit lands: its record, at the field that matched, with the matched spans."""
    return Landing(hit.doc.id, hit.field.name, hit.field.text, hit.spans)


class SearchScreen(ModalScreen[Landing | None]):
    """Results update on each keystroke, computed off the UI thread."""

    COMPONENT_CLASSES = {"search-screen--match", "search-screen--snippet"}
    BINDINGS = [
        Binding("escape", "dismiss_search", "Close", id="search.close"),
        Binding("enter", "open_result", "Open", id="search.open"),
        Binding("down,ctrl+n", "move(1)", "Next", show=False, id="search.next"),
        Binding("up,ctrl+p", "move(-1)", "Previous", show=False, id="search.previous"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="search.page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="search.page-up"),
    ]

    def __init__(self, database: Database, index: SearchIndex, *, mode: BidiMode) -> None:
        super().__init__()
        self.database = database
        self.index = index
        self.mode = mode
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box") as box:
            box.border_title = "Search"
            yield SearchInput(
                mode=self.mode,
                placeholder="name, acronym, role, fact… (Arabic or Latin)",
                prompt="/ ",
                id="search-input",
            )
            yield Static(Text(""), id="search-status")
            yield VirtualList(
                0, render_row=self._render_hit, empty_message="Type to search every record", id="search-results"
            )

    def on_mount(self) -> None:
        self.query_one(SearchInput).focus()

    @on(SearchInput.Changed)
    def _query_changed(self, event: SearchInput.Changed) -> None:
        self._run_search(event.value)

    @on(SearchInput.Submitted)
    def _query_submitted(self) -> None:
        self.action_open_result()

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, query: str) -> None:
        hits = self.index.search(query, limit=RESULT_LIMIT) if query.strip() else []
        self.app.call_from_thread(self._show_hits, query, hits)

    def _show_hits(self, query: str, hits: list[Hit]) -> None:
        if query != self.query_one(SearchInput).value:
            return  # a later keystroke's search is on its way
        self.hits = hits
        results = self.query_one("#search-results", VirtualList)
        results.empty_message = "No match" if query.strip() else "Type to search every record"
        results.set_rows(len(hits))
        count = f"{len(hits)}{'+' if len(hits) == RESULT_LIMIT else ''} result(s)" if query.strip() else ""
        if ignored := ignored_query_words(query):
            count += f" · only the first {MAX_QUERY_WORDS} words are searched ({ignored} more ignored)"
        self.query_one("#search-status", Static).update(Text(count))

    def _render_hit(self, index: int, width: int) -> Text:
        hit = self.hits[index]
        record = self.database.get(hit.doc.id)
        tag = Text(f"{label(hit.doc.kind):<{_TAG_WIDTH}}"[:_TAG_WIDTH])
        tag.stylize("dim")  # a span, not the base style, which would dim the whole row
        rest = max(1, width - _TAG_WIDTH)
        via = match_note(hit.match, hit.via)
        if cell_len(via) > rest // _VIA_SHARE:
            via = match_note(hit.match, hit.via, short=True)
        via_width = min(cell_len(via), rest // _VIA_SHARE) if via else 0
        if via_width:
            rest -= via_width + 1
        row = tag + self._matched_text(hit, record.names.primary if record else hit.doc.title, rest)
        if via_width:
            row.append(" ")
            row.append_text(
                single_line(via, via_width, direction="ltr", mode=self.mode).to_text(via_width, style="dim")
            )
        return row

    def _matched_text(self, hit: Hit, name: str, width: int) -> Text:
        """The hit's name, and a window of the field that matched (unless a name matched): `width` cells."""
        style = str(text_style(self, "search-screen--match"))
        if hit.field.name in NAME_FIELDS or width < 30:
            name, spans = (hit.field.text, hit.spans) if hit.field.name in NAME_FIELDS else (name, ())
            line = single_line(
                name, width, direction=reading_direction(name), mode=self.mode, highlights=spans, highlight_style=style
            )
            return line.to_text(width)
        name_width = min(cell_len(name) + 1, width * 2 // 5)
        snippet_width = width - name_width - 1
        row = single_line(name, name_width, direction=reading_direction(name), mode=self.mode).to_text(name_width)
        row.append(" ")
        # (context before the match: a third of the room, so that the match is in what the row shows)
        text, shifted = snippet(hit.field.text, hit.spans, before=max(4, snippet_width // 3))
        snippet_line = single_line(
            text,
            snippet_width,
            direction=reading_direction(text),
            mode=self.mode,
            highlights=shifted,
            highlight_style=style,
        )
        row.append_text(snippet_line.to_text(snippet_width, style=str(text_style(self, "search-screen--snippet"))))
        return row

    def action_move(self, step: int) -> None:
        results = self.query_one("#search-results", VirtualList)
        if results.row_count:
            results.move_cursor(results.cursor + step)

    def action_page(self, step: int) -> None:
        results = self.query_one("#search-results", VirtualList)
        if results.row_count:
            results.move_cursor(results.cursor + step * max(1, results.scrollable_content_region.height))

    def action_open_result(self) -> None:
        results = self.query_one("#search-results", VirtualList)
        if 0 <= results.cursor < len(self.hits):
            self.dismiss(landing_of(self.hits[results.cursor]))

    @on(VirtualList.Selected, "#search-results")
    def _clicked(self, event: VirtualList.Selected) -> None:
        self.dismiss(landing_of(self.hits[event.index]))

    def action_dismiss_search(self) -> None:
        self.dismiss(None)

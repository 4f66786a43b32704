"""Incremental search over every record: type, see ranked hits, enter to land on one.

Enter (or a click) closes the screen with what was searched (`Searched`): the
query, the hits, and the one chosen. The app lands on it (`Landing`: the record,
the field that matched and the matched spans, so that the record opens at that item
with the words highlighted, or the article at the match), and keeps the hits as a
`SearchTrail` that `n`/`N` step through from the record or article landed on. A hit
found through a search aid or beside a fact's value ends with what it went through
("via Madagascar → مدغشقر", "via its label Care units"), one found by a typo or a
transliteration says so ("≈ one letter off what you typed"):
`tui.presentation.match_note`.

Past queries come back as in a shell: `up` on the first hit (or in an empty box)
recalls the one before, `ctrl+up`/`ctrl+down` (or `alt+up`/`alt+down`) go to older
and newer ones from anywhere (ctrl+p stays the command palette), and past the newest
is what was being typed. They are kept for the session, by the app
(`MarsadApp.search_history`), never written to disk.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer

from tui import i18n
from tui.data.kinds import label
from tui.i18n import N_, _, ngettext, number
from tui.presentation.detail import Landing
from tui.presentation.match_note import match_note
from tui.presentation.snippet import NAME_FIELDS, snippet
from tui.screens import screen_commands
from tui.screens.main import SEARCH_TRAIL_BINDINGS
from tui.screens.palette_keys import PaletteCommand
from tui.search.early import EarlyHit, EarlySearch
from tui.search.hits import Hit
from tui.search.query import SearchIndex
from tui.search.ranking import MAX_QUERY_WORDS, ignored_query_words
from tui.store.database import Database
from tui.text.direction import BidiMode, reading_direction
from tui.text.layout import single_line
from tui.widgets.language import LanguageChanged
from tui.widgets.rows import in_reading_order, placed, text_style, ui_text
from tui.widgets.said import Said
from tui.widgets.search_input import SearchInput
from tui.widgets.virtual_list import VirtualList

RESULT_LIMIT = 200
#: what the results say before anything is typed
TYPE_TO_SEARCH = N_("Type to search every record")
_TAG_WIDTH = 14
#: a row gives at most this share of its width (after the tag) to what a hit went through
_VIA_SHARE = 3


#: while the index is being built, how often the screen looks whether more records were read (seconds)
GROWTH_SECONDS = 0.5

#: a hit of the whole search, or of the names read so far (while the index is being built)
AnyHit = Hit | EarlyHit


def landing_of(hit: AnyHit) -> Landing:
    """Where a hit lands: its record, at the field that matched, with the matched spans."""
    return Landing(hit.doc.id, hit.field.name, hit.field.text, hit.spans)


@dataclass(frozen=True, slots=True)
class Searched:
    """What the search screen closed with: the query, where its hits land, and the one chosen (None: closed)."""

    query: str
    landings: tuple[Landing, ...]
    chosen: int | None


class SearchScreen(ModalScreen[Searched]):
    """Results update on each keystroke, computed off the UI thread."""

    DEFAULT_CSS = """
    SearchScreen {
        align: center top;
    }
    #search-box {
        width: 90%;
        max-width: 110;
        height: 80%;
        margin-top: 2;
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
    }
    #search-input, #search-input:focus {
        height: 1;
        width: 1fr;
        background: $boost;
        background-tint: 0%;
    }
    #search-input > .input--cursor { background: $foreground; color: $background; }
    #search-input > .input--placeholder { color: $text-muted; }
    #search-status {
        height: 1;
        color: $text-muted;
    }
    #search-results {
        height: 1fr;
    }
    SearchScreen > .search-screen--snippet { color: $text-muted; }
    SearchScreen > .search-screen--match { color: $warning; text-style: bold underline; }
    """
    COMMANDS = {screen_commands}
    COMPONENT_CLASSES = {"search-screen--match", "search-screen--snippet"}
    BINDINGS = [
        Binding("escape", "dismiss_search", N_("Close"), id="search.close"),
        Binding("enter", "open_result", N_("Open"), id="search.open"),
        Binding("down", "move(1)", N_("Next hit"), show=False, id="search.next"),
        Binding("up", "up", N_("Previous hit; on the first, the query before"), show=False, id="search.previous"),
        Binding("ctrl+up,alt+up", "recall(-1)", N_("Older query"), id="search.older-query"),
        Binding("ctrl+down,alt+down", "recall(1)", N_("Newer query"), id="search.newer-query"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="search.page-down"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="search.page-up"),
        # (`?` is a letter in the box: f1 is help here)
        Binding("f1", "app.help", N_("Help"), id="search.help"),
    ]
    #: n/N after landing, bound on the screens landed on (in help under this screen's section)
    TRAIL_BINDINGS = SEARCH_TRAIL_BINDINGS

    def __init__(
        self,
        database: Database,
        index: SearchIndex | EarlySearch,
        *,
        mode: BidiMode,
        history: list[str] | None = None,
    ) -> None:
        """`index` is an `EarlySearch` while the index is being built (`search_in` gives the whole one)."""
        super().__init__()
        self.database = database
        self.index = index
        self.mode = mode
        self.hits: list[AnyHit] = []
        self.history = history if history is not None else []
        """Past queries, oldest first (the app's, kept for the session)."""
        self._recalled = len(self.history)
        """Which past query the box shows (len(history): none, what was typed)."""
        self._typed = ""
        """What was typed before going back in the history."""
        self._growth: Timer | None = None
        """While the index is being built: the timer that searches again as more records are read."""
        self._read_when_searched = 0
        """Records read when the query was last searched again for them."""

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box") as box:
            box.border_title = ui_text(_("Search"), 60, self.mode)
            yield SearchInput(
                mode=self.mode,
                placeholder=N_("name, acronym, role, fact… (Arabic or Latin)"),
                prompt="/ ",
                id="search-input",
            )
            yield Said("", mode=self.mode, id="search-status")
            yield VirtualList(
                0, render_row=self._render_hit, empty_message=TYPE_TO_SEARCH, mode=self.mode, id="search-results"
            )

    def on_mount(self) -> None:
        self.query_one(SearchInput).focus()
        self._show_status()
        if isinstance(self.index, EarlySearch):
            self._read_when_searched = len(self.database)
            self._growth = self.set_interval(GROWTH_SECONDS, self._follow_growth, name="search follows the reading")

    def _follow_growth(self) -> None:
        """While the index is being built: the query searched again once more records were read (as fzf follows
        its input), the cursor kept where it is."""
        if not isinstance(self.index, EarlySearch):
            if self._growth is not None:
                self._growth.stop()
            return
        if len(self.database) == self._read_when_searched:
            return
        self._read_when_searched = len(self.database)
        if (query := self.query_one(SearchInput).value).strip():
            self._run_search(query, keep_cursor=True)

    def on_language_changed(self, event: LanguageChanged) -> None:
        self.query_one("#search-box").border_title = ui_text(_("Search"), 60, self.mode)
        self._show_status()

    def _idle_status(self) -> str:
        """What the status line says while the box is empty: how to get past queries back, where the keys are."""
        keys = _("↑ or ctrl+↑: past queries · f1: the keys") if self.history else _("f1: the keys")
        if isinstance(self.index, EarlySearch):
            return _("While the index is being built, names only · {keys}").format(keys=keys)
        return keys

    def _show_status(self) -> None:
        """The status line for the query in the box: how many hits, or how to go on."""
        query = self.query_one(SearchInput).value
        status = self.query_one("#search-status", Said)
        if not query.strip():
            status.update(self._idle_status(), style="dim")
            return
        hits = len(self.hits)
        count = ngettext("{count} result", "{count} results", hits).format(
            count=number(hits) + ("+" if hits == RESULT_LIMIT else "")
        )
        if ignored := ignored_query_words(query):
            count = ngettext(
                "{results} · only the first {words} words are searched ({ignored} more ignored)",
                "{results} · only the first {words} words are searched ({ignored} more ignored)",
                ignored,
            ).format(results=count, words=number(MAX_QUERY_WORDS), ignored=number(ignored))
        if isinstance(self.index, EarlySearch):
            count = ngettext(
                "{results} · names only, of {records} record read so far (the index is being built)",
                "{results} · names only, of {records} records read so far (the index is being built)",
                len(self.index),
            ).format(results=count, records=number(len(self.index)))
        status.update(count, style="")

    def search_in(self, database: Database, index: SearchIndex) -> None:
        """The index is complete: search it whole from now on (the query in the box again)."""
        self.database, self.index = database, index
        self._run_search(self.query_one(SearchInput).value)

    @on(SearchInput.Changed)
    def _query_changed(self, event: SearchInput.Changed) -> None:
        if self._recalled < len(self.history) and event.value != self.history[self._recalled]:
            self._recalled = len(self.history)  # edited: what is typed now is the query
        self._run_search(event.value)

    @on(SearchInput.Submitted)
    def _query_submitted(self) -> None:
        self.action_open_result()

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, query: str, *, keep_cursor: bool = False) -> None:
        index = self.index
        hits: list[AnyHit] = list(index.search(query, limit=RESULT_LIMIT)) if query.strip() else []
        self.app.call_from_thread(self._show_hits, query, hits, index, keep_cursor)

    def _show_hits(
        self, query: str, hits: list[AnyHit], index: SearchIndex | EarlySearch, keep_cursor: bool = False
    ) -> None:
        if query != self.query_one(SearchInput).value or index is not self.index:
            return  # a later keystroke's search is on its way (or the whole index's)
        self.hits = hits
        results = self.query_one("#search-results", VirtualList)
        results.empty_message = N_("No match") if query.strip() else TYPE_TO_SEARCH
        results.set_rows(len(hits), keep_cursor=keep_cursor)
        self._show_status()

    def _render_hit(self, index: int, width: int) -> Text:
        hit = self.hits[index]
        record = self.database.get(hit.doc.id)
        tag = ui_text(label(hit.doc.kind), _TAG_WIDTH - 1, self.mode)
        tag.stylize("dim")  # a span, not the base style, which would dim the whole row
        tag = Text.assemble(Text(" " * (_TAG_WIDTH - tag.cell_len)), tag) if i18n.is_rtl() else tag
        tag.pad_right(_TAG_WIDTH - tag.cell_len)
        rest = max(1, width - _TAG_WIDTH)
        via = match_note(hit.match, hit.via)
        if cell_len(via) > rest // _VIA_SHARE:
            via = match_note(hit.match, hit.via, short=True)
        via_width = min(cell_len(via), rest // _VIA_SHARE) if via else 0
        if via_width:
            rest -= via_width + 1
        pieces = [tag, self._matched_text(hit, record.names.primary if record else hit.doc.title, rest)]
        if via_width:
            via_text = single_line(via, via_width, direction=i18n.direction(), mode=self.mode)
            pieces += [Text(" "), via_text.to_text(via_width, style="dim")]
        return in_reading_order(pieces)

    def _matched_text(self, hit: AnyHit, name: str, width: int) -> Text:
        """The hit's name, and a window of the field that matched (unless a name matched): `width` cells."""
        style = str(text_style(self, "search-screen--match"))
        if hit.field.name in NAME_FIELDS or width < 30:
            name, spans = (hit.field.text, hit.spans) if hit.field.name in NAME_FIELDS else (name, ())
            line = single_line(
                name, width, direction=reading_direction(name), mode=self.mode, highlights=spans, highlight_style=style
            )
            return placed(line, width)
        name_width = min(cell_len(name) + 1, width * 2 // 5)
        snippet_width = width - name_width - 1
        row = placed(single_line(name, name_width, direction=reading_direction(name), mode=self.mode), name_width)
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
        snippet_text = placed(snippet_line, snippet_width, style=str(text_style(self, "search-screen--snippet")))
        return in_reading_order([row, Text(" "), snippet_text])

    def action_move(self, step: int) -> None:
        results = self.query_one("#search-results", VirtualList)
        if results.row_count:
            results.move_cursor(results.cursor + step)

    def action_up(self) -> None:
        """The previous hit; on the first (or with none), the query before, as up in a shell."""
        results = self.query_one("#search-results", VirtualList)
        if results.row_count and results.cursor > 0:
            results.move_cursor(results.cursor - 1)
        else:
            self.action_recall(-1)

    def action_recall(self, step: int) -> None:
        """An older (`step` -1) or newer (1) past query in the box; past the newest, what was being typed."""
        field = self.query_one(SearchInput)
        recalled = min(max(self._recalled + step, 0), len(self.history))
        if recalled == self._recalled:
            return
        if self._recalled == len(self.history):
            self._typed = field.value
        self._recalled = recalled
        field.value = self.history[recalled] if recalled < len(self.history) else self._typed
        field.cursor_position = len(field.value)

    def action_page(self, step: int) -> None:
        results = self.query_one("#search-results", VirtualList)
        if results.row_count:
            results.move_cursor(results.cursor + step * max(1, results.scrollable_content_region.height))

    def action_open_result(self) -> None:
        results = self.query_one("#search-results", VirtualList)
        if 0 <= results.cursor < len(self.hits):
            self._close(results.cursor)

    @on(VirtualList.Selected, "#search-results")
    def _clicked(self, event: VirtualList.Selected) -> None:
        self._close(event.index)

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (
                _("Older query"),
                _("Bring back the query before this one (key ctrl+↑ or alt+↑)"),
                lambda: self.action_recall(-1),
            ),
            (
                _("Newer query"),
                _("Bring back the query after this one (key ctrl+↓ or alt+↓)"),
                lambda: self.action_recall(1),
            ),
            (_("Open hit"), _("Land on the hit under the cursor (key enter)"), self.action_open_result),
        ]

    def action_dismiss_search(self) -> None:
        self._close(None)

    def _close(self, chosen: int | None) -> None:
        query = self.query_one(SearchInput).value
        self.dismiss(Searched(query, tuple(landing_of(hit) for hit in self.hits), chosen))

"""The source viewer: the article behind the facts, quote by quote.

`n`/`N` select the cited quotes one at a time (the border counts them), `/`
finds words in the article, `]`/`[` step through the matches; the line under
the article names the statements the selected quote supports, `enter` goes to
the first of them in its record and `y` copies the quote with its citation.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from tui.data.models import Source
from tui.i18n import N_, _, labels, ngettext, number
from tui.presentation.article_find import TextFinder
from tui.presentation.detail import Landing, QuoteTarget
from tui.presentation.evidence import quote_text
from tui.screens import screen_commands
from tui.screens.main import SEARCH_TRAIL_BINDINGS, UNDO_BINDINGS
from tui.screens.shell import shell
from tui.store.database import Citation, Database
from tui.terminal.clipboard import copy_in_app
from tui.text.direction import BidiMode
from tui.widgets.article_view import ArticleView, Span
from tui.widgets.breadcrumbs import Breadcrumbs
from tui.widgets.find_bar import FindBar
from tui.widgets.footer import KeysFooter
from tui.widgets.language import LanguageChanged
from tui.widgets.rows import aligned, in_reading_order, ui_text, visual_text
from tui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from tui.screens.palette_keys import PaletteCommand

QUOTES_GROUP = Binding.Group(N_("Quote"), compact=True)
MATCHES_GROUP = Binding.Group(N_("Match"), compact=True)


def _quotes(count: int) -> str:
    return ngettext("{count} quote", "{count} quotes", count).format(count=number(count))


def _matches(count: int) -> str:
    return ngettext("{count} match", "{count} matches", count).format(count=number(count))


class SourceScreen(Screen[None]):
    """One article, its cited quotes highlighted, one of them (or a match of a find) selected."""

    DEFAULT_CSS = """
    #article-pane {
        height: 1fr;
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
        padding: 0 1;
    }
    #article-supports {
        height: 1;
        padding: 0 1;
    }
    """
    COMMANDS = {screen_commands}
    BINDINGS = [
        Binding("question_mark,f1", "help", N_("Help"), id="source.help"),
        Binding("escape,backspace,q", "back", N_("Back"), id="source.back"),
        # (n/N: the hits of the last search in an article opened at one of them; its quotes otherwise)
        *SEARCH_TRAIL_BINDINGS,
        Binding("n", "step_quote(1)", N_("Next quote"), id="source.next-quote", group=QUOTES_GROUP),
        Binding("N,shift+n", "step_quote(-1)", N_("Previous quote"), id="source.previous-quote", group=QUOTES_GROUP),
        Binding("slash", "find", N_("Find"), id="source.find"),
        Binding("right_square_bracket", "step_match(1)", N_("Next match"), id="source.next-match", group=MATCHES_GROUP),
        Binding(
            "left_square_bracket",
            "step_match(-1)",
            N_("Previous match"),
            id="source.previous-match",
            group=MATCHES_GROUP,
        ),
        Binding("y", "copy_quote", N_("Copy"), id="source.copy"),
        *UNDO_BINDINGS,
    ]
    #: what the keys of the screen do not do while the find bar takes the typing
    _NOT_WHILE_FINDING = frozenset(
        {"help", "back", "step_quote", "step_match", "copy_quote", "step_hit", "undo_edit", "redo_edit"}
    )
    #: what they do not do while a passage is being selected (the footer has the passage's keys then)
    _NOT_WHILE_SELECTING = frozenset({"step_quote", "step_match", "copy_quote", "step_hit", "find"})

    def __init__(
        self,
        database: Database,
        source: Source,
        quote: str,
        *,
        mode: BidiMode,
        found: tuple[Span, ...] = (),
        from_search: bool = False,
    ) -> None:
        super().__init__()
        self.database = database
        self.source = source
        self.quote = quote
        self.found = found
        self.from_search = from_search
        """Opened at a hit of the search trail: `n`/`N` step through its hits (else through the quotes)."""
        self.mode = mode
        self.citations: dict[str, list[Citation]] = defaultdict(list)
        """The citations of this article, by quote."""
        for citation in database.citations_of(source.id):
            self.citations[citation.quote].append(citation)
        self._finder: TextFinder | None = None
        self._find_origin = 0
        """Where in the text the current find started: matches are taken from there on."""

    def compose(self) -> ComposeResult:
        yield Breadcrumbs(mode=self.mode, id="crumbs")
        with Vertical(id="article-pane") as pane:
            pane.border_title = visual_text(self.source.names.primary, 60, self.mode)
            yield ArticleView(
                self.source.text,
                list(self.citations),
                mode=self.mode,
                start_at=self.quote,
                found=self.found,
                id="article",
            )
        yield Static(Text(""), id="article-supports")
        yield FindBar(mode=self.mode, id="find-bar")
        yield KeysFooter(if_room=frozenset({"cite.select", "edit.undo", "edit.redo"}), mode=self.mode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the find bar is open, typed letters are the query: their bindings leave the footer.

        `n`/`N` are the search's hits in an article opened at one, its quotes otherwise.
        """
        stepping_hits = self.from_search and shell(self).search_trail is not None
        if (action == "step_hit" and not stepping_hits) or (action == "step_quote" and stepping_hits):
            return False
        if action == "cite" or (action in self._NOT_WHILE_SELECTING and self.is_mounted):
            selecting = self.is_mounted and self.article.passage is not None
            if action == "cite":
                return selecting
            if selecting:
                return False
        return not (self.is_mounted and self.query_one(FindBar).is_open and action in self._NOT_WHILE_FINDING)

    def action_step_hit(self, step: int) -> None:
        """The next (or previous) hit of the last search landed on."""
        shell(self).step_hit(step)

    def action_help(self) -> None:
        shell(self).action_help()

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_mount(self) -> None:
        crumbs = self.query_one(Breadcrumbs)
        crumbs.parts = (_("Marsad"), _("Source"), self.source.names.primary)
        crumbs.file = shell(self).database_label
        crumbs.edits = shell(self).edit_status
        self.article.focus()
        self._show_selection()

    @property
    def article(self) -> ArticleView:
        return self.query_one(ArticleView)

    # -- what is selected ------------------------------------------------------------
    @on(ArticleView.SelectionChanged)
    def _selection_changed(self, event: ArticleView.SelectionChanged) -> None:
        self._show_selection()

    def on_resize(self) -> None:
        self._show_selection()  # the supports line fits its names to the width

    def on_language_changed(self, event: LanguageChanged) -> None:
        crumbs = self.query_one(Breadcrumbs)
        crumbs.parts = (_("Marsad"), _("Source"), self.source.names.primary)
        crumbs.file = shell(self).database_label
        self._show_selection()

    def _show_selection(self) -> None:
        article = self.article
        quotes = len(article.spans)
        if article.current_quote is not None:
            counter = _("quote {position} of {count}").format(
                position=number(article.current_quote + 1), count=number(quotes)
            )
        else:
            counter = _quotes(quotes) if quotes else _("no quote cited")
        parts = [ui_text(counter, 40, self.mode)]
        if article.current_match is not None:
            said = _("match {position} of {count}").format(
                position=number(article.current_match + 1), count=number(len(article.matches))
            )
            parts.append(ui_text(said, 40, self.mode))
        elif article.matches:
            parts.append(ui_text(_matches(len(article.matches)), 40, self.mode))
        parts += [visual_text(part, 30, self.mode) for part in (self.source.outlet or "", self.source.language) if part]
        pieces: list[Text] = []
        for part in parts:
            pieces += [Text(" · "), part] if pieces else [part]
        self.query_one("#article-pane").border_subtitle = in_reading_order(pieces)
        self.query_one("#article-supports", Static).update(
            self._supports_line(), layout=False
        )  # one row, whatever it says

    @on(ArticleView.PassageChanged)
    def _passage_changed(self, event: ArticleView.PassageChanged) -> None:
        self.refresh_bindings()
        self._show_selection()

    def _supports_line(self) -> Text:
        """What the selected quote supports: its first statement (record · label), and how many more.

        While a passage is being selected: how long it is, and how to cite it.
        """
        passage = self.article.passage
        width = self.query_one("#article-supports").content_region.width
        if passage is not None:
            words = len(self.article.passage_text.split())
            selected = ngettext("{count} word selected", "{count} words selected", words).format(count=number(words))
            said = _("{selected} · c cites it · w b: a word · ) (: a sentence · o: the other end · esc drops").format(
                selected=selected
            )
            return aligned(ui_text(said, 10_000, self.mode, style="bold"), width)  # (cut where the row ends)
        quote = self.selected_quote
        if quote is None:
            said = _("n: next quote · /: find · v: select a passage to cite · y: copy the quote under the cursor")
            return aligned(ui_text(said, width, self.mode, style="dim"), width)
        cited = list(dict.fromkeys((citation.record.id, citation.label) for citation in self.citations.get(quote, ())))
        if not cited:
            return aligned(
                ui_text(_("This quote supports nothing in this database"), width, self.mode, style="dim"), width
            )
        (record_id, label), more = cited[0], len(cited) - 1
        record = self.database.get(record_id)
        tail = (
            [ui_text(_("(+{count} more: y copies them all)").format(count=number(more)), 60, self.mode, style="dim")]
            if more
            else []
        )
        tail.append(ui_text(_("enter: go to it"), 40, self.mode))
        shown_label = visual_text(labels.shown(label), 30, self.mode)
        supports = ui_text(_("supports:"), 30, self.mode, style="dim")
        room = (
            width
            - supports.cell_len
            - 1
            - len(" · ")
            - shown_label.cell_len
            - sum(2 + piece.cell_len for piece in tail)
        )
        pieces = [supports, Text(" ")]
        pieces.append(visual_text(record.names.primary if record else record_id, max(8, room), self.mode))
        pieces += [Text(" · ", style="dim"), shown_label]
        for piece in tail:
            pieces += [Text("  "), piece]
        line = in_reading_order(pieces)
        line.style = "dim"  # (the whole line: what the article under it says is more than this note)
        return aligned(line, width)

    @property
    def selected_quote(self) -> str | None:
        """The text of the selected quote (the one under the cursor)."""
        article = self.article
        if article.current_quote is None:
            return None
        start, end = article.spans[article.current_quote]
        return article.text[start:end]

    # -- quotes -------------------------------------------------------------------------
    def action_step_quote(self, step: int) -> None:
        article = self.article
        self._step(
            step,
            article.spans,
            article.current_quote,
            article.select_quote,
            (N_("Past the last quote: back to the first"), N_("Before the first quote: on to the last")),
            N_("This article has no cited quote"),
        )

    def _step(
        self,
        step: int,
        spans: list[tuple[int, int]],
        current: int | None,
        select: Callable[[int], None],
        went_round: tuple[str, str],
        none: str,
    ) -> None:
        """Select the next (step 1) or previous (-1) of `spans`, going round with a notice (`went_round`: what
        it says past the last and before the first; `none`: with nothing to select; messages)."""
        found = self.article.step(spans, current, step)
        if found is None:
            self.notify(_(none), severity="warning")
            return
        position, wrapped = found
        select(position)
        if wrapped:
            self.notify(_(went_round[0] if step > 0 else went_round[1]), timeout=3)

    @on(VirtualList.Selected, "#article")
    def _quote_chosen(self, event: VirtualList.Selected) -> None:
        self.action_open_fact()

    def action_open_fact(self) -> None:
        """Go to the first statement the selected quote supports, in its record."""
        quote = self.selected_quote
        if quote is None:
            self.notify(_("No quote under the cursor: n goes to the next one"), severity="warning")
            return
        citations = self.citations.get(quote)
        if not citations:
            self.notify(_("This quote supports nothing in this database"), severity="warning")
            return
        first = citations[0]
        shell(self).land(Landing(first.record.id, cites=QuoteTarget(self.source.id, quote), label=first.label))

    def action_copy_quote(self) -> None:
        quote = self.selected_quote
        if quote is None:
            self.notify(_("No quote under the cursor: n goes to the next one"), severity="warning")
            return
        copy_in_app(
            self.app,
            quote_text(self.database, self.source, quote),
            _("the quote with its citation"),
            os.environ,
            title=self.source.id,
        )

    # -- citing a passage ---------------------------------------------------------------------
    def action_cite(self) -> None:
        """Cite the selected passage: as a fact, a member, or a role (the cite dialog)."""
        from tui.screens.cite import CiteScreen

        quote = self.article.passage_text
        if not quote:
            self.notify(_("Select a passage first: v, then w or ) to take more words (or drag the mouse)"), timeout=5)
            return

        def cited(applied: object) -> None:
            if applied is not None and self.is_attached:
                self.article.set_passage(None)

        self.app.push_screen(CiteScreen(self.source, quote, mode=self.mode), cited)

    def action_undo_edit(self) -> None:
        shell(self).undo_edit()

    def action_redo_edit(self) -> None:
        shell(self).redo_edit()

    def database_edited(self, database: Database) -> None:
        """An edit was made: the article's cited quotes are read again (a new citation is highlighted)."""
        source = database.sources.get(self.source.id)
        self.database = database
        if isinstance(source, Source):
            self.source = source
        self.citations = defaultdict(list)
        for citation in database.citations_of(self.source.id):
            self.citations[citation.quote].append(citation)
        self.article.set_quotes(list(self.citations))
        self._show_selection()

    # -- find ------------------------------------------------------------------------------
    def action_find(self) -> None:
        article = self.article
        self._find_origin = article.current_offset()
        self.query_one(FindBar).open()
        self.refresh_bindings()

    @on(FindBar.Changed)
    def _find(self, event: FindBar.Changed) -> None:
        if self._finder is None:
            self._finder = TextFinder(self.article.text)
        matches = self._finder.find(event.query)
        self.article.show_matches(matches, self._find_origin)
        status = "" if not event.query.strip() else _matches(len(matches)) if matches else _("no match")
        event.find_bar.show_status(status)

    @on(FindBar.Closed)
    def _find_closed(self, event: FindBar.Closed) -> None:
        if not event.keep:
            self.article.show_matches([], self._find_origin)
        self.article.focus()
        self.refresh_bindings()

    def action_step_match(self, step: int) -> None:
        article = self.article
        self._step(
            step,
            article.matches,
            article.current_match,
            article.select_match,
            (N_("Past the last match: back to the first"), N_("Before the first match: on to the last")),
            N_("No match to go to: / finds words in this article"),
        )

    # -- the palette -------------------------------------------------------------------------
    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (
                _("Next quote"),
                _("Select the next cited quote of the article (key n)"),
                lambda: self.action_step_quote(1),
            ),
            (_("Previous quote"), _("Select the previous cited quote (key N)"), lambda: self.action_step_quote(-1)),
            (_("Find in article"), _("Find words in this article, Arabic-normalized (key /)"), self.action_find),
            (
                _("Select a passage"),
                _("Select words of the article to cite: from the find's match or the cursor's row (key v)"),
                self.article.action_toggle_passage,
            ),
            (_("Cite passage"), _("Cite the selected passage as a fact, a member or a role (key c)"), self.action_cite),
            (_("Undo edit"), _("Undo the last edit of this session (key u)"), self.action_undo_edit),
            (_("Redo edit"), _("Make the last undone edit again (key U)"), self.action_redo_edit),
            (_("Next match"), _("The next match of the find (key ])"), lambda: self.action_step_match(1)),
            (_("Previous match"), _("The previous match of the find (key [)"), lambda: self.action_step_match(-1)),
            (
                _("Copy quote"),
                _("Copy the quote under the cursor with its citation and what it supports (key y)"),
                self.action_copy_quote,
            ),
            (
                _("Go to fact"),
                _("Open the record at the statement the selected quote supports (key enter)"),
                self.action_open_fact,
            ),
            *(
                [
                    (
                        _("Next search hit"),
                        _("Land on the next hit of the last search (key n)"),
                        lambda: self.action_step_hit(1),
                    ),
                    (
                        _("Previous search hit"),
                        _("Land on the previous hit of the last search (key N)"),
                        lambda: self.action_step_hit(-1),
                    ),
                ]
                if self.from_search and shell(self).search_trail is not None
                else []
            ),
        ]

"""The source viewer: the article behind a fact, its cited quotes highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen

from tui.store.database import Database
from tui.data.models import Source
from tui.text import BidiMode
from tui.widgets.article_view import ArticleView
from tui.widgets.breadcrumbs import Breadcrumbs
from tui.widgets.footer import KeysFooter
from tui.widgets.rows import visual_text


class SourceScreen(Screen):
    BINDINGS = [
        Binding("question_mark,f1", "app.help", "Help", id="source.help"),
        Binding("escape,backspace,q", "app.pop_screen", "Back", id="source.back"),
        Binding("n", "next_quote(1)", "Next quote", id="source.next-quote"),
        Binding("N,shift+n", "next_quote(-1)", "Previous quote", id="source.previous-quote"),
    ]

    def __init__(self, database: Database, source: Source, quote: str, *, mode: BidiMode) -> None:
        super().__init__()
        self.database = database
        self.source = source
        self.quote = quote
        self.mode = mode

    def compose(self) -> ComposeResult:
        yield Breadcrumbs(mode=self.mode, id="crumbs")
        with Vertical(id="article-pane") as pane:
            pane.border_title = visual_text(self.source.names.primary, 60, self.mode)
            details = [self.source.outlet or "", self.source.language]
            quotes = [citation.quote for citation in self.database.citations_of(self.source.id)]
            article = ArticleView(self.source.text, quotes, mode=self.mode, start_at=self.quote, id="article")
            details.append(f"{len(article.spans)} passages cited")
            pane.border_subtitle = Text(" · ").join(visual_text(part, 30, self.mode) for part in details if part)
            yield article
        yield KeysFooter()

    def on_mount(self) -> None:
        crumbs = self.query_one(Breadcrumbs)
        crumbs.parts = ("Marsad", "Source", self.source.names.primary)
        crumbs.file = self.app.database_label
        self.query_one(ArticleView).focus()

    def action_next_quote(self, step: int) -> None:
        article = self.query_one(ArticleView)
        number = article.quote_at_or_after(article.cursor, step)
        if number is None:
            self.app.bell()
            return
        row = article.row_of_quote(number)
        if row is not None:
            article.move_cursor(row)

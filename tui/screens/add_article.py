"""Adding an article: what is known of it (title, outlet, date, web address, language) and its text, pasted.

The same edit as `marsad add-source` (`tui.edit.adding.AddSource`): the text is
stored as given, through the gate; a date, web address or language that is not
one, an empty text or an article already there is refused, said on the status
line. The text is edited in Textual's `TextArea`, which shows it in the order
it is stored; the line under it shows the paragraph under the cursor as
Marsad will show it, shaped and in reading order.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from tui.edit.adding import AddSource
from tui.edit.operations import Operation
from tui.screens.edit_dialog import EditDialog, FieldProblem
from tui.text.direction import BidiMode
from tui.widgets.quote_view import QuoteView
from tui.widgets.search_input import SearchInput

#: the one-line fields: (id, prompt, placeholder)
FIELDS = (
    ("article-title", "Title    ", "as the article gives it (none if it has none)"),
    ("article-outlet", "Outlet   ", "the site or paper (Hespress, Médias24…)"),
    ("article-date", "Date     ", "YYYY-MM-DD (or YYYY-MM, or YYYY)"),
    ("article-url", "Address  ", "https://…"),
    ("article-language", "Language ", "ar, fr, en…"),
)


class AddArticleScreen(EditDialog):
    """A new source: its text pasted, with what is known of it."""

    TITLE = "Add an article"
    DEFAULT_CSS = """
    AddArticleScreen #article-text { height: 8; margin-top: 1; }
    AddArticleScreen #article-preview { margin-top: 0; }
    """
    READY = "paste the text · ctrl+s adds the article · tab: next field · escape cancels"

    def __init__(self, *, mode: BidiMode) -> None:
        super().__init__(mode=mode)

    def fields(self) -> ComposeResult:
        with Vertical(classes="edit-fields"):
            for field_id, prompt, placeholder in FIELDS:
                field = SearchInput(mode=self.mode, prompt=prompt, placeholder=placeholder, id=field_id)
                if field_id == "article-language":
                    field.value = "ar"
                yield field
        yield TextArea(id="article-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        yield Static("As Marsad shows the paragraph under the cursor:", classes="edit-note")
        yield QuoteView("", mode=self.mode, max_lines=2, id="article-preview")

    FIRST_FIELD = "article-text"

    @on(TextArea.Changed)
    @on(TextArea.SelectionChanged)
    def _preview(self) -> None:
        area = self.query_one(TextArea)
        row = area.cursor_location[0]
        lines = area.text.split("\n")
        preview = self.query_one("#article-preview", QuoteView)
        preview.text = lines[row] if row < len(lines) else ""
        preview.refresh(layout=True)

    def operation(self) -> Operation:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.query_one(TextArea).focus()
            raise FieldProblem("Paste the article's text first")
        language = self.required("article-language", "A language (ar, fr, en…)")
        return AddSource(
            text,
            language,
            title=self.text("article-title") or None,
            outlet=self.text("article-outlet") or None,
            date=self.text("article-date") or None,
            url=self.text("article-url") or None,
        )

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
from textual.widgets import TextArea

from tui.edit.adding import AddSource
from tui.edit.operations import Operation
from tui.i18n import N_, _
from tui.screens.edit_dialog import EditDialog, FieldProblem, prompts
from tui.text.direction import BidiMode
from tui.widgets.language import LanguageChanged
from tui.widgets.quote_view import QuoteView
from tui.widgets.said import Said
from tui.widgets.search_input import SearchInput

#: the one-line fields: (id, prompt, placeholder), the prompt and the placeholder messages
FIELDS = (
    ("article-title", N_("Title"), N_("as the article gives it (none if it has none)")),
    ("article-outlet", N_("Outlet"), N_("the site or paper (Hespress, Médias24…)")),
    ("article-date", N_("Date"), N_("YYYY-MM-DD (or YYYY-MM, or YYYY)")),
    ("article-url", N_("Address"), "https://…"),
    ("article-language", N_("Language"), N_("ar, fr, en…")),
)
#: cells the fields' prompts take at least
PROMPT_CELLS = 9


class AddArticleScreen(EditDialog):
    """A new source: its text pasted, with what is known of it."""

    TITLE = N_("Add an article")
    DEFAULT_CSS = """
    AddArticleScreen #article-text { height: 8; margin-top: 1; }
    AddArticleScreen #article-preview { margin-top: 0; }
    """
    READY = N_("paste the text · ctrl+s adds the article · tab: next field · escape cancels")

    def __init__(self, *, mode: BidiMode) -> None:
        super().__init__(mode=mode)

    def fields(self) -> ComposeResult:
        with Vertical(classes="edit-fields"):
            for (field_id, _prompt, placeholder), prompt in zip(FIELDS, _prompts(), strict=True):
                field = SearchInput(mode=self.mode, prompt=prompt, placeholder=placeholder, id=field_id)
                if field_id == "article-language":
                    field.value = "ar"
                yield field
        yield TextArea(id="article-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        yield Said(lambda: _("As Marsad shows the paragraph under the cursor:"), mode=self.mode, classes="edit-note")
        yield QuoteView("", mode=self.mode, max_lines=2, id="article-preview")

    def on_language_changed(self, event: LanguageChanged) -> None:
        """Say the prompts in the language now spoken (lined up again: their widths change)."""
        for (field_id, _prompt, _placeholder), prompt in zip(FIELDS, _prompts(), strict=True):
            field = self.query_one(f"#{field_id}", SearchInput)
            field.prompt = prompt
            field.refresh()

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
            raise FieldProblem(_("Paste the article's text first"))
        language = self.required("article-language", N_("A language (ar, fr, en…)"))
        return AddSource(
            text,
            language,
            title=self.text("article-title") or None,
            outlet=self.text("article-outlet") or None,
            date=self.text("article-date") or None,
            url=self.text("article-url") or None,
        )


def _prompts() -> list[str]:
    """The fields' prompts, in the language spoken, padded to one width (`edit_dialog.prompts`)."""
    return prompts(tuple(prompt for _id, prompt, _placeholder in FIELDS), PROMPT_CELLS)

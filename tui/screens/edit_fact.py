"""Correcting a fact: what it says of its quote (label, value, number, unit, qualifier, speaker), never the quote.

The quote is the article's words, shown above the fields for what they are:
evidence. New words are a new citation (`s`, then select the passage and cite
it). The edit names the fact by its place in its record and its quote, so a
fact that moved meanwhile is not the one changed (`tui.edit.correcting`).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.data.models import Fact, Kind, Person, Record
from tui.edit.correcting import EditFact
from tui.edit.numbers import parse_number
from tui.edit.operations import Operation
from tui.screens.edit_dialog import EditDialog, FieldProblem
from tui.screens.record_picker import Pickable
from tui.screens.shell import shell
from tui.store.slices import format_number
from tui.text.direction import BidiMode
from tui.widgets.quote_view import QuoteView
from tui.widgets.record_field import RecordField
from tui.widgets.search_input import SearchInput

#: the fields of the dialog and of the fact, in order: (field id, the fact's attribute, prompt)
FIELDS = (
    ("fact-label", "label", "Label      "),
    ("fact-value", "value", "Value      "),
    ("fact-number", "number", "Number     "),
    ("fact-unit", "unit", "Unit       "),
    ("fact-qualifier", "qualifier", "Qualifier  "),
)
ARTICLE_ITSELF = "the article itself (no one quoted)"


class EditFactScreen(EditDialog):
    """The fields of one fact of `record` (its `index`-th), filled with what it says now."""

    TITLE = "Correct a fact"

    def __init__(self, record: Record, index: int, fact: Fact, *, mode: BidiMode) -> None:
        super().__init__(mode=mode)
        self.record = record
        self.index = index
        self.fact = fact

    def fields(self) -> ComposeResult:
        yield Static("Quote (the article's words: never edited; cite a new passage for new words)", classes="edit-note")
        yield QuoteView(self.fact.quote, mode=self.mode, max_lines=3, id="fact-quote")
        with Vertical(classes="edit-fields"):
            for field_id, attribute, prompt in FIELDS:
                field = SearchInput(mode=self.mode, prompt=prompt, id=field_id)
                field.value = _shown(getattr(self.fact, attribute))
                yield field
            yield RecordField("Said by    ", mode=self.mode, empty=ARTICLE_ITSELF, optional=True, id="fact-speaker")

    FIRST_FIELD = "fact-label"

    def mounted(self) -> None:
        database = shell(self).database
        speaker = self.fact.speaker
        if speaker is not None:
            person = database.get(speaker) if database is not None else None
            field = self.query_one("#fact-speaker", RecordField)
            field.value, field.shown = speaker, person.names.primary if person is not None else speaker

    def operation(self) -> Operation:
        changes: dict[str, Any] = {}
        for field_id, attribute, _prompt in FIELDS:
            typed = self.text(field_id)
            if attribute == "number":
                try:
                    number = parse_number(typed)
                except ValueError as problem:
                    self.query_one(f"#{field_id}").focus()
                    raise FieldProblem(f"Number: {problem}") from None
                if number != self.fact.number:
                    changes["number"] = number
            elif typed != (getattr(self.fact, attribute) or ""):
                if attribute in ("label", "value") and not typed:
                    self.query_one(f"#{field_id}").focus()
                    raise FieldProblem(f"A fact needs a {attribute}")
                changes[attribute] = typed or None
        speaker = self.query_one("#fact-speaker", RecordField).value
        if speaker != self.fact.speaker:
            changes["speaker"] = speaker
        if not changes:
            raise FieldProblem("Nothing changed: change a field, or escape")
        return EditFact(self.record.id, self.index, self.fact.quote, changes)

    def picker_for(self, field: RecordField) -> tuple[str, tuple[Kind, ...], list[Pickable], tuple[Kind, ...]]:
        return "Said by", ("person",), people_of_article(self, self.fact.source), ()


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float | int):
        return format_number(float(value)).replace(",", "")
    return str(value)


def people_of_article(screen: EditDialog, source_id: str) -> list[Pickable]:
    """The people an article names (with a role or a statement quoted from it): first choices for a speaker."""
    database = shell(screen).database
    if database is None:
        return []
    people: dict[str, str] = {}
    for citation in database.citations_of(source_id):
        record = citation.record
        if isinstance(record, Person):
            people.setdefault(record.id, record.names.primary)
        for fact in getattr(record, "facts", ()):
            if fact.source == source_id and fact.speaker is not None and (person := database.get(fact.speaker)):
                people.setdefault(person.id, person.names.primary)
    return [Pickable(name, "Person", person_id) for person_id, name in people.items()]

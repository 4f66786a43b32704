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

from tui.data.kinds import BY_NAME
from tui.data.models import Fact, Kind, Person, Record
from tui.edit.correcting import EditFact
from tui.edit.numbers import parse_number
from tui.edit.operations import Operation
from tui.i18n import N_, _
from tui.screens.edit_dialog import EditDialog, FieldProblem, Note, prompts
from tui.screens.record_picker import Pickable
from tui.screens.shell import shell
from tui.store.slices import format_number
from tui.text.direction import BidiMode
from tui.widgets.quote_view import QuoteView
from tui.widgets.record_field import RecordField
from tui.widgets.search_input import SearchInput

#: the fields of the dialog and of the fact, in order: (field id, the fact's attribute, prompt: a message)
FIELDS = (
    ("fact-label", "label", N_("Label")),
    ("fact-value", "value", N_("Value")),
    ("fact-number", "number", N_("Number")),
    ("fact-unit", "unit", N_("Unit")),
    ("fact-qualifier", "qualifier", N_("Qualifier")),
)
#: the prompt of the speaker's field (a message)
SAID_BY = N_("Said by")
#: cells the fields' prompts take at least
PROMPT_CELLS = 11
ARTICLE_ITSELF = N_("the article itself (no one quoted)")
#: what an empty field says, for the fields a fact needs (a message each)
NEEDED = {
    "label": N_("A fact needs a label"),
    "value": N_("A fact needs a value"),
}


class EditFactScreen(EditDialog):
    """The fields of one fact of `record` (its `index`-th), filled with what it says now."""

    TITLE = N_("Correct a fact")

    def __init__(self, record: Record, index: int, fact: Fact, *, mode: BidiMode) -> None:
        super().__init__(mode=mode)
        self.record = record
        self.index = index
        self.fact = fact

    def fields(self) -> ComposeResult:
        yield Note(
            lambda: _("Quote (the article's words: never edited; cite a new passage for new words)"),
            mode=self.mode,
            classes="edit-note",
        )
        yield QuoteView(self.fact.quote, mode=self.mode, max_lines=3, id="fact-quote")
        *said, said_by = prompts((*(prompt for _id, _attribute, prompt in FIELDS), SAID_BY), PROMPT_CELLS)
        with Vertical(classes="edit-fields"):
            for (field_id, attribute, _message), prompt in zip(FIELDS, said, strict=True):
                field = SearchInput(mode=self.mode, prompt=prompt, id=field_id)
                field.value = _shown(getattr(self.fact, attribute))
                yield field
            yield RecordField(said_by, mode=self.mode, empty=ARTICLE_ITSELF, optional=True, id="fact-speaker")

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
                    raise FieldProblem(_("Number: {problem}").format(problem=problem)) from None
                if number != self.fact.number:
                    changes["number"] = number
            elif typed != (getattr(self.fact, attribute) or ""):
                if attribute in ("label", "value") and not typed:
                    self.query_one(f"#{field_id}").focus()
                    raise FieldProblem(_(NEEDED[attribute]))
                changes[attribute] = typed or None
        speaker = self.query_one("#fact-speaker", RecordField).value
        if speaker != self.fact.speaker:
            changes["speaker"] = speaker
        if not changes:
            raise FieldProblem(_("Nothing changed: change a field, or escape"))
        return EditFact(self.record.id, self.index, self.fact.quote, changes)

    def picker_for(self, field: RecordField) -> tuple[str, tuple[Kind, ...], list[Pickable], tuple[Kind, ...]]:
        return _(SAID_BY), ("person",), people_of_article(self, self.fact.source), ()


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
    return [Pickable(name, BY_NAME["person"].label, person_id) for person_id, name in people.items()]

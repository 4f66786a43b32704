"""Citing a passage of an article: as a fact of a record, a member of an association, or a person's role.

The quote is the passage selected, verbatim, always (shown, never typed). As a
fact: of an existing record or a new one (an organization, a person, a
partnership between two organizations, an association), its value the quote
unless changed, its number, unit and qualifier proposed from the quote
(`tui.edit.numbers`: `أكثر من 2500` is 2,500, "more than"), said by the article
itself or by a person it quotes (first choices: the people the article names).
As a member: an organization (existing or new) of an association, in a role
("founding member" unless changed). As a role: a person's title, at an
organization when the article names one. New records are made with the citation,
in one edit (one undo).
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import RadioButton, RadioSet

from tui.data.kinds import BY_NAME, kind_of
from tui.data.models import Kind, Source
from tui.edit.adding import AddFact, AddMember, AddRole
from tui.edit.combined import Named, NewRecord, with_records
from tui.edit.numbers import parse_number, propose
from tui.edit.operations import Operation
from tui.i18n import N_, _, ngettext, number, pgettext
from tui.screens.edit_dialog import STATUS_WIDTH, EditDialog, FieldProblem, prompts
from tui.screens.edit_fact import ARTICLE_ITSELF, people_of_article
from tui.screens.export import ChoiceSet
from tui.screens.record_picker import Pickable
from tui.screens.shell import shell
from tui.store.slices import format_number
from tui.text.direction import BidiMode
from tui.widgets.language import LanguageChanged
from tui.widgets.quote_view import QuoteView
from tui.widgets.record_field import RecordField
from tui.widgets.rows import ui_text
from tui.widgets.said import Said
from tui.widgets.search_input import SearchInput

#: what a passage is cited as: (the choice's words, the group of fields it shows)
AS = (
    (N_("a fact of a record"), "cite-fact"),
    (N_("a member of an association"), "cite-member"),
    (N_("a person's role"), "cite-role"),
)
#: kinds of record a fact may be of (and be made for)
FACT_RECORDS: tuple[Kind, ...] = ("organization", "person", "partnership", "association")
#: the role a member is proposed (data: stored as the database's roles are, in English)
DEFAULT_ROLE = "founding member"
DEFAULT_FIELD = "note"
#: cells the fields' prompts take at least
PROMPT_CELLS = 12


class AsChoice(ChoiceSet):
    """The arrows choose; enter makes the edit (the cite dialog's, not the export prompt's)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "screen.apply", N_("Make the edit"), show=False)]


class CiteScreen(EditDialog):
    """Cite `quote` (a passage of `source`)."""

    TITLE = N_("Cite a passage")

    def __init__(self, source: Source, quote: str, *, mode: BidiMode) -> None:
        super().__init__(mode=mode)
        self.source = source
        self.quote = quote
        self.proposal = propose(quote)

    def fields(self) -> ComposeResult:
        yield Said(self._passage_note, mode=self.mode, classes="edit-note")
        yield QuoteView(self.quote, mode=self.mode, max_lines=3, id="cite-quote")
        yield Said(lambda: _("As"), mode=self.mode, classes="edit-heading")
        yield AsChoice(
            *(RadioButton(_as_label(words, self.mode), value=index == 0) for index, (words, _group) in enumerate(AS)),
            id="cite-as",
        )
        proposal = self.proposal
        said = _prompts()
        with Vertical(id="cite-fact", classes="edit-fields"):
            yield RecordField(
                said["cite-record"], mode=self.mode, empty=N_("(enter: choose or make a record)"), id="cite-record"
            )
            yield RecordField(said["cite-party-1"], mode=self.mode, id="cite-party-1", classes="-party")
            yield RecordField(said["cite-party-2"], mode=self.mode, id="cite-party-2", classes="-party")
            yield self._input(said, "cite-label", "", N_("what the fact is: Care units, Founding…"))
            yield self._input(said, "cite-field", "", N_("a word that groups facts (from the label if empty)"))
            yield self._input(said, "cite-value", self.quote, "")
            figure = format_number(float(proposal.number)).replace(",", "") if proposal else ""
            yield self._input(said, "cite-number", figure, N_("a figure the passage states"))
            yield self._input(said, "cite-unit", (proposal.unit or "") if proposal else "", "")
            yield self._input(said, "cite-qualifier", (proposal.qualifier or "") if proposal else "", "")
            yield RecordField(
                said["cite-speaker"], mode=self.mode, empty=ARTICLE_ITSELF, optional=True, id="cite-speaker"
            )
        with Vertical(id="cite-member", classes="edit-fields"):
            yield RecordField(said["cite-association"], mode=self.mode, id="cite-association")
            yield RecordField(said["cite-organization"], mode=self.mode, id="cite-organization")
            yield self._input(said, "cite-member-role", DEFAULT_ROLE, "")
        with Vertical(id="cite-role", classes="edit-fields"):
            yield RecordField(said["cite-person"], mode=self.mode, id="cite-person")
            yield self._input(said, "cite-title", "", N_("the title the passage gives"))
            yield RecordField(
                said["cite-at"], mode=self.mode, empty=N_("(no organization)"), optional=True, id="cite-at"
            )

    def _passage_note(self) -> str:
        characters = len(self.quote)
        return ngettext(
            "Passage of {source} ({count} character, cited verbatim)",
            "Passage of {source} ({count} characters, cited verbatim)",
            characters,
        ).format(source=self.source.id, count=number(characters))

    def _input(self, said: dict[str, str], field_id: str, value: str, placeholder: str) -> SearchInput:
        """A one-line field: `said` holds the prompts (`_prompts()`), `placeholder` is a message."""
        field = SearchInput(mode=self.mode, prompt=said[field_id], placeholder=placeholder, id=field_id)
        field.value = value
        return field

    def on_language_changed(self, event: LanguageChanged) -> None:
        """Say the prompts (lined up again: their widths change) and the choices in the language now spoken."""
        for field_id, prompt in _prompts().items():
            field = self.query_one(f"#{field_id}")
            if isinstance(field, RecordField | SearchInput):
                field.prompt = prompt
                field.refresh()
        for button, (words, _group) in zip(self.query_one("#cite-as", ChoiceSet).query(RadioButton), AS, strict=False):
            button.label = _as_label(words, self.mode)

    FIRST_FIELD = "cite-record"

    def mounted(self) -> None:
        self._show_group()

    # -- what is shown -----------------------------------------------------------------------

    @property
    def cited_as(self) -> str:
        return AS[self.query_one("#cite-as", ChoiceSet).chosen][1]

    @on(RadioSet.Changed)
    def _as_changed(self) -> None:
        self._show_group()

    def _show_group(self) -> None:
        chosen = self.cited_as
        for _words, group in AS:
            self.query_one(f"#{group}").display = group == chosen
        record = self.query_one("#cite-record", RecordField).value
        new_partnership = isinstance(record, NewRecord) and record.kind == "partnership"
        for party in self.query(".-party"):
            party.display = new_partnership

    def picked(self, field: RecordField) -> None:
        self._show_group()

    def picker_for(self, field: RecordField) -> tuple[str, tuple[Kind, ...], list[Pickable], tuple[Kind, ...]] | None:
        cited = self._cited_records()
        choices: dict[str, tuple[str, tuple[Kind, ...], list[Pickable], tuple[Kind, ...]]] = {
            "cite-record": (_("A fact of…"), FACT_RECORDS, cited, FACT_RECORDS),
            "cite-party-1": (_("A party (an organization)"), ("organization",), _of_kind(cited, "organization"), ()),
            "cite-party-2": (
                _("Another party (an organization)"),
                ("organization",),
                _of_kind(cited, "organization"),
                (),
            ),
            "cite-speaker": (
                _("Said by (a person quoted)"),
                ("person",),
                people_of_article(self, self.source.id),
                ("person",),
            ),
            "cite-association": (
                _("Member of the association…"),
                ("association",),
                _of_kind(cited, "association"),
                ("association",),
            ),
            "cite-organization": (
                _("The member (an organization)"),
                ("organization",),
                _of_kind(cited, "organization"),
                ("organization",),
            ),
            "cite-person": (_("The person"), ("person",), people_of_article(self, self.source.id), ("person",)),
            "cite-at": (_("At (an organization)"), ("organization",), _of_kind(cited, "organization"), ()),
        }
        return choices.get(field.id or "")

    def _cited_records(self) -> list[Pickable]:
        """The records this article is cited for: the first choices."""
        database = shell(self).database
        if database is None:
            return []
        seen: dict[str, Pickable] = {}
        for citation in database.citations_of(self.source.id):
            record = citation.record
            seen.setdefault(record.id, Pickable(record.names.primary, BY_NAME[kind_of(record)].label, record.id))
        return list(seen.values())

    # -- the edit ----------------------------------------------------------------------------------

    def _record(self, field_id: str, what: str, *, optional: bool = False) -> Named:
        """The record `field_id` holds (`what`: the field, a message such as `N_("The person")`)."""
        field = self.query_one(f"#{field_id}", RecordField)
        value = field.value
        if value is None and not optional:
            field.focus()
            raise FieldProblem(_("{what}: enter chooses one (or makes a new one)").format(what=_(what)))
        if isinstance(value, NewRecord) and not value.name.strip():
            field.focus()
            raise FieldProblem(
                _("{what}: type the new record's name in the list, then choose New …").format(what=_(what))
            )
        return value if isinstance(value, str | NewRecord) else None

    def operation(self) -> Operation:
        cited_as = self.cited_as
        source, quote = self.source.id, self.quote
        if cited_as == "cite-member":
            association = self._record("cite-association", N_("The association"))
            member = self._record("cite-organization", N_("The member"))
            role = self.required("cite-member-role", N_("The member's role"))
            return with_records(
                [association, member],
                lambda ids: AddMember(_id(ids[0]), _id(ids[1]), role, source, quote),
            )
        if cited_as == "cite-role":
            person = self._record("cite-person", N_("The person"))
            at = self._record("cite-at", N_("The organization"), optional=True)
            title = self.required("cite-title", N_("The title"))
            return with_records(
                [person, at], lambda ids: AddRole(_id(ids[0]), title, source, quote, organization=ids[1])
            )
        return self._fact(source, quote)

    def _fact(self, source: str, quote: str) -> Operation:
        record = self._record("cite-record", N_("The record"))
        fact_label = self.required("cite-label", N_("A label"))
        value = self.required("cite-value", N_("A value"))
        try:
            number = parse_number(self.text("cite-number"))
        except ValueError as problem:
            self.query_one("#cite-number").focus()
            raise FieldProblem(_("Number: {problem}").format(problem=problem)) from None
        field = self.text("cite-field") or self._field_of(fact_label)
        unit, qualifier = self.text("cite-unit") or None, self.text("cite-qualifier") or None
        speaker = self._record("cite-speaker", N_("The speaker"), optional=True)
        if isinstance(record, NewRecord) and record.kind == "partnership":
            first, second = (self._record(f"cite-party-{n}", N_("A party")) for n in (1, 2))
            if not isinstance(first, str) or not isinstance(second, str) or first == second:
                raise FieldProblem(_("A new partnership needs two different organizations as its parties"))
            record = replace(record, parties=(first, second))

        def make(ids: list[str | None]) -> Operation:
            return AddFact(
                _id(ids[0]),
                field,
                fact_label,
                source,
                quote,
                value=value,
                number=number,
                unit=unit,
                qualifier=qualifier,
                speaker=ids[1],
            )

        return with_records([record, speaker], make)

    def _field_of(self, fact_label: str) -> str:
        """The kind of fact most facts with this label have in the database (else "note")."""
        database = shell(self).database
        if database is None or not database.complete:
            return DEFAULT_FIELD
        kinds = database.slices().fact_kinds()
        by_label = {each.kind.name: each.facts for each in kinds if each.kind.by == "label"}
        if fact_label not in by_label:
            return DEFAULT_FIELD
        from tui.store.slices import FactKind, FactSlice

        fields: dict[str, int] = {}
        for row in FactSlice(FactKind("label", fact_label)).rows(database):
            fields[row.field] = fields.get(row.field, 0) + 1
        return max(fields, key=fields.__getitem__) if fields else DEFAULT_FIELD


def _id(value: str | None) -> str:
    assert value is not None  # (a required record: checked before)
    return value


def _of_kind(choices: list[Pickable], kind: Kind) -> list[Pickable]:
    """The choices of one kind (each notes its kind: the message of its label)."""
    return [choice for choice in choices if choice.note == BY_NAME[kind].label]


def _as_label(words: str, mode: BidiMode) -> Text:
    """A choice of what the passage is cited as, in the language spoken."""
    return ui_text(_(words), STATUS_WIDTH - 4, mode)


def _prompts() -> dict[str, str]:
    """The fields' prompts by field id, in the language spoken, padded to one width (`edit_dialog.prompts`)."""
    messages = {
        "cite-record": N_("Of"),
        "cite-party-1": N_("Party"),
        "cite-party-2": N_("Party"),
        "cite-label": N_("Label"),
        "cite-field": N_("Kind"),
        "cite-value": N_("Value"),
        "cite-number": N_("Number"),
        "cite-unit": N_("Unit"),
        "cite-qualifier": N_("Qualifier"),
        "cite-speaker": N_("Said by"),
        "cite-association": N_("Association"),
        "cite-organization": N_("Member"),
        "cite-member-role": N_("Role"),
        "cite-person": N_("Person"),
        "cite-title": pgettext("a person's role", "Title"),  # (said here: "Title" alone is an article's)
        "cite-at": N_("At"),
    }
    return dict(zip(messages, prompts(tuple(messages.values()), PROMPT_CELLS), strict=True))

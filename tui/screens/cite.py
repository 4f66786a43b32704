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

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import RadioButton, RadioSet, Static

from tui.data.kinds import kind_of, label
from tui.data.models import Kind, Source
from tui.edit.adding import AddFact, AddMember, AddRole
from tui.edit.combined import Named, NewRecord, with_records
from tui.edit.numbers import parse_number, propose
from tui.edit.operations import Operation
from tui.screens.edit_dialog import EditDialog, FieldProblem
from tui.screens.edit_fact import ARTICLE_ITSELF, people_of_article
from tui.screens.export import ChoiceSet
from tui.screens.record_picker import Pickable
from tui.screens.shell import shell
from tui.store.slices import format_number
from tui.text.direction import BidiMode
from tui.widgets.quote_view import QuoteView
from tui.widgets.record_field import RecordField
from tui.widgets.search_input import SearchInput

#: what a passage is cited as: (the choice's words, the group of fields it shows)
AS = (
    ("a fact of a record", "cite-fact"),
    ("a member of an association", "cite-member"),
    ("a person's role", "cite-role"),
)
#: kinds of record a fact may be of (and be made for)
FACT_RECORDS: tuple[Kind, ...] = ("organization", "person", "partnership", "association")
DEFAULT_ROLE = "founding member"
DEFAULT_FIELD = "note"


class AsChoice(ChoiceSet):
    """The arrows choose; enter makes the edit (the cite dialog's, not the export prompt's)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "screen.apply", "Make the edit", show=False)]


class CiteScreen(EditDialog):
    """Cite `quote` (a passage of `source`)."""

    TITLE = "Cite a passage"

    def __init__(self, source: Source, quote: str, *, mode: BidiMode) -> None:
        super().__init__(mode=mode)
        self.source = source
        self.quote = quote
        self.proposal = propose(quote)

    def fields(self) -> ComposeResult:
        yield Static(
            f"Passage of {self.source.id} ({len(self.quote):,} characters, cited verbatim)", classes="edit-note"
        )
        yield QuoteView(self.quote, mode=self.mode, max_lines=3, id="cite-quote")
        yield Static("As", classes="edit-heading")
        yield AsChoice(
            *(RadioButton(words, value=number == 0) for number, (words, _group) in enumerate(AS)), id="cite-as"
        )
        proposal = self.proposal
        with Vertical(id="cite-fact", classes="edit-fields"):
            yield RecordField(
                "Of          ", mode=self.mode, empty="(enter: choose or make a record)", id="cite-record"
            )
            yield RecordField("Party       ", mode=self.mode, id="cite-party-1", classes="-party")
            yield RecordField("Party       ", mode=self.mode, id="cite-party-2", classes="-party")
            yield self._input("cite-label", "Label       ", "", "what the fact is: Care units, Founding…")
            yield self._input("cite-field", "Kind        ", "", "a word that groups facts (from the label if empty)")
            yield self._input("cite-value", "Value       ", self.quote, "")
            number = format_number(float(proposal.number)).replace(",", "") if proposal else ""
            yield self._input("cite-number", "Number      ", number, "a figure the passage states")
            yield self._input("cite-unit", "Unit        ", (proposal.unit or "") if proposal else "", "")
            yield self._input("cite-qualifier", "Qualifier   ", (proposal.qualifier or "") if proposal else "", "")
            yield RecordField("Said by     ", mode=self.mode, empty=ARTICLE_ITSELF, optional=True, id="cite-speaker")
        with Vertical(id="cite-member", classes="edit-fields"):
            yield RecordField("Association ", mode=self.mode, id="cite-association")
            yield RecordField("Member      ", mode=self.mode, id="cite-organization")
            yield self._input("cite-member-role", "Role        ", DEFAULT_ROLE, "")
        with Vertical(id="cite-role", classes="edit-fields"):
            yield RecordField("Person      ", mode=self.mode, id="cite-person")
            yield self._input("cite-title", "Title       ", "", "the title the passage gives")
            yield RecordField("At          ", mode=self.mode, empty="(no organization)", optional=True, id="cite-at")

    def _input(self, field_id: str, prompt: str, value: str, placeholder: str) -> SearchInput:
        field = SearchInput(mode=self.mode, prompt=prompt, placeholder=placeholder, id=field_id)
        field.value = value
        return field

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
            "cite-record": ("A fact of…", FACT_RECORDS, cited, FACT_RECORDS),
            "cite-party-1": ("A party (an organization)", ("organization",), _of_kind(cited, "Organization"), ()),
            "cite-party-2": ("Another party (an organization)", ("organization",), _of_kind(cited, "Organization"), ()),
            "cite-speaker": (
                "Said by (a person quoted)",
                ("person",),
                people_of_article(self, self.source.id),
                ("person",),
            ),
            "cite-association": (
                "Member of the association…",
                ("association",),
                _of_kind(cited, "Association"),
                ("association",),
            ),
            "cite-organization": (
                "The member (an organization)",
                ("organization",),
                _of_kind(cited, "Organization"),
                ("organization",),
            ),
            "cite-person": ("The person", ("person",), people_of_article(self, self.source.id), ("person",)),
            "cite-at": ("At (an organization)", ("organization",), _of_kind(cited, "Organization"), ()),
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
            seen.setdefault(record.id, Pickable(record.names.primary, label(kind_of(record)), record.id))
        return list(seen.values())

    # -- the edit ----------------------------------------------------------------------------------

    def _record(self, field_id: str, what: str, *, optional: bool = False) -> Named:
        field = self.query_one(f"#{field_id}", RecordField)
        value = field.value
        if value is None and not optional:
            field.focus()
            raise FieldProblem(f"{what}: enter chooses one (or makes a new one)")
        if isinstance(value, NewRecord) and not value.name.strip():
            field.focus()
            raise FieldProblem(f"{what}: type the new record's name in the list, then choose New …")
        return value if isinstance(value, str | NewRecord) else None

    def operation(self) -> Operation:
        cited_as = self.cited_as
        source, quote = self.source.id, self.quote
        if cited_as == "cite-member":
            association = self._record("cite-association", "The association")
            member = self._record("cite-organization", "The member")
            role = self.required("cite-member-role", "The member's role")
            return with_records(
                [association, member],
                lambda ids: AddMember(_id(ids[0]), _id(ids[1]), role, source, quote),
            )
        if cited_as == "cite-role":
            person = self._record("cite-person", "The person")
            at = self._record("cite-at", "The organization", optional=True)
            title = self.required("cite-title", "The title")
            return with_records(
                [person, at], lambda ids: AddRole(_id(ids[0]), title, source, quote, organization=ids[1])
            )
        return self._fact(source, quote)

    def _fact(self, source: str, quote: str) -> Operation:
        record = self._record("cite-record", "The record")
        fact_label = self.required("cite-label", "A label")
        value = self.required("cite-value", "A value")
        try:
            number = parse_number(self.text("cite-number"))
        except ValueError as problem:
            self.query_one("#cite-number").focus()
            raise FieldProblem(f"Number: {problem}") from None
        field = self.text("cite-field") or self._field_of(fact_label)
        unit, qualifier = self.text("cite-unit") or None, self.text("cite-qualifier") or None
        speaker = self._record("cite-speaker", "The speaker", optional=True)
        if isinstance(record, NewRecord) and record.kind == "partnership":
            first, second = (self._record(f"cite-party-{n}", "A party") for n in (1, 2))
            if not isinstance(first, str) or not isinstance(second, str) or first == second:
                raise FieldProblem("A new partnership needs two different organizations as its parties")
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


def _of_kind(choices: list[Pickable], kind: str) -> list[Pickable]:
    return [choice for choice in choices if choice.note == kind]

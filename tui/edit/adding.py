"""Edits that add: an article, a record, a fact cited from an article, a founding member, a role.

Every string given passes the gate first (`tui.text.gate.clean_stored`, as
everything read does): a name or label is one line, an article's text and a
quote keep their line breaks. A quote is the article's words verbatim: it must
occur in the text of the source it cites, exactly as stored. Each new document
is what the msgspec models accept (`tui.data.models`), checked before anything
is written.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import msgspec

from tui.data.kinds import BY_NAME
from tui.data.models import Fact, Membership, Names, Role, Source
from tui.edit.errors import InvalidEdit
from tui.edit.operations import Applied, DatabaseView, DocumentChange
from tui.edit.slugs import SLUG, unique_id
from tui.edit.wording import name_of, shown
from tui.text.gate import clean_stored

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MAX_URL = 2048
#: kinds of record `AddRecord` makes (a source is added with `AddSource`)
RECORD_KINDS = ("organization", "partnership", "association", "person")


def one_line(text: str) -> str:
    """A name, label or value as stored: through the gate, line breaks as spaces, ends trimmed."""
    return clean_stored(text).strip()


def multiline(text: str) -> str:
    """An article's text as stored: through the gate, line breaks kept, ends trimmed."""
    return clean_stored(text, multiline=True).strip()


def checked(document: dict[str, Any], model: type[msgspec.Struct], what: str) -> dict[str, Any]:
    """`document`, after making sure it is a valid `model` (else `InvalidEdit` saying what is wrong)."""
    try:
        msgspec.convert(document, type=model)
    except msgspec.ValidationError as error:
        message, _, where = str(error).rpartition(" - at ")
        where = where.strip("`").removeprefix("$.")
        raise InvalidEdit(f"{what}: {message or error}" + (f" (at {where})" if message and where else "")) from None
    return document


def stored_number(number: float | None) -> int | float | None:
    """A figure as stored: a whole number as an integer (`1000000`, not `1000000.0`)."""
    if number is None:
        return None
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
        raise InvalidEdit(f"the number {shown(number)} is not a finite number")
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def require_quote(view: DatabaseView, source: str, quote: str) -> str:
    """`quote`, through the gate, after making sure it occurs in the text of `source` (verbatim)."""
    text = view.source_text(source)
    cleaned = clean_stored(quote, multiline=True)
    if not cleaned.strip():
        raise InvalidEdit("the quote is empty: select the words of the article that say it")
    if cleaned not in text:
        raise InvalidEdit(f"the quote {shown(cleaned)} does not occur in the text of source {shown(source)}")
    return cleaned


def _new_record(view: DatabaseView, kind: str, document: dict[str, Any], description: str) -> Applied:
    table = BY_NAME[kind].table
    return Applied(description, (DocumentChange(table, view.next_key(table), None, document),))


def _replace(found_table: str, key: int, before: Mapping[str, Any], after: dict[str, Any]) -> DocumentChange:
    return DocumentChange(found_table, key, before, after)


@dataclass(frozen=True, slots=True)
class AddSource:
    """Add an article: its text as given (through the gate), with what is known of it."""

    text: str
    language: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    id: str | None = None

    def plan(self, view: DatabaseView) -> Applied:
        text = multiline(self.text)
        if not text:
            raise InvalidEdit("the article is empty")
        language = self.language.strip()
        if not _LANGUAGE.match(language):
            raise InvalidEdit(f"{shown(language)} is not a language code (ar, fr, en...)")
        title = one_line(self.title) if self.title else None
        outlet = one_line(self.outlet) if self.outlet else None
        date = _checked_date(self.date.strip()) if self.date and self.date.strip() else None
        url = _checked_url(self.url.strip()) if self.url and self.url.strip() else None
        for key, existing in view.documents("sources", holding=(text,)):
            if existing.get("text") == text:
                raise InvalidEdit(f"this article is already source {shown(existing.get('id', key))}")
        record_id = _given_or_made_id(
            view, self.id, (title or "", " ".join(filter(None, (outlet, date)))), f"source-{date or 'article'}"
        )
        document: dict[str, Any] = {"id": record_id, "language": language, "text": text}
        document |= {
            key: value for key, value in (("title", title), ("outlet", outlet), ("date", date), ("url", url)) if value
        }
        checked(document, Source, "the article")
        about = f", {shown(title)}" if title else ""
        return _new_record(
            view, "source", document, f"Added source {shown(record_id)}{about} ({len(text):,} characters)"
        )


@dataclass(frozen=True, slots=True)
class AddRecord:
    """Add an organization, a person, a partnership (between organizations) or an association."""

    kind: str
    names: Names
    id: str | None = None
    parties: tuple[str, ...] = ()

    def plan(self, view: DatabaseView) -> Applied:
        if self.kind not in RECORD_KINDS:
            raise InvalidEdit(
                f"cannot add a {shown(self.kind)}: add an organization, partnership, association or person"
            )
        names = clean_names(self.names)
        record_id = _given_or_made_id(view, self.id, (names.latin or "", names.ar or "", *names.aliases), self.kind)
        document: dict[str, Any] = {"id": record_id, "names": msgspec.to_builtins(names)}
        if self.kind == "partnership":
            parties = tuple(dict.fromkeys(self.parties))
            if len(parties) < 2:
                raise InvalidEdit("a partnership needs at least two parties (organization ids)")
            for party in parties:
                view.require(party, "organization", role="organization")
            document["parties"] = list(parties)
        elif self.parties:
            raise InvalidEdit(f"only a partnership has parties, not a {self.kind}")
        checked(document, BY_NAME[self.kind].record_type, f"the new {self.kind}")
        return _new_record(view, self.kind, document, f"Added {self.kind} {name_of(document)}")


def clean_names(names: Names) -> Names:
    """`names` through the gate, empty ones dropped; at least one must be left."""
    aliases = tuple(dict.fromkeys(alias for alias in map(one_line, names.aliases) if alias))
    cleaned = Names(ar=one_line(names.ar or "") or None, latin=one_line(names.latin or "") or None, aliases=aliases)
    if not cleaned.all:
        raise InvalidEdit("a record needs at least one name")
    return cleaned


@dataclass(frozen=True, slots=True)
class AddFact:
    """Cite a passage of an article as a fact of a record: the quote verbatim, the value as the user says it."""

    record: str
    field: str
    label: str
    source: str
    quote: str
    value: str | None = None
    """Default: the quote."""
    number: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    ref: str | None = None
    speaker: str | None = None
    """A person quoted in the article who said it (None: the article itself says it)."""

    def plan(self, view: DatabaseView) -> Applied:
        found = view.require(self.record, "organization", "partnership", "association", "person")
        fact = self.fact(view)
        before = found.document
        after = dict(before) | {"facts": [*_list(before, "facts"), fact]}
        return Applied(
            f"Added a fact to {name_of(before)}: {shown(fact['label'])} = {shown(fact['value'])}",
            (_replace(found.table, found.key, before, after),),
        )

    def fact(self, view: DatabaseView) -> dict[str, Any]:
        """The fact as stored, checked against the database."""
        quote = require_quote(view, self.source, self.quote)
        document: dict[str, Any] = {
            "field": one_line(self.field),
            "label": one_line(self.label),
            "value": one_line(self.value if self.value is not None else quote),
            "source": self.source,
            "quote": quote,
        }
        number = stored_number(self.number)
        optional = {
            "number": number,
            "unit": one_line(self.unit) if self.unit else None,
            "qualifier": one_line(self.qualifier) if self.qualifier else None,
            "ref": self.ref,
            "speaker": self.speaker,
        }
        document |= {key: value for key, value in optional.items() if value is not None and value != ""}
        if self.ref is not None:
            view.require(self.ref, role="record")
        if self.speaker is not None:
            view.require(self.speaker, "person", role="person")
        return checked(document, Fact, "the fact")


@dataclass(frozen=True, slots=True)
class AddMember:
    """Cite a passage as an organization's membership of an association (a founding member...)."""

    association: str
    organization: str
    role: str
    source: str
    quote: str

    def plan(self, view: DatabaseView) -> Applied:
        found = view.require(self.association, "association", role="association")
        view.require(self.organization, "organization", role="organization")
        member = checked(
            {
                "organization": self.organization,
                "role": one_line(self.role),
                "source": self.source,
                "quote": require_quote(view, self.source, self.quote),
            },
            Membership,
            "the member",
        )
        before = found.document
        after = dict(before) | {"members": [*_list(before, "members"), member]}
        return Applied(
            f"Added {shown(self.organization)} to {name_of(before)} as {shown(member['role'])}",
            (_replace(found.table, found.key, before, after),),
        )


@dataclass(frozen=True, slots=True)
class AddRole:
    """Cite a passage as a person's title, at an organization when the article names one."""

    person: str
    title: str
    source: str
    quote: str
    organization: str | None = None

    def plan(self, view: DatabaseView) -> Applied:
        found = view.require(self.person, "person", role="person")
        role: dict[str, Any] = {"title": one_line(self.title)}
        if self.organization is not None:
            view.require(self.organization, "organization", role="organization")
            role["organization"] = self.organization
        role |= {"source": self.source, "quote": require_quote(view, self.source, self.quote)}
        checked(role, Role, "the role")
        before = found.document
        after = dict(before) | {"roles": [*_list(before, "roles"), role]}
        at = f" at {shown(self.organization)}" if self.organization else ""
        return Applied(
            f"Added the role {shown(role['title'])}{at} to {name_of(before)}",
            (_replace(found.table, found.key, before, after),),
        )


def _list(document: Mapping[str, Any], field_name: str) -> list[Any]:
    value = document.get(field_name)
    return list(value) if isinstance(value, list) else []


def _given_or_made_id(view: DatabaseView, given: str | None, candidates: tuple[str, ...], fallback: str) -> str:
    if given is not None:
        if not SLUG.match(given) or len(given) > 200:
            raise InvalidEdit(f"{shown(given)} is not an id: use lowercase letters, digits and hyphens")
        if view.is_taken(given):
            raise InvalidEdit(f"the id {shown(given)} is already taken")
        return given
    return unique_id(candidates, fallback, view.is_taken)


def _checked_date(date: str) -> str:
    match = _DATE.match(date)
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(part) if part else 1 for part in match.groups())
        datetime.date(year, month, day)
    except ValueError:
        raise InvalidEdit(f"{shown(date)} is not a date: write YYYY-MM-DD (or YYYY-MM, or YYYY)") from None
    return date


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or len(url) > MAX_URL
        or any(char.isspace() or not char.isprintable() for char in url)
    ):
        raise InvalidEdit(f"{shown(url)} is not a web address (http:// or https://, no spaces)")
    return url

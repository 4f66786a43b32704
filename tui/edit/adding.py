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
from tui.data.records import msgspec_words
from tui.edit.errors import InvalidEdit
from tui.edit.operations import Applied, DatabaseView, DocumentChange
from tui.edit.slugs import SLUG, unique_id
from tui.edit.wording import a, name_of, shown
from tui.i18n import N_, _, ngettext, number
from tui.i18n.message import verbatim
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
        message, _at, where = str(error).rpartition(" - at ")
        where = where.strip("`").removeprefix("$.")
        problem = msgspec_words(message) if message else verbatim(str(error))
        said = _("{what}: {problem}").format(what=what, problem=problem)
        if message and where:
            said = _("{problem} (at {where})").format(problem=said, where=where)
        raise InvalidEdit(said) from None
    return document


def stored_number(number: float | None) -> int | float | None:
    """A figure as stored: a whole number as an integer (`1000000`, not `1000000.0`)."""
    if number is None:
        return None
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
        raise InvalidEdit(_("the number {number} is not a finite number").format(number=shown(number)))
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def require_quote(view: DatabaseView, source: str, quote: str) -> str:
    """`quote`, through the gate, after making sure it occurs in the text of `source` (verbatim)."""
    text = view.source_text(source)
    cleaned = clean_stored(quote, multiline=True)
    if not cleaned.strip():
        raise InvalidEdit(_("the quote is empty: select the words of the article that say it"))
    if cleaned not in text:
        raise InvalidEdit(
            _("the quote {quote} does not occur in the text of source {source}").format(
                quote=shown(cleaned), source=shown(source)
            )
        )
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
            raise InvalidEdit(_("the article is empty"))
        language = self.language.strip()
        if not _LANGUAGE.match(language):
            raise InvalidEdit(_("{language} is not a language code (ar, fr, en...)").format(language=shown(language)))
        title = one_line(self.title) if self.title else None
        outlet = one_line(self.outlet) if self.outlet else None
        date = _checked_date(self.date.strip()) if self.date and self.date.strip() else None
        url = _checked_url(self.url.strip()) if self.url and self.url.strip() else None
        for key, existing in view.documents("sources", holding=(text,)):
            if existing.get("text") == text:
                raise InvalidEdit(
                    _("this article is already source {source}").format(source=shown(existing.get("id", key)))
                )
        record_id = _given_or_made_id(
            view, self.id, (title or "", " ".join(filter(None, (outlet, date)))), f"source-{date or 'article'}"
        )
        document: dict[str, Any] = {"id": record_id, "language": language, "text": text}
        document |= {
            key: value for key, value in (("title", title), ("outlet", outlet), ("date", date), ("url", url)) if value
        }
        checked(document, Source, _("the article"))
        characters = ngettext("{count} character", "{count} characters", len(text)).format(count=number(len(text)))
        if title:
            said = _("Added source {source}, {title} ({characters})").format(
                source=shown(record_id), title=shown(title), characters=characters
            )
        else:
            said = _("Added source {source} ({characters})").format(source=shown(record_id), characters=characters)
        return _new_record(view, "source", document, said)


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
                _("cannot add a {kind}: add an organization, partnership, association or person").format(
                    kind=shown(self.kind)
                )
            )
        names = clean_names(self.names)
        record_id = _given_or_made_id(view, self.id, (names.latin or "", names.ar or "", *names.aliases), self.kind)
        document: dict[str, Any] = {"id": record_id, "names": msgspec.to_builtins(names)}
        if self.kind == "partnership":
            parties = tuple(dict.fromkeys(self.parties))
            if len(parties) < 2:
                raise InvalidEdit(_("a partnership needs at least two parties (organization ids)"))
            for party in parties:
                view.require(party, "organization", role="organization")
            document["parties"] = list(parties)
        elif self.parties:
            raise InvalidEdit(_("only a partnership has parties, not {kind}").format(kind=a(self.kind)))
        checked(document, BY_NAME[self.kind].record_type, _(_NEW[self.kind]))
        return _new_record(view, self.kind, document, _(_ADDED[self.kind]).format(record=name_of(document)))


#: what a new record is called where it is checked, and what its addition says (messages)
_NEW = {
    "organization": N_("the new organization"),
    "partnership": N_("the new partnership"),
    "association": N_("the new association"),
    "person": N_("the new person"),
}
_ADDED = {
    "organization": N_("Added organization {record}"),
    "partnership": N_("Added partnership {record}"),
    "association": N_("Added association {record}"),
    "person": N_("Added person {record}"),
}


def clean_names(names: Names) -> Names:
    """`names` through the gate, empty ones dropped; at least one must be left."""
    aliases = tuple(dict.fromkeys(alias for alias in map(one_line, names.aliases) if alias))
    cleaned = Names(ar=one_line(names.ar or "") or None, latin=one_line(names.latin or "") or None, aliases=aliases)
    if not cleaned.all:
        raise InvalidEdit(_("a record needs at least one name"))
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
            _("Added a fact to {record}: {label} = {value}").format(
                record=name_of(before), label=shown(fact["label"]), value=shown(fact["value"])
            ),
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
        return checked(document, Fact, _("the fact"))


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
            _("the member"),
        )
        before = found.document
        after = dict(before) | {"members": [*_list(before, "members"), member]}
        return Applied(
            _("Added {organization} to {record} as {role}").format(
                organization=shown(self.organization), record=name_of(before), role=shown(member["role"])
            ),
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
        checked(role, Role, _("the role"))
        before = found.document
        after = dict(before) | {"roles": [*_list(before, "roles"), role]}
        if self.organization:
            said = _("Added the role {role} at {organization} to {record}").format(
                role=shown(role["title"]), organization=shown(self.organization), record=name_of(before)
            )
        else:
            said = _("Added the role {role} to {record}").format(role=shown(role["title"]), record=name_of(before))
        return Applied(
            said,
            (_replace(found.table, found.key, before, after),),
        )


def _list(document: Mapping[str, Any], field_name: str) -> list[Any]:
    value = document.get(field_name)
    return list(value) if isinstance(value, list) else []


def _given_or_made_id(view: DatabaseView, given: str | None, candidates: tuple[str, ...], fallback: str) -> str:
    if given is not None:
        if not SLUG.match(given) or len(given) > 200:
            raise InvalidEdit(_("{id} is not an id: use lowercase letters, digits and hyphens").format(id=shown(given)))
        if view.is_taken(given):
            raise InvalidEdit(_("the id {id} is already taken").format(id=shown(given)))
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
        raise InvalidEdit(
            _("{date} is not a date: write YYYY-MM-DD (or YYYY-MM, or YYYY)").format(date=shown(date))
        ) from None
    return date


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or len(url) > MAX_URL
        or any(char.isspace() or not char.isprintable() for char in url)
    ):
        raise InvalidEdit(_("{url} is not a web address (http:// or https://, no spaces)").format(url=shown(url)))
    return url

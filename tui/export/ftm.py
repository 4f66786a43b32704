"""FollowTheMoney entities, one JSON object per line: what OCCRP's Aleph and OpenSanctions' tools read.

The mapping (docs/export.md says why each schema):

* an organization or an association -> `Organization`; a person -> `Person`;
  a partnership -> `Project`, linked to each of its organizations by a
  `ProjectParticipant`; an article -> `Article` (its text in `bodyText`);
* an association's member -> `Membership`; a person's role at an organization ->
  `Employment`; a fact that points to another record -> `UnknownLink`;
* any other fact, and a role at no named organization -> `Documentation`: the
  article documents the record; `role` is the fact's label, `summary` its value;
* a fact that quotes a person (its `speaker`) -> also an `UnknownLink` from the
  person (`subject`) to the record (`object`), `role` "said: <label>": who said
  it, which FollowTheMoney's statement schemata have no property for;
* the evidence: every statement entity carries the verbatim quote in
  `description` and the article in `proof` (`document` for a Documentation);
  every record entity has its articles in `proof`.

Entity ids are stable: `marsad-<record id>` for a record, `marsad-<sha1>` of what
a statement joins and says for the others, so the same data always gives the same
ids and exports of parts of a database merge. Values are written cleaned as
FollowTheMoney cleans them (NFC, trimmed, names on one line) and within its
lengths; the rare value longer than its property holds is cut (an article's
text is split over several `bodyText` values instead), and counted. The JSON is
written here: the product needs no FollowTheMoney library.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator

import msgspec

from tui.data.models import Association, Fact, Organization, Partnership, Person, Record, Source
from tui.export.outcome import Sink, Tick, Written
from tui.export.scope import FactScope, RecordScope, Scope
from tui.export.statements import Statement, cited_sources, fact_statement, statements_of
from tui.presentation.evidence import figure
from tui.store.database import Database

PREFIX = "marsad"
#: FollowTheMoney's entity id: letters, digits, dots and dashes, at most 200 characters
_ENTITY_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")
_ENTITY_ID_MAX = 200
#: the longest value of each property type FollowTheMoney accepts (its `max_length`)
MAX_CHARS = {"name": 384, "string": 1024, "text": 65000}
#: the most text (all `text` values together) one entity may hold (its `total_size`)
MAX_ENTITY_TEXT = 30 * 1024 * 1024
#: the type of each property written here
PROPERTY_TYPES = {
    "name": "name", "alias": "name", "title": "string", "position": "string", "role": "string",
    "publisher": "string", "summary": "text", "description": "text", "bodyText": "text", "notes": "text",
}  # fmt: skip
#: ISO 639-1 -> the ISO 639-3 codes FollowTheMoney's `language` type accepts (its list)
LANGUAGES = dict(
    pair.split(":")
    for pair in [
        "af:afr", "am:amh", "ar:ara", "az:aze", "be:bel", "bn:ben", "bs:bos", "bg:bul", "ca:cat", "cs:ces",
        "da:dan", "de:deu", "el:ell", "en:eng", "et:est", "fa:fas", "fi:fin", "fr:fra", "ga:gle", "he:heb",
        "hi:hin", "hr:hrv", "hu:hun", "hy:hye", "id:ind", "is:isl", "it:ita", "ja:jpn", "kn:kan", "ka:kat",
        "kk:kaz", "km:khm", "ky:kir", "ko:kor", "lo:lao", "lv:lav", "lt:lit", "lb:ltz", "mk:mkd", "mt:mlt",
        "mn:mon", "ms:msa", "my:mya", "ne:nep", "nl:nld", "no:nor", "pl:pol", "pt:por", "ps:pus", "ro:ron",
        "ru:rus", "si:sin", "sk:slk", "sl:slv", "es:spa", "sq:sqi", "sr:srp", "sw:swa", "sv:swe", "ta:tam",
        "te:tel", "tg:tgk", "tl:tgl", "th:tha", "tk:tuk", "tr:tur", "uk:ukr", "ur:urd", "uz:uzb", "vi:vie",
        "zh:zho",
    ]
)  # fmt: skip
_WHITESPACE = re.compile(r"\s+")
#: what FollowTheMoney deletes from a name (normality's unsafe characters: controls, zero-width and
#: direction marks, the soft hyphen, the BOM, lone surrogates), what it reads as a space, and the
#: quotes around a whole name it takes off: a name of nothing else is no name
_NAME_DELETED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2060-\u2064\ufeff\ud800-\udfff]"
)
_NAME_SPACES = re.compile("[\u0a00\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_NAME_QUOTES = re.compile(r"^[\"'](.*)[\"']$", re.DOTALL)
#: said in an entity whose record has no name, named by its id instead (FollowTheMoney needs a name)
UNNAMED_NOTE = "Named by its Marsad id: the record has no name"
_PART_SEPARATOR = "\x1f"
#: how the link from a speaker to what they said about a record begins its role
SAID = "said:"
_encoder = msgspec.json.Encoder()


def entity_id(record_id: str) -> str:
    """The id of a record's entity: `marsad-akdital`."""
    candidate = f"{PREFIX}-{record_id}"
    if len(candidate) <= _ENTITY_ID_MAX and _ENTITY_ID.match(candidate):
        return candidate
    return derived_id("record", record_id)


def derived_id(*parts: str) -> str:
    """The id of an entity made from what it joins and says: the same parts, the same id."""
    digest = hashlib.sha1(_PART_SEPARATOR.join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{PREFIX}-{digest}"


def language_code(language: str) -> str | None:
    """`ara` for `ar`, `ar-MA` or `ara`; None for a language FollowTheMoney does not list."""
    base = language.strip().lower().replace("_", "-").split("-")[0]
    if base in LANGUAGES:
        return LANGUAGES[base]
    return base if base in LANGUAGES.values() else None


class FtmWriter:
    """Writes entities as JSON lines, counting them and the values it had to shorten."""

    def __init__(self, stream: Sink) -> None:
        self.stream = stream
        self.entities = 0
        self.shortened = 0
        self.unnamed = 0
        """Record entities named by their id, their record having no name."""

    def emit(self, schema: str, entity: str, properties: dict[str, Iterable[str]]) -> None:
        cleaned: dict[str, list[str]] = {}
        text_left = MAX_ENTITY_TEXT
        for name, values in properties.items():
            kept: list[str] = []
            for value in values:
                for piece in self._fit(name, value):
                    if PROPERTY_TYPES.get(name) == "text":
                        if len(piece) > text_left:
                            self.shortened += 1
                            break
                        text_left -= len(piece)
                    if piece not in kept:
                        kept.append(piece)
            if kept:
                cleaned[name] = kept
        payload = {"id": entity, "schema": schema, "properties": cleaned}
        self.stream.write(_encoder.encode(payload).decode("utf-8") + "\n")
        self.entities += 1

    def _fit(self, name: str, value: str) -> list[str]:
        """A value as FollowTheMoney keeps it: NFC, trimmed, within its type's length ([] when blank)."""
        kind = PROPERTY_TYPES.get(name)
        value = unicodedata.normalize("NFC", value).strip()
        if kind == "name":
            value = ftm_name(value)
        limit = MAX_CHARS.get(kind or "")
        if not value or limit is None or len(value) <= limit:
            return [value] if value else []
        if name == "bodyText":
            return list(_pieces(value, limit))
        self.shortened += 1
        return [value[: limit - 1].rstrip() + "…"]


def ftm_name(value: str) -> str:
    """A name as FollowTheMoney keeps it: no invisible character, one line, trimmed, unquoted ("" if none is left)."""
    value = _WHITESPACE.sub(" ", _NAME_SPACES.sub(" ", _NAME_DELETED.sub("", value))).strip()
    if quoted := _NAME_QUOTES.match(value):
        value = quoted.group(1).strip()
    return value


def _names(writer: FtmWriter, record: Record, names: list[str]) -> tuple[list[str], dict[str, Iterable[str]]]:
    """The names an entity is given, and a note: the record's names, or its id when none of them is a name."""
    if any(ftm_name(name) for name in names):
        return names, {}
    writer.unnamed += 1
    return [record.id], {"notes": [UNNAMED_NOTE]}


def _pieces(text: str, limit: int) -> Iterator[str]:
    """A long text in consecutive pieces of at most `limit` characters, cut at a line end or
    a space when there is one."""
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        if cut <= limit // 2:
            cut = limit
        piece, text = text[:cut].strip(), text[cut:].strip()
        if piece:
            yield piece
    if text:
        yield text


def write_ftm(scope: Scope, database: Database, stream: Sink, tick: Tick) -> Written:
    writer = FtmWriter(stream)
    cited: dict[str, None] = {}
    done = 0
    if isinstance(scope, FactScope):
        written: set[str] = set()
        for row in scope.rows():
            if row.record.id not in written:
                written.add(row.record.id)
                _record_entity(writer, row.record, cited)
            _statement_entity(writer, row.record, fact_statement(row.fact), cited)
            done += 1
            tick(done)
    else:
        for record in scope.records():
            _record_entity(writer, record, cited)
            for statement in statements_of(record):
                _statement_entity(writer, record, statement, cited)
            done += 1
            tick(done)
    if not (isinstance(scope, RecordScope) and scope.whole):  # a part brings the articles it cites
        for source_id in cited:
            source = database.get(source_id)
            if isinstance(source, Source):
                _record_entity(writer, source, {})
            tick(done)
    return Written(
        done, "fact" if isinstance(scope, FactScope) else "record", writer.entities, writer.shortened, writer.unnamed
    )


def _record_entity(writer: FtmWriter, record: Record, cited: dict[str, None]) -> None:
    names = record.names
    if isinstance(record, Source):
        name, note = _names(writer, record, [names.primary])
        properties: dict[str, Iterable[str]] = {
            "name": name,
            "title": [record.title] if record.title else [],
            "publisher": [record.outlet] if record.outlet else [],
            "bodyText": [record.text],
            **note,
        }
        if code := language_code(record.language):
            properties["language"] = [code]
        writer.emit("Article", entity_id(record.id), properties)
        return
    sources = cited_sources(record)
    cited.update(dict.fromkeys(sources))
    name, note = _names(writer, record, [name for name in (names.ar, names.latin) if name])
    properties = {
        "name": name,
        "alias": list(names.aliases),
        "proof": [entity_id(source) for source in sources],
        **note,
    }
    if isinstance(record, Person):
        properties["position"] = [role.title for role in record.roles]
    schema = {Organization: "Organization", Association: "Organization", Partnership: "Project", Person: "Person"}[
        type(record)
    ]
    writer.emit(schema, entity_id(record.id), properties)


def _statement_entity(writer: FtmWriter, record: Record, statement: Statement, cited: dict[str, None]) -> None:
    subject = entity_id(record.id)
    if statement.source is not None:
        cited.setdefault(statement.source)
    evidence = {
        "description": [statement.quote or ""],
        "proof": [entity_id(statement.source)] if statement.source else [],
    }
    key = (
        record.id,
        statement.kind,
        statement.field,
        statement.label,
        statement.value,
        statement.refers_to or "",
        statement.source or "",
        statement.quote or "",
    )
    if statement.kind == "party":
        writer.emit(
            "ProjectParticipant",
            derived_id(*key),
            {"project": [subject], "participant": [entity_id(statement.value)], "role": ["partner"]},
        )
    elif statement.kind == "member":
        writer.emit(
            "Membership",
            derived_id(*key),
            {"organization": [subject], "member": [entity_id(statement.value)], "role": [statement.label], **evidence},
        )
    elif statement.kind == "role" and statement.refers_to is not None:
        writer.emit(
            "Employment",
            derived_id(*key),
            {
                "employee": [subject],
                "employer": [entity_id(statement.refers_to)],
                "role": [statement.value],
                **evidence,
            },
        )
    elif statement.refers_to is not None:
        writer.emit(
            "UnknownLink",
            derived_id(*key),
            {
                "subject": [subject],
                "object": [entity_id(statement.refers_to)],
                "role": [statement.label],
                "summary": [_summary(statement)],
                **evidence,
            },
        )
    else:
        writer.emit(
            "Documentation",
            derived_id(*key),
            {
                "entity": [subject],
                "document": evidence["proof"],
                "role": [statement.label],
                "summary": [_summary(statement)],
                "description": evidence["description"],
            },
        )
    if statement.speaker is not None:
        writer.emit(
            "UnknownLink",
            derived_id(*key, "speaker", statement.speaker),
            {
                "subject": [entity_id(statement.speaker)],
                "object": [subject],
                "role": [f"{SAID} {statement.label}"],
                "summary": [_summary(statement)],
                **evidence,
            },
        )


def _summary(statement: Statement) -> str:
    """What a statement says: its value, with the figure when it has one
    (`أكثر من 30 وحدة رعاية [more than 30 care units]`)."""
    fact: Fact | None = statement.fact
    number = figure(fact) if fact is not None else ""
    return f"{statement.value} [{number}]" if number else statement.value

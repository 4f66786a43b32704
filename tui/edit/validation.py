"""Whether the documents a write adds or changes are records Marsad would read, whole and sound.

A write is refused (`RecordsInvalid`) when a new or changed document of a
Marsad table:

* is not what the reader accepts (`tui.data.records.record_of`: the msgspec
  models of `tui.data.models`, slugs, at least one name, a usable document key);
* holds what the reader would silently drop or change: a field the model does
  not have, a string with a terminal control or bidi override (the reader
  replaces them), a value JSON cannot hold (NaN, a set);
* takes an id another record has;
* names a record that does not exist, or one of the wrong kind (a fact's
  source must be a source, its speaker a person; parties, members and a role's
  organization must be organizations), or cites a quote its source's text does
  not hold.

The write is also refused when it removes a record (or changes its kind, or a
source's text) that an unchanged record still names or quotes. Records the write
does not touch are not judged: a file may already hold problems (`marsad
validate` reports them), and refusing every edit until they are mended would
leave the user no way to mend them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import msgspec

from tui.data.errors import QUOTE_NOT_FOUND, Problem
from tui.data.kinds import BY_TABLE
from tui.data.records import key_problem, record_of, type_problem
from tui.edit.references import Reference, references
from tui.edit.stored import may_hold, needles, plain, record_id
from tui.edit.wording import KIND_PHRASES
from tui.i18n import N_
from tui.i18n.message import Translatable, said
from tui.text.gate import clean_stored

DocumentKey = tuple[str, str]
"""(table, document key)"""


class IdDirectory:
    """Where each id of a database is: its table and document key (the first, when an id is taken twice)."""

    def __init__(self, data: Mapping[str, Any], places: Mapping[str, DocumentKey] | None = None) -> None:
        """`places`: where each id is, when the caller knows (the first place of each: an id taken
        twice is then seen only at a changed document, see `take`); else the ids are read from `data`."""
        self.place: dict[str, DocumentKey] = dict(places) if places is not None else {}
        self.taken_twice: dict[str, list[DocumentKey]] = {}
        if places is not None:
            return
        for table in BY_TABLE:
            documents = data.get(table)
            if not isinstance(documents, dict):
                continue
            for key, document in documents.items():
                found = record_id(document)
                if found is None:
                    continue
                if found in self.place:
                    self.taken_twice.setdefault(found, [self.place[found]]).append((table, key))
                else:
                    self.place[found] = (table, key)

    def kind(self, record_id: str) -> str | None:
        place = self.place.get(record_id)
        return BY_TABLE[place[0]].name if place else None

    def take(self, record_id: str, place: DocumentKey) -> None:
        """The document at `place` has `record_id`: another place with it makes it taken twice."""
        other = self.place.setdefault(record_id, place)
        if other != place and record_id not in self.taken_twice:
            self.taken_twice[record_id] = [other, place]


def check_write(
    data: Mapping[str, Any],
    changed: Iterable[tuple[DocumentKey, bytes]],
    *,
    gone: Mapping[str, str],
    retexted: set[str],
    places: Mapping[str, DocumentKey] | None = None,
) -> list[Problem]:
    """The problems that refuse a write of `data`; [] when it may be written.

    `changed`: the new or changed documents, with their JSON; `gone`: ids (and
    the table they were in) that the write removes or moves to another table;
    `retexted`: ids of sources whose document changed; `places`: where each id of
    `data` is, when known (else `data` is walked to find them).
    """
    changed = list(changed)
    directory = IdDirectory(data, places)
    if places is not None:
        for (table, key), _text in changed:
            if (found := record_id(data[table][key])) is not None:
                directory.take(found, (table, key))
    problems: list[Problem] = []
    checked: set[DocumentKey] = set()
    for (table, key), text in changed:
        checked.add((table, key))
        json_text = text.decode("utf-8", "surrogatepass")
        problems.extend(_document_problems(table, key, plain(data[table][key]), json_text, directory, data))
    gone_ids = {record_id for record_id in gone if directory.kind(record_id) != BY_TABLE[gone[record_id]].name}
    if gone_ids or retexted:
        problems.extend(_dangling(data, directory, frozenset(gone_ids), retexted, checked))
    return problems


def _document_problems(
    table: str, key: str, document: Any, text: str, directory: IdDirectory, data: Mapping[str, Any]
) -> list[Problem]:
    try:
        json.dumps(document, allow_nan=False)
    except (TypeError, ValueError) as error:
        return [
            Problem("error", table, key, _id_of(document), "", said(N_("is not JSON ({reason})"), reason=str(error)))
        ]
    kind = BY_TABLE.get(table)
    if kind is None:
        return []  # (a table Marsad does not read: kept as it is)
    refused = key_problem(table, key) or type_problem(table, key, document)
    if refused is not None:
        return [refused]
    read = record_of(kind, key, document, text, strict=True)  # (a bad optional value is never written)
    problems = [msgspec.structs.replace(problem, severity="error") for problem in read.problems]
    if read.record is None:
        return problems
    record_id = read.record.id
    problems.extend(
        Problem("error", table, key, record_id, path, message)
        for path, message in _lost_on_reading(document, read.record, "$")
    )
    for other_table, other_key in directory.taken_twice.get(record_id, ()):
        if (other_table, other_key) != (table, key):
            problems.append(
                Problem(
                    "error",
                    table,
                    key,
                    record_id,
                    "$.id",
                    said(N_("id is already taken by {document}"), document=f"{other_table}[{other_key}]"),
                )
            )
    for reference in references(table, document):
        message = _broken(reference, directory, data)
        if message:
            problems.append(Problem("error", table, key, record_id, _path_of(reference, message), message))
    return problems


def _lost_on_reading(value: Any, read: Any, path: str) -> Iterator[tuple[str, Translatable]]:
    """(path, what) for each part of a stored value the reader drops or changes when it reads it as `read`."""
    if isinstance(value, dict) and isinstance(read, msgspec.Struct):
        fields = read.__struct_fields__
        for key, item in value.items():
            if key not in fields:
                yield f"{path}.{key}", said(N_("unknown field {field} (Marsad would drop it)"), field=repr(key))
            else:
                yield from _lost_on_reading(item, getattr(read, key), f"{path}.{key}")
    elif isinstance(value, list) and isinstance(read, tuple):
        for index, (item, read_item) in enumerate(zip(value, read)):
            yield from _lost_on_reading(item, read_item, f"{path}[{index}]")
    elif isinstance(value, str) and isinstance(read, str) and value != read:
        yield path, said(N_("holds a control character, bidi override or line break that reading would replace"))


def _broken(reference: Reference, directory: IdDirectory, data: Mapping[str, Any]) -> Translatable | None:
    """What is wrong with one reference, or None."""
    kind = directory.kind(reference.target)
    if kind is None:
        return said(N_("names {target}, which is no record of this database"), target=repr(reference.target))
    if reference.kind is not None and kind != reference.kind:
        return said(
            N_("names {target}, which is {kind}, not {wanted}"),
            target=repr(reference.target),
            kind=said(KIND_PHRASES[kind]),
            wanted=said(KIND_PHRASES[reference.kind]),
        )
    if reference.quote is not None:
        table, key = directory.place[reference.target]
        text = plain(data[table][key]).get("text")
        if not isinstance(text, str) or clean_stored(reference.quote, multiline=True) not in clean_stored(
            text, multiline=True
        ):
            return said(QUOTE_NOT_FOUND, source=repr(reference.target))
    return None


def _path_of(reference: Reference, message: Translatable) -> str:
    if message.msgid == QUOTE_NOT_FOUND:
        return reference.path.rsplit(".", 1)[0] + ".quote"
    return reference.path


def _dangling(
    data: Mapping[str, Any],
    directory: IdDirectory,
    gone: frozenset[str],
    retexted: set[str],
    checked: set[DocumentKey],
) -> Iterator[Problem]:
    """Problems of unchanged records that name a record the write removes, or quote a source it changes."""
    forms = needles(gone | retexted)
    for table in BY_TABLE:
        documents = data.get(table)
        if not isinstance(documents, dict):
            continue
        for key, document in documents.items():
            if (table, key) in checked or not may_hold(document, forms):
                continue
            document = plain(document)
            for reference in references(table, document):
                if reference.target in gone:
                    yield Problem(
                        "error",
                        table,
                        key,
                        _id_of(document),
                        reference.path,
                        said(N_("still names {target}, which this edit removes"), target=repr(reference.target)),
                    )
                elif reference.target in retexted and reference.quote is not None:
                    message = _broken(reference, directory, data)
                    if message:
                        yield Problem("error", table, key, _id_of(document), _path_of(reference, message), message)


def _id_of(document: Any) -> str | None:
    record_id = document.get("id") if isinstance(document, dict) else None
    return record_id if isinstance(record_id, str) else None

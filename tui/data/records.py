"""From one document of a database file to a record, or to the problems that keep it out.

Two ways to the same result, per document:

* the FAST WAY converts the decoded document straight into its typed record
  (msgspec), then proves that nothing was lost or needs cleaning; it gives up at
  the first doubt;
* the THOROUGH WAY decodes the document's text again noting duplicate keys,
  refuses records nested too deeply, cleans every string and validates, so each
  bad record gets its own precise problem.

What a decoded document silently lost (a key written twice, an unknown field, an
explicit null or empty default) is caught by counting colons: each key has one,
and so does the text of strings. Encoded back, a record holds every key and
string that was kept; if its JSON has fewer colons than the document's text,
something was dropped, and the thorough way reports it or accepts it exactly as it
would have. Both ways clean strings the same way (`tui.text.gate.clean_stored`).

A bad value of an optional field (a fact's `"number": "1,000"`) does not cost the
record: the thorough way leaves that value out, says so in a warning with how to
write it, and keeps the record (and so whatever names it). A record is skipped only
when what is wrong is required (its id, its names, a fact's quote...). Problems say
what is wrong in words: an id that is not a slug is described, not quoted as a
regular expression. They are messages (`tui.i18n.message`), said in the language
spoken when they are shown; msgspec's own wording is taken apart into Marsad's
messages where it has a known form.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import msgspec

from tui.data.errors import Problem
from tui.data.kinds import RecordKind
from tui.data.models import Record, Source
from tui.data.reading import json_type, loads
from tui.data.sanitize import clean_tree
from tui.i18n import N_
from tui.i18n.message import Translatable, said, verbatim
from tui.text.gate import STORED_UNSAFE_IN_JSON, clean_stored

#: Deepest nesting a record may have (a record, its facts, a fact, ... is 3 deep);
#: deeper records are refused before any recursive code walks them.
MAX_RECORD_DEPTH = 16
#: Longest document key: TinyDB turns keys into ints, which Python refuses past 4300 digits.
MAX_KEY_DIGITS = 18
#: Most bad optional values left out of one record before it is refused whole (each costs a validation)
MAX_VALUES_LEFT_OUT = 8

_ENCODER = msgspec.json.Encoder()


def key_problem(table: str, key: str) -> Problem | None:
    """What is wrong with a document key TinyDB could not use as a document id, if anything."""
    shown = shown_key(key)
    if not (key.isascii() and key.isdigit() and len(key) <= MAX_KEY_DIGITS):
        return Problem(
            "error", table, shown, None, "", said(N_("document key must be a number (a TinyDB document id)"))
        )
    if key != str(int(key)):
        return Problem(
            "error",
            table,
            shown,
            None,
            "",
            said(N_("document key must have no leading zeros (TinyDB reads it as {number})"), number=str(int(key))),
        )
    return None


def type_problem(table: str, key: str, value: Any) -> Problem | None:
    """What is wrong with a document that is not a JSON object, if it is not one."""
    if isinstance(value, dict):
        return None
    return Problem(
        "error", table, key, None, "", said(N_("record is a JSON {type}, expected an object"), type=json_type(value))
    )


class Read(NamedTuple):
    """What a document gave: its record (None when it is bad) encoded as JSON, and its problems.

    `as_written`: the document's own text decodes (`tui.data.kinds.decode_record`) to exactly
    this record (nothing was cleaned, left out or repeated), so an index may point to the
    text in the file instead of keeping `json`.
    """

    record: Record | None
    json: bytes
    problems: list[Problem]
    as_written: bool = False


def record_of(kind: RecordKind, key: str, value: dict[str, Any], text: str, *, strict: bool = False) -> Read:
    """The record a document holds, and the problems found in it.

    `value` is the document as decoded (an object: see `type_problem`), `text` its
    JSON text in the file. The key must be a usable document key (`key_problem`);
    whether the record's id is unique is for the caller, who knows the other records.
    A bad value of an optional field is left out with a warning, the record kept;
    `strict` (what a writer asks) makes it an error that keeps the record out.
    """
    table = kind.table
    fast = _fast(kind, value, text)
    if fast is None:
        record, problems = _thorough(kind, key, loads(text), strict=strict)
        if record is None:
            return Read(None, b"", problems)
        # (nothing said and nothing to clean: the text decodes to the record, e.g. with an explicit `"facts": []`)
        as_written = not problems and (STORED_UNSAFE_IN_JSON.search(text) is None or clean_tree(value) == value)
        return Read(record, _ENCODER.encode(record), problems, as_written)
    record, encoded, as_written = fast
    if not _named(record):
        return Read(None, b"", [Problem("error", table, key, record.id, "$.names", NO_NAME)])
    return Read(record, encoded, [], as_written)


def _fast(kind: RecordKind, value: dict[str, Any], text: str) -> tuple[Record, bytes, bool] | None:
    """The record, its JSON, and whether the text decodes to it as written, if nothing needs the thorough way."""
    as_written = True
    try:
        if STORED_UNSAFE_IN_JSON.search(text) is not None:
            cleaned = clean_tree(value)  # (cleaning replaces one character by one, never a colon)
            as_written = cleaned == value
            value = cleaned
        record = msgspec.convert(value, type=kind.record_type)
    except msgspec.ValidationError:  # e.g. a wrong type, or a slug that ended with a newline
        return None
    encoded = _ENCODER.encode(record)
    if encoded.count(b":") != text.count(":"):
        return None  # something was dropped: a duplicate key, an unknown field, an explicit default
    return record, encoded, as_written


def _named(record: Record) -> bool:
    if type(record) is Source:
        return bool(record.names.all)
    names = record.names
    return bool(names.ar or names.latin or any(names.aliases))


def _thorough(
    kind: RecordKind, key: str, raw: dict[str, Any], *, strict: bool = False
) -> tuple[Record | None, list[Problem]]:
    table = kind.table
    raw_id = raw.get("id")
    shown_id = shown_key(raw_id, 200) if isinstance(raw_id, str) else None
    too_deep, duplicates = _inspect(raw)
    if too_deep:
        return None, [
            Problem(
                "error",
                table,
                key,
                shown_id,
                "",
                said(N_("record is nested more than {depth} levels deep"), depth=str(MAX_RECORD_DEPTH)),
            )
        ]
    problems = [
        Problem(
            "warning",
            table,
            key,
            shown_id,
            "",
            said(
                N_("key {key} appears more than once in an object; the last value is used"),
                key=repr(shown_key(duplicate)),
            ),
        )
        for duplicate in duplicates
    ]
    cleaned = clean_tree(raw)
    try:
        record = msgspec.convert(cleaned, type=kind.record_type)
    except msgspec.ValidationError as error:
        first = _said(error, cleaned)
        kept, left_out, blocking = (None, [], None) if strict else _without_bad_optional_values(kind, cleaned, error)
        if kept is None:
            where, message = blocking or first
            problems.append(Problem("error", table, key, shown_id, where, message))
            return None, problems
        record = kept
        problems += [Problem("warning", table, key, shown_id, where, message) for where, message in left_out]
    if not record.names.all:
        problems.append(Problem("error", table, key, record.id, "$.names", NO_NAME))
        return None, problems
    return record, problems


def _without_bad_optional_values(
    kind: RecordKind, tree: Any, error: msgspec.ValidationError
) -> tuple[Record | None, list[tuple[str, Translatable]], tuple[str, Translatable] | None]:
    """The record without the bad values of its optional fields, what was left out (where, in words), and what
    keeps the record out when it cannot be kept (something required that is wrong; None: it would have no name
    left, or too much is wrong). `tree` is changed.
    """
    left_out: list[tuple[str, Translatable]] = []
    for _attempt in range(MAX_VALUES_LEFT_OUT):
        where, message = _said(error, tree)
        found = _optional_field_at(kind.record_type, tree, where)
        if found is None:
            return None, [], (where, message)
        container, name = found
        del container[name]
        left_out.append((where, said(N_("{problem}; {outcome}"), problem=message, outcome=_left_out(where))))
        try:
            record = msgspec.convert(tree, type=kind.record_type)
        except msgspec.ValidationError as next_error:
            error = next_error
            continue
        return (record, left_out, None) if record.names.all else (None, [], None)
    return None, [], None


def _left_out(where: str) -> Translatable:
    field = where.rsplit(".", 1)[-1]
    if where.startswith("$.facts[") and field != "facts":
        return said(N_("the {field} was left out and the fact kept"), field=field)
    return said(N_("the {field} was left out and the record kept"), field=field)


_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def _path_parts(where: str) -> list[str | int] | None:
    """`$.facts[0].number` as ["facts", 0, "number"] (None for what is not such a path)."""
    if not where.startswith("$"):
        return None
    parts: list[str | int] = []
    at = 1
    for match in _PATH_PART.finditer(where, 1):
        if match.start() != at:
            return None
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        at = match.end()
    return parts if at == len(where) else None


def _optional_field_at(record_type: type, tree: Any, where: str) -> tuple[dict[str, Any], str] | None:
    """The object holding the value at `where` and the value's key, if that value is an optional field's."""
    parts = _path_parts(where)
    if not parts or not isinstance(parts[-1], str):
        return None
    info: msgspec.inspect.Type | None = msgspec.inspect.type_info(record_type)
    node = tree
    for part in parts[:-1]:
        info = _step(info, part) if info is not None else None
        if info is None:
            return None
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    struct = _struct_of(info)
    if struct is None or not isinstance(node, dict) or parts[-1] not in node:
        return None
    field = next((field for field in struct.fields if field.encode_name == parts[-1]), None)
    return (node, parts[-1]) if field is not None and not field.required else None


def _struct_of(info: msgspec.inspect.Type | None) -> msgspec.inspect.StructType | None:
    while isinstance(info, msgspec.inspect.Metadata):
        info = info.type
    if isinstance(info, msgspec.inspect.UnionType):
        structs = [each for each in info.types if isinstance(each, msgspec.inspect.StructType)]
        info = structs[0] if len(structs) == 1 else None
    return info if isinstance(info, msgspec.inspect.StructType) else None


def _step(info: msgspec.inspect.Type, part: str | int) -> msgspec.inspect.Type | None:
    """The type of `part` (a field name, or an index) of a value of type `info`."""
    if isinstance(part, int):
        while isinstance(info, msgspec.inspect.Metadata):
            info = info.type
        if isinstance(info, (msgspec.inspect.VarTupleType, msgspec.inspect.ListType)):
            return info.item_type
        return None
    struct = _struct_of(info)
    if struct is None:
        return None
    return next((field.type for field in struct.fields if field.encode_name == part), None)


# -- problems in words ------------------------------------------------------------------

SLUG_WORDS = N_(
    "an id is a slug: lowercase letters a-z, digits and hyphens, starting with a letter or a digit (like groupe-tazi)"
)
NO_NAME = said(N_("a record needs at least one name"))
_SLUG_PATTERN = "Expected `str` matching regex '^[a-z0-9][a-z0-9-]*$'"
_NUMBER_TYPE = re.compile(r"^Expected `(float|int)( \| null)?`, got `str`$")
#: a number as text that reads one way only: digits, or thousands in groups of three (1,000; 2 500; ١٬٠٠٠)
_NUMBER_TEXT = re.compile(
    r"^[+-]?(?:[0-9٠-٩]+|[0-9٠-٩]{1,3}(?:[,\s\u00a0\u202f'\u066c][0-9٠-٩]{3})+)(?:[.\u066b][0-9٠-٩]+)?$"
)


def _said(error: msgspec.ValidationError, tree: Any) -> tuple[str, Translatable]:
    """Where a validation error is, and what is wrong there in words (the value quoted where it helps)."""
    message, _, where = str(error).rpartition(" - at ")
    if not message:
        return "", msgspec_words(str(error))
    where = where.strip("`")
    value = _value_at(tree, where)
    if message == _SLUG_PATTERN:
        if isinstance(value, str):
            return where, said(
                N_("{slug}; {value} is not one"), slug=said(SLUG_WORDS), value=repr(shown_key(value, 80))
            )
        return where, said(SLUG_WORDS)
    if _NUMBER_TYPE.match(message) and isinstance(value, str):
        return where, _number_words(value)
    return where, msgspec_words(message)


#: msgspec's validation messages Marsad says in its own words (the wording kept, so that English reads as before)
_MSGSPEC_FORMS = (
    (re.compile(r"^Expected `(?P<expected>[^`]+)`, got `(?P<got>[^`]+)`$"), N_("Expected `{expected}`, got `{got}`")),
    (re.compile(r"^Expected `(?P<expected>[^`]+)`$"), N_("Expected `{expected}`")),
    (re.compile(r"^Object missing required field `(?P<field>[^`]+)`$"), N_("Object missing required field `{field}`")),
    (re.compile(r"^Object contains unknown field `(?P<field>[^`]+)`$"), N_("Object contains unknown field `{field}`")),
    (
        re.compile(r"^Expected `(?P<expected>[^`]+)` of length >= (?P<length>\d+)$"),
        N_("Expected `{expected}` of length >= {length}"),
    ),
    (
        re.compile(r"^Expected `(?P<expected>[^`]+)` of length <= (?P<length>\d+)$"),
        N_("Expected `{expected}` of length <= {length}"),
    ),
    (
        re.compile(r"^Expected `(?P<expected>[^`]+)` matching regex (?P<pattern>.+)$"),
        N_("Expected `{expected}` matching regex {pattern}"),
    ),
)


def msgspec_words(message: str) -> Translatable:
    """A msgspec validation message as one of Marsad's (its other messages are kept as they are)."""
    for form, msgid in _MSGSPEC_FORMS:
        if (match := form.match(message)) is not None:
            return said(msgid, **match.groupdict())
    return verbatim(message)


def _number_words(text: str) -> Translatable:
    shown = shown_key(text, 40)
    if _NUMBER_TEXT.match(text.strip()) and not _THOUSANDS_OR_DECIMALS.match(text.strip()):
        digits = re.sub(r"[,\s\u00a0\u202f\u066c']", "", text.strip()).translate(_ARABIC_DIGITS).replace("\u066b", ".")
        try:
            number = float(digits)
        except ValueError:
            number = None
        if number is not None:
            written = str(int(number)) if number.is_integer() else repr(number)
            return said(
                N_(
                    "a number is written as a JSON number, not as text: write {number} (no quotes, no thousands "
                    'separators) instead of "{text}"'
                ),
                number=written,
                text=shown,
            )
    return said(N_('a number is written as a JSON number (like 2500) or null, not as the text "{text}"'), text=shown)


_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
#: "1.000": a thousand where a point separates thousands, one where it is a decimal point: no advice
_THOUSANDS_OR_DECIMALS = re.compile(r"^[+-]?[0-9٠-٩]{1,3}[.\u066b][0-9٠-٩]{3}$")


def _value_at(tree: Any, where: str) -> Any:
    node = tree
    for part in _path_parts(where) or []:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _inspect(value: Any) -> tuple[bool, list[str]]:
    """Whether `value` nests deeper than MAX_RECORD_DEPTH, and its duplicate object keys.

    Iterative, so no nesting can raise RecursionError here.
    """
    duplicates: list[str] = []
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_RECORD_DEPTH:
            return True, duplicates
        if isinstance(item, dict):
            duplicates.extend(getattr(item, "duplicate_keys", ()))
            stack.extend((child, depth + 1) for child in item.values() if isinstance(child, (dict, list)))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return False, duplicates


def shown_key(key: str, limit: int = 40) -> str:
    """A key or table name from the file, safe and short enough to print."""
    shown = clean_stored(key)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"

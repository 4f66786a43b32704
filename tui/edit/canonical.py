"""The canonical layout of a database file: what every write produces, byte for byte.

One function of the data, so that the same records always give the same bytes,
and an edit changes only the lines of what it changed:

* JSON indented by two spaces, one key a line, `": "` after a key, a newline at
  the end (what `json.dumps(data, indent=2, ensure_ascii=False)` writes, and what
  the bundled database already is);
* tables in the order of `tui.data.kinds.KINDS`, other tables after them by name;
  documents by number (TinyDB gives each new document the next one), other keys
  after them by name;
* the keys of every object in `KEY_ORDER` (the way a person reads a record: its
  id, its names, then what it says, each fact's quote after its value), unknown
  keys after them by name;
* text as UTF-8, Arabic as Arabic (`ensure_ascii=False`), except the characters
  that could drive a terminal or reorder a line (`tui.text.gate`: DEL, C1
  controls, bidi embeddings/overrides/isolates, line and paragraph separators)
  and lone surrogates, written as `\\uXXXX` escapes: `cat` or `git diff` of a
  canonical file never sends a control to the terminal. Values are kept as they
  are (an integer stays an integer, a float a float).

Why indented rather than one record a line: `tools/merge_layouts.py` runs real
`git merge` on two clones of the bundled database for seven pairs of edits. With
this layout five of the seven merge without a conflict (facts added to two
records, even adjacent ones; a label changed in one record and a fact added to
the next; labels of two facts of one record); with one record a line, one of the
seven does. What still conflicts line by line (facts added to the same record, a
new record on each side) is merged record by record by `marsad merge`
(`tui.edit.merge`).

Encoding is msgspec's (ten times faster than `json.dumps` with an indent, and
the same bytes); `document_bytes` encodes one document, `assemble` the file.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import msgspec

from tui.data.kinds import KINDS
from tui.text.gate import BIDI_OVERRIDES, LINE_SEPARATORS, SURROGATES, TERMINAL_CONTROLS

KEY_ORDER: tuple[str, ...] = (
    "id",
    "names",
    "ar",
    "latin",
    "aliases",
    "title",
    "organization",
    "role",
    "outlet",
    "date",
    "url",
    "language",
    "parties",
    "members",
    "roles",
    "field",
    "label",
    "value",
    "source",
    "quote",
    "number",
    "unit",
    "qualifier",
    "ref",
    "speaker",
    "facts",
    "text",
)
"""Known keys, in the order they are written (unknown keys follow, by name).

One order serves every kind of object: a record (id, names, parties or members or
roles, facts), a source (id, title, outlet, date, url, language, text), a fact
(field, label, value, source, quote, number, unit, qualifier, ref, speaker), a
membership (organization, role, source, quote), a role (title, organization,
source, quote) and names (ar, latin, aliases)."""

TABLE_ORDER: tuple[str, ...] = tuple(kind.table for kind in KINDS)

_RANK = {key: rank for rank, key in enumerate(KEY_ORDER)}
_UNKNOWN = len(KEY_ORDER)
_in_order: set[tuple[str, ...]] = set()
"""Key tuples already seen to be in canonical order (a record has few shapes)."""

_ENCODER = msgspec.json.Encoder()
_INDENT = 2


def _key_rank(key: str) -> tuple[int, str]:
    return (_RANK.get(key, _UNKNOWN), key)


def ordered(value: Any) -> Any:
    """`value` with the keys of every object in canonical order.

    Objects already in order are returned as they are (not copied); an object out
    of order is returned as a new dict, never changed in place.
    """
    if isinstance(value, dict):
        keys = tuple(value)
        if keys not in _in_order:
            wanted = tuple(sorted(keys, key=_key_rank))
            if wanted != keys:
                return {key: ordered(value[key]) for key in wanted}
            if len(_in_order) < 4096:
                _in_order.add(keys)
        return _with_ordered_items(value, value.items(), dict)
    if isinstance(value, list):
        return _with_ordered_items(value, enumerate(value), list)
    return value


def _with_ordered_items(container: Any, items: Iterable[tuple[Any, Any]], copy: Callable[[Any], Any]) -> Any:
    """`container` (a dict or a list) with its items `ordered`: itself when none changed, else a copy."""
    changed: Any = None
    for place, item in items:
        if isinstance(item, (dict, list)):
            new = ordered(item)
            if new is not item:
                if changed is None:
                    changed = copy(container)
                changed[place] = new
    return container if changed is None else changed


def document_bytes(document: Any) -> bytes:
    """The compact JSON of a value whose objects are in canonical order (see `ordered`).

    Lone surrogates (JSON's `\\ud800` escapes decode to them) are kept, escaped.
    """
    try:
        return _ENCODER.encode(document)
    except UnicodeEncodeError:
        return _encode_with_surrogates(document)


def document_order(key: str) -> tuple[int, int, str]:
    """Where a document key sorts in its table: numbers in order, then other keys by name."""
    if key.isascii() and key.isdigit() and len(key) <= 30:
        return (0, int(key), "")
    return (1, 0, key)


def table_order(name: str) -> tuple[int, str]:
    """Where a table sorts in the file: Marsad's tables in the order of KINDS, then others by name."""
    try:
        return (TABLE_ORDER.index(name), "")
    except ValueError:
        return (len(TABLE_ORDER), name)


def assemble(tables: Iterable[tuple[str, bytes | Iterable[tuple[str, bytes]]]]) -> bytes:
    """The canonical file from its tables, in the order given (`table_order`, `document_order`).

    Each table is either the compact JSON of its whole value (a table that is not
    an object of documents) or its documents' keys and compact JSON
    (`document_bytes`), in order.
    """
    compact = _object((name, body if isinstance(body, bytes) else _object(body)) for name, body in tables)
    # (escaped after formatting: msgspec's formatter refuses an escaped lone surrogate)
    return escape_unsafe(msgspec.json.format(compact, indent=_INDENT)) + b"\n"


def _object(members: Iterable[tuple[str, bytes]]) -> bytes:
    """The compact JSON object of keys and their values' compact JSON."""
    return b"{" + b",".join(_ENCODER.encode(key) + b":" + value for key, value in members) + b"}"


def encode_database(data: Mapping[str, Any]) -> bytes:
    """The canonical bytes of a whole database (a TinyDB dict of tables)."""
    return assemble(
        (
            name,
            [(key, document_bytes(ordered(table[key]))) for key in sorted(table, key=document_order)]
            if isinstance(table, dict)
            else document_bytes(ordered(table)),
        )
        for name, table in sorted(data.items(), key=lambda item: table_order(item[0]))
    )


# -- characters written as escapes ----------------------------------------------------


def _code_points(ranges: Iterable[tuple[int, int]]) -> Iterable[int]:
    for low, high in ranges:
        yield from range(low, high + 1)


_ESCAPED = tuple(
    code
    for code in _code_points(TERMINAL_CONTROLS + BIDI_OVERRIDES)
    if code >= 0x7F  # (JSON escapes C0 itself)
) + tuple(map(ord, LINE_SEPARATORS))
_ESCAPED_BYTES = {chr(code).encode(): f"\\u{code:04x}".encode() for code in _ESCAPED} | {
    chr(code).encode("utf-8", "surrogatepass"): f"\\u{code:04x}".encode() for code in _code_points(SURROGATES)
}
_LENGTHS = {encoded[:1]: len(encoded) for encoded in _ESCAPED_BYTES}
"""The first byte of the UTF-8 form of an escaped character, and the form's length (one per first byte)."""
_LEADS = tuple(sorted(_LENGTHS))
_SURROGATE = re.compile(f"([{chr(SURROGATES[0][0])}-{chr(SURROGATES[0][1])}])")
_UNSAFE = re.compile(b"|".join(re.escape(encoded) for encoded in sorted(_ESCAPED_BYTES, key=len, reverse=True)))


def escape_unsafe(compact: bytes) -> bytes:
    """JSON with the characters above written as `\\uXXXX` (they only occur inside strings).

    Their UTF-8 forms start with few distinct bytes; most files hold none of
    those in a form that needs escaping, which `bytes.find` shows faster than a
    regular expression could.
    """
    if any(_holds_escaped(compact, lead) for lead in _LEADS):
        return _UNSAFE.sub(lambda match: _ESCAPED_BYTES[match.group()], compact)
    return compact


def _holds_escaped(data: bytes, lead: bytes) -> bool:
    length = _LENGTHS[lead]
    at = data.find(lead)
    while at >= 0:
        if data[at : at + length] in _ESCAPED_BYTES:
            return True
        at = data.find(lead, at + 1)
    return False


def _encode_with_surrogates(document: Any) -> bytes:
    """Encode a value holding lone surrogates (msgspec refuses them), as `document_bytes` would.

    Every string holding one is swapped for a unique placeholder while msgspec
    encodes, then the placeholder for the string's JSON: msgspec's escaping of
    the rest, the surrogates as the bytes `escape_unsafe` turns into escapes.
    """
    originals: list[str] = []
    nonce = f"marsad-surrogate-{secrets.token_hex(8)}-"

    def swap(value: Any) -> Any:
        if isinstance(value, str):
            if _SURROGATE.search(value) is None:
                return value
            originals.append(value)
            return f"{nonce}{len(originals) - 1}"
        if isinstance(value, dict):
            return {swap(key): swap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [swap(item) for item in value]
        return value

    encoded = _ENCODER.encode(swap(document))
    for index, original in enumerate(originals):
        pieces = _SURROGATE.split(original)
        text = b"".join(
            piece.encode("utf-8", "surrogatepass") if place % 2 else _ENCODER.encode(piece)[1:-1]
            for place, piece in enumerate(pieces)
        )
        encoded = encoded.replace(_ENCODER.encode(f"{nonce}{index}"), b'"' + text + b'"', 1)
    return encoded

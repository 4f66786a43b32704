"""Three-way merge of Marsad databases, record by record: what `marsad merge` does for git.

Git merges text line by line, and two analysts who each add a record, or a fact
to the same record, touch the same lines. This merges what the lines mean:

* records are matched by id (`t2s`), in each table, whatever their document keys
  (both clones give their new record the next key: one of them is given another);
* a record changed on one side only takes that side; changed on both, it is
  merged field by field, and its lists item by item: facts by their field,
  source and quote (which are never edited), members by organization, roles by
  title and organization, parties and aliases by value; items added on both
  sides are all kept (ours first);
* a conflict is only the same thing changed two ways: a fact whose label, value
  or number each side changed differently, a field both changed, a record one
  side deleted and the other changed, a record both added differently.

The result is written in the canonical layout. Each conflict is written between
git's markers, only around the lines that differ (ours, then theirs: resolving
it is keeping one side's lines), and named on one line; nothing of either side
is lost. Without conflicts the file is a database, ready to commit.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from tui.data.kinds import BY_TABLE
from tui.edit.canonical import document_bytes, document_order, encode_database, ordered, table_order
from tui.edit.wording import shown
from tui.i18n import N_, _


class _Unsettled:
    def __repr__(self) -> str:
        return "UNSETTLED"


_UNSETTLED: Any = _Unsettled()


def _settled(base: Any, ours: Any, theirs: Any) -> Any:
    """What a three-way merge of one value gives when at most one side changed it; `_UNSETTLED` when both did."""
    if ours == theirs or base == theirs:
        return ours
    if base == ours:
        return theirs
    return _UNSETTLED


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""Not there (a record, a field or an item one side does not have)."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """Something both sides changed differently; in the merged file, ours and theirs between markers."""

    where: str
    """`organizations 't2s', fact 3 ('cost', quote '...')`"""
    what: str
    """`changed on both sides: label, value`"""

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class MergeResult:
    """The merged database: with ours where they conflict, and with theirs; the conflicts."""

    ours: dict[str, Any]
    theirs: dict[str, Any]
    conflicts: list[Conflict] = field(default_factory=list)

    def text(self, marker_size: int = 7, labels: tuple[str, str] = ("ours", "theirs")) -> bytes:
        """The merged file: canonical, with conflict markers around what differs."""
        if not self.conflicts:
            return encode_database(self.ours)
        return _with_markers(self.ours, self.theirs, marker_size, labels)


def merge_databases(base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> MergeResult:
    """Merge two databases that both changed `base` (TinyDB dicts of tables)."""
    result = MergeResult({}, {})
    for name in sorted(set(base) | set(ours) | set(theirs), key=table_order):
        b, o, t = base.get(name, MISSING), ours.get(name, MISSING), theirs.get(name, MISSING)
        if all(isinstance(side, dict) or side is MISSING for side in (b, o, t)):
            merged_ours, merged_theirs = _merge_table(name, b or {}, o or {}, t or {}, result.conflicts)
            if o is not MISSING or t is not MISSING:
                result.ours[name], result.theirs[name] = merged_ours, merged_theirs
            continue
        value_ours, value_theirs = _merge_value(b, o, t, f"table {name!r}", result.conflicts)
        if value_ours is not MISSING:
            result.ours[name] = value_ours
        if value_theirs is not MISSING:
            result.theirs[name] = value_theirs
    return result


def merge_document(
    table: str, base: Mapping[str, Any] | None, ours: Mapping[str, Any] | None, theirs: Mapping[str, Any] | None
) -> tuple[Mapping[str, Any] | None, list[Conflict]]:
    """One document merged three ways (None: not there): with ours where they conflict, and the conflicts."""
    conflicts: list[Conflict] = []
    b, o, t = (MISSING if side is None else side for side in (base, ours, theirs))
    where = _record_where(table, _identity("", ours or theirs or base))
    merged, _theirs = _merge_record(table, b, o, t, where, conflicts)
    return (None if merged is MISSING else merged), conflicts


def _identity(key: str, document: Any) -> Hashable:
    """How a document is recognised on the three sides: its id, or (without one) its key."""
    record_id = document.get("id") if isinstance(document, dict) else None
    return ("id", record_id) if isinstance(record_id, str) else ("key", key)


def _merge_table(
    name: str, base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], conflicts: list[Conflict]
) -> tuple[dict[str, Any], dict[str, Any]]:
    sides = [{_identity(key, doc): (key, doc) for key, doc in table.items()} for table in (base, ours, theirs)]
    by_base, by_ours, by_theirs = sides
    identities = list(dict.fromkeys([*by_ours, *by_theirs, *by_base]))
    merged: list[tuple[Hashable, Any, Any]] = []
    for identity in identities:
        b = by_base.get(identity, (None, MISSING))[1]
        o = by_ours.get(identity, (None, MISSING))[1]
        t = by_theirs.get(identity, (None, MISSING))[1]
        where = _record_where(name, identity)
        merged.append((identity, *_merge_record(name, b, o, t, where, conflicts)))
    # Keys: ours where ours has the record, else theirs, else base, unless taken: then the next free one.
    used: set[str] = set()
    keys: dict[Hashable, str] = {}
    for identity, value_ours, value_theirs in merged:
        if value_ours is MISSING and value_theirs is MISSING:
            continue
        for side in (by_ours, by_theirs, by_base):
            key = side.get(identity, (None, None))[0]
            if key is not None and key not in used:
                keys[identity] = key
                used.add(key)
                break
    numbers = [int(key) for key in used if key.isascii() and key.isdigit()]
    next_key = max(numbers, default=0) + 1
    for identity, value_ours, value_theirs in merged:
        if (value_ours is not MISSING or value_theirs is not MISSING) and identity not in keys:
            keys[identity] = str(next_key)
            next_key += 1
    table_ours: dict[str, Any] = {}
    table_theirs: dict[str, Any] = {}
    for identity, value_ours, value_theirs in merged:
        if value_ours is not MISSING:
            table_ours[keys[identity]] = value_ours
        if value_theirs is not MISSING:
            table_theirs[keys[identity]] = value_theirs
    return table_ours, table_theirs


def _merge_record(
    name: str, base: Any, ours: Any, theirs: Any, where: str, conflicts: list[Conflict]
) -> tuple[Any, Any]:
    if (settled := _settled(base, ours, theirs)) is not _UNSETTLED:
        return settled, settled
    if ours is MISSING or theirs is MISSING:
        conflicts.append(Conflict(where, _("deleted on one side, changed on the other")))
        return ours, theirs
    if not (isinstance(ours, dict) and isinstance(theirs, dict)):
        conflicts.append(Conflict(where, _("changed on both sides")))
        return ours, theirs
    if base is MISSING:
        base = {}  # (added on both sides: whatever both say the same is merged as if it had been there)
        if BY_TABLE.get(name) is not None and not _same_kind_of_thing(ours, theirs):
            conflicts.append(Conflict(where, _("added on both sides, differently")))
            return ours, theirs
    if not isinstance(base, dict):
        base = {}
    merged_ours: dict[str, Any] = {}
    merged_theirs: dict[str, Any] = {}
    for key in dict.fromkeys([*ours, *theirs, *base]):
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        if key in _LIST_IDENTITY and all(isinstance(side, list) or side is MISSING for side in (b, o, t)):
            value_ours, value_theirs = _merge_list(key, b or [], o or [], t or [], where, conflicts)
            present = o is not MISSING or t is not MISSING
        elif key == "names" and all(isinstance(side, dict) or side is MISSING for side in (b, o, t)):
            value_ours, value_theirs = _merge_record(name, b or {}, o or {}, t or {}, f"{where}, names", conflicts)
            present = o is not MISSING or t is not MISSING
        else:
            value_ours, value_theirs = _merge_value(b, o, t, f"{where}, {key}", conflicts)
            present = True
        if present and value_ours is not MISSING:
            merged_ours[key] = value_ours
        if present and value_theirs is not MISSING:
            merged_theirs[key] = value_theirs
    return merged_ours, merged_theirs


def _same_kind_of_thing(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """Whether two records added on both sides with one id may be merged: the same names (else two things)."""
    return ours.get("names") == theirs.get("names") and ours.get("text") == theirs.get("text")


def _merge_value(base: Any, ours: Any, theirs: Any, where: str, conflicts: list[Conflict]) -> tuple[Any, Any]:
    if (settled := _settled(base, ours, theirs)) is not _UNSETTLED:
        return settled, settled
    conflicts.append(
        Conflict(where, _("changed on both sides ({ours} / {theirs})").format(ours=_short(ours), theirs=_short(theirs)))
    )
    return ours, theirs


def _fact_identity(item: Any) -> Hashable:
    if isinstance(item, dict):
        return ("fact", item.get("field"), item.get("source"), item.get("quote"))
    return ("json", document_bytes(ordered(item)))


def _member_identity(item: Any) -> Hashable:
    if isinstance(item, dict):
        return ("member", item.get("organization"), item.get("source"), item.get("quote"))
    return ("json", document_bytes(ordered(item)))


def _role_identity(item: Any) -> Hashable:
    if isinstance(item, dict):
        return ("role", item.get("title"), item.get("organization"), item.get("source"), item.get("quote"))
    return ("json", document_bytes(ordered(item)))


def _value_identity(item: Any) -> Hashable:
    return ("json", document_bytes(ordered(item)))


_LIST_IDENTITY: dict[str, Callable[[Any], Hashable]] = {
    "facts": _fact_identity,
    "members": _member_identity,
    "roles": _role_identity,
    "parties": _value_identity,
    "aliases": _value_identity,
}


def _numbered(items: list[Any], identity: Callable[[Any], Hashable]) -> dict[Hashable, Any]:
    """Items by identity; the second item with one identity is (identity, 2)..."""
    seen: dict[Hashable, int] = {}
    out: dict[Hashable, Any] = {}
    for item in items:
        key = identity(item)
        seen[key] = seen.get(key, 0) + 1
        out[(key, seen[key])] = item
    return out


def _merge_list(
    name: str, base: list[Any], ours: list[Any], theirs: list[Any], where: str, conflicts: list[Conflict]
) -> tuple[list[Any], list[Any]]:
    identity = _LIST_IDENTITY[name]
    by_base, by_ours, by_theirs = (_numbered(items, identity) for items in (base, ours, theirs))
    merged_ours: list[Any] = []
    merged_theirs: list[Any] = []
    for key in dict.fromkeys([*by_ours, *by_theirs]):
        b, o, t = by_base.get(key, MISSING), by_ours.get(key, MISSING), by_theirs.get(key, MISSING)
        if (settled := _settled(b, o, t)) is not _UNSETTLED:
            value_ours = value_theirs = settled
        else:
            place = list(by_ours).index(key) if key in by_ours else None
            item_where = f"{where}, {_item_name(name, o if o is not MISSING else t, place)}"
            conflicts.append(Conflict(item_where, _item_conflict(o, t)))
            value_ours, value_theirs = o, t
        if value_ours is not MISSING:
            merged_ours.append(value_ours)
        if value_theirs is not MISSING:
            merged_theirs.append(value_theirs)
    return merged_ours, merged_theirs


def _item_conflict(ours: Any, theirs: Any) -> str:
    if ours is MISSING or theirs is MISSING:
        return _("deleted on one side, changed on the other")
    if isinstance(ours, dict) and isinstance(theirs, dict):
        changed = [key for key in dict.fromkeys([*ours, *theirs]) if ours.get(key) != theirs.get(key)]
        return _("changed on both sides: {fields}").format(fields=", ".join(changed))
    return _("changed on both sides")


def _item_name(list_name: str, item: Any, index: int | None) -> str:
    singular = _(_ITEMS[list_name])
    place = f" {index + 1}" if index is not None else ""
    if isinstance(item, dict):
        about = item.get("field") or item.get("organization") or item.get("title")
        quote = item.get("quote")
        parts = (shown(about) if about else "", _("quote {quote}").format(quote=shown(quote, 40)) if quote else "")
        details = ", ".join(part for part in parts if part)
        return f"{singular}{place} ({details})" if details else f"{singular}{place}"
    return f"{singular}{place} {shown(item)}"


#: an item of each list, as a conflict names it (messages)
_ITEMS = {
    "facts": N_("fact"),
    "members": N_("member"),
    "roles": N_("role"),
    "parties": N_("party"),
    "aliases": N_("alias"),
}


def _record_where(name: str, identity: Hashable) -> str:
    assert isinstance(identity, tuple)
    kind, value = identity
    return f"{name} {shown(value)}" if kind == "id" else f"{name}[{value}]"


def _short(value: Any) -> str:
    return _("(none)") if value is MISSING else shown(document_bytes(ordered(value)).decode("utf-8", "replace"), 40)


# -- the merged file, with markers ------------------------------------------------------


def _chunks(data: Mapping[str, Any]) -> Iterator[tuple[Hashable, bytes]]:
    """The canonical file of `data` cut into labelled pieces: its start, each table's head, each document.

    The layout puts a table's key 2 spaces in and, in a table that is an object,
    each document's key 4 spaces in (a document's own lines are deeper, and a
    line break inside a string is written as an escape): the file is cut there.
    """
    label: Hashable = ("start",)
    table = ""
    in_object = False
    piece: list[bytes] = []
    for line in encode_database(data).splitlines(keepends=True):
        if line.startswith(b'  "'):
            yield label, b"".join(piece)
            table = _key_of(line)
            in_object = line.rstrip().endswith(b"{")
            label, piece = ("table", table), []
        elif in_object and line.startswith(b'    "'):
            yield label, b"".join(piece)
            label, piece = ("document", table, _key_of(line)), []
        piece.append(line)
    yield label, b"".join(piece)


def _key_of(line: bytes) -> str:
    key, _end = json.JSONDecoder().raw_decode(line.strip().decode("utf-8", "surrogatepass"))
    return str(key)


def _with_markers(ours: Mapping[str, Any], theirs: Mapping[str, Any], size: int, labels: tuple[str, str]) -> bytes:
    """The canonical file of `ours`, with git's markers where `theirs` differs, around the differing lines only."""
    pieces_ours = dict(_chunks(ours))
    pieces_theirs = dict(_chunks(theirs))
    order = sorted(dict.fromkeys([*pieces_ours, *pieces_theirs]), key=_chunk_order)
    out: list[bytes] = []
    pending_ours: list[bytes] = []
    pending_theirs: list[bytes] = []

    def flush() -> None:
        if pending_ours or pending_theirs:
            out.append(_marked(b"".join(pending_ours), b"".join(pending_theirs), size, labels))
            pending_ours.clear()
            pending_theirs.clear()

    for label in order:
        mine = pieces_ours.get(label, b"")
        other = pieces_theirs.get(label, b"")
        if mine == other:
            flush()
            out.append(mine)
        else:
            pending_ours.append(mine)
            pending_theirs.append(other)
    flush()
    return b"".join(out)


def _chunk_order(label: Hashable) -> tuple[Any, ...]:
    assert isinstance(label, tuple)
    if label[0] == "start":
        return (0,)
    if label[0] == "table":
        return (1, table_order(label[1]), (0, 0, ""))
    return (1, table_order(label[1]), document_order(label[2]))


def _marked(mine: bytes, other: bytes, size: int, labels: tuple[str, str]) -> bytes:
    """`mine` and `other` line by line: equal lines once, differing runs between markers."""
    a = mine.splitlines(keepends=True)
    b = other.splitlines(keepends=True)
    out: list[bytes] = []
    for tag, a_low, a_high, b_low, b_high in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(a[a_low:a_high])
            continue
        out.append(b"<" * size + b" " + labels[0].encode() + b"\n")
        out.extend(a[a_low:a_high])
        out.append(b"=" * size + b"\n")
        out.extend(b[b_low:b_high])
        out.append(b">" * size + b" " + labels[1].encode() + b"\n")
    return b"".join(out)

"""What the detail pane says about a record, as plain data (no widgets).

A detail is a list of `Block`s: a paragraph of logical text with a role (how it
is styled), an optional label shown in a column on its left, and an optional
target that `enter` follows. The same blocks give the plain-text form that `y`
copies to the clipboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from tui.store.database import Database
from tui.data.kinds import kind_of, label
from tui.data.models import Association, Fact, Organization, Partnership, Person, Record, Source

T = TypeVar("T")

Role = Literal["title", "subtitle", "heading", "text", "fact", "link", "quote", "muted"]


@dataclass(frozen=True, slots=True)
class RecordTarget:
    """Open another record."""

    record_id: str


@dataclass(frozen=True, slots=True)
class QuoteTarget:
    """Open a source article at a quote."""

    source_id: str
    quote: str


Target = RecordTarget | QuoteTarget

# What a detail lays out at most: more would freeze the screen (50,000 facts, or
# 60,000 aliases, take seconds), and nobody scrolls that far. What is left out is
# said in a note; search and copy (`complete=True`) still see all of it.
#: facts of one record
MAX_FACTS_SHOWN = 1000
#: links of one list (partnerships, members, people, sources, citing records)
MAX_LINKS_SHOWN = 1000
#: characters of one value, name, label or title
MAX_VALUE_CHARS = 4000
#: characters of the whole detail
MAX_DETAIL_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Block:
    text: str
    role: Role = "text"
    label: str = ""
    target: Target | None = None


def display_name(record: Record) -> str:
    """Arabic name, with the Latin one in brackets when both exist."""
    names = record.names
    if names.ar and names.latin and names.latin not in names.ar:
        return f"{names.ar} ({names.latin})"
    return names.primary


def detail_blocks(database: Database, record: Record, *, complete: bool = False) -> list[Block]:
    """The detail of a record; `complete` lifts the limits meant for the screen (for copying)."""
    blocks = _all_blocks(database, record, complete)
    return blocks if complete else _fit_for_screen(blocks)


def _fit_for_screen(blocks: list[Block]) -> list[Block]:
    """Every text and label clipped, and the whole within MAX_DETAIL_CHARS."""
    fitted: list[Block] = []
    total = 0
    for block in blocks:
        block = replace(block, text=_clip(block.text), label=_clip(block.label))
        total += len(block.text) + len(block.label)
        if total > MAX_DETAIL_CHARS:
            fitted.append(Block("The rest of this record is too long to show here: search (/) finds it, y copies all of it", "muted"))
            break
        fitted.append(block)
    return fitted


def _all_blocks(database: Database, record: Record, complete: bool) -> list[Block]:
    kind = kind_of(record)
    blocks = [Block(record.names.primary, "title"), Block(label(kind) + " · " + record.id, "muted")]
    if record.names.latin and record.names.ar:
        blocks.append(Block(record.names.latin, "subtitle"))
    if record.names.aliases:
        blocks.append(Block(_names(record.names.aliases, complete), "text", label="Also"))
    if isinstance(record, Organization):
        blocks += _organization(database, record, complete)
    elif isinstance(record, Partnership):
        blocks += _partnership(database, record, complete)
    elif isinstance(record, Association):
        blocks += _association(database, record, complete)
    elif isinstance(record, Person):
        blocks += _person(database, record, complete)
    elif isinstance(record, Source):
        blocks += _source(database, record, complete)
    if not isinstance(record, Source):
        sources = database.sources_of(record)
        if sources:
            blocks.append(Block("Sources", "heading"))
            blocks += _limited([Block(source.names.primary, "link", target=RecordTarget(source.id)) for source in _first(sources, complete)], sources, complete, "sources")
    return blocks


def _first(items: Sequence[T], complete: bool) -> Sequence[T]:
    """The items a detail shows: all of them, or the first MAX_LINKS_SHOWN."""
    return items if complete else items[:MAX_LINKS_SHOWN]


def _limited(blocks: list[Block], items: Sequence[object], complete: bool, noun: str) -> list[Block]:
    """`blocks` made from `_first(items, complete)`, with a note when some were left out."""
    hidden = len(items) - len(_first(items, complete))
    if hidden:
        blocks.append(Block(f"{hidden:,} more {noun} not shown here: y copies them all", "muted"))
    return blocks


def _names(names: Sequence[str], complete: bool) -> str:
    """Aliases joined for reading; on screen, as many as MAX_VALUE_CHARS holds, then how many more."""
    if complete:
        return "، ".join(names)
    shown: list[str] = []
    used = 0
    for name in names:
        used += len(name) + 2
        if shown and used > MAX_VALUE_CHARS - 64:  # (room for the note)
            return "، ".join(shown) + f" … [{len(names) - len(shown):,} more names not shown]"
        shown.append(name)
    return "، ".join(shown)


def _clip(text: str) -> str:
    """A value short enough to lay out at once; the full text stays searchable and copyable."""
    if len(text) <= MAX_VALUE_CHARS:
        return text
    return f"{text[:MAX_VALUE_CHARS]} … [{len(text) - MAX_VALUE_CHARS:,} more characters not shown]"


def _facts(database: Database, facts: tuple[Fact, ...], complete: bool, heading: str = "Facts") -> list[Block]:
    if not facts:
        return []
    shown = facts if complete else facts[:MAX_FACTS_SHOWN]
    blocks = [Block(f"{heading} ({len(facts):,})" if len(facts) > len(shown) else heading, "heading")]
    for fact in shown:
        blocks.append(Block(fact.value, "fact", label=fact.label, target=QuoteTarget(fact.source, fact.quote)))
        if fact.ref is not None:
            blocks.append(_link(database, fact.ref, label="→"))
    if len(facts) > len(shown):
        hidden = len(facts) - len(shown)
        blocks.append(Block(f"{hidden:,} more facts not shown here: search (/) finds them, y copies them all", "muted"))
    return blocks


def _link(database: Database, record_id: str, label: str = "", suffix: str = "") -> Block:
    target = database.get(record_id)
    if target is None:
        return Block(f"{record_id} (missing)", "muted", label=label)
    return Block(display_name(target) + suffix, "link", label=label, target=RecordTarget(record_id))


def _organization(database: Database, record: Organization, complete: bool) -> list[Block]:
    blocks = _facts(database, record.facts, complete)
    partnerships = database.partnerships_of(record.id)
    if partnerships:
        blocks.append(Block("Partnerships", "heading"))
        blocks += _limited([_link(database, p.id) for p in _first(partnerships, complete)], partnerships, complete, "partnerships")
    associations = database.associations_of(record.id)
    if associations:
        blocks.append(Block("Associations", "heading"))
        links = []
        for association in _first(associations, complete):
            roles = [m.role for m in association.members if m.organization == record.id]
            links.append(_link(database, association.id, label=", ".join(roles)))
        blocks += _limited(links, associations, complete, "associations")
    people = database.people_of(record.id)
    if people:
        blocks.append(Block("People", "heading"))
        links = []
        for person in _first(people, complete):
            titles = [role.title for role in person.roles if role.organization == record.id]
            links.append(_link(database, person.id))
            links += [Block(title, "text", label="Role") for title in titles]
        blocks += _limited(links, people, complete, "people")
    return blocks


def _partnership(database: Database, record: Partnership, complete: bool) -> list[Block]:
    blocks = [Block("Parties", "heading")]
    blocks += _limited([_link(database, party) for party in _first(record.parties, complete)], record.parties, complete, "parties")
    return blocks + _facts(database, record.facts, complete)


def _association(database: Database, record: Association, complete: bool) -> list[Block]:
    blocks: list[Block] = []
    if record.members:
        blocks.append(Block(f"Members ({len(record.members):,})", "heading"))
        blocks += _limited([_link(database, m.organization, label=m.role) for m in _first(record.members, complete)], record.members, complete, "members")
    return blocks + _facts(database, record.facts, complete)


def _person(database: Database, record: Person, complete: bool) -> list[Block]:
    blocks: list[Block] = []
    if record.roles:
        blocks.append(Block("Roles", "heading"))
        roles = []
        for role in _first(record.roles, complete):
            roles.append(Block(role.title, "fact", label="Role", target=QuoteTarget(role.source, role.quote)))
            if role.organization:
                roles.append(_link(database, role.organization, label="→"))
        blocks += _limited(roles, record.roles, complete, "roles")
    return blocks + _facts(database, record.facts, complete, heading="Statements")


def _source(database: Database, record: Source, complete: bool) -> list[Block]:
    blocks = []
    if record.title:
        blocks.append(Block(record.title, "text", label="Title"))
    if record.outlet:
        blocks.append(Block(record.outlet, "text", label="Outlet"))
    blocks.append(Block(record.language, "text", label="Language"))
    blocks.append(Block(f"{len(record.text):,} characters", "text", label="Length"))
    blocks.append(Block("Read the article", "link", target=QuoteTarget(record.id, "")))
    cited = list(dict.fromkeys(c.record.id for c in database.citations_of(record.id)))
    if cited:
        blocks.append(Block(f"Cited by ({len(cited):,})", "heading"))
        blocks += _limited([_link(database, record_id) for record_id in _first(cited, complete)], cited, complete, "citing records")
    return blocks


def as_plain_text(blocks: list[Block]) -> str:
    """The logical, readable text of a detail, for the clipboard."""
    lines = []
    for block in blocks:
        if block.role == "heading":
            lines.append(f"\n{block.text}")
        elif block.label:
            lines.append(f"{block.label}: {block.text}")
        else:
            lines.append(block.text)
    return "\n".join(lines).strip() + "\n"

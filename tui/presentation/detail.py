"""What the detail pane says about a record, as plain data (no widgets).

A detail is a list of `Block`s: a paragraph of logical text with a role (how it
is styled), an optional label shown in a column beside it (on its left; on its
right in a mirrored interface), an optional
target that `enter` follows, and the statement it shows (`cites`: the quote and
source behind it). Some blocks are items, where the detail's cursor stops (a
fact, a link, a value, the title); headings and notes are not. A `Landing`
says which item to select when a record is opened from a search hit or a quote,
and which words to highlight in it. The same blocks give the plain text that
`y` and `Y` copy (`tui.presentation.evidence`).

What Marsad says itself (headings, labels, notes) is said in the language spoken
when the blocks are made (`tui.i18n`), a fact's label too when labels.toml knows it;
such a block is `own` words, laid out in the interface's direction, where stored
text keeps its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from tui import i18n
from tui.data.kinds import kind_of, label
from tui.data.models import (
    Association,
    Fact,
    Membership,
    Organization,
    Partnership,
    Person,
    Record,
    Source,
)
from tui.data.models import (
    Role as PersonRole,
)
from tui.i18n import N_, Nn_, _, labels, ngettext, number
from tui.presentation.snippet import NAME_FIELDS
from tui.store.database import Database

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

Cited = Fact | PersonRole | Membership
"""A statement of a record with the quote and source that back it."""

Spans = tuple[tuple[int, int], ...]

#: blocks where the detail's cursor stops; headings, notes and blank lines are passed over
ITEM_ROLES: frozenset[str] = frozenset({"title", "text", "fact", "link"})
#: the search field that holds an article's text: a hit there lands in the article
ARTICLE_FIELD = "source"
#: the label of the block that lists a record's other names (a message: `_()` says it)
ALIASES_LABEL = N_("Also")
#: the label of the link, under a fact, to the person whose words its quote is
SAID_BY_LABEL = N_("Said by")
#: the label of the link, under a fact quoting a person on their own page, to the record that states it
QUOTED_IN_LABEL = N_("In")

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
    cites: Cited | None = None
    """The statement this block shows, whose quote and source are copied with it."""
    highlights: Spans = ()
    """Spans of `text` drawn highlighted: the words a search matched."""
    own: bool = False
    """Marsad's own words (a heading, a note), laid out in the interface's direction; else stored text,
    laid out in its own."""
    mark: Literal["", "aliases", "said_by", "quoted_in"] = ""
    """Which of the labelled blocks Marsad makes this is (its label is said in the language spoken)."""

    @property
    def is_item(self) -> bool:
        """Whether the detail's cursor stops on this block."""
        return self.role in ITEM_ROLES


@dataclass(frozen=True, slots=True)
class Landing:
    """Where opening a record lands: the item that shows what a search matched, or that a quote backs.

    `field` and `text` are a search hit's field (its name, such as "fact",
    "role", "alias", or `ARTICLE_FIELD` for an article's text) and the whole text
    it matched in; `spans` are the matched ranges of `text`, highlighted where it
    is shown. `cites` (with the fact's `label`) lands instead on the item that
    this quote of this source backs.
    """

    record_id: str
    field: str = ""
    text: str = ""
    spans: Spans = ()
    cites: QuoteTarget | None = None
    label: str = ""

    @property
    def in_article(self) -> bool:
        """A match in an article's text: it lands in the article, at the match."""
        return self.field == ARTICLE_FIELD


def display_name(record: Record) -> str:
    """Arabic name, with the Latin one in brackets when both exist."""
    names = record.names
    if names.ar and names.latin and names.latin not in names.ar:
        return f"{names.ar} ({names.latin})"
    return names.primary


def cited_label(cited: Cited) -> str:
    """What a statement is called where it is cited (as `Database.citations_of` labels it)."""
    if isinstance(cited, Fact):
        return cited.label
    if isinstance(cited, Membership):
        return cited.role
    return cited.title


def detail_blocks(database: Database, record: Record, *, complete: bool = False) -> list[Block]:
    """The detail of a record; `complete` lifts the limits meant for the screen (for copying)."""
    blocks = _all_blocks(database, record, complete)
    return blocks if complete else _fit_for_screen(blocks)


def landed_detail(database: Database, record: Record, landing: Landing) -> tuple[list[Block], int | None]:
    """The detail of a record with the landing's words highlighted, and the index of the item to select.

    The index is None when nothing shown matches (the item is beyond what a
    detail shows, or the landing names something else).
    """
    blocks = _all_blocks(database, record, False)
    selected, lit = _landing_blocks(blocks, record, landing)
    if lit is not None:
        blocks[lit] = replace(blocks[lit], highlights=_landing_spans(blocks[lit], record, landing))
    fitted = _fit_for_screen(blocks)
    if selected is not None and (selected >= len(fitted) or fitted[selected].text != _clip(blocks[selected].text)):
        selected = None  # cut off by MAX_DETAIL_CHARS
    return fitted, selected


def _landing_blocks(blocks: list[Block], record: Record, landing: Landing) -> tuple[int | None, int | None]:
    """(the item to select, the block whose text the landing's spans are in), either None if not found."""
    if landing.cites is not None:
        for index, block in enumerate(blocks):
            cited = block.cites
            if (
                cited is not None
                and (cited.source, cited.quote) == (landing.cites.source_id, landing.cites.quote)
                and (not landing.label or cited_label(cited) == landing.label)
            ):
                return index, None
        return None, None
    if landing.field in NAME_FIELDS:
        if landing.text == record.names.primary:
            return 0, 0
        for index, block in enumerate(blocks):
            if block.role == "subtitle" and block.text == landing.text:
                return 0, index  # the Latin name, under the title
            if block.mark == "aliases" and landing.text in record.names.aliases:
                return index, index
        return 0, None
    for index, block in enumerate(blocks):
        if block.is_item and block.text == landing.text:
            return index, index
    return None, None


def _landing_spans(block: Block, record: Record, landing: Landing) -> Spans:
    """The landing's spans moved into the block's text (an alias is one of several in its block)."""
    offset = 0
    if block.mark == "aliases" and landing.field in NAME_FIELDS:
        offset = _alias_offset(record.names.aliases, landing.text)
    return tuple((start + offset, end + offset) for start, end in landing.spans)


def _alias_offset(aliases: Sequence[str], alias: str) -> int:
    """Where `alias` starts in the aliases as `_names` joins them."""
    offset = 0
    for name in aliases:
        if name == alias:
            return offset
        offset += len(name) + len(_ALIAS_SEPARATOR)
    return 0


def _fit_for_screen(blocks: list[Block]) -> list[Block]:
    """Every text and label clipped, and the whole within MAX_DETAIL_CHARS."""
    fitted: list[Block] = []
    total = 0
    for block in blocks:
        highlights = tuple(
            (start, min(end, MAX_VALUE_CHARS)) for start, end in block.highlights if start < MAX_VALUE_CHARS
        )
        block = replace(block, text=_clip(block.text), label=_clip(block.label), highlights=highlights)
        total += len(block.text) + len(block.label)
        if total > MAX_DETAIL_CHARS:
            fitted.append(
                Block(
                    _("The rest of this record is too long to show here: search (/) finds it, Y copies all of it"),
                    "muted",
                    own=True,
                )
            )
            break
        fitted.append(block)
    return fitted


def _all_blocks(database: Database, record: Record, complete: bool) -> list[Block]:
    kind = kind_of(record)
    blocks = [Block(record.names.primary, "title"), Block(f"{label(kind)} · {record.id}", "muted", own=True)]
    if record.names.latin and record.names.ar:
        blocks.append(Block(record.names.latin, "subtitle"))
    if record.names.aliases:
        blocks.append(Block(_names(record.names.aliases, complete), "text", label=_(ALIASES_LABEL), mark="aliases"))
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
            blocks.append(Block(_("Sources"), "heading", own=True))
            blocks += _limited(
                [
                    Block(source.names.primary, "link", target=RecordTarget(source.id))
                    for source in _first(sources, complete)
                ],
                sources,
                complete,
                Nn_(
                    "{count} more source not shown here: Y copies them all",
                    "{count} more sources not shown here: Y copies them all",
                ),
            )
    return blocks


def _first(items: Sequence[T], complete: bool) -> Sequence[T]:
    """The items a detail shows: all of them, or the first MAX_LINKS_SHOWN."""
    return items if complete else items[:MAX_LINKS_SHOWN]


def _limited(blocks: list[Block], items: Sequence[object], complete: bool, note: tuple[str, str]) -> list[Block]:
    """`blocks` made from `_first(items, complete)`, with a note when some were left out (`note`: its message
    and plural, with `{count}`, marked with `Nn_`)."""
    hidden = len(items) - len(_first(items, complete))
    if hidden:
        blocks.append(Block(ngettext(*note, hidden).format(count=number(hidden)), "muted", own=True))
    return blocks


_ALIAS_SEPARATOR = "، "


def _names(names: Sequence[str], complete: bool) -> str:
    """Aliases joined for reading; on screen, as many as MAX_VALUE_CHARS holds, then how many more."""
    if complete:
        return _ALIAS_SEPARATOR.join(names)
    shown: list[str] = []
    used = 0
    for name in names:
        used += len(name) + len(_ALIAS_SEPARATOR)
        if shown and used > MAX_VALUE_CHARS - 64:  # (room for the note)
            hidden = len(names) - len(shown)
            note = ngettext("{count} more name not shown", "{count} more names not shown", hidden)
            return _ALIAS_SEPARATOR.join(shown) + f" … [{note.format(count=number(hidden))}]"
        shown.append(name)
    return _ALIAS_SEPARATOR.join(shown)


def _clip(text: str) -> str:
    """A value short enough to lay out at once; the full text stays searchable and copyable."""
    if len(text) <= MAX_VALUE_CHARS:
        return text
    hidden = len(text) - MAX_VALUE_CHARS
    note = ngettext("{count} more character not shown", "{count} more characters not shown", hidden)
    return f"{text[:MAX_VALUE_CHARS]} … [{note.format(count=number(hidden))}]"


def _fact_block(fact: Fact) -> Block:
    """A fact as the detail shows it: its value, its label in the language spoken, the quote it cites."""
    return Block(
        fact.value, "fact", label=labels.shown(fact.label), target=QuoteTarget(fact.source, fact.quote), cites=fact
    )


def _facts(
    database: Database, record: Record, facts: tuple[Fact, ...], complete: bool, heading: str = N_("Facts")
) -> list[Block]:
    if not facts:
        return []
    shown = facts if complete else facts[:MAX_FACTS_SHOWN]
    said = _(heading)
    blocks = [Block(f"{said} ({number(len(facts))})" if len(facts) > len(shown) else said, "heading", own=True)]
    for fact in shown:
        blocks.append(_fact_block(fact))
        if fact.speaker is not None and fact.speaker != record.id:  # (on the speaker's page: their Statements)
            blocks.append(_link(database, fact.speaker, label=_(SAID_BY_LABEL), mark="said_by"))
        if fact.ref is not None:
            blocks.append(_link(database, fact.ref, label="→"))
    if len(facts) > len(shown):
        hidden = len(facts) - len(shown)
        note = ngettext(
            "{count} more fact not shown here: search (/) finds it, Y copies them all",
            "{count} more facts not shown here: search (/) finds them, Y copies them all",
            hidden,
        )
        blocks.append(Block(note.format(count=number(hidden)), "muted", own=True))
    return blocks


def _link(
    database: Database,
    record_id: str,
    label: str = "",
    cites: Cited | None = None,
    mark: Literal["", "aliases", "said_by", "quoted_in"] = "",
) -> Block:
    target = database.get(record_id)
    if target is None:
        missing = _("{record_id} (missing)").format(record_id=record_id)
        return Block(missing, "muted", label=label, cites=cites, own=True, mark=mark)
    return Block(display_name(target), "link", label=label, target=RecordTarget(record_id), cites=cites, mark=mark)


def _organization(database: Database, record: Organization, complete: bool) -> list[Block]:
    blocks = _facts(database, record, record.facts, complete)
    partnerships = database.partnerships_of(record.id)
    if partnerships:
        blocks.append(Block(_("Partnerships"), "heading", own=True))
        blocks += _limited(
            [_link(database, p.id) for p in _first(partnerships, complete)],
            partnerships,
            complete,
            Nn_(
                "{count} more partnership not shown here: Y copies them all",
                "{count} more partnerships not shown here: Y copies them all",
            ),
        )
    associations = database.associations_of(record.id)
    if associations:
        blocks.append(Block(_("Associations"), "heading", own=True))
        links = []
        for association in _first(associations, complete):
            roles = [m.role for m in association.members if m.organization == record.id]
            links.append(_link(database, association.id, label="، ".join(roles) if i18n.is_rtl() else ", ".join(roles)))
        blocks += _limited(
            links,
            associations,
            complete,
            Nn_(
                "{count} more association not shown here: Y copies them all",
                "{count} more associations not shown here: Y copies them all",
            ),
        )
    people = database.people_of(record.id)
    if people:
        blocks.append(Block(_("People"), "heading", own=True))
        links = []
        for person in _first(people, complete):
            links.append(_link(database, person.id))
            links += [
                Block(role.title, "text", label=_("Role"), cites=role)
                for role in person.roles
                if role.organization == record.id
            ]
        blocks += _limited(
            links,
            people,
            complete,
            Nn_(
                "{count} more person not shown here: Y copies them all",
                "{count} more people not shown here: Y copies them all",
            ),
        )
    return blocks


def _partnership(database: Database, record: Partnership, complete: bool) -> list[Block]:
    blocks = [Block(_("Parties"), "heading", own=True)]
    blocks += _limited(
        [_link(database, party) for party in _first(record.parties, complete)],
        record.parties,
        complete,
        Nn_(
            "{count} more party not shown here: Y copies them all",
            "{count} more parties not shown here: Y copies them all",
        ),
    )
    return blocks + _facts(database, record, record.facts, complete)


def _association(database: Database, record: Association, complete: bool) -> list[Block]:
    blocks: list[Block] = []
    if record.members:
        blocks.append(Block(_("Members ({count})").format(count=number(len(record.members))), "heading", own=True))
        blocks += _limited(
            [_link(database, m.organization, label=m.role, cites=m) for m in _first(record.members, complete)],
            record.members,
            complete,
            Nn_(
                "{count} more member not shown here: Y copies them all",
                "{count} more members not shown here: Y copies them all",
            ),
        )
    return blocks + _facts(database, record, record.facts, complete)


def _person(database: Database, record: Person, complete: bool) -> list[Block]:
    blocks: list[Block] = []
    if record.roles:
        blocks.append(Block(_("Roles"), "heading", own=True))
        roles = []
        for role in _first(record.roles, complete):
            roles.append(
                Block(role.title, "fact", label=_("Role"), target=QuoteTarget(role.source, role.quote), cites=role)
            )
            if role.organization:
                roles.append(_link(database, role.organization, label="→"))
        blocks += _limited(
            roles,
            record.roles,
            complete,
            Nn_(
                "{count} more role not shown here: Y copies them all",
                "{count} more roles not shown here: Y copies them all",
            ),
        )
    blocks += _facts(database, record, record.facts, complete, heading=N_("Statements"))
    return blocks + _quoted_in(database, record, complete)


def _quoted_in(database: Database, person: Person, complete: bool) -> list[Block]:
    """The facts of other records that quote this person, each with the record that states it."""
    quoted: list[tuple[Record, Fact]] = [
        (record, fact)
        for record in database.quoting(person.id)
        if record.id != person.id
        for fact in getattr(record, "facts", ())
        if fact.speaker == person.id
    ]
    if not quoted:
        return []
    heading = _("Quoted in other records ({count})").format(count=number(len(quoted)))
    blocks = [Block(heading, "heading", own=True)]
    items: list[Block] = []
    for record, fact in _first(quoted, complete):
        items.append(_fact_block(fact))
        items.append(_link(database, record.id, label=_(QUOTED_IN_LABEL), mark="quoted_in"))
    return blocks + _limited(
        items,
        quoted,
        complete,
        Nn_(
            "{count} more quoted statement not shown here: Y copies them all",
            "{count} more quoted statements not shown here: Y copies them all",
        ),
    )


def _source(database: Database, record: Source, complete: bool) -> list[Block]:
    blocks = []
    if record.title:
        blocks.append(Block(record.title, "text", label=_("Title")))
    if record.outlet:
        blocks.append(Block(record.outlet, "text", label=_("Outlet")))
    blocks.append(Block(record.language, "text", label=_("Language")))
    characters = ngettext("{count} character", "{count} characters", len(record.text))
    blocks.append(Block(characters.format(count=number(len(record.text))), "text", label=_("Length"), own=True))
    blocks.append(Block(_("Read the article"), "link", target=QuoteTarget(record.id, ""), own=True))
    cited = list(dict.fromkeys(c.record.id for c in database.citations_of(record.id)))
    if cited:
        blocks.append(Block(_("Cited by ({count})").format(count=number(len(cited))), "heading", own=True))
        blocks += _limited(
            [_link(database, record_id) for record_id in _first(cited, complete)],
            cited,
            complete,
            Nn_(
                "{count} more citing record not shown here: Y copies them all",
                "{count} more citing records not shown here: Y copies them all",
            ),
        )
    return blocks

"""What an export covers: records in the order the user sees them, or the facts table's rows.

A scope is a description and a way to walk its items from the start (each
format walks once; nothing is held but the record at hand). Lists and the
facts table are read through the slices the panes and the table show
(`tui.store.slices`): as filtered and sorted there. The whole database walks
every kind in turn, in the order of the file; one record is a list of one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tui.data.kinds import BY_NAME, KINDS, pane_title
from tui.data.models import Fact, Record
from tui.export.naming import name_part
from tui.i18n import _
from tui.store.database import Database
from tui.store.slices import FactSlice, RecordSlice


@dataclass(frozen=True, slots=True)
class RecordScope:
    """Records, in the order they are exported."""

    title: str
    """What the user is told is exported: `the Organizations list`, `the whole database` (in the language
    spoken when the scope was made)."""
    stem: str
    """The file name a prompt proposes, without its extension: `organizations`."""
    records: Callable[[], Iterator[Record]]
    whole: bool = False
    """Every record of the database (the articles among them)."""


@dataclass(frozen=True, slots=True)
class StatedFact:
    """A fact and the record that states it: a row of the facts table, whole."""

    record: Record
    fact: Fact


@dataclass(frozen=True, slots=True)
class FactScope:
    """Rows of the facts table, in the order they are exported."""

    title: str
    stem: str
    rows: Callable[[], Iterator[StatedFact]]


Scope = RecordScope | FactScope


def whole_database(database: Database) -> RecordScope:
    def records() -> Iterator[Record]:
        for kind in KINDS:
            yield from RecordSlice(kind.name).records(database)

    return RecordScope(_("the whole database"), "marsad", records, whole=True)


def record_list(database: Database, sliced: RecordSlice) -> RecordScope:
    """A pane's records as it shows them: `the Organizations list (filter "مجموعة", Latin name ↑)`."""
    how = [_('filter "{filter}"').format(filter=sliced.filter.strip())] if sliced.filter.strip() else []
    if sliced.order.description:
        how.append(sliced.order.description)
    title = _("the {pane} list").format(pane=pane_title(sliced.kind))
    if how:
        # Translators: between the filter and the order a list was exported with (Arabic: "، ")
        title = _("{title} ({how})").format(title=title, how=_(", ").join(how))
    # (the file name stays English: a name of files, not a sentence)
    stem = (
        BY_NAME[sliced.kind].pane_title.lower()
        + ("-filtered" if sliced.filter.strip() else "")
        + ("-sorted" if sliced.order.title else "")
    )
    return RecordScope(title, stem, lambda: sliced.records(database))


def one_record(record: Record) -> RecordScope:
    return RecordScope(_("record {record_id}").format(record_id=record.id), record.id, lambda: iter((record,)))


def fact_table(database: Database, sliced: FactSlice) -> FactScope:
    """The facts table as it shows them."""
    title = _("the facts table: {facts}").format(facts=sliced.facts.title)
    if sliced.filter.strip():
        title = _("{title} ({how})").format(
            title=title, how=_('filter "{filter}"').format(filter=sliced.filter.strip())
        )

    def rows() -> Iterator[StatedFact]:
        for row in sliced.rows(database):
            record, fact = database.get(row.record_id), row.fact(database)
            if record is not None and fact is not None:
                yield StatedFact(record, fact)

    kind = sliced.facts
    named = {"all": "all", "figures": "figures"}.get(kind.by) or name_part(kind.name) or kind.by
    stem = f"facts-{named}" + ("-filtered" if sliced.filter.strip() else "")
    return FactScope(title, stem, rows)

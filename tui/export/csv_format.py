"""CSV: one row per statement (a fact, a member, a role, a party), with its quote and source.

A record without statements (an article, an organization nobody said anything
about yet) still has its row. The file is "tidy": every row carries its
record's id and names, so it can be filtered and sorted in a spreadsheet,
VisiData or pandas without losing which record a fact belongs to. Text cells
that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) are written with a leading apostrophe. Two forms: plain UTF-8
(for programs, VisiData, LibreOffice, Excel's Data → From Text/CSV), and the same
after a byte order mark (`csv-excel`), which Excel needs to read UTF-8 when the
file is opened by a double-click.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from tui.data.kinds import kind_of
from tui.data.models import Fact, Record
from tui.export.lookups import Lookups
from tui.export.outcome import Sink, Tick, Written
from tui.export.scope import FactScope, Scope
from tui.export.statements import Statement, fact_statement, statements_of
from tui.store.database import Database

COLUMNS = (
    "record_id", "kind", "name_ar", "name_latin", "aliases",
    "statement", "field", "label", "value", "number", "unit", "qualifier",
    "refers_to", "refers_to_name", "speaker", "speaker_name", "quote", "source_id", "source_title", "source_outlet",
)  # fmt: skip
#: between a record's aliases in the `aliases` cell
ALIAS_SEPARATOR = " | "
#: what a spreadsheet reads as the start of a formula (OWASP's list for CSV injection)
FORMULA_STARTS = frozenset("=+-@\t\r")
#: the one cell Marsad writes itself from a number (a negative figure stays a number)
_NUMBER = COLUMNS.index("number")


def neutralised(text: str) -> str:
    """A text cell that no spreadsheet runs as a formula: a leading apostrophe when it could start one."""
    if not text:
        return text
    first = text[0]
    if first in FORMULA_STARTS or (first.isspace() and text.lstrip()[:1] in FORMULA_STARTS):
        return "'" + text
    return text


def number_cell(number: float | None) -> str:
    """A figure as a spreadsheet reads a number: `1000000`, `2.5`."""
    if number is None:
        return ""
    return str(int(number)) if number.is_integer() else repr(number)


#: what Excel needs at the start of a CSV file to read it as UTF-8 when it is opened by a double-click
BYTE_ORDER_MARK = "\ufeff"


def write_csv_for_excel(scope: Scope, database: Database, stream: Sink, tick: Tick) -> Written:
    """The same CSV, after a byte order mark: Excel reads it as UTF-8 instead of the system's code page."""
    stream.write(BYTE_ORDER_MARK)
    return write_csv(scope, database, stream, tick)


def write_csv(scope: Scope, database: Database, stream: Sink, tick: Tick) -> Written:
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    lookups = Lookups(database)
    done = 0
    if isinstance(scope, FactScope):
        for row in scope.rows():
            writer.writerow(_row(row.record, fact_statement(row.fact), lookups))
            done += 1
            tick(done)
        return Written(done, "fact")
    for record in scope.records():
        writer.writerows(_rows(record, lookups))
        done += 1
        tick(done)
    return Written(done, "record")


def _rows(record: Record, lookups: Lookups) -> Iterator[list[str]]:
    empty = True
    for statement in statements_of(record):
        empty = False
        yield _row(record, statement, lookups)
    if empty:
        yield _row(record, None, lookups)


def _row(record: Record, statement: Statement | None, lookups: Lookups) -> list[str]:
    names = record.names
    cells = [record.id, kind_of(record), names.ar or "", names.latin or "", ALIAS_SEPARATOR.join(names.aliases)]
    if statement is None:
        cells += [""] * (len(COLUMNS) - len(cells))
    else:
        fact: Fact | None = statement.fact
        target_name = lookups.name(statement.refers_to)
        value = (target_name or statement.value) if statement.kind in ("member", "party") else statement.value
        citation = lookups.citation(statement.source) if statement.source else None
        cells += [
            statement.kind, statement.field, statement.label, value,
            number_cell(fact.number if fact else None),
            (fact.unit or "") if fact else "", (fact.qualifier or "") if fact else "",
            statement.refers_to or "", target_name, statement.speaker or "", lookups.name(statement.speaker),
            statement.quote or "", statement.source or "",
            citation.title if citation else "", citation.outlet if citation else "",
        ]  # fmt: skip
    return [cell if column == _NUMBER else neutralised(cell) for column, cell in enumerate(cells)]

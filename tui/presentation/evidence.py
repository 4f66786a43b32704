"""What `y` and `Y` copy: statements with the evidence behind them, as plain text.

The evidence is the point of Marsad: a fact is copied with its verbatim quote
and the article it comes from (title, outlet, id), and, when the quote is
someone's words, with who said them, so that whatever it is pasted into can be
checked against the source. A quote copied from an article comes
with its citation and the statements it supports. The text is logical (as
stored: never shaped or reordered), whatever the terminal's Arabic mode. Its
words (Quote, Source, a fact's label...) are in the language spoken, so that an
Arabic or French copy can be pasted as it is; the statements and quotes are as stored.
"""

from __future__ import annotations

from tui import i18n
from tui.data.models import Fact, Record, Source
from tui.i18n import _, labels
from tui.presentation.detail import SAID_BY_LABEL, Block, Cited, RecordTarget, detail_blocks, display_name
from tui.store.database import Database

_INDENT = "  "


def record_text(database: Database, record: Record) -> str:
    """A whole record, each of its statements followed by its quote and source."""
    lines: list[str] = []
    for block in detail_blocks(database, record, complete=True):
        if block.role == "heading":
            lines.append(f"\n{block.text}")
            continue
        if block.mark == "said_by":
            continue  # (the fact above says it in its evidence)
        lines.append(_block_line(block))
        if block.cites is not None:
            lines += _evidence_lines(database, block.cites)
    return "\n".join(lines).strip() + "\n"


def item_text(database: Database, record: Record, block: Block) -> str:
    """One item of a record's detail: on the title the whole record; else the item, its evidence and its record."""
    if block.role == "title":
        return record_text(database, record)
    lines = [_block_line(block)]
    if isinstance(block.target, RecordTarget):
        lines[0] += f" · {block.target.record_id}"
    if block.cites is not None:
        lines += _evidence_lines(database, block.cites)
    lines.append(_INDENT + _("Record: {record}").format(record=f"{display_name(record)} · {record.id}"))
    return "\n".join(lines) + "\n"


def quote_text(database: Database, source: Source, quote: str) -> str:
    """A quote of an article with its citation and every statement it supports."""
    lines = [_quoted(quote), _INDENT + _("Source: {source}").format(source=source_citation(source))]
    for record, block in backed_statements(database, source.id, quote):
        supported = f"{display_name(record)} · {record.id} · {_block_line(block)}"
        lines.append(_INDENT + _("Supports: {statement}").format(statement=supported))
    return "\n".join(lines) + "\n"


def source_citation(source: Source) -> str:
    """An article as a citation: its title, outlet and id."""
    return " · ".join(part for part in (source.names.primary, source.outlet, source.id) if part)


def backed_statements(database: Database, source_id: str, quote: str) -> list[tuple[Record, Block]]:
    """The items of every record's detail that this quote of this source backs, in citation order."""
    found: list[tuple[Record, Block]] = []
    records = dict.fromkeys(
        citation.record.id for citation in database.citations_of(source_id) if citation.quote == quote
    )
    for record_id in records:
        record = database.get(record_id)
        if record is None:
            continue
        own = set(_statements(record))
        for block in detail_blocks(database, record, complete=True):
            cited = block.cites
            if cited is not None and cited.source == source_id and cited.quote == quote and cited in own:
                found.append((record, block))
    return found


def _statements(record: Record) -> list[Cited]:
    """What a record itself states (a person's page also shows facts of others that quote them)."""
    return [*getattr(record, "facts", ()), *getattr(record, "members", ()), *getattr(record, "roles", ())]


def figure(fact: Fact) -> str:
    """A fact's normalized number with its qualifier and unit ("more than 35 years"), or "" (the qualifier and
    the unit said in the language spoken when labels.toml has them)."""
    if fact.number is None:
        return ""
    parts = (
        labels.shown(fact.qualifier) if fact.qualifier else "",
        i18n.number(fact.number),
        labels.shown(fact.unit or ""),
    )
    return " ".join(part for part in parts if part)


def _quoted(quote: str) -> str:
    """A quote between the quotation marks of the language spoken (“…” in English, « … » in French and Arabic)."""
    return _("“{quote}”").format(quote=quote)


def _block_line(block: Block) -> str:
    line = _("{label}: {value}").format(label=block.label, value=block.text) if block.label else block.text
    if isinstance(block.cites, Fact) and (number := figure(block.cites)):
        line += f" [{number}]"
    return line


def speaker_citation(database: Database, speaker: str) -> str:
    """The person a quote is the words of, as a citation: `روب والتون · rob-walton`."""
    person = database.get(speaker)
    if person is None:
        return _("{record_id} (not in this database)").format(record_id=speaker)
    return f"{display_name(person)} · {speaker}"


def _evidence_lines(database: Database, cited: Cited) -> list[str]:
    source = database.get(cited.source)
    citation = (
        source_citation(source)
        if isinstance(source, Source)
        else _("{record_id} (not in this database)").format(record_id=cited.source)
    )
    lines = [
        _INDENT + _("Quote: {quote}").format(quote=_quoted(cited.quote)),
        _INDENT + _("Source: {source}").format(source=citation),
    ]
    if isinstance(cited, Fact) and cited.speaker is not None:
        said_by = _("{label}: {value}").format(label=_(SAID_BY_LABEL), value=speaker_citation(database, cited.speaker))
        lines.insert(0, _INDENT + said_by)
    return lines

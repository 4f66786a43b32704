"""Markdown: each record as its detail shows it, every statement followed by its quote and article.

The same blocks as the detail pane and `Y` (`tui.presentation.detail`, complete), written as
Markdown: the record's name a heading, its statements list items, each quote a
block quote with its citation under it. Articles bring their text. The facts
table is a Markdown table. Data never becomes Markdown syntax: every character
that could start emphasis, a link, HTML, a table cell or a list is escaped.
Its headings and labels are in the language spoken (`tui.i18n`), like the detail's:
Markdown is a document for people; the data is as stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tui.data.models import Fact, Record, Source
from tui.export.lookups import Lookups
from tui.export.outcome import Sink, Tick, Written
from tui.export.scope import FactScope, Scope, StatedFact
from tui.i18n import N_, _, labels
from tui.presentation.detail import (
    SAID_BY_LABEL,
    Block,
    Cited,
    QuoteTarget,
    RecordTarget,
    detail_blocks,
    display_name,
)
from tui.presentation.evidence import figure
from tui.store.database import Database

# CommonMark lets any ASCII punctuation be escaped with a backslash; these are
# the ones that mean something inline (emphasis, code, links, HTML, entities,
# tables, strikethrough, headings).
_INLINE = re.compile(r"([\\`*_\[\]<>|~#&])")
# ...and these only at the start of a line (lists, block quotes, setext underlines, numbered lists).
_LINE_START = re.compile(r"^([-+=>])|^(\d+)([.)])")
# GitHub's autolinks (and other renderers'): `scheme://`, `www.`, `mailto:` and `xmpp:` are broken
# by escaping the colon or the dot (rendered the same, no longer a link)...
_LINK_START = re.compile(r"(?i)(://|\b(?:mailto|xmpp):|\bwww\.)")
# ...but an e-mail address is found after escapes are read, so it is written as code (`a@b.ma`):
# the same characters, never a link. Its parts: what GitHub takes for one, and a little more.
_LOCAL_PART = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_")
_DOMAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
#: text with none of these is its own Markdown (most values)
_SPECIAL = re.compile(r"[\\`*_\[\]<>|~#&\n@]|^\s|^[-+=>]|^\d+[.)]|(?i:://|mailto:|xmpp:|www\.)")

_BLANK_LINES = re.compile(r"\n{3,}")

FACT_COLUMNS = (N_("Record"), N_("Label"), N_("Value"), N_("Figure"), N_("Said by"), N_("Quote"), N_("Source"))


def markdown_text(text: str) -> str:
    """Text as Markdown that renders as exactly this text (each line's leading blanks dropped), never as a link.

    Linear in the text: each character is looked at a bounded number of times.
    """
    if _SPECIAL.search(text) is None:
        return text
    lines = []
    for line in text.split("\n"):
        line = line.lstrip()
        pieces, done = [], 0
        for start, end in email_addresses(line):
            pieces += [_escaped(line[done:start]), f"`{line[start:end]}`"]
            done = end
        pieces.append(_escaped(line[done:]))
        lines.append(_LINE_START.sub(_escape_start, "".join(pieces), count=1))
    return "\n".join(lines)


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def _escaped(text: str) -> str:
    return _LINK_START.sub(_escape_link_start, _INLINE.sub(r"\\\1", text))


def _escape_link_start(match: re.Match[str]) -> str:
    found = match.group(1)
    return found[:-1] + "\\" + found[-1] if found.endswith((":", ".")) else "\\" + found


def email_addresses(line: str) -> list[tuple[int, int]]:
    """(start, end) of each e-mail address in `line`: a local part, `@`, a domain with a dot, in order."""
    found: list[tuple[int, int]] = []
    at = line.find("@")
    while at >= 0:
        start = at
        while start > 0 and line[start - 1] in _LOCAL_PART and (not found or start > found[-1][1]):
            start -= 1
        end = at + 1
        while end < len(line) and line[end] in _DOMAIN:
            end += 1
        while end > at + 1 and line[end - 1] in ".-_":  # (a sentence's full stop is not the domain's)
            end -= 1
        if start < at and "." in line[at + 1 : end]:
            found.append((start, end))
        at = line.find("@", max(end, at + 1))
    return found


def write_markdown(scope: Scope, database: Database, stream: Sink, tick: Tick) -> Written:
    stream.write(f"# {markdown_text(_('Marsad: {title}').format(title=scope.title))}\n")
    lookups = Lookups(database)
    done = 0
    if isinstance(scope, FactScope):
        headings = (markdown_text(_(column)) for column in FACT_COLUMNS)
        stream.write("\n| " + " | ".join(headings) + " |\n|" + "---|" * len(FACT_COLUMNS) + "\n")
        for row in scope.rows():
            stream.write(_fact_row(row, lookups))
            done += 1
            tick(done)
        return Written(done, "fact")
    for record in scope.records():
        section = "\n".join(record_markdown(database, record, lookups))
        stream.write("\n" + _BLANK_LINES.sub("\n\n", section) + "\n")
        done += 1
        tick(done)
    return Written(done, "record")


def record_markdown(database: Database, record: Record, lookups: Lookups) -> Iterator[str]:
    """The lines of one record's section."""
    for position, block in enumerate(detail_blocks(database, record, complete=True)):
        if position == 0:
            yield f"## {markdown_text(block.text)}\n"
        elif position == 1:  # its kind and id
            yield f"*{markdown_text(block.text)}*\n"
        elif block.role == "subtitle":
            yield f"{markdown_text(block.text)}\n"
        elif block.role == "heading":
            yield f"\n### {markdown_text(block.text)}\n"
        elif isinstance(block.target, QuoteTarget) and not block.cites:
            continue  # "Read the article": the text follows
        else:
            yield _item(block)
            if block.cites is not None:
                yield from _evidence(block.cites, lookups)
    if isinstance(record, Source):
        yield f"\n### {markdown_text(_('Text'))}\n"
        for paragraph in record.text.split("\n"):
            if paragraph.strip():
                yield markdown_text(paragraph) + "\n"


def _item(block: Block) -> str:
    text = markdown_text(block.text)
    if block.role == "muted":
        text = f"*{text}*"
    if isinstance(block.target, RecordTarget):
        text += f" (`{block.target.record_id}`)"
    if isinstance(block.cites, Fact) and (number := figure(block.cites)):
        text += f" \\[{markdown_text(number)}\\]"
    if block.label == "→":  # what the statement above points to
        return f"  - → {text}"
    if block.mark == "said_by":  # whose words the statement above quotes
        return f"  - {markdown_text(_(SAID_BY_LABEL).lower())} {text}"
    return f"- **{markdown_text(block.label)}**: {text}" if block.label else f"- {text}"


def _evidence(cited: Cited, lookups: Lookups) -> Iterator[str]:
    quote = markdown_text(_("“{quote}”").format(quote=cited.quote)).split("\n")
    yield from (f"  > {line}".rstrip() for line in quote)
    yield f"  > — {markdown_text(lookups.citation(cited.source).text)}"


def _fact_row(row: StatedFact, lookups: Lookups) -> str:
    fact = row.fact
    cells = (
        f"{markdown_text(display_name(row.record))} (`{row.record.id}`)",
        markdown_text(labels.shown(fact.label)),
        markdown_text(fact.value),
        markdown_text(figure(fact)),
        f"{markdown_text(lookups.name(fact.speaker))} (`{fact.speaker}`)" if fact.speaker else "",
        markdown_text(fact.quote),
        markdown_text(lookups.citation(fact.source).text),
    )
    return "| " + " | ".join(cell.replace("\n", " ") for cell in cells) + " |\n"

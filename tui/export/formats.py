"""The export formats by name: what the CLI's `--format` and the export screen offer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tui.export.csv_format import write_csv
from tui.export.ftm import write_ftm
from tui.export.json_format import write_json
from tui.export.markdown import write_markdown
from tui.export.outcome import Sink, Tick, Written
from tui.export.scope import Scope
from tui.store.database import Database

Writer = Callable[[Scope, Database, Sink, Tick], Written]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    """As `--format` takes it."""
    label: str
    extension: str
    """Of the file name a prompt proposes, with its dot."""
    write: Writer


FORMATS: dict[str, Format] = {
    format.name: format
    for format in (
        Format("csv", "CSV: a row per statement, with its quote and source", ".csv", write_csv),
        Format("json", "JSON: the records, as the data format has them", ".json", write_json),
        Format("md", "Markdown: each record with its quotes and sources", ".md", write_markdown),
        Format("ftm", "FollowTheMoney: entities for Aleph, OpenSanctions tools", ".ftm.json", write_ftm),
    )
}

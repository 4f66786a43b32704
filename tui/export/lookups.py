"""Names and citations that exports print beside ids, each read once per export.

A statement names its article and the record it points to by id; the formats
write their titles and names too. The articles of a database are few next to
its records, and one export asks for the same ones again and again: their
citation is read once and kept for the rest of the export.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.data.models import Source
from tui.i18n import _
from tui.presentation.detail import display_name
from tui.presentation.evidence import source_citation
from tui.store.database import Database


@dataclass(frozen=True, slots=True)
class Citation:
    """An article as a statement cites it: its title and outlet as the data gives them ("" when it does not)."""

    title: str
    outlet: str
    found: bool
    text: str
    """As `y` copies it: `title · outlet · id`, or `id (not in this database)`."""


class Lookups:
    """Names of records and citations of articles, for one export."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._citations: dict[str, Citation] = {}

    def citation(self, source_id: str) -> Citation:
        citation = self._citations.get(source_id)
        if citation is None:
            source = self.database.get(source_id)
            if isinstance(source, Source):
                citation = Citation(source.title or "", source.outlet or "", True, source_citation(source))
            else:
                citation = Citation("", "", False, _("{record_id} (not in this database)").format(record_id=source_id))
            self._citations[source_id] = citation
        return citation

    def name(self, record_id: str | None) -> str:
        """The display name of a record; "" when there is none by that id."""
        if record_id is None:
            return ""
        record = self.database.get(record_id)
        return display_name(record) if record is not None else ""

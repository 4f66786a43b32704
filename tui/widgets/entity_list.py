"""A pane's list of records of one kind, drawn as a `VirtualList`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text

from tui.data.models import Record
from tui.text import BidiMode
from tui.widgets.rows import name_row, text_style
from tui.widgets.virtual_list import VirtualList


class EntityList(VirtualList):
    """Records of one kind, one name row each."""

    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {"entity-list--latin"}

    def __init__(self, kind: str, *, mode: BidiMode, empty_message: str, id: str | None = None) -> None:
        super().__init__(0, render_row=self._render_record, empty_message=empty_message, id=id)
        self.kind = kind
        self.mode = mode
        self.records: Sequence[Record] = ()
        self._index_of: dict[str, int] = {}

    def show_records(self, records: Sequence[Record]) -> None:
        self.records = records
        self._index_of = {}
        self.set_rows(len(records))

    @property
    def selected(self) -> Record | None:
        return self.records[self.cursor] if 0 <= self.cursor < len(self.records) else None

    def index_of(self, record_id: str) -> int | None:
        """Row of a record; the id-to-row map is built on first use, not at load."""
        if not self._index_of and self.records:
            self._index_of = {record.id: row for row, record in enumerate(self.records)}
        return self._index_of.get(record_id)

    def _render_record(self, index: int, width: int) -> Text:
        latin_style = text_style(self, "entity-list--latin")
        return name_row(self.records[index].names, width, self.mode, latin_style)

"""A pane's list of records of one kind, drawn as a `VirtualList` from the index.

Only the rows on screen are read (a page at a time, kept in a small cache); a
list of a million records costs what a list of a hundred does.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.cache import LRUCache

from tui.data.models import Kind, Record
from tui.store.database import Database, ListRow
from tui.text import BidiMode
from tui.widgets.rows import name_row, text_style
from tui.widgets.virtual_list import VirtualList

#: rows read from the index at once
PAGE_ROWS = 128


class EntityList(VirtualList):
    """Records of one kind, one name row each."""

    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {"entity-list--latin"}

    def __init__(self, kind: Kind, *, mode: BidiMode, empty_message: str, id: str | None = None) -> None:
        super().__init__(0, render_row=self._render_record, empty_message=empty_message, id=id)
        self.kind = kind
        self.mode = mode
        self.database: Database | None = None
        self._pages: LRUCache[int, list[ListRow]] = LRUCache(64)

    def show_database(self, database: Database) -> None:
        """List this kind's records of `database`, from the top."""
        self.database = database
        self._pages.clear()
        self.set_rows(database.count(self.kind))

    def grow(self) -> None:
        """Show the records the index gained since (it is still being built); the cursor stays."""
        if self.database is not None:
            count = self.database.count(self.kind)
            if count != self.row_count:
                self._pages.discard(self.row_count // PAGE_ROWS)  # the last page was short
                self.set_rows(count, keep_cursor=True)

    def row(self, index: int) -> ListRow | None:
        if self.database is None or not 0 <= index < self.row_count:
            return None
        page = index // PAGE_ROWS
        rows = self._pages.get(page)
        if rows is None:
            rows = self.database.rows(self.kind, page * PAGE_ROWS, (page + 1) * PAGE_ROWS)
            self._pages[page] = rows
        offset = index - page * PAGE_ROWS
        return rows[offset] if offset < len(rows) else None

    @property
    def selected_id(self) -> str | None:
        row = self.row(self.cursor)
        return row.id if row is not None else None

    @property
    def selected(self) -> Record | None:
        record_id = self.selected_id
        return self.database.get(record_id) if record_id is not None and self.database is not None else None

    def index_of(self, record_id: str) -> int | None:
        """Row of a record of this list."""
        if self.database is None:
            return None
        position = self.database.position(record_id)
        return position if position is not None and position < self.row_count and (row := self.row(position)) and row.id == record_id else None

    def _render_record(self, index: int, width: int) -> Text:
        row = self.row(index)
        if row is None:
            return Text()
        return name_row(row.names, width, self.mode, text_style(self, "entity-list--latin"))

"""A pane's list of records of one kind, drawn as a `VirtualList` from the index.

Only the rows on screen are read (a page at a time, kept in a small cache); a
list of a million records costs what a list of a hundred does. A list shows a
slice of its kind (`tui.store.slices`): every record in the order of the file
(read by place, which works while the index is still being built), or a
filtered and sorted slice made off the UI thread and handed over ready.

Its keys slice it (filter, jump, sort); the screen does the work (`MainScreen`),
so that they also run from the palette. Sorted by a number (how many facts or links,
a fact's number), each row shows that number at its right end; the pane's title
names the key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache

from tui.data.models import Kind, Record
from tui.i18n import N_
from tui.store.database import Database
from tui.store.listing import ListRow
from tui.text.direction import BidiMode
from tui.widgets.rows import name_row, text_style
from tui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from tui.store.slices import RecordSlice, SlicedRecords

#: rows read from the index at once
PAGE_ROWS = 128
#: what an empty list says when its filter holds nothing
NO_MATCH = N_("No match (esc clears)")

SORT_GROUP = Binding.Group(N_("Sort"), compact=True)


class EntityList(VirtualList):
    """Records of one kind, one name row each."""

    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {"entity-list--latin"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f,vertical_line", "screen.filter_pane", N_("Filter"), id="pane.filter"),
        Binding("t", "screen.jump_in_pane", N_("Jump"), id="pane.jump"),
        Binding(
            "left_square_bracket",
            "screen.sort_pane(False)",
            N_("Sort ascending"),
            id="pane.sort-ascending",
            group=SORT_GROUP,
        ),
        Binding(
            "right_square_bracket",
            "screen.sort_pane(True)",
            N_("Sort descending"),
            id="pane.sort-descending",
            group=SORT_GROUP,
        ),
        Binding(
            "less_than_sign",
            "screen.step_pane_sort(-1)",
            N_("Sort by the previous key"),
            id="pane.sort-previous",
            group=SORT_GROUP,
        ),
        Binding(
            "greater_than_sign",
            "screen.step_pane_sort(1)",
            N_("Sort by the next key"),
            id="pane.sort-next",
            group=SORT_GROUP,
        ),
        Binding("o", "screen.choose_pane_sort", N_("Sort by…"), id="pane.sort-menu", group=SORT_GROUP),
    ]
    """
    | Key(s) | Binding id | Description |
    | :- | :- | :- |
    | f, vertical bar | pane.filter | Filter the pane as you type (escape clears the filter). |
    | t | pane.jump | Jump to the next record whose name has a word starting with what you type. |
    | [ | pane.sort-ascending | Sort ascending by the current key. |
    | ] | pane.sort-descending | Sort descending by the current key. |
    | < | pane.sort-previous | Sort by the previous key (file order, names, facts, links, a fact's number). |
    | > | pane.sort-next | Sort by the next key. |
    | o | pane.sort-menu | Choose what to sort by, a fact's number included. |
    """

    def __init__(self, kind: Kind, *, mode: BidiMode, empty_message: str, id: str | None = None) -> None:
        super().__init__(0, render_row=self._render_record, empty_message=empty_message, id=id)
        self.kind = kind
        self.mode = mode
        self.database: Database | None = None
        self.sliced: SlicedRecords | None = None
        """The slice shown when it is not every record in the order of the file."""
        self._slice: RecordSlice | None = None
        self.no_records_message = empty_message
        """What the list says when its kind has no record (or none yet)."""
        self._pages: LRUCache[int, list[ListRow]] = LRUCache(64)
        self._sort_values: LRUCache[int, dict[str, float]] = LRUCache(64)
        """Per page: the number each record is sorted by (for a slice sorted by one)."""

    @property
    def slice(self) -> RecordSlice:
        """What the list shows: every record of its kind in the order of the file, or a filtered and sorted slice."""
        if self._slice is None:
            from tui.store.slices import RecordSlice  # (not needed for a first frame)

            self._slice = RecordSlice(self.kind)
        return self._slice

    @property
    def given_slice(self) -> RecordSlice | None:
        """`slice` once it was given (`show_slice`) or asked for; None until then, while the list shows what
        `show_database` filled it with (every record of its kind in the order of the file)."""
        return self._slice

    def show_database(self, database: Database) -> None:
        """List this kind's records of `database`, every one in the order of the file, from the top."""
        self.database = database
        self.sliced = None
        self._slice = None
        self.empty_message = self.no_records_message
        self._pages.clear()
        self._sort_values.clear()
        self.set_rows(database.count(self.kind))

    def show_slice(self, sliced: SlicedRecords, *, keep: str | None = None) -> None:
        """Show a slice made for this list; the cursor on record `keep` if the slice holds it, else on the first row."""
        self._slice = sliced.slice
        self.sliced = None if sliced.slice.is_whole_file_order else sliced
        self.empty_message = NO_MATCH if sliced.slice.filter.strip() else self.no_records_message
        self._pages.clear()
        self._sort_values.clear()
        row = sliced.index_of(keep) if keep is not None else None
        self.set_rows(sliced.count)
        if row is not None:
            self.move_cursor(row)
            self.scroll_to(y=max(0, row - self.scrollable_content_region.height // 2), animate=False, force=True)

    def follow_edit(self, database: Database) -> None:
        """`database` holds an edit: read the rows again from it (the cursor stays on its row)."""
        self.database = database
        self._pages.clear()
        self._sort_values.clear()
        self.set_rows(database.count(self.kind), keep_cursor=True)

    def grow(self) -> None:
        """Show the records the index gained since (it is still being built); the cursor stays."""
        if self.database is not None and self.sliced is None:
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
            start, stop = page * PAGE_ROWS, (page + 1) * PAGE_ROWS
            rows = (
                self.sliced.rows(start, stop) if self.sliced is not None else self.database.rows(self.kind, start, stop)
            )
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
        """Row of a record of this list (None when it is not of this kind, or filtered out)."""
        if self.database is None:
            return None
        if self.sliced is not None:
            return self.sliced.index_of(record_id)
        position = self.database.position(record_id)
        return (
            position
            if position is not None
            and position < self.row_count
            and (row := self.row(position))
            and row.id == record_id
            else None
        )

    def sort_value(self, index: int) -> float | None:
        """The number row `index` is sorted by (None: the pane is not sorted by a number, or the record has none)."""
        row = self.row(index)
        if row is None or self.sliced is None:
            return None
        page = index // PAGE_ROWS
        values = self._sort_values.get(page)
        if values is None:
            values = self.sliced.sort_values(page * PAGE_ROWS, (page + 1) * PAGE_ROWS)
            self._sort_values[page] = values
        return values.get(row.id)

    def _render_record(self, index: int, width: int) -> Text:
        row = self.row(index)
        if row is None:
            return Text()
        names_style = text_style(self, "entity-list--latin")
        value = self.sort_value(index)
        if value is None:
            return name_row(row.names, width, self.mode, names_style)
        from tui.store.slices import format_number  # (a pane sorted by a number was sliced: already imported)

        shown = format_number(value)  # (in the digits the interface writes)
        if len(shown) > max(1, width // 3):
            return name_row(row.names, width, self.mode, names_style)
        line = name_row(row.names, width - len(shown) - 1, self.mode, names_style)
        line.append(" ")
        line.append(shown, style=names_style)
        return line

"""The facts table's rows: one fact a row, in columns (record, label, value, number, unit, source).

A `VirtualList` over a materialized fact slice (`tui.store.slices.SlicedFacts`):
only the rows on screen are read, a page at a time. Every cell is laid out on
its own through the text pipeline, aligned by its own direction (an Arabic name
or value to the right of its column, Latin to the left), numbers to the right.

Numbers are written with thousands separators (`1,000,000`), in the digits the
interface writes (`tui.i18n.number`), after their qualifier (`more than 2,500`,
said in the language spoken); the value beside them keeps the article's own
wording and digits. Labels, qualifiers and units are said in the language spoken
when labels.toml knows them.

In a mirrored (right-to-left) interface the columns run from the right edge (the
record first, on the right), and the table scrolls sideways from there.

Columns share the width by default; one column is current (its heading marked),
and it can be made wider or narrower, or as wide as its widest cell on screen
(VisiData's `_`). A table wider than the screen scrolls sideways to keep the
current column in view, so that no cell is cut without a way to read it whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache

from tui import i18n
from tui.i18n import N_, _, labels, with_digits
from tui.store.slices import FactColumn, FactOrder, FactRow, SlicedFacts, format_number
from tui.text.direction import BidiMode, reading_direction
from tui.text.layout import single_line
from tui.widgets.rows import placed
from tui.widgets.virtual_list import VirtualList

#: rows read from the index at once
PAGE_ROWS = 128

#: the columns shown, their headings, their share of the width, and the fewest and most cells they take
COLUMNS: tuple[tuple[FactColumn, str, int, int, int], ...] = (
    ("record", N_("Record"), 6, 8, 32),
    ("label", N_("Label"), 5, 8, 24),
    ("value", N_("Value"), 10, 8, 10_000),
    ("number", N_("Number"), 5, 11, 18),  # 11: "999,999,999"; 15: "more than 2,500"
    ("unit", N_("Unit"), 4, 6, 20),
    ("source", N_("Source"), 4, 6, 28),
)
#: how numbers too long for their column are shortened: 2,200,000,000 -> 2.2B
_SHORT_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))
_GAP = 1
#: the narrowest a column can be made, and the widest (in cells)
NARROWEST, WIDEST = 3, 400
#: the columns, in order
COLUMN_NAMES: tuple[FactColumn, ...] = tuple(column for column, *_ in COLUMNS)
#: each column's heading (a message: `_()` says it)
HEADINGS: dict[FactColumn, str] = {column: heading for column, heading, *_ in COLUMNS}


@dataclass(frozen=True, slots=True)
class Layout:
    """The width of each column at one width of the table (the columns set by hand keep their width)."""

    widths: tuple[int, ...]

    @classmethod
    def of(cls, width: int, chosen: dict[FactColumn, int] | None = None) -> Layout:
        chosen = chosen or {}
        room = max(len(COLUMNS), width - _GAP * (len(COLUMNS) - 1))
        shares = sum(share for _column, _heading, share, _fewest, _most in COLUMNS)
        widths = [max(fewest, min(most, room * share // shares)) for _column, _heading, share, fewest, most in COLUMNS]
        value = COLUMN_NAMES.index("value")
        widths[value] = max(1, widths[value] + room - sum(widths))  # what the bounds and rounding left (or took)
        return cls(tuple(chosen.get(column, shared) for column, shared in zip(COLUMN_NAMES, widths)))

    @property
    def total(self) -> int:
        """The cells of a whole row."""
        return sum(self.widths) + _GAP * (len(self.widths) - 1)

    def span(self, column: FactColumn) -> tuple[int, int]:
        """Where a column is in a whole row: its first cell and the cell after its last."""
        at = COLUMN_NAMES.index(column)
        start = sum(self.widths[:at]) + _GAP * at
        return start, start + self.widths[at]


def _cell(text: str, width: int, mode: BidiMode, *, align_right: bool = False) -> Text:
    """`text` in `width` cells, aligned by its direction (or to the right), cut at its logical end with "…".

    Cut by character, not by word as a name in a list is: a column is narrow, and
    `health professionals` is worth more than `health…`.
    """
    direction = reading_direction(text)
    line = single_line(text, width * 3, direction=direction, mode=mode)  # (a longer text is cut there first, by word)
    if line.cells <= width:
        if align_right and direction == "ltr":
            return Text(" " * (width - line.cells)) + line.to_text(line.cells)
        return placed(line, width)
    if width < 2:
        return Text("…"[:width])
    cut = line.to_text(width - 1)  # loses cells at the logical end: the left of right-to-left text
    return Text("…") + cut if direction == "rtl" else cut + Text("…")


def _number_cell(row: FactRow, width: int, mode: BidiMode) -> Text:
    if row.number is None:
        return Text(" " * width)
    number = format_number(row.number)
    if len(number) > width:
        number = _short_number(row.number)
    qualified = f"{labels.shown(row.qualifier)} {number}" if row.qualifier else number
    # the qualifier goes first when both do not fit: the number is what the column is for
    return _cell(qualified if cell_len(qualified) <= width else number, width, mode, align_right=True)


def _short_number(number: float) -> str:
    """A number in a few characters: `2.2B`, `1M`, `12.5k` (the column is too narrow for every digit)."""
    for scale, suffix in _SHORT_SCALES:
        if scale <= abs(number) < scale * 1000:
            return with_digits(f"{number / scale:.3g}{suffix}")
    return with_digits(f"{number:.3g}")


COLUMN_GROUP = Binding.Group(N_("Column"), compact=True)


class FactTable(VirtualList):
    """The rows of a fact slice; `enter` (or a click on the selected row) posts `Selected`.

    Its left and right keys make a column current (bound here, before a scrolling widget's own left and right;
    the screen does the work, so that its header follows).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left,h", "screen.column(-1)", N_("The column on the left"), id="facts.column-left", group=COLUMN_GROUP
        ),
        Binding(
            "right,l", "screen.column(1)", N_("The column on the right"), id="facts.column-right", group=COLUMN_GROUP
        ),
    ]

    def __init__(self, *, mode: BidiMode, id: str | None = None) -> None:
        super().__init__(0, render_row=self._render_fact, empty_message=N_("Choosing what to show…"), mode=mode, id=id)
        self.mode = mode
        self.sliced: SlicedFacts | None = None
        self._pages: LRUCache[int, list[FactRow]] = LRUCache(64)
        self.current_column: FactColumn = "record"
        """The column whose heading is marked: the one made wider or narrower, and kept in view."""
        self.left = 0
        """How many cells of a row are scrolled out of view on the left."""
        self._chosen: dict[FactColumn, int] = {}
        """The widths set by hand."""

    # -- columns ----------------------------------------------------------------------------
    @property
    def column_layout(self) -> Layout:
        return Layout.of(self.scrollable_content_region.width, self._chosen)

    def move_column(self, step: int) -> None:
        """Make the column `step` places to the right (or left, negative) current, and scroll it into view.

        (In a mirrored interface the column on the right comes before in reading order.)"""
        step = -step if i18n.is_rtl() else step
        at = min(max(COLUMN_NAMES.index(self.current_column) + step, 0), len(COLUMN_NAMES) - 1)
        self.current_column = COLUMN_NAMES[at]
        self._columns_changed()

    def resize_column(self, cells: int) -> None:
        """Make the current column `cells` wider (or narrower), within NARROWEST and WIDEST."""
        width = self.column_layout.widths[COLUMN_NAMES.index(self.current_column)]
        self._chosen[self.current_column] = min(max(width + cells, NARROWEST), WIDEST)
        self._columns_changed()

    def fit_column(self) -> None:
        """Make the current column as wide as its widest cell among the rows on screen (and its heading)."""
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        rows = [row for index in range(top, min(top + height, self.row_count)) if (row := self.row(index)) is not None]
        texts = [_cell_text(row, self.current_column) for row in rows]
        widest = max([cell_len(_(HEADINGS[self.current_column])) + 2, *(cell_len(text) for text in texts)])
        self._chosen[self.current_column] = min(max(widest, NARROWEST), WIDEST)
        self._columns_changed()

    def _columns_changed(self) -> None:
        width = self.scrollable_content_region.width
        start, end = self.column_layout.span(self.current_column)
        if start < self.left:
            self.left = start
        elif end > self.left + width:
            self.left = min(start, end - width)
        self.left = max(0, min(self.left, self.column_layout.total - width))
        self.refresh_rows()

    def current_cell(self) -> str:
        """The current column's text in the selected row, whole ("" when no row is selected)."""
        row = self.selected
        return _cell_text(row, self.current_column) if row is not None else ""

    def show(self, sliced: SlicedFacts) -> None:
        """Show a fact slice, from its first row."""
        self.sliced = sliced
        self._pages.clear()
        self.empty_message = (
            N_("No fact of this kind holds that") if sliced.slice.filter.strip() else N_("No fact of this kind")
        )
        self.set_rows(sliced.count)

    def row(self, index: int) -> FactRow | None:
        if self.sliced is None or not 0 <= index < self.row_count:
            return None
        page = index // PAGE_ROWS
        rows = self._pages.get(page)
        if rows is None:
            rows = self.sliced.rows(page * PAGE_ROWS, (page + 1) * PAGE_ROWS)
            self._pages[page] = rows
        offset = index - page * PAGE_ROWS
        return rows[offset] if offset < len(rows) else None

    @property
    def selected(self) -> FactRow | None:
        return self.row(self.cursor)

    def header(self, width: int, order: FactOrder) -> Text:
        """The column headings at this width (scrolled as the rows are), the sorted one marked with its direction,
        the current one underlined."""
        cells: list[Text] = []
        for (column, heading, *_bounds), cell_width in zip(COLUMNS, Layout.of(width, self._chosen).widths):
            said = _(heading)
            if column == order.column:
                said = f"{said} {'↓' if order.descending else '↑'}"
            styles = ["bold"] if column == order.column else []
            if column == self.current_column:
                styles.append("reverse")
            if i18n.is_rtl():  # (shaped, right-aligned)
                shown = single_line(said, cell_width, direction="rtl", mode=self.mode).to_text(cell_width)
            else:
                cut = said[:cell_width]
                shown = Text(cut.rjust(cell_width) if column == "number" else cut.ljust(cell_width))
            shown.stylize(" ".join(styles))
            cells.append(shown)
        return _visible(_row(cells), self.left, width)

    def _render_fact(self, index: int, width: int) -> Text:
        row = self.row(index)
        if row is None:
            return Text()
        widths = Layout.of(width, self._chosen).widths
        cells = [
            _cell(row.record_names.primary, widths[0], self.mode),
            _cell(labels.shown(row.label), widths[1], self.mode),
            _cell(row.value, widths[2], self.mode),
            _number_cell(row, widths[3], self.mode),
            _cell(labels.shown(row.unit or ""), widths[4], self.mode),
            _cell(row.source, widths[5], self.mode),
        ]
        return _visible(_row(cells), self.left, width)


def _row(cells: list[Text]) -> Text:
    """A whole row of cells given in the order of the columns: from the left, or from the right edge in a
    mirrored interface."""
    line = Text(no_wrap=True, end="")
    for number, cell in enumerate(reversed(cells) if i18n.is_rtl() else cells):
        if number:
            line.append(" " * _GAP)
        line.append_text(cell)
    return line


def _visible(line: Text, left: int, width: int) -> Text:
    """The `width` cells of a whole row from cell `left` on, in reading order (a row is laid out in cells:
    one character, one cell): from the left edge, or in a mirrored interface from the right edge, where the
    row then ends (a row narrower than the table is right-aligned)."""
    if i18n.is_rtl():
        total = line.cell_len
        if total <= width and left <= 0:
            line = line.copy()
            line.pad_left(width - total)
            return line
        end = max(0, total - max(0, left))
        start = max(0, end - width)
        shown = line[start:end] if total == len(line.plain) else _crop_cells(line, start, end - start)
        shown.pad_left(width - shown.cell_len)
        return shown
    if left <= 0 and line.cell_len <= width:
        return line
    return line[left : left + width] if line.cell_len == len(line.plain) else _crop_cells(line, left, width)


def _crop_cells(line: Text, left: int, width: int) -> Text:
    """`line[left : left + width]` by cells, for a row holding wide characters."""
    start = 0
    cells = 0
    while start < len(line.plain) and cells < left:
        cells += cell_len(line.plain[start])
        start += 1
    end, taken = start, 0
    while end < len(line.plain) and taken + cell_len(line.plain[end]) <= width:
        taken += cell_len(line.plain[end])
        end += 1
    return line[start:end]


def _cell_text(row: FactRow, column: FactColumn) -> str:
    """What a column holds for a row, whole, as stored (the number as the table writes it)."""
    if column == "record":
        return row.record_names.primary
    if column == "number":
        if row.number is None:
            return ""
        number = format_number(row.number)
        return f"{labels.shown(row.qualifier)} {number}" if row.qualifier else number
    if column == "unit":
        return labels.shown(row.unit or "")
    return {"label": labels.shown(row.label), "value": row.value, "source": row.source}[column]

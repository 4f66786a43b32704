"""The facts table: one kind of fact across every record, to compare (VisiData's everyday move).

A kind of fact is chosen in a picker that lists each with its count (every fact,
every figure, each label, each field). The table shows record, label, value,
number, unit and source; it is filtered as you type (`f`, as in the panes), and
sorted by any column (`[` `]` the direction, `<` `>` the column, `o` a menu).
Enter opens the record at that fact; `back` there returns here, to the same row
(the app keeps this screen installed while the database stays open). `s` opens the
fact's article at its quote, `y` copies the fact with its quote and source, `e`
exports the table. `←` `→` make the column on the left or right current (the table
scrolls sideways to keep it in view), `+` `-` widen and narrow it, `_` fits it to
its widest cell on screen; the line under the table shows the current column of the
selected row whole.
"""

from __future__ import annotations

import os
from dataclasses import replace

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from tui.data.models import Fact, Record
from tui.i18n import N_, _
from tui.presentation.detail import Landing, QuoteTarget
from tui.screens.palette_keys import PaletteCommand, ScreenCommands
from tui.screens.pane_slicing import IndexReads, facts_count, figures_count
from tui.screens.picker import Choice, PickerScreen
from tui.screens.shell import shell
from tui.store.database import Database
from tui.store.slices import (
    FACT_COLUMNS,
    FactKind,
    FactOrder,
    FactSlice,
    SlicedFacts,
)
from tui.text.direction import BidiMode
from tui.widgets.breadcrumbs import Breadcrumbs
from tui.widgets.fact_table import HEADINGS, FactTable
from tui.widgets.find_bar import FindBar
from tui.widgets.footer import KeysFooter
from tui.widgets.language import LanguageChanged
from tui.widgets.rows import aligned, in_reading_order, ui_text, visual_text
from tui.widgets.virtual_list import VirtualList

#: the name the app installs the facts table under
SCREEN_NAME = "facts"
SORT_GROUP = Binding.Group(N_("Sort"), compact=True)
WIDTH_GROUP = Binding.Group(N_("Width"), compact=True)
#: cells of the title that the filter may take
FILTER_TITLE_CELLS = 30
#: (messages: `_()` says them)
COLUMN_NAMES = {
    "file": N_("file order"),
    "record": N_("record"),
    "label": N_("label"),
    "value": N_("value"),
    "number": N_("number"),
    "unit": N_("unit"),
    "source": N_("source"),
}


def kind_choices(database: Database) -> list[Choice]:
    """The picker's choices: every kind of fact with its counts."""
    choices = []
    for each in database.slices().fact_kinds():
        note = figures_count(each.figures) if each.kind.by == "figures" else facts_count(each.facts)
        if each.kind.by in ("label", "field") and each.figures:
            note = _("{facts}, {figures}").format(facts=note, figures=figures_count(each.figures))
        choices.append(Choice(each.kind.title, note, each.kind))
    return choices


class FactsScreen(Screen[None]):
    """A kind of fact across all records, in a table."""

    DEFAULT_CSS = """
    #facts-pane {
        height: 1fr;
        border: round $accent;
        border-title-color: $accent;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
    }
    #facts-header {
        height: 1;
        color: $text-muted;
        background: $boost;
    }
    #facts-table {
        height: 1fr;
        /* the same width with or without a scrollbar: the header's columns stay over the rows' */
        scrollbar-gutter: stable;
    }
    #facts-cell {
        height: auto;
        max-height: 3;
        color: $text-muted;
        background: $boost;
    }
    """
    COMMANDS = {ScreenCommands}
    BINDINGS = [
        Binding("question_mark,f1", "app.help", N_("Help"), id="facts.help"),
        Binding("escape,backspace,q", "back", N_("Back"), id="facts.back"),
        Binding("F,shift+f", "choose_kind", N_("Kind"), id="facts.kind"),
        Binding("f,vertical_line", "filter", N_("Filter"), id="facts.filter"),
        Binding(
            "left_square_bracket", "sort(False)", N_("Sort ascending"), id="facts.sort-ascending", group=SORT_GROUP
        ),
        Binding(
            "right_square_bracket", "sort(True)", N_("Sort descending"), id="facts.sort-descending", group=SORT_GROUP
        ),
        Binding(
            "less_than_sign",
            "step_column(-1)",
            N_("Sort by the previous column"),
            id="facts.sort-previous",
            group=SORT_GROUP,
        ),
        Binding(
            "greater_than_sign", "step_column(1)", N_("Sort by the next column"), id="facts.sort-next", group=SORT_GROUP
        ),
        Binding("o", "choose_column", N_("Sort by…"), id="facts.sort-menu", group=SORT_GROUP),
        Binding("s", "open_source", N_("Source"), id="facts.source"),
        Binding("y", "copy_fact", N_("Copy"), id="facts.copy"),
        Binding("e", "export", N_("Export"), id="facts.export"),
        Binding("plus,equals_sign", "width(4)", N_("Widen the column"), id="facts.wider", group=WIDTH_GROUP),
        Binding("minus", "width(-4)", N_("Narrow the column"), id="facts.narrower", group=WIDTH_GROUP),
        Binding(
            "underscore", "fit", N_("Fit the column to its widest cell on screen"), id="facts.fit", group=WIDTH_GROUP
        ),
    ]
    #: shown in the footer where there is room (at 80 columns it keeps / Search)
    FOOTER_IF_ROOM = frozenset(
        {
            "facts.source",
            "facts.copy",
            "facts.export",
            "facts.column-left",
            "facts.column-right",
            "facts.wider",
            "facts.narrower",
            "facts.fit",
        }
    )
    _NOT_WHILE_FILTERING = frozenset(
        {
            "app.help",
            "back",
            "choose_kind",
            "filter",
            "sort",
            "step_column",
            "choose_column",
            "open_source",
            "copy_fact",
            "export",
            "column",
            "width",
            "fit",
        }
    )

    def __init__(self, database: Database, sliced: FactSlice, *, mode: BidiMode) -> None:
        super().__init__()
        self.database = database
        self.mode = mode
        self._index_reads = IndexReads(self)
        self.wanted = sliced
        """The slice asked for (the table shows it once it is made)."""
        self.slice = sliced
        """The slice the table shows: what export takes away."""

    def compose(self) -> ComposeResult:
        yield Breadcrumbs(mode=self.mode, id="crumbs")
        with Vertical(id="facts-pane"):
            yield Static(Text(""), id="facts-header")
            yield FactTable(mode=self.mode, id="facts-table")
            yield Static(Text(""), id="facts-cell")
            yield FindBar(
                mode=self.mode,
                placeholder=N_("records, labels, values holding… (enter: done, escape: clear)"),
                prompt=N_("filter: "),
                id="facts-filter",
            )
        yield KeysFooter(if_room=self.FOOTER_IF_ROOM, mode=self.mode)

    @property
    def table(self) -> FactTable:
        return self.query_one(FactTable)

    def on_mount(self) -> None:
        self.query_one(Breadcrumbs).file = shell(self).database_label
        self._update_title()
        self.table.focus()
        self.show_slice(self.wanted)

    def on_resize(self, event: events.Resize) -> None:
        self._update_header()

    def on_language_changed(self, event: LanguageChanged) -> None:
        self.query_one(Breadcrumbs).file = shell(self).database_label
        self._update_title()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the filter takes the typing, the screen's keys leave the footer."""
        return not (self.is_mounted and self.query_one(FindBar).is_open and action in self._NOT_WHILE_FILTERING)

    # -- slices ----------------------------------------------------------------------
    def show_slice(self, sliced: FactSlice) -> None:
        """Show `sliced` once it is made (in a worker; a newer one stops an older one)."""
        self.wanted = sliced
        self._update_title()
        database = self.database
        self.run_worker(lambda: self._make(database, sliced), thread=True, exclusive=True, group="facts")

    def _make(self, database: Database, sliced: FactSlice) -> None:
        self._index_reads.deliver(
            lambda should_stop: database.slices().facts(sliced, should_stop=should_stop), self._made
        )

    def _made(self, made: SlicedFacts) -> None:
        if made.slice != self.wanted:
            return
        self.slice = made.slice
        self.table.show(made)
        self._update_title()

    def _update_title(self) -> None:
        wanted = self.wanted
        pieces = [ui_text(_("Facts"), 20, self.mode), Text(" · ")]
        pieces.append(ui_text(wanted.facts.title, FILTER_TITLE_CELLS, self.mode))
        if wanted.filter.strip():
            pieces += [Text(" · “"), visual_text(wanted.filter, FILTER_TITLE_CELLS, self.mode), Text("”")]
        if wanted.order != FactOrder():
            arrow = "↓" if wanted.order.descending else "↑"
            pieces += [Text(" · "), ui_text(f"{_(COLUMN_NAMES[wanted.order.column])} {arrow}", 30, self.mode)]
        pane = self.query_one("#facts-pane")
        pane.border_title = in_reading_order(pieces)
        pane.border_subtitle = (
            "…"
            if wanted != self.slice or self.table.sliced is None
            else ui_text(facts_count(self.table.row_count), 40, self.mode)
        )
        crumbs = self.query_one(Breadcrumbs)
        crumbs.parts = (_("Marsad"), _("Facts"), wanted.facts.title)
        self._update_header()

    def _update_header(self) -> None:
        width = self.table.scrollable_content_region.width
        if width > 0:
            self.query_one("#facts-header", Static).update(self.table.header(width, self.wanted.order))
        self._update_cell()

    @on(VirtualList.Highlighted, "#facts-table")
    def _update_cell(self) -> None:
        """The current column of the selected row, whole: what a narrow column cuts can always be read here."""
        cell = self.query_one("#facts-cell", Static)
        text = self.table.current_cell()
        if not text:
            cell.update(Text(""))
            return
        heading = ui_text(_("{label}: ").format(label=_(HEADINGS[self.table.current_column])), 40, self.mode, "bold")
        value = visual_text(text, max(1, cell.size.width - heading.cell_len) * 4, self.mode)
        cell.update(aligned(in_reading_order([heading, value]), cell.size.width))

    # -- columns ---------------------------------------------------------------------
    def action_column(self, step: int) -> None:
        """The column on the left or on the right is current (the table scrolls sideways to show it)."""
        self.table.move_column(step)
        self._update_header()

    def action_width(self, cells: int) -> None:
        """The current column `cells` wider (or narrower)."""
        self.table.resize_column(cells)
        self._update_header()

    def action_fit(self) -> None:
        """The current column as wide as its widest cell on screen."""
        self.table.fit_column()
        self._update_header()

    # -- keys ------------------------------------------------------------------------
    def action_back(self) -> None:
        """Clear the filter first; then back to the main screen."""
        if self.wanted.filter.strip():
            self.show_slice(replace(self.wanted, filter=""))
            return
        self.app.pop_screen()

    def action_filter(self) -> None:
        self.query_one(FindBar).open(self.wanted.filter)
        self.refresh_bindings()

    @on(FindBar.Changed)
    def _filter_typed(self, event: FindBar.Changed) -> None:
        self.show_slice(replace(self.wanted, filter=event.query))

    @on(FindBar.Closed)
    def _filter_closed(self, event: FindBar.Closed) -> None:
        if not event.keep:
            self.show_slice(replace(self.wanted, filter=""))
        self.table.focus()
        self.refresh_bindings()

    def action_sort(self, descending: bool) -> None:
        self.show_slice(replace(self.wanted, order=replace(self.wanted.order, descending=descending)))

    def action_step_column(self, step: int) -> None:
        columns = FACT_COLUMNS
        column = columns[(columns.index(self.wanted.order.column) + step) % len(columns)]
        self.show_slice(replace(self.wanted, order=replace(self.wanted.order, column=column)))

    def action_choose_column(self) -> None:
        choices = [Choice(_(COLUMN_NAMES[column]), "", column) for column in FACT_COLUMNS]

        def chosen(column: object) -> None:
            if column is not None:
                self.show_slice(replace(self.wanted, order=replace(self.wanted.order, column=column)))  # type: ignore[arg-type]

        self.app.push_screen(
            PickerScreen(_("Sort the facts by"), choices, mode=self.mode, selected=self.wanted.order.column), chosen
        )

    def action_choose_kind(self) -> None:
        def chosen(kind: object) -> None:
            if isinstance(kind, FactKind):
                self.show_slice(FactSlice(kind, self.wanted.filter, self.wanted.order))

        self.app.push_screen(
            PickerScreen(_("Which facts"), kind_choices(self.database), mode=self.mode, selected=self.wanted.facts),
            chosen,
        )

    @on(VirtualList.Selected, "#facts-table")
    def _open(self, event: VirtualList.Selected) -> None:
        self.action_open_fact()

    def action_open_fact(self) -> None:
        """Open the record of the selected row at that fact; `back` there returns here."""
        row = self.table.selected
        if row is None:
            return
        fact = row.fact(self.database)
        if fact is None:
            self.notify(
                _("The fact is no longer in {record_id}").format(record_id=repr(row.record_id)), severity="warning"
            )
            return
        shell(self).land(
            Landing(row.record_id, cites=QuoteTarget(fact.source, fact.quote), label=fact.label),
            return_screen=SCREEN_NAME,
        )

    def _selected_fact(self) -> tuple[Record, Fact] | None:
        """The selected row's record and fact (None, said, when there is none)."""
        row = self.table.selected
        if row is None:
            self.notify(_("No fact is selected: the table is empty"), severity="warning")
            return None
        record, fact = self.database.get(row.record_id), row.fact(self.database)
        if record is None or fact is None:
            self.notify(
                _("The fact is no longer in {record_id}: press ctrl+r to reload").format(record_id=repr(row.record_id)),
                severity="warning",
            )
            return None
        return record, fact

    def action_open_source(self) -> None:
        """The selected fact's source article, at its quote; escape there comes back to the same row."""
        if (selected := self._selected_fact()) is not None:
            _record, fact = selected
            shell(self).open_source(fact.source, fact.quote)

    def action_copy_fact(self) -> None:
        """Copy the selected fact with its evidence (its quote and source) and its record, as `y` in the detail."""
        from tui.presentation import evidence
        from tui.presentation.detail import detail_blocks
        from tui.terminal.clipboard import copy_in_app

        if (selected := self._selected_fact()) is None:
            return
        record, fact = selected
        block = next(
            (block for block in detail_blocks(self.database, record, complete=True) if block.cites == fact), None
        )
        text = (
            evidence.item_text(self.database, record, block)
            if block is not None
            else evidence.record_text(self.database, record)
        )
        copy_in_app(self.app, text, _("the fact with its quote and source"), os.environ, title=record.id)

    def action_export(self) -> None:
        """The export prompt: the table's rows as it shows them, or the whole database."""
        from tui.screens.export import ExportScreen, fact_table_choices

        choices = fact_table_choices(self.database, self.slice, self.table.row_count)
        self.app.push_screen(ExportScreen(self.database, choices, mode=self.mode))

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (
                _("Export table"),
                _("Write the table's facts as shown, with their quotes and sources, or the whole database (key e)"),
                self.action_export,
            ),
            (_("Open fact"), _("Open the record of the selected row at that fact (key enter)"), self.action_open_fact),
            (
                _("Source of fact"),
                _("The article the selected fact comes from, at its quote (key s)"),
                self.action_open_source,
            ),
            (
                _("Copy fact"),
                _("Copy the selected fact with its quote, its source and its record (key y)"),
                self.action_copy_fact,
            ),
            (
                _("Filter facts"),
                _("Filter the table by record, label or value as you type (key f)"),
                self.action_filter,
            ),
            (
                _("Choose kind of fact"),
                _("Which facts the table shows: all, the figures, a label, a field (key F)"),
                self.action_choose_kind,
            ),
            (
                _("Sort facts ascending"),
                _("Sort the table ascending by its column (key [)"),
                lambda: self.action_sort(False),
            ),
            (
                _("Sort facts descending"),
                _("Sort the table descending by its column (key ])"),
                lambda: self.action_sort(True),
            ),
            (
                _("Sort facts by next column"),
                _("Record, label, value, number, unit, source, file order (key >)"),
                lambda: self.action_step_column(1),
            ),
            (
                _("Sort facts by previous column"),
                _("The same columns, the other way (key <)"),
                lambda: self.action_step_column(-1),
            ),
            (
                _("Choose facts sort column"),
                _("Choose the column the table is sorted by (key o)"),
                self.action_choose_column,
            ),
            (_("Column on the left"), _("Make the column on the left current (key ←)"), lambda: self.action_column(-1)),
            (
                _("Column on the right"),
                _("Make the column on the right current (key →)"),
                lambda: self.action_column(1),
            ),
            (_("Widen column"), _("Widen the current column by 4 cells (key +)"), lambda: self.action_width(4)),
            (_("Narrow column"), _("Narrow the current column by 4 cells (key -)"), lambda: self.action_width(-4)),
            (_("Fit column"), _("Fit the current column to its widest cell on screen (key _)"), self.action_fit),
        ]

"""Slicing the main screen's panes: filter as you type, jump by typing, sort.

`PaneSlicing` is the `Screen` that `MainScreen` extends: the part of the main
screen that turns keys into slices (`tui.store.slices`). Each pane is asked for
a slice (its title and count say so at once), the slice is made in a worker (one
at a time per pane: a newer one stops an older one), and the pane shows it once
it is ready. The filter and jump bars are mounted the
first time they are used, and this module imports the slicing code only then:
a first frame costs what it did before panes could be sliced.

Keys (bound on `EntityList`, so that they show in the footer while a list has
the focus; every one is also a palette command):

* `f` (or `|`): filter the pane as you type; `enter` keeps it, `escape` clears it;
* `t`: jump to the next record with a name that has a word starting with what is typed;
* `[` `]`: ascending, descending; `<` `>`: the previous, next key; `o`: choose the key.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar, cast

from rich.cells import cell_len
from rich.text import Text
from textual.screen import Screen
from textual.worker import get_current_worker

from tui.data.kinds import BY_NAME, KINDS, pane_title
from tui.data.models import Kind
from tui.i18n import N_, _, ngettext, number
from tui.widgets.rows import in_reading_order, ui_text, visual_text

if TYPE_CHECKING:
    from tui.screens.palette_keys import PaletteCommand
    from tui.store.database import Database
    from tui.store.slices import FactKind, RecordKey, RecordSlice, SlicedRecords
    from tui.text.direction import BidiMode
    from tui.widgets.entity_list import EntityList
    from tui.widgets.find_bar import FindBar


def figures_count(count: int) -> str:
    """`1 figure`, `2,500 figures`, in the language spoken."""
    return ngettext("{count} figure", "{count} figures", count).format(count=number(count))


def facts_count(count: int) -> str:
    """`1 fact`, `2,500 facts`, in the language spoken."""
    return ngettext("{count} fact", "{count} facts", count).format(count=number(count))


#: cells of a pane's title that its filter (and its order) may take
FILTER_TITLE_CELLS = 24
#: the bars, by what they do: (id, prompt, placeholder), messages
BARS = {
    "filter": ("pane-filter", N_("filter: "), N_("names holding…")),  # (the key bar says what enter and escape do)
    "jump": ("pane-jump", N_("jump: "), N_("a name starting with…")),
}
#: the main screen's actions that do not run while a bar takes the typing
NOT_WHILE_TYPING = frozenset(
    {
        "focus_pane",
        "back",
        "open_source",
        "copy_item",
        "copy_record",
        "focus_detail",
        "focus_list",
        "open_facts",
        "export",
        "step_hit",
        "rename_record",
        "merge_record",
        "undo_edit",
        "redo_edit",
    }
)

T = TypeVar("T")


class IndexReads:
    """Reads from the index in thread workers for one screen, and says once when the index cannot be read.

    A filter typed letter by letter asks for a slice per letter: a broken index is
    said the first time, and again only after a read has worked since.
    """

    def __init__(self, screen: Screen[Any]) -> None:
        self._screen = screen
        self._failing = False

    def deliver(self, read: Callable[[Callable[[], bool]], T], deliver: Callable[[T], object]) -> None:
        """In a thread worker: `read(should_stop)` from the index, then `deliver` what it read on the UI thread.

        Nothing is delivered when a newer request stopped this one (`should_stop`
        turned true), or when the index could not be read (the file went bad under
        us): then a notification says so, and what is shown stays.
        """
        from tui.store.slices import SliceCancelled

        app = self._screen.app
        worker = get_current_worker()
        try:
            result = read(lambda: worker.is_cancelled)
        except SliceCancelled:
            return
        except sqlite3.Error as error:
            if not self._failing:
                self._failing = True
                app.call_from_thread(
                    app.notify,
                    _("Could not read the index ({error}). Press ctrl+r to reload.").format(error=error),
                    severity="error",
                )
            return
        self._failing = False
        app.call_from_thread(deliver, result)


class PaneSlicing(Screen[None]):
    """What `MainScreen` does to slice its panes: a screen that has a list per kind of
    record (`list_of`), the open database and the active pane, which its subclass sets."""

    database: Database | None
    active_kind: Kind
    mode: BidiMode

    def list_of(self, kind: Kind) -> EntityList:
        """The pane's list of records of `kind`."""
        raise NotImplementedError

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        self._index_reads = IndexReads(self)
        self._bars: dict[str, FindBar] = {}
        """The filter and jump bars mounted so far (the first use of each mounts it)."""
        self._wanted: dict[Kind, RecordSlice] = {}
        """The slice each pane was last asked to show (it shows it once it is made)."""
        self._sort_facts: dict[Kind, FactKind] = {}
        """The kind of fact each pane was last sorted by (`<` and `>` step through it too)."""
        self._jump_origin = 0
        """The row a jump started from: escape returns there."""

    def forget_slices(self) -> None:
        """Another database: every pane shows all of its kind again."""
        self._wanted.clear()

    # -- what a pane shows ------------------------------------------------------------
    def wanted_slice(self, kind: Kind) -> RecordSlice:
        """What a pane shows, or is about to show once its slice is made."""
        return self._wanted.get(kind, self.list_of(kind).slice)

    def pane_slice(self, kind: Kind | None = None) -> RecordSlice:
        """What a pane (the active one by default) shows now, filtered and sorted: for export."""
        return self.list_of(kind or self.active_kind).slice

    def _asked_slice(self, kind: Kind) -> RecordSlice | None:
        """`wanted_slice`, or None while a pane shows every record of its kind in the order of the file as it was
        first filled: its title and its count then name nothing of a slice (and no slice is made for a first frame)."""
        return self._wanted.get(kind) or self.list_of(kind).given_slice

    def is_filtered(self, kind: Kind) -> bool:
        return bool(self.wanted_slice(kind).filter.strip())

    def update_pane_counts(self) -> None:
        """Each pane's count: how many of its kind (`…` while the index grows), or how many its filter keeps."""
        if self.database is None:
            return
        for kind, count in zip(KINDS, self.database.counts()):
            entity_list = self.list_of(kind.name)
            if not self.database.complete:
                shown = f"{number(count)}…"
            elif self._asked_slice(kind.name) is None:
                shown = number(count)
            elif self.wanted_slice(kind.name) != entity_list.slice:
                shown = "…"  # a slice is being made
            elif not entity_list.slice.filter.strip():
                shown = number(count)
            else:
                shown = _("{shown} of {count}").format(shown=number(entity_list.row_count), count=number(count))
            self.query_one(f"#pane-{kind.name}").border_subtitle = ui_text(shown, 40, self.mode)

    def update_pane_title(self, kind: Kind) -> None:
        """The pane's title: its key and name, then the filter and the order it is asked to show.

        What does not fit the pane's width goes, the name first (the breadcrumbs say
        it too), then the end of the filter; the order always shows.
        """
        pane = self.query_one(f"#pane-{kind}")
        room = max(8, pane.size.width - 4) if pane.size.width else 64  # (the corners and a space each side)
        sliced = self._asked_slice(kind)
        key, name = BY_NAME[kind].key, pane_title(kind)
        typed = sliced.filter if sliced is not None and sliced.filter.strip() else ""
        order_title = sliced.order.title if sliced is not None else ""
        order = ui_text(order_title, FILTER_TITLE_CELLS, self.mode) if order_title else Text()
        order_cells = order.cell_len + 3 if order.cell_len else 0
        head = f"{key} {name}"
        if (typed and cell_len(head) + 4 + cell_len(typed) + order_cells > room) or (
            not typed and cell_len(head) + order_cells > room
        ):
            head = key
        pieces = [ui_text(head, room, self.mode)]
        if typed:
            pieces.append(Text(" · “"))
            pieces.append(
                visual_text(typed, max(3, min(FILTER_TITLE_CELLS, room - cell_len(head) - 5 - order_cells)), self.mode)
            )
            pieces.append(Text("”"))
        if order_cells:
            pieces += [Text(" · "), order]
        pane.border_title = in_reading_order(pieces)

    def fit_pane_titles(self) -> None:
        """Every pane's title, fitted to its width (after a resize)."""
        for kind in KINDS:
            self.update_pane_title(kind.name)

    # -- making slices ------------------------------------------------------------------
    def _can_slice(self) -> bool:
        if self.database is None or not self.database.complete:
            self.notify(_("Filtering and sorting work once the index is built"), severity="warning")
            return False
        return True

    def reslice(self, kind: Kind, sliced: RecordSlice, *, keep: str | None = None) -> None:
        """Make a pane show `sliced` (once it is made, in a worker); its cursor on record `keep`
        if the slice holds it."""
        if self.database is None:
            return
        self._wanted[kind] = sliced
        self.update_pane_title(kind)
        self.update_pane_counts()
        database = self.database
        self.run_worker(
            lambda: self._make_slice(database, sliced, keep), thread=True, exclusive=True, group=f"slice-{kind}"
        )

    def _make_slice(self, database: Database, sliced: RecordSlice, keep: str | None) -> None:
        self._index_reads.deliver(
            lambda should_stop: database.slices().records(sliced, should_stop=should_stop),
            lambda made: self._slice_made(database, made, keep),
        )

    def _slice_made(self, database: Database, made: SlicedRecords, keep: str | None) -> None:
        kind = made.slice.kind
        if database is not self.database or self._wanted.get(kind) != made.slice:
            return  # another database, or another slice asked for since
        self.list_of(kind).show_slice(made, keep=keep)
        self.update_pane_counts()

    def clear_filter(self, kind: Kind) -> None:
        """The whole pane again, in its order, on the record that was selected."""
        self.reslice(kind, replace(self.wanted_slice(kind), filter=""), keep=self.list_of(kind).selected_id)

    # -- the bars -----------------------------------------------------------------------
    def bar_is_open(self) -> bool:
        """Whether the filter or the jump bar takes the typing (asked for every binding at every
        refresh: no DOM query)."""
        return any(bar.is_open for bar in self._bars.values())

    async def _open_bar(self, which: str, value: str) -> None:
        """Open the filter or jump bar (mounted under the panes the first time)."""
        from tui.widgets.find_bar import FindBar

        bar = self._bars.get(which)
        if bar is None:
            bar_id, prompt, placeholder = BARS[which]
            bar = self._bars[which] = FindBar(mode=self.mode, placeholder=placeholder, prompt=prompt, id=bar_id)
            # (prompt and placeholder are messages: the bar says them in the language spoken when it draws)
            await self.query_one("#panes").mount(bar)
        bar.open(value)
        self.refresh_bindings()

    async def action_filter_pane(self) -> None:
        """Filter the active pane as you type; enter keeps the filter, escape clears it."""
        if self._can_slice():
            await self._open_bar("filter", self.wanted_slice(self.active_kind).filter)

    async def action_jump_in_pane(self) -> None:
        """Type the start of a word of a name: the cursor goes to the next record that has one."""
        if self._can_slice():
            self._jump_origin = max(0, self.list_of(self.active_kind).cursor)
            await self._open_bar("jump", "")

    def on_find_bar_changed(self, event: FindBar.Changed) -> None:
        if event.find_bar.id == "pane-filter":
            kind = self.active_kind
            self.reslice(kind, replace(self.wanted_slice(kind), filter=event.query))
        elif event.find_bar.id == "pane-jump":
            self._jump(event.query, event.find_bar)

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        entity_list = self.list_of(self.active_kind)
        if event.find_bar.id == "pane-filter" and not event.keep:
            self.clear_filter(self.active_kind)
        elif event.find_bar.id == "pane-jump" and not event.keep:
            entity_list.move_cursor(self._jump_origin)
        entity_list.focus()
        self.refresh_bindings()

    def _jump(self, text: str, bar: FindBar) -> None:
        entity_list, database = self.list_of(self.active_kind), self.database
        if database is None or entity_list.slice != self.wanted_slice(entity_list.kind):
            return  # (the pane's slice is being made)
        if not text.strip():
            entity_list.move_cursor(self._jump_origin)
            bar.show_status("")
            return
        sliced = entity_list.slice
        self.run_worker(
            lambda: self._find_jump(database, entity_list, sliced, text, bar), thread=True, exclusive=True, group="jump"
        )

    def _find_jump(
        self, database: Database, entity_list: EntityList, sliced: RecordSlice, text: str, bar: FindBar
    ) -> None:
        made = entity_list.sliced
        origin = self._jump_origin

        def find(should_stop: Callable[[], bool]) -> int | None:
            # (a whole pane in the order of the file reads its rows by place)
            return (made or database.slices().records(sliced)).next_starting_with(text, origin, should_stop)

        self._index_reads.deliver(find, lambda row: self._jumped(entity_list, sliced, row, bar))

    def _jumped(self, entity_list: EntityList, sliced: RecordSlice, row: int | None, bar: FindBar) -> None:
        if entity_list.slice != sliced:
            return
        bar.show_status(_("no match") if row is None else "")
        if row is not None:
            entity_list.move_cursor(row)

    # -- sorting ------------------------------------------------------------------------
    def action_sort_pane(self, descending: bool) -> None:
        """Sort the active pane by its current key, ascending or descending."""
        if self._can_slice():
            kind = self.active_kind
            wanted = self.wanted_slice(kind)
            self.reslice(
                kind,
                replace(wanted, order=replace(wanted.order, descending=descending)),
                keep=self.list_of(kind).selected_id,
            )

    def _sort_keys(self, kind: Kind) -> tuple[RecordKey, ...]:
        from tui.store.slices import RECORD_KEYS

        return RECORD_KEYS if kind in self._sort_facts else RECORD_KEYS[:-1]

    def action_step_pane_sort(self, step: int) -> None:
        """Sort the active pane by the next (or previous) key, in the same direction."""
        if self._can_slice():
            kind = self.active_kind
            keys = self._sort_keys(kind)
            current = self.wanted_slice(kind).order.key
            key = keys[(keys.index(current) + step) % len(keys)] if current in keys else keys[0]
            self.sort_pane_by(kind, key, self._sort_facts.get(kind) if key == "fact" else None)

    def sort_pane_by(self, kind: Kind, key: RecordKey, fact: FactKind | None = None) -> None:
        """Sort a pane by `key` (a fact's number: of kind `fact`), in its current direction."""
        from tui.store.slices import RecordOrder

        if fact is not None:
            self._sort_facts[kind] = fact
        wanted = self.wanted_slice(kind)
        self.reslice(
            kind,
            replace(wanted, order=RecordOrder(key, wanted.order.descending, fact)),
            keep=self.list_of(kind).selected_id,
        )

    def action_choose_pane_sort(self) -> None:
        """Choose what the active pane is sorted by: a name, a count, or a fact's number."""
        if not self._can_slice() or self.database is None:
            return
        from tui.screens.picker import Choice, PickerScreen
        from tui.store.slices import RECORD_KEY_NAMES, RECORD_KEYS

        kind = self.active_kind
        choices = [Choice(_(RECORD_KEY_NAMES[key]), "", (key, None)) for key in RECORD_KEYS[:-1]]
        for each in self.database.slices().fact_kinds(kind)[1:]:  # (not "all facts": their figures are "all figures")
            if each.figures:
                choices.append(
                    Choice(
                        _("number: {fact}").format(fact=each.kind.title),
                        figures_count(each.figures),
                        ("fact", each.kind),
                    )
                )
        order = self.wanted_slice(kind).order

        def chosen(value: object) -> None:
            if value is not None:
                key, fact = cast("tuple[RecordKey, FactKind | None]", value)  # (a Choice's value, made above)
                self.sort_pane_by(kind, key, fact)

        self.app.push_screen(
            PickerScreen(
                _("Sort {pane} by").format(pane=pane_title(kind)),
                choices,
                mode=self.mode,
                selected=(order.key, order.fact),
            ),
            chosen,
        )

    def slicing_commands(self) -> list[PaletteCommand]:
        """The palette's commands for every slicing key."""
        return [
            (
                _("Filter pane"),
                _("Filter the active pane by name as you type; escape clears it (key f)"),
                self.action_filter_pane,
            ),
            (
                _("Clear pane filter"),
                _("Show every record of the active pane again (key escape in the pane)"),
                lambda: self.clear_filter(self.active_kind),
            ),
            (
                _("Jump in pane"),
                _("Type the start of a name: the cursor goes to the next record with one (key t)"),
                self.action_jump_in_pane,
            ),
            (
                _("Sort pane ascending"),
                _("Sort the active pane ascending by its key (key [)"),
                lambda: self.action_sort_pane(False),
            ),
            (
                _("Sort pane descending"),
                _("Sort the active pane descending by its key (key ])"),
                lambda: self.action_sort_pane(True),
            ),
            (
                _("Sort pane by next key"),
                _("File order, Arabic name, Latin name, facts, links, a fact's number (key >)"),
                lambda: self.action_step_pane_sort(1),
            ),
            (
                _("Sort pane by previous key"),
                _("The same keys, the other way (key <)"),
                lambda: self.action_step_pane_sort(-1),
            ),
            (
                _("Choose pane sort key"),
                _("Choose what the active pane is sorted by, a fact's number included (key o)"),
                self.action_choose_pane_sort,
            ),
        ]

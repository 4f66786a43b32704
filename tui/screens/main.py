"""The main screen: a pane per kind of record, and the detail of the selected one.

Each pane shows a slice of its kind, filtered, sorted and jumped in by typing
(`tui.screens.pane_slicing`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from time import monotonic
from typing import TYPE_CHECKING

from rich.style import Style
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widget import Widget

from tui.data.kinds import KINDS, kind_of, pane_title
from tui.data.models import Kind, Record
from tui.i18n import N_, _
from tui.screens import screen_commands
from tui.screens.pane_slicing import NOT_WHILE_TYPING
from tui.screens.record_editing import RecordEditing
from tui.screens.shell import shell
from tui.store.database import Database
from tui.text.direction import BidiMode
from tui.widgets.breadcrumbs import Breadcrumbs
from tui.widgets.detail_view import DetailView
from tui.widgets.entity_list import EntityList
from tui.widgets.footer import KeysFooter
from tui.widgets.language import LanguageChanged
from tui.widgets.rows import ui_text
from tui.widgets.virtual_list import ScrollState, VirtualList

if TYPE_CHECKING:
    from tui.presentation.detail import Landing
    from tui.screens.palette_keys import PaletteCommand
    from tui.store.build import Progress
    from tui.store.slices import RecordSlice


#: below these sizes, panes collapse to their titles and the detail replaces the lists
NARROW_WIDTH = 70
SHORT_HEIGHT = 20
#: seconds a highlight waits for the next key before its detail is drawn
DETAIL_DELAY = 0.05
#: what a pane says while its records are read
LOADING = N_("Loading…")


COPY_GROUP = Binding.Group(N_("Copy"), compact=True)
UNDO_GROUP = Binding.Group(N_("Undo/redo"), compact=True)
#: undo and redo, on every screen an edit can be made from
UNDO_BINDINGS = [
    Binding("u", "undo_edit", N_("Undo the last edit"), id="edit.undo", group=UNDO_GROUP),
    Binding("U,shift+u", "redo_edit", N_("Redo the last undone edit"), id="edit.redo", group=UNDO_GROUP),
]
#: n/N after landing on a search hit (`tui.screens.search`: imported when a search first runs, so declared here too)
HITS_GROUP = Binding.Group(N_("Hit"), compact=True)
SEARCH_TRAIL_BINDINGS = [
    Binding("n", "step_hit(1)", N_("Next hit of the last search"), id="search.next-hit", group=HITS_GROUP),
    Binding(
        "N,shift+n", "step_hit(-1)", N_("Previous hit of the last search"), id="search.previous-hit", group=HITS_GROUP
    ),
]


def _breakpoint(breakpoints: list[tuple[int, str]], cells: int) -> str:
    """The class of `breakpoints` that Textual gives a screen `cells` wide (or high): the highest threshold reached."""
    return max((threshold, name) for threshold, name in breakpoints if cells >= threshold)[1]


@dataclass(frozen=True, slots=True)
class Place:
    """Everything `back` needs to return to exactly where the user was."""

    focused: str
    active_kind: Kind
    record_id: str | None
    lists: tuple[tuple[Kind, RecordSlice, ScrollState], ...]
    """Each list's slice and place in it (restored only if the list still shows that slice)."""
    detail: ScrollState
    return_screen: str | None = None
    """The installed screen that `back` returns to (the facts table a fact was opened from)."""


#: how the title of the pane holding the focus stands out (in the theme's accent colour)
FOCUS_TITLE_STYLE = Style(bold=True, reverse=True)


def _pane_of(widget: Widget | None) -> Widget | None:
    """The pane (a list's, or the detail's) that `widget` is in."""
    if widget is None:
        return None
    return next(
        (
            node
            for node in widget.ancestors
            if isinstance(node, Widget) and (node.has_class("pane") or node.id == "detail-pane")
        ),
        None,
    )


class MainScreen(RecordEditing):
    """Panes on the left (the focused one expanded), the detail on the right; mirrored in a right-to-left
    interface (`App.-rtl` in styles/marsad.tcss): the panes on the right, the detail on the left."""

    COMMANDS = {screen_commands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_HEIGHT, "-tall")]

    BINDINGS = [
        # first, so that narrow footers still show it
        Binding("question_mark,f1", "app.help", N_("Help"), id="main.help"),
        # (not in the footer, which a list's slicing keys fill at 80 columns: each pane's title starts with its key)
        *(
            Binding(kind.key, f"focus_pane('{kind.name}')", kind.pane_title, show=False, id=f"pane.{kind.name}")
            for kind in KINDS
        ),
        Binding("escape,backspace", "back", N_("Back"), id="nav.back"),
        Binding(
            "F,shift+f", "open_facts", N_("Facts"), id="main.facts"
        ),  # (before s and y: a list's footer at 80 columns shows it)
        Binding("s", "open_source", N_("Source"), id="record.source"),
        Binding("y", "copy_item", N_("Copy item"), id="record.copy", group=COPY_GROUP),
        Binding("Y,shift+y", "copy_record", N_("Copy record"), id="record.copy-all", group=COPY_GROUP),
        # (in the footer where there is room: at 80 columns it keeps / Search)
        Binding("e", "export", N_("Export"), id="main.export"),
        # (n/N: the hits of the last search landed on; not bound before one)
        *SEARCH_TRAIL_BINDINGS,
        Binding("r", "rename_record", N_("Rename"), id="record.rename"),
        Binding("m", "merge_record", N_("Merge"), id="record.merge"),
        *UNDO_BINDINGS,
        Binding("l,right", "focus_detail", N_("Detail"), show=False, id="nav.detail"),
        Binding("h,left", "focus_list", N_("Lists"), show=False, id="nav.lists"),
    ]

    def __init__(self, mode: BidiMode) -> None:
        super().__init__()
        self.mode = mode
        self.database: Database | None = None
        self.active_kind: Kind = "organization"
        self.record: Record | None = None
        self.history: list[Place] = []
        self._detail_timer: Timer | None = None
        self._last_move = 0.0
        """When the current record last changed (`monotonic`)."""
        self._detail_turn = 0
        """Counts the changes of the current record: a detail drawn after a refresh is the latest one's only."""
        self._detail_pending = False
        """Whether the current record's detail is to be drawn after the next refresh."""
        self._landing: Landing | None = None
        """Where the next detail drawn lands (an item selected, words highlighted)."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As `Screen.focused`, without repainting the whole screen at each focus change: the widgets that gain
    and lose focus repaint themselves, and the pane titles that show it (`watch_focused`) are all that changes."""

    def watch_focused(self, blurred: Widget | None, focused: Widget | None) -> None:
        """The title of the pane holding the focus stands out."""
        for widget, holds in ((blurred, False), (focused, True)):
            pane = _pane_of(widget)
            if pane is not None:
                self._show_focus(pane, holds)

    def _show_focus(self, pane: Widget, holds: bool) -> None:
        """Its title in the accent colour, bold and reversed, or as the CSS has it: styles of the pane's own (a
        repaint of its frame), not a class, which would restyle every widget in it (a `:focus-within` rule too)."""
        styles = pane.styles
        styles.border_title_style = FOCUS_TITLE_STYLE if holds else None
        styles.border_title_color = self.app.theme_variables.get("accent") if holds else None
        styles.auto_border_title_color = False if holds else None  # (`$text-muted` is "auto": a contrast colour)

    def _theme_changed(self, _theme: object) -> None:
        """The focused pane's title in the new theme's accent."""
        pane = _pane_of(self.focused)
        if pane is not None:
            self._show_focus(pane, True)

    def compose(self) -> ComposeResult:
        # The classes Textual gives the screen at its first Resize, given now: the widgets below are styled with
        # them as they mount, not once more (~12 ms) when the screen learns its size. The active pane's likewise
        # (its list takes the focus at mount, `on_mount`, and its title shows it: `watch_focused`).
        width, height = self.app.size
        self.set_class(
            True, _breakpoint(self.HORIZONTAL_BREAKPOINTS, width), _breakpoint(self.VERTICAL_BREAKPOINTS, height)
        )
        yield Breadcrumbs(mode=self.mode, id="crumbs")
        with Horizontal(id="body"):
            with Vertical(id="panes"):
                for kind in KINDS:
                    active = kind.name == self.active_kind
                    with Vertical(classes="pane -active" if active else "pane", id=f"pane-{kind.name}") as container:
                        container.border_title = ui_text(f"{kind.key} {pane_title(kind.name)}", 64, self.mode)
                        yield EntityList(kind.name, mode=self.mode, empty_message=LOADING, id=f"list-{kind.name}")
            with Vertical(id="detail-pane") as detail_pane:
                detail_pane.border_title = ui_text(_("Detail"), 64, self.mode)
                yield DetailView(mode=self.mode, id="detail")
        yield KeysFooter(
            if_room=frozenset(
                {
                    "main.export",
                    "search.next-hit",
                    "search.previous-hit",
                    "detail.correct",
                    "detail.delete",
                    "record.rename",
                    "record.merge",
                    "edit.undo",
                    "edit.redo",
                }
            ),
            mode=self.mode,
        )

    def on_language_changed(self, event: LanguageChanged) -> None:
        """Titles, counts, the breadcrumbs and the detail in the new language."""
        self.query_one("#detail-pane").border_title = ui_text(_("Detail"), 64, self.mode)
        self.query_one(Breadcrumbs).file = shell(self).database_label
        self.fit_pane_titles()
        self.update_pane_counts()
        self._update_crumbs()
        if self.database is not None:
            for kind in KINDS:
                self.list_of(kind.name).no_records_message = kind.none if self.database.complete else LOADING
        self._draw_detail()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self._mark_active("organization")
        self.list_of("organization").focus()
        self._update_crumbs()
        database = shell(self).database
        if database is not None:
            self.show_database(database)

    # -- data ---------------------------------------------------------------
    def show_database(self, database: Database) -> None:
        """Fill the panes; on a reload, stay on the same record when it still exists."""
        previous = self.record.id if self.record is not None else None
        self.history.clear()
        self.database = database
        self.forget_slices()
        crumbs = self.query_one(Breadcrumbs)
        crumbs.file = shell(self).database_label
        crumbs.edits = shell(self).edit_status
        for kind in KINDS:
            entity_list = self.list_of(kind.name)
            entity_list.no_records_message = kind.none if database.complete else LOADING
            entity_list.show_database(database)
            self.update_pane_title(kind.name)
        self.update_pane_counts()
        active = self.list_of(self.active_kind)
        row = active.index_of(previous) if previous else None
        if row is not None:
            active.move_cursor(row)
        self._show(active.selected, immediate=False)  # (the detail once the lists are drawn: rows come first)

    def show_progress(self, progress: Progress | None) -> None:
        """How far building the database's index is (None: done)."""
        from tui.widgets.build_status import BuildStatus  # (only after an index was built: not for a warm start)

        statuses = self.query(BuildStatus)
        if progress is None:
            statuses.remove()  # (mounted only while building: a first frame has fewer widgets to lay out)
        elif statuses:
            statuses.first().show(progress)
        else:
            self.mount(BuildStatus(progress, mode=self.mode, id="build-status"), before=self.query_one(KeysFooter))

    def database_grew(self) -> None:
        """The index being built has more records: lists and counts follow, nothing else moves."""
        for kind in KINDS:
            self.list_of(kind.name).grow()
        self.update_pane_counts()
        if self.record is None:
            self._show(self.list_of(self.active_kind).selected)

    def list_of(self, kind: Kind) -> EntityList:
        return self.query_one(f"#list-{kind}", EntityList)

    @property
    def detail(self) -> DetailView:
        return self.query_one("#detail", DetailView)

    # -- selection ----------------------------------------------------------
    @on(VirtualList.Highlighted, "EntityList")
    def _list_highlighted(self, event: VirtualList.Highlighted) -> None:
        entity_list = event.control
        assert isinstance(entity_list, EntityList)
        # Restoring a place or following a link moves list cursors too: their
        # late Highlighted messages name the record already shown, whose detail
        # (and the user's place in it) must stay as it is.
        if entity_list.kind == self.active_kind and entity_list.selected_id != (
            self.record.id if self.record else None
        ):
            self._show(entity_list.selected, immediate=False)

    @on(VirtualList.Selected, "EntityList")
    def _list_selected(self, event: VirtualList.Selected) -> None:
        self._flush_detail()
        self._focus(self.detail)

    @on(DetailView.Followed)
    def _follow(self, event: DetailView.Followed) -> None:
        from tui.presentation.detail import QuoteTarget, RecordTarget

        target = event.target
        if isinstance(target, RecordTarget):
            self.open_record(target.record_id)
        elif isinstance(target, QuoteTarget):
            shell(self).open_source(target.source_id, target.quote)

    def on_resize(self, event: events.Resize) -> None:
        self._mark_detail_focused()  # (after Textual applied the breakpoints' classes)
        self.call_after_refresh(self.fit_pane_titles)  # (once the panes have their new width)

    def on_descendant_focus(self) -> None:
        focused = self.focused
        self._mark_detail_focused()
        if focused is self.detail:
            self._flush_detail()
        if isinstance(focused, EntityList) and focused.kind != self.active_kind:
            self._mark_active(focused.kind)
            self._show(focused.selected)
        self._update_crumbs()

    def _mark_detail_focused(self) -> None:
        """In a narrow screen the detail takes the lists' place while it has the focus.

        (Only there: a class on the screen restyles every widget, which costs a
        key press 100 ms; in a wide screen nothing depends on it.)
        """
        self.set_class(self.has_class("-narrow") and self.focused is self.detail, "-detail-focused")

    def land(self, landing: Landing, *, return_screen: str | None = None, from_search: bool = False) -> None:
        """Open what a search hit or a quote points at: the article at the match, or the record at the item.

        `back` returns to the installed screen `return_screen` if one is named; `from_search`: a hit of the
        search trail (in an article, `n`/`N` then step through the hits).
        """
        if landing.in_article:
            shell(self).open_source(landing.record_id, found=landing.spans, from_search=from_search)
        else:
            self.open_record(landing.record_id, landing=landing, return_screen=return_screen)

    def open_record(
        self,
        record_id: str,
        *,
        focus_detail: bool = True,
        landing: Landing | None = None,
        return_screen: str | None = None,
    ) -> None:
        """Select a record in its pane and show it (at `landing`'s item); `back` returns here.

        A record its pane's filter leaves out is shown all the same: the pane's
        cursor stays where it was.
        """
        if self.database is None or (record := self.database.get(record_id)) is None:
            self.notify(
                _("No record with id {record_id} in this database").format(record_id=repr(record_id)),
                severity="warning",
                markup=False,
            )
            return
        self.history.append(replace(self._place(), return_screen=return_screen))
        kind = kind_of(record)
        entity_list = self.list_of(kind)
        self._mark_active(kind)
        row = entity_list.index_of(record_id)
        if row is not None:
            entity_list.move_cursor(row)
        self._show(record, landing=landing)
        (self.detail if focus_detail else entity_list).focus()

    def _show(self, record: Record | None, *, immediate: bool = True, landing: Landing | None = None) -> None:
        """Make `record` the current one; its detail is drawn now (at `landing`), or once keys pause.

        Holding `j` in a long list must not lay out a detail per row passed, so a
        highlight that comes less than DETAIL_DELAY after the last one waits that long
        for the next key before drawing the detail; one alone draws it as soon as the
        list is drawn.
        """
        self.record = record
        self._landing = landing
        self._update_crumbs()
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        now = monotonic()
        held, self._last_move = now - self._last_move < DETAIL_DELAY, now
        self._detail_turn += 1
        if immediate:
            self._draw_detail()
        elif not held:  # a key alone: the detail follows once the list is drawn, without waiting
            turn = self._detail_turn
            self._detail_pending = True
            self.call_after_refresh(lambda: self._draw_detail() if turn == self._detail_turn else None)
        else:  # a key held down: the detail waits for a pause
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._draw_detail)

    def _flush_detail(self) -> None:
        if self._detail_timer is not None or self._detail_pending:
            self._show(self.record)

    def _draw_detail(self) -> None:
        from tui.presentation.detail import detail_blocks, landed_detail  # (drawn after the first frame)

        self._detail_timer = None
        self._detail_pending = False
        self._detail_turn += 1
        record, landing, self._landing = self.record, self._landing, None
        if record is None or self.database is None:
            self.detail.show_blocks([])
        elif landing is not None and landing.record_id == record.id:
            blocks, selected = landed_detail(self.database, record, landing)
            self.detail.show_blocks(blocks, select=selected)
        else:
            self.detail.show_blocks(detail_blocks(self.database, record))

    def _mark_active(self, kind: Kind) -> None:
        self.active_kind = kind
        for each in KINDS:
            self.query_one(f"#pane-{each.name}").set_class(each.name == kind, "-active")

    def _update_crumbs(self) -> None:
        parts = [_("Marsad"), pane_title(self.active_kind)]
        if self.record is not None:
            parts.append(self.record.names.primary)
        self.query_one(Breadcrumbs).parts = tuple(parts)

    # -- history ------------------------------------------------------------
    def _place(self) -> Place:
        self._flush_detail()
        focused = self.focused
        return Place(
            focused=focused.id if focused is not None and focused.id else f"list-{self.active_kind}",
            active_kind=self.active_kind,
            record_id=self.record.id if self.record else None,
            lists=tuple(
                (kind.name, self.list_of(kind.name).slice, self.list_of(kind.name).scroll_state()) for kind in KINDS
            ),
            detail=self.detail.scroll_state(),
        )

    def action_back(self) -> None:
        """Back to where the user was; in a filtered pane, first the whole pane again."""
        focused = self.focused
        if isinstance(focused, EntityList) and self.is_filtered(focused.kind):
            self.clear_filter(focused.kind)
            return
        if not self.history:
            if focused is self.detail:
                self.action_focus_list()
            return
        place = self.history.pop()
        for kind, sliced, state in place.lists:
            entity_list = self.list_of(kind)
            if entity_list.slice == sliced:
                entity_list.restore_scroll_state(state)
        self._mark_active(place.active_kind)
        record = self.database.get(place.record_id) if self.database and place.record_id else None
        self._show(record)
        self.detail.restore_scroll_state(place.detail)
        self._focus(self.query_one(f"#{place.focused}", Widget))
        if place.return_screen is not None:
            self.app.push_screen(place.return_screen)

    # -- actions ------------------------------------------------------------
    def action_focus_pane(self, kind: Kind) -> None:
        self._mark_active(kind)
        entity_list = self.list_of(kind)
        entity_list.focus()
        self._show(entity_list.selected)

    def action_focus_detail(self) -> None:
        """The detail (`l`/`right`; `h`/`left` in a mirrored interface, where the detail is on the left)."""
        self._flush_detail()
        self._focus(self.detail)

    def action_focus_list(self) -> None:
        self._focus(self.list_of(self.active_kind))

    def _focus(self, widget: Widget) -> None:
        """Move the focus between the panes now (`Screen.set_focus`), not after this handler (`Widget.focus`).

        `Widget.focus` repaints the widget at once and moves the focus later: that repaint
        starts the screen's update timer, which then draws a first frame holding only that
        widget while the panes are still restyled, and the rest a timer period later. Moved
        here, the whole change is drawn in one frame.
        """
        self.set_focus(widget)

    def action_open_source(self) -> None:
        block = self.detail.current_block if self.focused is self.detail else None
        if block is not None and block.cites is not None:
            shell(self).open_source(block.cites.source, block.cites.quote)
            return
        if self.record is None or self.database is None:
            self.notify(_("Select a record first"), severity="warning")
            return
        sources = self.database.sources_of(self.record)
        if not sources:
            self.notify(_("This record cites no source"), severity="warning")
            return
        quote = next((c.quote for c in self.database.citations_of(sources[0].id) if c.record.id == self.record.id), "")
        shell(self).open_source(sources[0].id, quote)

    def action_open_facts(self) -> None:
        """The facts table (`MarsadApp.action_facts_table`)."""
        shell(self).action_facts_table()

    def action_copy_item(self) -> None:
        """Copy the item under the detail's cursor with its quote and source (the whole record on its title)."""
        from tui.presentation import evidence

        if self.record is None or self.database is None:
            self.notify(_("Select a record first"), severity="warning")
            return
        block = self.detail.current_block if self.focused is self.detail else None
        if block is None or block.role == "title":
            self._copy(evidence.record_text(self.database, self.record), _("the record with its evidence"))
        else:
            what = {
                ("fact", True): N_("the fact with its quote and source"),
                ("fact", False): N_("the fact"),
                ("link", True): N_("the link with its quote and source"),
                ("link", False): N_("the link"),
            }.get((block.role, block.cites is not None))
            if what is None:
                what = N_("the value with its quote and source") if block.cites else N_("the value")
            self._copy(evidence.item_text(self.database, self.record, block), _(what))

    def action_copy_record(self) -> None:
        """Copy the whole record, every statement with its quote and source."""
        from tui.presentation import evidence

        if self.record is None or self.database is None:
            self.notify(_("Select a record first"), severity="warning")
            return
        self._copy(evidence.record_text(self.database, self.record), _("the record with its evidence"))

    def _copy(self, text: str, what: str) -> None:
        from tui.terminal.clipboard import copy_in_app

        copy_in_app(self.app, text, what, os.environ, title=self.record.id if self.record else "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a pane's filter or jump takes the typing, the screen's keys leave the footer; n/N need a search."""
        if action == "step_hit" and shell(self).search_trail is None:
            return False
        return not (self.is_mounted and action in NOT_WHILE_TYPING and self.bar_is_open())

    def action_step_hit(self, step: int) -> None:
        """The next (or previous) hit of the last search landed on."""
        shell(self).step_hit(step)

    def action_export(self) -> None:
        """The export prompt: this pane's list, the selected record, or the whole database."""
        from tui.screens.export import ExportScreen, main_screen_choices

        if self.database is None or not self.database.complete:
            self.notify(_("The database is still being read: export once it is loaded"), severity="warning")
            return
        listed = self.list_of(self.active_kind)
        choices = main_screen_choices(self.database, listed.slice, listed.row_count, self.record)
        self.app.push_screen(ExportScreen(self.database, choices, mode=self.mode))

    def palette_commands(self) -> list[PaletteCommand]:
        return [
            (
                _("Export"),
                _(
                    "Write this list, the selected record or the whole database as CSV, JSON, Markdown "
                    "or FollowTheMoney (key e)"
                ),
                self.action_export,
            ),
            (
                _("Copy item"),
                _(
                    "Copy the item under the detail's cursor with its quote and source; "
                    "on the title, the record (key y)"
                ),
                self.action_copy_item,
            ),
            (
                _("Copy record"),
                _("Copy the selected record with every quote and source (key Y)"),
                self.action_copy_record,
            ),
            *self.editing_commands(),
            *self.slicing_commands(),
            *self.search_trail_commands(),
        ]

    def search_trail_commands(self) -> list[PaletteCommand]:
        """The palette's n and N, once a search was landed on."""
        if shell(self).search_trail is None:
            return []
        return [
            (
                _("Next search hit"),
                _("Land on the next hit of the last search (key n)"),
                lambda: shell(self).step_hit(1),
            ),
            (
                _("Previous search hit"),
                _("Land on the previous hit of the last search (key N)"),
                lambda: shell(self).step_hit(-1),
            ),
        ]

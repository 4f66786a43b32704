"""MarsadApp: loads a database in the background and hosts the screens."""

from __future__ import annotations

import gc
import os
import shlex
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import msgspec
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from tui import i18n
from tui.data.bundled import bundled
from tui.data.kinds import KINDS, pane_title
from tui.data.models import Source
from tui.i18n import N_, _
from tui.i18n.choice import choose
from tui.screens.main import MainScreen
from tui.settings import load_settings, save_settings
from tui.text.direction import BidiMode
from tui.text.gate import clean_indexed, safe_line, safe_path
from tui.text.layout import layout, single_line
from tui.widgets.language import LanguageChanged

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.command import CommandListItem, Provider
    from textual.notifications import SeverityLevel
    from textual.widget import AwaitMount

    from tui.data.errors import DatabaseUnreadable
    from tui.data.models import Kind
    from tui.edit.live import IndexNotFollowing, LiveEditing, Saved
    from tui.edit.operations import Applied, Operation
    from tui.presentation.detail import Landing
    from tui.presentation.search_trail import SearchTrail
    from tui.screens.search import Searched
    from tui.screens.shell import EditResult, Shell
    from tui.search.query import SearchIndex
    from tui.store.database import Database

# What is not needed for the first frame (the loader, the search engine, the
# palette, the other screens) is imported where it is first used: start-up
# time is a target (see benchmarks/).

#: how often the database file is checked for changes
FILE_CHECK_SECONDS = 2.0


#: what a right-to-left (mirrored) interface binds otherwise: the lists are on the right, the detail on the left
MIRRORED_KEYS = {"nav.detail": "h,left", "nav.lists": "l,right"}
#: the cells a notification's text takes at most (Textual's toast: 60 wide, at most half the screen, padded)
TOAST_CELLS = 57
#: Textual's own words that Marsad shows: its system commands (the palette) and the palette key's description
#: (the key bar); listed so that the catalogs hold them (tests/test_i18n_catalogs.py checks that each is here)
TEXTUAL_WORDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Hide the keys and widget help panel"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
    N_("palette"),
)


def _system_commands() -> type[Provider]:
    """The palette's provider of the app's commands, drawn in reading order (imported when the palette opens)."""
    from tui.screens.palette_keys import SystemCommands

    return SystemCommands


def _entity_commands() -> type[Provider]:
    """The palette's jump-to-record provider, imported when the palette first opens."""
    from tui.screens.palette_records import EntityCommands

    return EntityCommands


class MarsadApp(App[None]):
    TITLE = "Marsad"
    CSS_PATH = str(bundled("styles/marsad.tcss"))
    # (Textual's own provider of the system commands draws them in storage order: ours replaces it)
    COMMANDS = {_system_commands, _entity_commands}

    BINDINGS = [
        Binding("q", "quit", N_("Quit"), show=False, id="app.quit"),
        Binding("ctrl+c", "quit", N_("Quit"), show=False, priority=True, id="app.interrupt"),
        Binding("question_mark,f1", "help", N_("Help"), show=False, id="app.help"),
        Binding("slash", "search", N_("Search"), id="app.search"),
        Binding("ctrl+r", "reload", N_("Reload"), show=False, id="app.reload"),
        Binding("ctrl+s", "save", N_("Save now"), show=False, id="app.save"),
    ]

    def __init__(
        self,
        db_path: str | os.PathLike[str] | None = None,
        bidi: str = "app",
        *,
        database: Database | None = None,
        advice: str = "",
        on_leaving: Callable[[], None] | None = None,
        on_running: Callable[[App[Any]], None] | None = None,
        language: str | None = None,
    ) -> None:
        """`language`: `--lang` (a code of `tui.i18n.CODES`); without it the settings file, then the environment."""
        super().__init__()
        self._on_leaving = on_leaving
        """Undoes what was switched inside the alternate screen, before Textual leaves it (`tui.terminal.handshake`)."""
        self._on_running = on_running
        """Called once the app runs (its driver started): `tui.terminal.handshake.TakenTerminal.install`."""
        self.terminal_advice = advice
        """What only the user can change about this terminal (`tui.terminal.detect`), said once at start."""
        loaded = load_settings()
        self.settings = loaded.settings
        self._settings_problem = loaded.problem
        self.language_option = language
        """`--lang`, which wins over the settings for this run (a switch from the palette still saves)."""
        i18n.set_language(choose(language, self.settings.language, os.environ).code)
        i18n.set_digits(self.settings.digits or "western")
        self.db_path = Path(db_path) if db_path is not None else None
        self._bundled = db_path is None
        self.database_label = safe_path(db_path) if db_path is not None else _("bundled database")
        """How the header names the open file: as the user gave it."""
        self.bidi = BidiMode(bidi)
        i18n.mirror_layout(self.bidi is BidiMode.APP)  # (in terminal mode the terminal orders each line: tui.i18n)
        self.database: Database | None = database
        self.search_index: SearchIndex | None = None
        self.load_error: DatabaseUnreadable | None = None
        self._file_signature: tuple[int, int] | None = None
        """(size, mtime) of the database file as last seen; None: it was not there."""
        self._watching = False
        self.search_history: list[str] = []
        """Past queries of the search box, oldest first, for the session (`tui.screens.search`)."""
        self.search_trail: SearchTrail | None = None
        """The hits of the last search landed on, which `n`/`N` step through."""
        self.editing: LiveEditing | None = None
        """The open file, edited (None until an editor first opens)."""
        self._editing_ready = False
        self._waiting_edits: list[tuple[Operation, Callable[[EditResult], None]]] = []
        """Edits asked for while the file is being read for editing (or copied from the bundled one)."""
        self._saving = False
        self._quit_after_save = False
        self._reading = False
        """The file is being read again (a reload): no edit until it is open."""
        self.edit_status = ""
        """What the top bar says of the edits (`Shell.edit_status`)."""
        self._status_saving = False
        """Whether `edit_status` says the edits are being saved (said again in another language)."""
        self.main_screen = MainScreen(self.bidi)

    def get_default_screen(self) -> Screen[Any]:
        return self.main_screen

    def on_mount(self) -> None:
        if self._on_running is not None:
            self._on_running(self)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self._mirror()
        if self._settings_problem:
            self.notify(
                _("{problem}. Marsad uses its default settings.").format(problem=self._settings_problem),
                title=_("Settings not read"),
                severity="warning",
                timeout=10,
            )
        if self.terminal_advice:
            self.notify(self.terminal_advice, title=_("Arabic in this terminal"), severity="warning", timeout=30)
        if self.database is not None:
            self.database.on_damage = self._index_damaged
            self._watch(self.database.path)
            self.call_after_refresh(self._open_search)  # (the search engine's modules are not the first frame's)
            self._say_problems(self.database)
        else:
            self.call_after_refresh(self._load)  # the first frame comes before the work
        self.set_interval(FILE_CHECK_SECONDS, self._check_file, name="watch database file")

    def _open_search(self) -> None:
        """The search engine over the opened index, for the editors' and pickers' searches (`/` opens its own)."""
        if self.database is not None and self.search_index is None:
            self.search_index = self.database.search_index()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification passes the gate: its text often quotes a record or a file name.

        Never markup: Marsad's messages have none, and what they quote must not be read as any.
        In a right-to-left interface the text is laid out here, line by line, shaped and in
        reading order (Textual would wrap the lines of a visual paragraph bottom first).
        """
        if i18n.is_rtl():  # (the bidi marks of a translation steer the layout, which draws none of them)
            message = self._laid_out(clean_indexed(message, keep_marks=True)[0].replace("\n", " "))
            title = self._laid_out(clean_indexed(title, keep_marks=True)[0].replace("\n", " "), one_line=True)
        else:
            message, title = safe_line(message), safe_line(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _laid_out(self, text: str, *, one_line: bool = False) -> str:
        """`text` as a right-to-left toast draws it: lines of visual text, right-aligned in the toast's width."""
        if not text:
            return text
        width = max(10, min(TOAST_CELLS, self.size.width // 2 - 3)) if self.size.width else TOAST_CELLS
        if one_line:
            return single_line(text, width, direction="rtl", mode=self.bidi).to_text(width).plain
        return "\n".join(line.to_text(width).plain for line in layout(text, width, direction="rtl", mode=self.bidi))

    def exit(self, result: None = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        """Exit; first undo what was switched inside the alternate screen, while it still shows.

        (Textual leaves the alternate screen before the app unmounts: undone any later,
        mlterm's layout switch would touch the lines of the normal screen.)
        """
        if self._on_leaving is not None:
            self._on_leaving()
        super().exit(result, return_code, message)

    def on_unmount(self) -> None:
        if (background := sys.modules.get("tui.store.background")) is not None:  # (none started: not imported)
            background.cancel_all()  # a child still building an index ends (and removes its half-built file)
        # (the file and the index's connections go with the app: a process that runs many apps, such as a test
        # run, would otherwise keep three descriptors of each until the garbage collector finds them)
        if self.editing is not None:
            self.editing.close()
        if self.database is not None:
            self.database.close()

    def watch_theme(self, theme: str) -> None:
        # (The theme set from the settings in on_mount is the saved one: nothing to save. A
        # theme the settings name that no longer exists leaves the file alone until the user
        # picks one.)
        if theme != self.settings.theme:
            self.settings = msgspec.structs.replace(self.settings, theme=theme)
            save_settings(self.settings)

    # -- the language (tui.i18n) ------------------------------------------------
    def switch_language(self, code: str | None) -> None:
        """Speak `code` from now on, remembered like the theme; None: the environment's language again.

        Everything on screen says it again at once: every screen gets `LanguageChanged`
        and is redrawn, and an Arabic interface is mirrored (`App.-rtl`).
        """
        self.settings = msgspec.structs.replace(self.settings, language=code)
        save_settings(self.settings)
        i18n.set_language(choose(code, None, os.environ).code)
        self._spoken()

    def switch_digits(self, digits: str) -> None:
        """Write interface numbers in `digits` (`western`, `arabic-indic`) from now on, remembered like the theme."""
        self.settings = msgspec.structs.replace(self.settings, digits=digits)
        save_settings(self.settings)
        i18n.set_digits(digits)
        self._spoken()

    def _spoken(self) -> None:
        """Say everything on screen again, in the language and digits now chosen."""
        if self._bundled:
            self.database_label = _("bundled database")
        if self.edit_status:
            self._show_edit_status(saving=self._status_saving)
        self._mirror()
        for screen in self._every_screen():
            for node in screen.walk_children(with_self=True):
                node.post_message(LanguageChanged())
                node.refresh(layout=True)
        self.refresh_bindings()

    def _every_screen(self) -> list[Screen[Any]]:
        """The screens in the stack and the facts table kept installed (what may be shown again)."""
        from tui.screens.facts import SCREEN_NAME

        screens = list(self.screen_stack)
        if self.is_screen_installed(SCREEN_NAME) and (facts := self.get_screen(SCREEN_NAME)) not in screens:
            screens.append(facts)
        return screens

    def _mirror(self) -> None:
        """An Arabic interface is mirrored: the class `-rtl` (styles/marsad.tcss), and the left and right keys."""
        mirrored = i18n.is_rtl()
        self.set_class(mirrored, "-rtl")
        self.update_keymap(MIRRORED_KEYS if mirrored else {key: _default_keys(key) for key in MIRRORED_KEYS})

    # -- loading ----------------------------------------------------------------
    def _watch(self, path: Path) -> None:
        self._file_signature = _signature(path)
        self._watching = True

    def _check_file(self) -> None:
        """Notice when the open file changes or disappears; offer to reload, never crash."""
        if self.database is None or not self._watching or self._saving:  # (our own save is no change on disk)
            return
        now = _signature(self.database.path)
        if now == self._file_signature:
            return
        self._file_signature = now
        if now is None:
            self.notify(
                _("The database file was moved or deleted. Marsad keeps showing what it read."),
                title=_("Database file gone"),
                severity="warning",
                timeout=10,
                markup=False,
            )
        else:
            unsaved = self.editing.unsaved if self.editing is not None else 0
            self.notify(
                (
                    _(
                        "The database file changed on disk. Press ctrl+r to reload it "
                        "(your unsaved edits are made again on it)."
                    )
                    if unsaved
                    else _("The database file changed on disk. Press ctrl+r to reload it.")
                ),
                title=_("Database file changed"),
                severity="warning",
                timeout=10,
                markup=False,
            )

    def action_reload(self) -> None:
        if self._saving:
            self.notify(_("Saving the edits: reload once they are saved"), timeout=4)
            return
        self.load_error = None
        self._reading = True
        self._load(reloading=True)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, reloading: bool = False) -> None:
        from tui.data.bundled import bundled_database_path
        from tui.data.errors import DatabaseUnreadable
        from tui.store.opening import open_database

        path = self.db_path or (self.database.path if self.database else bundled_database_path())
        worker = get_current_worker()
        try:
            signature = _signature(path)
            database = open_database(
                path,
                on_progress=lambda progress: self.call_from_thread(self.main_screen.show_progress, progress),
                on_partial=lambda partial: self.call_from_thread(self._partly_loaded, partial),
                should_stop=lambda: worker.is_cancelled,
                on_notice=lambda text: self.call_from_thread(self.notify, text, title=_("Index"), severity="warning"),
            )
            if database is None:
                return
            database = self._follow_edits(database)
        except DatabaseUnreadable as error:
            if reloading or self.database is not None:  # keep browsing what was read before (or so far)
                self.call_from_thread(
                    self._load_failed, error, _("Reload failed") if reloading else _("Index not built")
                )
                return
            self.load_error = error  # the app leaves once this worker has ended: see on_worker_state_changed
            return
        self._file_signature = signature or _signature(database.path)
        self._watching = True
        self.call_from_thread(self._loaded, database, reloading)

    def _follow_edits(self, database: Database) -> Database:
        """(In the load worker.) The file edited is read again: its unsaved edits are made again on it and its index.

        With nothing unsaved, the next edit reads the file afresh.
        """
        from tui.store.database import Database

        editing = self.editing
        if editing is None or editing.path != database.path:
            return database
        if not editing.unsaved:
            self.call_from_thread(self._stop_editing)
            return database
        dropped = editing.reload_keeping_edits(database.index_path)
        changed = editing.session.changed_on_disk
        if changed:
            shown = _("; ").join(changed[:6])
            if len(changed) > 6:
                more = len(changed) - 6
                shown = i18n.ngettext("{changes}; and {count} more", "{changes}; and {count} more", more).format(
                    changes=shown, count=i18n.number(more)
                )
            self.call_from_thread(
                self.notify,
                _("On disk: {changes}").format(changes=shown),
                title=_("What changed on disk"),
                severity="information",
                timeout=20,
            )
        for applied, reason in dropped:
            self.call_from_thread(
                self.notify,
                _("{edit}: {reason}").format(edit=applied.description, reason=reason),
                title=_("Edit dropped"),
                severity="warning",
                timeout=30,
            )
        return Database(database.path, database.index_path)  # (its counts, as the edits made again leave them)

    def _stop_editing(self) -> None:
        self.editing = None
        self._editing_ready = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A first load that failed ends the app, with exit code 2, once its worker has ended.

        (Not from inside the worker: an exit cancels the workers still running, and
        whoever waits for the loader would be told it was cancelled, not that it failed.)
        """
        if event.worker.group == "load" and event.state is WorkerState.SUCCESS and self.load_error is not None:
            self.exit(None, 2)

    def _load_failed(self, error: DatabaseUnreadable, title: str) -> None:
        """A reload, or the index being built behind what is shown, failed: said; what is shown stays."""
        self._reading = False
        self.main_screen.show_progress(None)
        self.notify(error.message, title=title, severity="error", timeout=30)
        waiting, self._waiting_edits = self._waiting_edits, []
        for _operation, answer in waiting:
            answer(_("Not made: {reason}").format(reason=error.message))

    def _index_damaged(self, damage: DatabaseUnreadable) -> None:
        """The index turned out damaged as it was read (from any thread): said once; what is shown stays."""
        message = _("{reason}. Press ctrl+r to build it again.").format(reason=damage.reason)
        if threading.current_thread() is threading.main_thread():
            self.notify(message, title=_("Index damaged"), severity="error", timeout=30)
        else:
            self.call_from_thread(self.notify, message, title=_("Index damaged"), severity="error", timeout=30)

    def _partly_loaded(self, database: Database) -> None:
        """The index being built holds more records: show them (the first time, the lists), and have their
        names ready for `/` (so that a first keystroke does not wait for the names of every record read)."""
        if self.database is not database:
            database.on_damage = self._index_damaged
            self.database = database
            self.main_screen.show_database(database)
        else:
            self.main_screen.database_grew()
        self._take_names(database)

    @work(thread=True, exclusive=True, group="early names", exit_on_error=False)
    def _take_names(self, database: Database) -> None:
        database.early_search().take_new_records()

    def _loaded(self, database: Database, reloading: bool) -> None:
        self._reading = False
        self.main_screen.show_progress(None)
        self._forget_facts_table()
        self.search_trail = None  # (its hits were of the database read before)
        database.on_damage = self._index_damaged
        self.database = database
        self.search_index = database.search_index()
        self._whole_search_ready(database)
        if reloading:
            self.notify(
                i18n.ngettext("Reloaded: {count} record", "Reloaded: {count} records", len(database)).format(
                    count=i18n.number(len(database))
                ),
                title=self.database_label,
                markup=False,
            )
        if self.main_screen.is_mounted:
            self.main_screen.show_database(database)  # else MainScreen.on_mount shows it
        self._say_problems(database)
        if self.editing is not None and self.editing.unsaved:  # (made again on the file read again)
            self._save_soon()
        waiting, self._waiting_edits = self._waiting_edits, []
        for operation, answer in waiting:  # (asked of the bundled database, now of the user's copy)
            self.submit_edit(operation, answer)

    def _say_problems(self, database: Database) -> None:
        """What the file's bad records cost, said as soon as it is open (whichever way it was opened).

        A bad record is left out of its pane: without this notice, a pane would say
        "No partnerships in this database" of a file that has one, unreadable.
        """
        from tui.data.errors import problems_notice

        notice = problems_notice(database.problems, shlex.quote(self.database_label) if self.db_path else None)
        if notice:
            self.notify(notice, title=_("Database problems"), severity="warning", timeout=30, markup=False)

    # -- navigation used by screens and commands -------------------------------
    def open_source(
        self, source_id: str, quote: str = "", *, found: tuple[tuple[int, int], ...] = (), from_search: bool = False
    ) -> None:
        """The article `source_id`, at `quote`, or at the `found` spans of its text (highlighted).

        `from_search`: opened at a hit of the search trail, so that `n`/`N` step through its hits, not the quotes.
        """
        from tui.screens.source import SourceScreen

        if self.database is None or not isinstance(source := self.database.sources.get(source_id), Source):
            self.notify(
                _("Source {source_id} is not in this database").format(source_id=repr(source_id)),
                severity="warning",
                markup=False,
            )
            return
        self.push_screen(
            SourceScreen(self.database, source, quote, mode=self.bidi, found=found, from_search=from_search)
        )

    def _back_to_main_screen(self) -> None:
        while self.screen is not self.main_screen:
            self.pop_screen()

    def open_record(self, record_id: str) -> None:
        self._back_to_main_screen()
        self.main_screen.open_record(record_id)

    def action_help(self) -> None:
        from tui.screens.confirm import ConfirmScreen
        from tui.screens.copy_bundled import CopyBundledScreen
        from tui.screens.edit_dialog import EditDialog
        from tui.screens.export import ConfirmReplace, ExportScreen
        from tui.screens.facts import FactsScreen
        from tui.screens.help import HelpScreen
        from tui.screens.picker import PickerScreen
        from tui.screens.record_picker import RecordPickerScreen
        from tui.screens.search import SearchScreen
        from tui.screens.source import SourceScreen
        from tui.widgets.article_view import ArticleView
        from tui.widgets.detail_view import DetailView
        from tui.widgets.entity_list import EntityList
        from tui.widgets.fact_table import FactTable
        from tui.widgets.find_bar import FindBar
        from tui.widgets.virtual_list import VirtualList

        if isinstance(self.screen, HelpScreen):
            return
        sections: list[tuple[str, list[Binding]]] = [
            (
                N_("Everywhere"),
                [
                    *_bindings(self.BINDINGS),
                    Binding("ctrl+p", "command_palette", N_("Command palette"), id="app.palette"),
                    Binding("tab,shift+tab", "focus_next", N_("Next / previous pane"), id="app.focus"),
                ],
            ),
            (N_("Main screen"), self._mirrored_keys(_bindings(MainScreen.BINDINGS))),
            (N_("Detail: correcting facts"), _bindings(DetailView.BINDINGS)),
            (N_("Panes: filter, jump, sort"), _bindings(EntityList.BINDINGS)),
            (N_("Lists, detail and article"), _bindings(VirtualList.BINDINGS)),
            (N_("Facts table (F)"), _bindings(FactsScreen.BINDINGS) + _bindings(FactTable.BINDINGS)),
            (N_("Filter, jump and find bars"), _bindings(FindBar.BINDINGS)),
            (N_("Choosing from a list"), _bindings(PickerScreen.BINDINGS)),
            (N_("Search box (/)"), _bindings(SearchScreen.BINDINGS) + _bindings(SearchScreen.TRAIL_BINDINGS)),
            (N_("Source viewer"), _bindings(SourceScreen.BINDINGS) + _bindings(ArticleView.BINDINGS)),
            (N_("Export prompt"), _bindings(ExportScreen.BINDINGS) + _bindings(ConfirmReplace.BINDINGS)),
            (
                N_("Editing dialogs"),
                _bindings(EditDialog.BINDINGS)
                + _bindings(RecordPickerScreen.BINDINGS)
                + _bindings(ConfirmScreen.BINDINGS)
                + _bindings(CopyBundledScreen.BINDINGS),
            ),
        ]
        here = {
            SearchScreen: N_("Search box (/)"),
            FactsScreen: N_("Facts table (F)"),
            SourceScreen: N_("Source viewer"),
            ExportScreen: N_("Export prompt"),
            PickerScreen: N_("Choosing from a list"),
            RecordPickerScreen: N_("Editing dialogs"),
            ConfirmScreen: N_("Editing dialogs"),
            CopyBundledScreen: N_("Editing dialogs"),
        }.get(type(self.screen), N_("Editing dialogs") if isinstance(self.screen, EditDialog) else "")
        self.push_screen(HelpScreen(sections, self.bidi, self.get_key_display, start_at=here))

    def _mirrored_keys(self, bindings: list[Binding]) -> list[Binding]:
        """Bindings with the keys a mirrored interface gives them (help shows the keys that work)."""
        if not i18n.is_rtl():
            return bindings
        return [
            replace(binding, key=MIRRORED_KEYS[binding.id]) if binding.id in MIRRORED_KEYS else binding
            for binding in bindings
        ]

    def action_search(self) -> None:
        from tui.screens.search import SearchScreen

        if self.database is None or isinstance(self.screen, SearchScreen):
            return
        self.push_screen(
            SearchScreen(self.database, self.database.searcher(), mode=self.bidi, history=self.search_history),
            self._searched,
        )

    def _searched(self, searched: Searched | None) -> None:
        """The search screen closed: remember its query; if a hit was chosen, land on it and keep the hits for n/N."""
        from tui.presentation.search_trail import SearchTrail, remember

        if searched is None:
            return
        remember(self.search_history, searched.query)
        if searched.chosen is not None:
            self.search_trail = SearchTrail(searched.query, searched.landings, searched.chosen)
            self.land(searched.landings[searched.chosen], from_search=True)

    def step_hit(self, step: int) -> None:
        """Land on the next (`step` 1) or previous (-1) hit of the last search, saying which it is."""
        trail = self.search_trail
        if trail is None:
            self.notify(_("No search to step through: / searches, enter lands on a hit"), severity="warning")
            return
        self.search_trail, wrapped = trail.step(step)
        self.notify(self.search_trail.said(wrapped), timeout=4)
        self.land(self.search_trail.landing, from_search=True)

    def land(self, landing: Landing | None, *, return_screen: str | None = None, from_search: bool = False) -> None:
        """Go where a search hit, a palette entry, a quote or a row of the facts table points.

        (See `tui.presentation.detail.Landing`.)

        `back` there returns to the installed screen `return_screen`, when one is named; `from_search`: a hit of
        the search trail, so that `n`/`N` step through the others from there (in an article too).
        """
        if landing is not None:
            self._back_to_main_screen()
            self.main_screen.land(landing, return_screen=return_screen, from_search=from_search)

    # -- editing (tui.edit.live: staged in memory, on screen at once, saved by a worker) --
    def prepare_editing(self) -> None:
        """Read the open file for editing in the background (an editor opened), unless that is done."""
        from tui.edit.live import LiveEditing
        from tui.edit.storage import is_bundled

        database = self.database
        if database is None or not database.complete or is_bundled(database.path):
            return
        if self.editing is not None and self.editing.path == database.path:
            return
        self.editing = LiveEditing(database.path, database.index_path)
        self._editing_ready = False
        self._open_editing(self.editing)

    @work(thread=True, exclusive=True, group="open-editing")
    def _open_editing(self, editing: LiveEditing) -> None:
        import sqlite3

        from tui.data.errors import DatabaseUnreadable
        from tui.edit.errors import EditRefused

        try:
            editing.open()
        except (DatabaseUnreadable, EditRefused) as problem:
            self.call_from_thread(self._editing_opened, editing, problem.message)
        except (OSError, sqlite3.Error) as error:
            self.call_from_thread(
                self._editing_opened, editing, _("the file cannot be read for editing ({error})").format(error=error)
            )
        else:
            self.call_from_thread(self._editing_opened, editing, None)

    def _editing_opened(self, editing: LiveEditing, problem: str | None) -> None:
        if editing is not self.editing:
            return
        waiting, self._waiting_edits = self._waiting_edits, []
        if problem is not None:
            self.editing = None
            self.notify(problem, title=_("Cannot edit"), severity="error", timeout=30)
            for _operation, answer in waiting:
                answer(_("Not made: {reason}").format(reason=problem))
            return
        self._editing_ready = True
        for operation, answer in waiting:
            self._make(operation, answer)

    def submit_edit(self, operation: Operation, answer: Callable[[EditResult], None]) -> None:
        """Make an edit; the bundled database is first copied to a file of the user's (asked)."""
        from tui.edit.storage import is_bundled

        database = self.database
        if database is None or not database.complete or self._reading:
            answer(_("The database is being read: edit it once it is open"))
            return
        if is_bundled(database.path):
            self._offer_copy(operation, answer)
            return
        self.prepare_editing()
        if self.editing is None:
            answer(_("This file cannot be edited"))
        elif not self._editing_ready:
            self._waiting_edits.append((operation, answer))
            self.notify(_("Reading {file} for editing…").format(file=self.database_label), timeout=5)
        else:
            self._make(operation, answer)

    def _make(self, operation: Operation, answer: Callable[[EditResult], None]) -> None:
        from tui.edit.errors import EditRefused
        from tui.edit.live import IndexNotFollowing

        assert self.editing is not None
        try:
            applied = self.editing.make(operation)
        except EditRefused as refused:
            answer(refused.message)
            return
        except IndexNotFollowing as failed:
            self._index_not_following(failed)
            answer(failed.applied)
            return
        self._edited(applied)
        answer(applied)

    def _index_not_following(self, failed: IndexNotFollowing) -> None:
        """The edit is made (and saved), but the index could not show it: said; ctrl+r reads the file again."""
        self.notify(
            _(
                "{edit}. It is saved, but the index could not follow it ({reason}): "
                "ctrl+r reads the file again once it is saved"
            ).format(edit=failed.applied.description, reason=failed.reason),
            title=_("Edited, not shown"),
            severity="warning",
            timeout=30,
        )
        self._show_edit_status()
        self._save_soon()

    def _offer_copy(self, operation: Operation, answer: Callable[[EditResult], None]) -> None:
        from tui.screens.copy_bundled import CopyBundledScreen

        def copied(path: Path | None) -> None:
            if path is None:
                answer(_("Not made: the bundled database is read-only (copy it to edit it)"))
                return
            self.db_path = path
            self.database_label = safe_path(path)
            self._waiting_edits.append((operation, answer))
            self.notify(
                _("Copied the bundled database to {file}: editing that file now").format(file=safe_path(path)),
                timeout=8,
            )
            self._reading = True
            self._load(reloading=False)

        self.push_screen(CopyBundledScreen(mode=self.bidi), copied)

    def action_add_article(self) -> None:
        """The dialog to add an article; once added, the article opens, to cite its passages."""
        from tui.screens.add_article import AddArticleScreen

        def added(applied: Applied | None) -> None:
            after = applied.changes[0].after if applied is not None and applied.changes else None
            if after is not None and isinstance(after.get("id"), str):
                self.open_source(after["id"])

        self._back_to_main_screen()
        self.push_screen(AddArticleScreen(mode=self.bidi), added)

    def undo_edit(self) -> None:
        self._replay(undo=True)

    def redo_edit(self) -> None:
        self._replay(undo=False)

    def _replay(self, *, undo: bool) -> None:
        from tui.edit.errors import EditRefused
        from tui.edit.live import IndexNotFollowing

        editing = self.editing
        if editing is None or not (editing.can_undo if undo else editing.can_redo):
            self.notify(_("Nothing to undo") if undo else _("Nothing to redo"), timeout=3)
            return
        try:
            applied = editing.undo() if undo else editing.redo()
        except EditRefused as refused:
            self.notify(
                refused.message, title=_("Not undone") if undo else _("Not redone"), severity="error", timeout=10
            )
            return
        except IndexNotFollowing as failed:
            self._index_not_following(failed)
            return
        if applied is not None:
            self._edited(applied)

    def _whole_search_ready(self, database: Database) -> None:
        """A search screen opened while the index was being built searches the whole index from now on."""
        from tui.screens.search import SearchScreen

        if self.search_index is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, SearchScreen):
                screen.search_in(database, self.search_index)

    def _edited(self, applied: Applied) -> None:
        """An edit is made: every screen shows it, a line says what changed, and the file is saved behind."""
        from tui.screens.record_editing import focus_of
        from tui.screens.source import SourceScreen
        from tui.store.database import Database
        from tui.widgets.rows import visual_message

        assert self.editing is not None and self.database is not None
        database = Database(self.database.path, self.editing.index_path)  # (a new reader: nothing cached from before)
        database.on_damage = self._index_damaged
        self.database = database
        self.search_index = database.search_index()
        self.main_screen.database_edited(database, focus_of(applied))
        for screen in self.screen_stack:
            if isinstance(screen, SourceScreen):
                screen.database_edited(database)
        self._forget_facts_table_behind()
        self.notify(visual_message(applied.description, self.bidi), title=_("Edited"), timeout=8)
        self._show_edit_status()
        self.call_after_refresh(self._save_soon)  # (once the edit is drawn: the save's encoding then has the CPU)

    def _forget_facts_table_behind(self) -> None:
        """A facts table made before the edit is made again when next opened (it is not on screen now)."""
        from tui.screens.facts import SCREEN_NAME

        if self.is_screen_installed(SCREEN_NAME) and self.get_screen(SCREEN_NAME) not in self.screen_stack:
            self.uninstall_screen(SCREEN_NAME)

    def _show_edit_status(self, saving: bool = False) -> None:
        from tui.widgets.breadcrumbs import Breadcrumbs

        self._status_saving = saving
        unsaved = self.editing.unsaved if self.editing is not None else 0
        if saving:
            self.edit_status = _("saving…")
        elif unsaved:
            said = i18n.ngettext("{count} edit unsaved", "{count} edits unsaved", unsaved)
            self.edit_status = "● " + said.format(count=i18n.number(unsaved))
        else:
            self.edit_status = _("saved")
        for screen in self.screen_stack:
            for crumbs in screen.query(Breadcrumbs):
                crumbs.edits = self.edit_status

    def _save_soon(self) -> None:
        if self._saving or self.editing is None:
            return
        self._saving = True
        self._show_edit_status(saving=True)
        self._save(self.editing)

    @work(thread=True, group="save")
    def _save(self, editing: LiveEditing) -> None:
        """Write the file whole (TinyDB's way, through SafeStorage) until it holds every edit staged."""
        import sqlite3

        from tui.edit.errors import EditRefused, FileChangedOnDisk

        try:
            while editing.unsaved:
                saved = editing.save()
                if saved is not None:
                    self.call_from_thread(self._saved, editing, saved)
        except FileChangedOnDisk as changed:
            self.call_from_thread(self._save_stopped, changed.message, True)
        except EditRefused as refused:
            self.call_from_thread(self._save_stopped, refused.message, False)
        except (OSError, sqlite3.Error) as error:
            self.call_from_thread(
                self._save_stopped,
                _("{file}: not saved ({error})").format(file=self.database_label, error=error),
                False,
            )
        else:
            self.call_from_thread(self._save_ended)

    def _saved(self, editing: LiveEditing, saved: Saved) -> None:
        self._file_signature = _signature(editing.path)  # (our own write: not a change on disk to warn about)
        seconds = saved.report.seconds
        self.notify(
            i18n.ngettext(
                "Saved {count} edit to {file} ({size} bytes, {seconds} s)",
                "Saved {count} edits to {file} ({size} bytes, {seconds} s)",
                saved.edits,
            ).format(
                count=i18n.number(saved.edits),
                file=self.database_label,
                size=i18n.number(saved.report.size),
                seconds=i18n.number(seconds, decimals=1),
            ),
            title=_("Saved"),
            timeout=4,
        )

    def _save_ended(self) -> None:
        self._saving = False
        self._show_edit_status()
        if self.editing is not None and self.editing.unsaved:
            self._save_soon()  # (staged after the worker's last look)
        elif self._quit_after_save:
            self.exit()

    def _save_stopped(self, message: str, changed_on_disk: bool) -> None:
        """A save failed: the edits stay in memory, unsaved; the user is told, and offered a reload."""
        from tui.screens.confirm import ConfirmScreen

        self._saving = False
        self._quit_after_save = False
        self._show_edit_status()
        unsaved = self.editing.unsaved if self.editing is not None else 0
        if not changed_on_disk:
            self.notify(
                i18n.ngettext(
                    "{message}. Your {count} edit stays in Marsad, unsaved: ctrl+s tries again",
                    "{message}. Your {count} edits stay in Marsad, unsaved: ctrl+s tries again",
                    unsaved,
                ).format(message=message, count=i18n.number(unsaved)),
                title=_("Not saved"),
                severity="error",
                timeout=30,
            )
            return

        def answered(reload: bool | None) -> None:
            if reload:
                self.action_reload()

        self.push_screen(
            ConfirmScreen(
                _("The file changed on disk"),
                [
                    message,
                    i18n.ngettext(
                        "Reload it, and make your {count} edit not saved yet again on it? "
                        "(An edit that the change on disk contradicts is dropped, and said.)",
                        "Reload it, and make your {count} edits not saved yet again on it? "
                        "(An edit that the change on disk contradicts is dropped, and said.)",
                        unsaved,
                    ).format(count=i18n.number(unsaved)),
                ],
                yes=_("Reload"),
                no=_("Not now"),
                mode=self.bidi,
            ),
            answered,
        )

    def action_save(self) -> None:
        """Save the edits not saved yet now (after a save failed)."""
        if self.editing is None or not self.editing.unsaved:
            self.notify(_("Nothing to save: every edit is saved"), timeout=3)
            return
        self._save_soon()

    async def action_quit(self) -> None:
        """Quit; with edits not saved yet, once they are (q again quits at once, and they are lost)."""
        editing = self.editing
        if editing is not None and (editing.unsaved or self._saving) and not self._quit_after_save:
            self._quit_after_save = True
            count = max(1, editing.unsaved)
            self.notify(
                i18n.ngettext(
                    "Saving {count} edit before quitting… (q again quits now, without it)",
                    "Saving {count} edits before quitting… (q again quits now, without them)",
                    count,
                ).format(count=i18n.number(count)),
                title=_("Quitting"),
                timeout=30,
            )
            self._save_soon()
            return
        self.exit()

    # -- the facts table (tui.screens.facts) ------------------------------------
    def action_facts_table(self) -> None:
        """The facts table as it was left; the first time, after choosing which facts it shows."""
        from tui.screens.facts import SCREEN_NAME, FactsScreen, kind_choices
        from tui.screens.picker import PickerScreen
        from tui.store.slices import FactKind, FactSlice

        database = self.database
        if database is None or not database.complete:
            self.notify(_("The facts table opens once the index is built"), severity="warning")
            return
        if self.is_screen_installed(SCREEN_NAME):
            if self.screen is not self.get_screen(SCREEN_NAME):
                self._back_to_main_screen()
                self.push_screen(SCREEN_NAME)
            return

        def chosen(kind: object) -> None:
            if isinstance(kind, FactKind) and database is self.database and not self.is_screen_installed(SCREEN_NAME):
                self._back_to_main_screen()
                self.install_screen(FactsScreen(database, FactSlice(kind), mode=self.bidi), SCREEN_NAME)
                self.push_screen(SCREEN_NAME)

        self.push_screen(PickerScreen(_("Which facts"), kind_choices(database), mode=self.bidi), chosen)

    def _forget_facts_table(self) -> None:
        """The facts table of a database no longer shown goes (a reload makes a new one)."""
        from tui.screens.facts import SCREEN_NAME

        if self.is_screen_installed(SCREEN_NAME):
            self._back_to_main_screen()
            self.uninstall_screen(SCREEN_NAME)

    # -- the command palette, its input in reading order (tui.screens.palette) --
    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):  # (App[None])
            self.push_screen(self._palette(id="--command-palette"))

    def search_commands(
        self, commands: Sequence[CommandListItem], placeholder: str = N_("Search for commands…")
    ) -> AwaitMount:
        from textual.command import SimpleProvider

        return self.push_screen(
            self._palette(providers=[SimpleProvider(self.screen, list(commands))], placeholder=placeholder)
        )

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(self._palette(providers=[ThemeProvider], placeholder=N_("Search for themes…")))

    def _palette(self, **options: Any) -> Screen[Any]:
        from tui.screens.palette import MarsadCommandPalette

        return MarsadCommandPalette(mode=self.bidi, **options)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands (theme, quit, keys...) and Marsad's, said in the language spoken."""
        for command in super().get_system_commands(screen):
            yield SystemCommand(_(command.title), _(command.help), command.callback, command.discover)
        for kind in KINDS:
            yield SystemCommand(
                _("Go to {pane}").format(pane=pane_title(kind.name)),
                _("Focus the {pane} pane (key {key})").format(pane=pane_title(kind.name), key=kind.key),
                lambda name=kind.name: self._palette_focus(name),
            )
        yield SystemCommand(
            _("Search"), _("Search every record by name, role, fact or source text (key /)"), self.action_search
        )
        yield SystemCommand(_("Help"), _("Every key binding and the Arabic display mode (key ?)"), self.action_help)
        yield SystemCommand(
            _("Open source of selection"),
            _("The article behind the selected record (key s)"),
            self.main_screen.action_open_source,
        )
        yield SystemCommand(
            _("Facts table"),
            _("One kind of fact across every record, to sort and compare (key F)"),
            self.action_facts_table,
        )
        yield SystemCommand(_("Back"), _("Return to where you were (escape)"), self.main_screen.action_back)
        yield SystemCommand(
            _("Add article"),
            _("Add an article to the database: paste its text, say where it is from"),
            self.action_add_article,
        )
        yield SystemCommand(_("Undo edit"), _("Undo the last edit of this session (key u)"), self.undo_edit)
        yield SystemCommand(_("Redo edit"), _("Make the last undone edit again (key U)"), self.redo_edit)
        yield SystemCommand(
            _("Save edits now"), _("Write the edits not saved yet to the file (ctrl+s)"), self.action_save
        )
        yield from self._language_commands()

    def _language_commands(self) -> Iterable[SystemCommand]:
        """Switching the language and the digits, live (remembered like the theme)."""
        spoken = i18n.current_language()
        for language in i18n.LANGUAGES:
            if language.code != spoken:  # (its own name, and the name a reader of the language spoken knows it by)
                title = _("Language: {name}").format(
                    name=_("{own} ({name})").format(own=language.name, name=_(language.english))
                )
                if spoken != i18n.DEFAULT:  # (found by its English word too: the way back for who reads no other)
                    title = f"{title} · Language"
                yield SystemCommand(
                    title,
                    _("Speak {english} from now on, remembered for the next start ({code})").format(
                        english=_(language.english), code=language.code
                    ),
                    lambda code=language.code: self.switch_language(code),
                )
        if self.settings.language is not None:
            yield SystemCommand(
                _("Language: the system's"),
                _("Speak the language of the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) from now on"),
                lambda: self.switch_language(None),
            )
        if i18n.current_digits() == "western":
            yield SystemCommand(
                _("Digits: Arabic-Indic (٠١٢٣)"),
                _("Write the interface's numbers in Arabic-Indic digits; data stays as stored"),
                lambda: self.switch_digits("arabic-indic"),
            )
        else:
            yield SystemCommand(
                _("Digits: Western (0123)"),
                _("Write the interface's numbers in Western digits; data stays as stored"),
                lambda: self.switch_digits("western"),
            )

    def _palette_focus(self, kind: Kind) -> None:
        self._back_to_main_screen()
        self.main_screen.action_focus_pane(kind)


def _bindings(declared: Iterable[BindingType]) -> list[Binding]:
    """A class's `BINDINGS` as the help lists them (Marsad declares each as a `Binding`, with its id)."""
    return [binding for binding in declared if isinstance(binding, Binding)]


def _default_keys(binding_id: str) -> str:
    """The keys MainScreen binds `binding_id` to (what a left-to-right interface uses)."""
    return next(binding.key for binding in _bindings(MainScreen.BINDINGS) if binding.id == binding_id)


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return info.st_size, info.st_mtime_ns


# What is imported by now (Textual, Marsad's modules, their classes and tables) lives as long as the process: the
# garbage collector need not go through it again. Its first full collection, on the way to the first frame, took
# ~30 ms (of the ~150 ms a warm start took beyond a bare Textual app's first frame). Once per process: an app made
# later (a test run makes many) freezes nothing more.
gc.freeze()

if TYPE_CHECKING:
    # mypy checks here that the app is what the screens take it for (tui/screens/shell.py)
    _IS_A_SHELL: type[Shell] = MarsadApp

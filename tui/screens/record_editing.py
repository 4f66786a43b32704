"""Correcting records from the main screen: a fact's wording, a fact deleted, a record renamed, two records merged.

`RecordEditing` is what `MainScreen` mixes in: the actions of its editing keys
(`c` and `d` on a fact of the detail, `r`, `m`, `u`, `U`), each opening its
dialog (`tui.screens.edit_fact`, `tui.screens.rename`, the record picker and a
question) and handing the edit to the app (`Shell.submit_edit`), and what the
screen shows once an edit is made (`database_edited`): the lists, the counts
and the detail of the same record, the cursor on the same item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.data.kinds import BY_NAME, kind_of
from tui.data.models import Fact, Kind, Record, Source
from tui.i18n import N_, _, labels, number
from tui.screens.pane_slicing import PaneSlicing
from tui.screens.shell import shell

# (the editing code, TinyDB included, is imported when an edit is first asked for: a first frame needs none)
if TYPE_CHECKING:
    from tui.edit.operations import Applied
    from tui.screens.palette_keys import PaletteCommand
    from tui.screens.record_picker import Pickable
    from tui.screens.shell import EditResult
    from tui.store.database import Database
    from tui.widgets.detail_view import DetailView


#: likely duplicates the merge picker offers before anything is typed
NAMESAKES = 10
#: the merge picker's title, for each kind of record (`{name}`: the record merged into)
MERGE_TITLES: dict[Kind, str] = {
    "organization": N_("Merge into {name}: the same organization as…"),
    "partnership": N_("Merge into {name}: the same partnership as…"),
    "association": N_("Merge into {name}: the same association as…"),
    "person": N_("Merge into {name}: the same person as…"),
    "source": N_("Merge into {name}: the same source as…"),
}


class RecordEditing(PaneSlicing):
    """The part of the main screen that edits records (`MainScreen` extends it, as it extends `PaneSlicing`)."""

    record: Record | None

    @property
    def detail(self) -> DetailView:
        """The detail pane (`MainScreen`'s)."""
        raise NotImplementedError

    # -- the fact under the detail's cursor ------------------------------------------------

    def _fact_under_cursor(self) -> tuple[Record, int, Fact] | None:
        """The record shown, the place of the fact under the detail's cursor among its facts, and the fact."""
        record = self.record
        block = self.detail.current_block if self.focused is self.detail else None
        if record is None or block is None or not isinstance(block.cites, Fact):
            self.notify(_("Move the detail's cursor to a fact (l, then j or k) to correct or delete it"), timeout=4)
            return None
        facts = getattr(record, "facts", ())
        if block.cites not in facts:
            self.notify(
                _("This fact is another record's: open that record (the link under it) to change it"), timeout=5
            )
            return None
        return record, facts.index(block.cites), block.cites

    def action_correct_fact(self) -> None:
        """Correct the label, value, number, unit, qualifier or speaker of the fact under the cursor."""
        from tui.screens.edit_fact import EditFactScreen

        found = self._fact_under_cursor()
        if found is not None:
            record, index, fact = found
            self.app.push_screen(EditFactScreen(record, index, fact, mode=self.mode))

    def action_delete_fact(self) -> None:
        """Delete the fact under the cursor, once asked."""
        from tui.edit.correcting import DeleteFact
        from tui.presentation.detail import display_name
        from tui.screens.confirm import ConfirmScreen

        found = self._fact_under_cursor()
        if found is None:
            return
        record, index, fact = found

        def answered(yes: bool | None) -> None:
            if yes:
                shell(self).submit_edit(DeleteFact(record.id, index, fact.quote), self._said)

        self.app.push_screen(
            ConfirmScreen(
                _("Delete a fact"),
                [
                    _("Delete fact {number} of {record}?").format(
                        number=number(index + 1), record=display_name(record)
                    ),
                    _("{label}: {value}").format(label=labels.shown(fact.label), value=fact.value),
                    _("u undoes it."),
                ],
                yes=_("Delete"),
                no=_("Keep it"),
                mode=self.mode,
            ),
            answered,
        )

    # -- the record ----------------------------------------------------------------------------

    def action_rename_record(self) -> None:
        """Rename the selected record (its names, its id)."""
        from tui.screens.rename import RenameScreen

        record = self._selected_record()
        if record is None:
            return
        if isinstance(record, Source):
            self.notify(_("A source is named by its title: it is not renamed"), severity="warning")
            return
        self.app.push_screen(RenameScreen(record, mode=self.mode))

    def action_merge_record(self) -> None:
        """The selected record and another are the same entity: choose the other, and merge it into this one."""
        from tui.edit.combined import NewRecord
        from tui.edit.correcting import MergeRecords
        from tui.presentation.detail import display_name
        from tui.screens.confirm import ConfirmScreen
        from tui.screens.record_picker import RecordPickerScreen

        record = self._selected_record()
        if record is None:
            return
        kind = kind_of(record)
        app = self.app

        def chosen(other_id: str | NewRecord | None) -> None:
            other = self.database.get(other_id) if isinstance(other_id, str) and self.database is not None else None
            if other is None:
                return

            def answered(yes: bool | None) -> None:
                if yes:
                    shell(self).submit_edit(MergeRecords(record.id, other.id), self._said)

            app.push_screen(
                ConfirmScreen(
                    _("Merge two records"),
                    [
                        _("Merge {other} ({other_id}) into {record} ({record_id})?").format(
                            other=display_name(other),
                            other_id=other.id,
                            record=display_name(record),
                            record_id=record.id,
                        ),
                        _(
                            "{record_id} keeps its id and gains the other's names, facts and links; every "
                            "reference to {other_id} moves to it. u undoes it."
                        ).format(record_id=record.id, other_id=other.id),
                    ],
                    yes=_("Merge"),
                    no=_("Cancel"),
                    mode=self.mode,
                ),
                answered,
            )

        app.push_screen(
            RecordPickerScreen(
                _(MERGE_TITLES[kind]).format(name=record.names.primary[:40]),
                (kind,),
                mode=self.mode,
                suggestions=self._namesakes(record),
                leave_out=frozenset({record.id}),
            ),
            chosen,
        )

    def _namesakes(self, record: Record) -> list[Pickable]:
        """The records of the same kind that search finds by this one's names: the likely duplicates, first."""
        from tui.screens.record_picker import Pickable

        index = shell(self).search_index
        if index is None:
            return []
        kind = kind_of(record)
        found: dict[str, Pickable] = {}
        for name in dict.fromkeys(filter(None, (record.names.latin, record.names.ar))):
            for hit in index.search(name, kinds=(kind,), limit=NAMESAKES):
                found.setdefault(hit.doc.id, Pickable(hit.doc.title or hit.doc.id, BY_NAME[kind].label, hit.doc.id))
        return list(found.values())

    def _selected_record(self) -> Record | None:
        if self.record is None or self.database is None:
            self.notify(_("Select a record first"), severity="warning")
            return None
        return self.record

    def editing_commands(self) -> list[PaletteCommand]:
        """The palette's editing commands of the main screen."""
        return [
            (
                _("Correct fact"),
                _("Correct the label, value, number, unit or speaker of the fact under the detail's cursor (key c)"),
                self.action_correct_fact,
            ),
            (
                _("Delete fact"),
                _("Delete the fact under the detail's cursor, once asked (key d)"),
                self.action_delete_fact,
            ),
            (
                _("Rename record"),
                _("Change the selected record's names or id (key r)"),
                self.action_rename_record,
            ),
            (
                _("Merge record"),
                _("Merge another record into the selected one: they are the same entity (key m)"),
                self.action_merge_record,
            ),
        ]

    # -- undo, redo -----------------------------------------------------------------------------

    def action_undo_edit(self) -> None:
        """Undo the last edit of this session."""
        shell(self).undo_edit()

    def action_redo_edit(self) -> None:
        """Make the last undone edit again."""
        shell(self).redo_edit()

    def _said(self, result: EditResult) -> None:
        """An edit asked from a question (no dialog to say it in): a refusal is a notification."""
        if isinstance(result, str):
            self.notify(result, title=_("Not changed"), severity="error", timeout=10)

    # -- after an edit ----------------------------------------------------------------------------

    def database_edited(self, database: Database, focus: str | None) -> None:
        """`database` holds an edit: the lists, counts and detail show it; the record `focus` is shown
        (the record the edit changed), the detail's cursor where it was."""
        from tui.data.kinds import KINDS
        from tui.presentation.detail import detail_blocks

        self.database = database
        for each in KINDS:
            entity_list = self.list_of(each.name)
            if entity_list.sliced is None and entity_list.slice.is_whole_file_order:
                entity_list.follow_edit(database)
            else:
                entity_list.database = database
                self.reslice(each.name, entity_list.slice, keep=entity_list.selected_id)
        self.update_pane_counts()
        record_id = focus or (self.record.id if self.record is not None else None)
        record = database.get(record_id) if record_id is not None else None
        if record is None:
            return
        kind = kind_of(record)
        row = self.list_of(kind).index_of(record.id)
        if row is not None and kind == self.active_kind:
            self.list_of(kind).move_cursor(row)
        self.record = record
        blocks = detail_blocks(database, record)
        block = self.detail.current_block
        place = self.detail.blocks.index(block) if block is not None and block in self.detail.blocks else None
        self.detail.show_blocks(blocks, select=place if place is not None and place < len(blocks) else None)


def focus_of(applied: Applied) -> str | None:
    """The record an edit is about: the first it changed that is still there (the one kept by a merge)."""
    for change in applied.changes:
        if change.after is not None and isinstance(change.after.get("id"), str):
            return str(change.after["id"])
    return None

"""Renaming a record: its Arabic and Latin names, its other names, and its id (every reference follows).

A source is named by its title, which is part of the article's record: it is
not renamed here.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.data.kinds import kind_of, label
from tui.data.models import Names, Record
from tui.edit.correcting import RenameRecord
from tui.edit.operations import Operation
from tui.screens.edit_dialog import EditDialog, FieldProblem
from tui.text.direction import BidiMode
from tui.widgets.search_input import SearchInput

#: what separates other names in their field: the Arabic comma, a semicolon or a vertical bar
ALIAS_SEPARATORS = re.compile(r"\s*[،;|]\s*")


class RenameScreen(EditDialog):
    """The names and id of `record`, as they are now."""

    TITLE = "Rename a record"

    def __init__(self, record: Record, *, mode: BidiMode) -> None:
        super().__init__(mode=mode)
        self.record = record

    def fields(self) -> ComposeResult:
        names = self.record.names
        yield Static(f"{label(kind_of(self.record))} · {self.record.id}", classes="edit-note")
        with Vertical(classes="edit-fields"):
            for field_id, prompt, value in (
                ("rename-ar", "Arabic name ", names.ar or ""),
                ("rename-latin", "Latin name  ", names.latin or ""),
                ("rename-aliases", "Other names ", "، ".join(names.aliases)),
                ("rename-id", "Id          ", self.record.id),
            ):
                field = SearchInput(mode=self.mode, prompt=prompt, id=field_id)
                field.value = value
                yield field
        yield Static(
            "Other names are separated by ، or ; · a new id moves every reference to the record", classes="edit-note"
        )

    def operation(self) -> Operation:
        aliases = tuple(name for name in ALIAS_SEPARATORS.split(self.text("rename-aliases")) if name)
        names = Names(ar=self.text("rename-ar") or None, latin=self.text("rename-latin") or None, aliases=aliases)
        if not names.all:
            raise FieldProblem("A record needs at least one name")
        new_id = self.required("rename-id", "An id")
        changed_names = names != self.record.names
        if not changed_names and new_id == self.record.id:
            raise FieldProblem("Nothing changed: change a name or the id, or escape")
        return RenameRecord(
            self.record.id, names if changed_names else None, new_id if new_id != self.record.id else None
        )

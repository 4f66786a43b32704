"""Renaming a record: its Arabic and Latin names, its other names, and its id (every reference follows).

A source is named by its title, which is part of the article's record: it is
not renamed here.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical

from tui.data.kinds import kind_of, label
from tui.data.models import Names, Record
from tui.edit.correcting import RenameRecord
from tui.edit.operations import Operation
from tui.i18n import N_, _, pgettext
from tui.screens.edit_dialog import EditDialog, FieldProblem, Note, prompts
from tui.text.direction import BidiMode
from tui.widgets.search_input import SearchInput

#: what separates other names in their field: the Arabic comma, a semicolon or a vertical bar
ALIAS_SEPARATORS = re.compile(r"\s*[،;|]\s*")
#: cells the fields' prompts take at least (they are as wide as the widest, and a space)
PROMPT_CELLS = 12


class RenameScreen(EditDialog):
    """The names and id of `record`, as they are now."""

    TITLE = N_("Rename a record")

    def __init__(self, record: Record, *, mode: BidiMode) -> None:
        super().__init__(mode=mode)
        self.record = record

    def fields(self) -> ComposeResult:
        names = self.record.names
        kind = kind_of(self.record)
        yield Note(lambda: f"{label(kind)} · {self.record.id}", mode=self.mode, classes="edit-note")
        said = prompts(
            (
                pgettext("a field's prompt", "Arabic name"),  # (said here: "Arabic name" alone is a sort order's)
                pgettext("a field's prompt", "Latin name"),
                N_("Other names"),
                N_("Id"),
            ),
            PROMPT_CELLS,
        )
        with Vertical(classes="edit-fields"):
            for field_id, prompt, value in zip(
                ("rename-ar", "rename-latin", "rename-aliases", "rename-id"),
                said,
                (names.ar or "", names.latin or "", "، ".join(names.aliases), self.record.id),
                strict=True,
            ):
                field = SearchInput(mode=self.mode, prompt=prompt, id=field_id)
                field.value = value
                yield field
        yield Note(
            lambda: _("Other names are separated by ، or ; · a new id moves every reference to the record"),
            mode=self.mode,
            classes="edit-note",
        )

    def operation(self) -> Operation:
        aliases = tuple(name for name in ALIAS_SEPARATORS.split(self.text("rename-aliases")) if name)
        names = Names(ar=self.text("rename-ar") or None, latin=self.text("rename-latin") or None, aliases=aliases)
        if not names.all:
            raise FieldProblem(_("A record needs at least one name"))
        new_id = self.required("rename-id", N_("An id"))
        changed_names = names != self.record.names
        if not changed_names and new_id == self.record.id:
            raise FieldProblem(_("Nothing changed: change a name or the id, or escape"))
        return RenameRecord(
            self.record.id, names if changed_names else None, new_id if new_id != self.record.id else None
        )

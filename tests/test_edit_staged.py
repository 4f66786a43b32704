"""Edits staged in memory and saved later (what the app does): checked at once, written whole, never lost.

Every save is read back through TinyDB's own storage and through Marsad's reader.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from edit_helpers import bundled_copy, organization, read_by_marsad, read_by_tinydb

from tui.data.bundled import bundled_database_path
from tui.data.models import Names
from tui.edit import storage as storage_module
from tui.edit.adding import AddFact
from tui.edit.correcting import EditFact, RenameRecord
from tui.edit.errors import BundledReadOnly, FileChangedOnDisk, InvalidEdit, RecordsInvalid
from tui.edit.operations import Applied, DatabaseView, DocumentChange
from tui.edit.session import EditSession
from tui.edit.stored import StoredDocument


def _quote(session: EditSession, record_id: str = "t2s", index: int = 0) -> str:
    found = session.view().require(record_id)
    return str(found.document["facts"][index]["quote"])


def _source_passage(session: EditSession) -> tuple[str, str]:
    found = session.view().require("amgs-founding-article")
    return "amgs-founding-article", str(found.document["text"])[10:60]


class _UnknownField:
    """An edit that plans a record Marsad's reader would not keep whole (what the write's check is for)."""

    def plan(self, view: DatabaseView) -> Applied:
        document = {"id": "zagora", "names": {"latin": "Zagora"}, "colour": "red"}
        return Applied(
            "Added zagora", (DocumentChange("organizations", view.next_key("organizations"), None, document),)
        )


def test_a_staged_edit_is_in_memory_only_until_saved_then_in_the_file(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    before = path.read_bytes()
    session = EditSession(path)
    applied = session.stage(EditFact("t2s", 0, _quote(session), {"label": "Exclusive representative"}))
    assert applied.description.startswith("Changed fact 1 of 't2s'")
    assert path.read_bytes() == before, "nothing is written before save()"
    assert session.view().require("t2s").document["facts"][0]["label"] == "Exclusive representative"
    assert session.unsaved == [applied]
    report = session.save()
    assert report is not None and report.changed == (("organizations", "1"),)
    assert session.unsaved == [] and session.save() is None
    assert read_by_tinydb(path)["organizations"]["1"]["facts"][0]["label"] == "Exclusive representative"
    records, problems = read_by_marsad(path)
    assert organization(records, "t2s").facts[0].label == "Exclusive representative" and problems == []


def test_a_refused_edit_changes_nothing_in_memory(tmp_path: Path) -> None:
    session = EditSession(bundled_copy(tmp_path))
    before = session.view().require("t2s").document
    with pytest.raises(InvalidEdit):
        session.stage(EditFact("t2s", 0, "a quote that is not the fact's", {"label": "x"}))
    with pytest.raises(RecordsInvalid) as refused:  # (refused by the write's check, after TinyDB changed the table)
        session.stage(_UnknownField())
    assert "unknown field 'colour'" in refused.value.message
    assert session.view().require("t2s").document == before
    assert session.view().find("zagora") is None
    assert session.unsaved == [] and session.save() is None


def test_undo_and_redo_staged_then_saved(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    session = EditSession(path)
    session.stage(RenameRecord("t2s", Names(ar="مجموعة T2S", latin="T2S Group")))
    undone = session.stage_undo()
    assert undone is not None and undone.description.startswith("Undid: Renamed")
    redone = session.stage_redo()
    assert redone is not None and redone.description.startswith("Redid: Renamed")
    assert len(session.unsaved) == 3
    session.save()
    records, _problems = read_by_marsad(path)
    assert organization(records, "t2s").names.latin == "T2S Group"
    assert read_by_tinydb(path)["organizations"]["1"]["names"]["latin"] == "T2S Group"


def test_an_edit_staged_while_a_save_writes_is_saved_by_the_next_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = bundled_copy(tmp_path)
    session = EditSession(path)
    session.stage(EditFact("t2s", 0, _quote(session), {"label": "First"}))
    real_replace = storage_module.replace_file
    staged_during: list[str] = []

    def replace_while_editing(*args: object, **options: object) -> object:
        if not staged_during:  # (another edit, as the user makes one while the file is being written)
            thread = threading.Thread(
                target=lambda: staged_during.append(
                    session.stage(EditFact("t2s", 1, _quote(session, index=1), {"label": "Second"})).description
                )
            )
            thread.start()
            thread.join()
        return real_replace(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(storage_module, "replace_file", replace_while_editing)
    session.save()
    on_disk = read_by_tinydb(path)["organizations"]["1"]["facts"]
    assert on_disk[0]["label"] == "First" and on_disk[1]["label"] != "Second", "the first save wrote what it took"
    assert [applied.description for applied in session.unsaved] == staged_during
    session.save()
    records, _problems = read_by_marsad(path)
    assert [fact.label for fact in organization(records, "t2s").facts[:2]] == ["First", "Second"]


def test_a_file_changed_on_disk_keeps_the_staged_edits_and_reload_makes_them_again(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    ours = EditSession(path)
    ours.view()
    ours.stage(EditFact("t2s", 0, _quote(ours), {"label": "Ours"}))
    theirs = EditSession(path)
    theirs.do(RenameRecord("akdital", Names(ar="أكديتال", latin="Akdital Holding")))
    with pytest.raises(FileChangedOnDisk) as refused:
        ours.save()
    assert "changed on disk" in refused.value.message
    assert len(ours.unsaved) == 1, "the edit waits, in memory"
    assert ours.reload_keeping_edits() == []
    assert ours.changed_on_disk == ["changed 'akdital'"], "what changed on disk, record by record"
    ours.save()
    records, problems = read_by_marsad(path)
    assert organization(records, "t2s").facts[0].label == "Ours"
    assert organization(records, "akdital").names.latin == "Akdital Holding"
    assert problems == []


def test_reload_drops_an_edit_that_the_change_on_disk_contradicts_and_says_why(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    ours = EditSession(path)
    ours.stage(EditFact("t2s", 0, _quote(ours), {"label": "Ours"}))
    theirs = EditSession(path)
    theirs.do(EditFact("t2s", 0, _quote(theirs), {"label": "Theirs"}))
    dropped = ours.reload_keeping_edits()
    assert len(dropped) == 1 and "changed since" in dropped[0][1]
    assert ours.view().require("t2s").document["facts"][0]["label"] == "Theirs"
    assert ours.done == [], "an edit that is not made again cannot be undone"


def test_an_edit_decodes_only_what_it_changes(tmp_path: Path) -> None:
    """The database is kept as compact JSON (a tenth of its decoded size): planning, checking and saving an
    edit decode the documents it changes and no other."""
    path = bundled_copy(tmp_path)
    session = EditSession(path)
    source, passage = _source_passage(session)
    session.stage(AddFact("t2s", "note", "A note", source, passage))
    session.stage(RenameRecord("akdital", new_id="akdital-holding"))
    session.save()
    tables = session.storage.read()
    decoded = [
        (name, key)
        for name, table in tables.items()
        for key, document in table.items()
        if not isinstance(document, StoredDocument) or document.decoded
    ]
    changed = {("organizations", "1"), ("organizations", "5")}
    assert set(decoded) <= changed | {("associations", "1")}, decoded  # (amgs names akdital: repointed)
    records, problems = read_by_marsad(path)
    assert "akdital-holding" in records and problems == []


def test_the_bundled_database_is_never_staged(tmp_path: Path) -> None:
    session = EditSession(bundled_database_path())
    with pytest.raises(BundledReadOnly):
        session.stage(RenameRecord("t2s", Names(latin="T2S")))

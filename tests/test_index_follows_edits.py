"""The index follows edits in place (`tui.store.update`): checked through what a reader of the index sees.

Each edit is made to a copy of the bundled database (written through TinyDB as
the app writes it), the index of the file as it was is changed in place with
the records the edit changed, and everything `Database` says (records in the
order of the file, panes sorted and filtered, the facts table and its kinds,
links, search) is compared with an index built from the edited file from
scratch. Never the tables themselves: another index layout must pass these too.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from edit_helpers import bundled_copy

from tui.data.kinds import KINDS
from tui.data.models import Names
from tui.edit.adding import AddFact, AddMember, AddRecord, AddRole, AddSource
from tui.edit.correcting import DeleteFact, EditFact, MergeRecords, RenameRecord
from tui.edit.indexed import index_changes
from tui.edit.live import LiveEditing
from tui.edit.operations import Applied, Operation
from tui.store.cache import check_index, index_path
from tui.store.database import Database
from tui.store.opening import load_database
from tui.store.slices import ALL_FACTS, FIGURES, FactKind, FactOrder, FactSlice, RecordOrder, RecordSlice
from tui.store.update import apply_to_index

QUERIES = (
    "T2S",
    "جيبوتي",
    "مدغشقر",
    "مجموعة",
    "akdital",
    "اكديتال",
    "tazi",
    "2500",
    "مليون",
    "madagascar",
    "formation",
    "تكوين",
    "GE Healthcare",
    "جنرال",
    "Zagora",
    "زاكورة",
    "مصحة زاكورة الجديدة",
    "clinique",
    "سرير",
    "Clinique Atlas",
    "نقطة جديدة",
    "founding",
    "عضو مؤسس",
    "رئيس",
)


def _state(database: Database) -> dict[str, object]:
    """Everything a reader of the index sees, as plain values (row order where the order is the index's promise)."""
    state: dict[str, object] = {"counts": database.counts()}
    reader = database.slices()
    for kind in KINDS:
        state[f"file order {kind.name}"] = [(record.id, record) for record in database.table(kind.name).values()]
        state[f"rows {kind.name}"] = database.rows(kind.name, 0, 10_000)
        for key in ("ar", "latin", "facts", "links"):
            for descending in (False, True):
                sliced = RecordSlice(kind.name, order=RecordOrder(key, descending))  # type: ignore[arg-type]
                state[f"{kind.name} by {key} {descending}"] = list(sliced.ids(database))
        for text in ("مجموعة", "e", "ت"):
            state[f"{kind.name} holding {text}"] = list(RecordSlice(kind.name, filter=text).ids(database))
    state["fact kinds"] = [(each.kind, each.facts, each.figures) for each in reader.fact_kinds()]
    for facts in (ALL_FACTS, FIGURES, FactKind("field", "kind")):
        rows = list(FactSlice(facts).rows(database))
        state[f"facts {facts.title}"] = sorted(rows, key=repr)
        for column in ("label", "number", "record"):
            sliced = FactSlice(facts, order=FactOrder(column))  # type: ignore[arg-type]
            state[f"facts {facts.title} by {column}"] = sorted(
                (repr(getattr(row, "label" if column == "label" else "number")), repr(row))
                for row in sliced.rows(database)
            )
    for record_id in (record.id for record in database.all_records()):
        state[f"links of {record_id}"] = (
            [each.id for each in database.partnerships_of(record_id)],
            [each.id for each in database.associations_of(record_id)],
            [each.id for each in database.people_of(record_id)],
            [each.id for each in database.quoting(record_id)],
            sorted((c.quote, c.record.id, c.label) for c in database.citations_of(record_id)),
        )
    search = database.search_index()
    assert search is not None
    for query in QUERIES:
        state[f"search {query}"] = sorted((hit.doc.id, round(hit.score, 9)) for hit in search.search(query, limit=500))
    return state


def _differences(ours: dict[str, object], built: dict[str, object]) -> list[str]:
    return [key for key in built if ours.get(key) != built[key]] + [key for key in ours if key not in built]


class _Indexed:
    """A copy of the bundled database, its index, and the app's editing of it (`LiveEditing`)."""

    def __init__(self, folder: Path) -> None:
        self.path = bundled_copy(folder)
        load_database(self.path).close()
        self.index = index_path(self.path)
        self.live = LiveEditing(self.path, self.index)
        self.live.open()
        self.session = self.live.session
        self.folder = folder

    def edit(self, operation: Operation, *, save: bool = True) -> Applied:
        """Make the edit (the index changed in place first, as in the app), then save it."""
        applied = self.live.make(operation)
        if save:
            self.live.save()
        return applied

    def replay(self, step: Callable[[], Applied | None]) -> None:
        """Undo or redo (`live.undo`, `live.redo`), then save."""
        assert step() is not None
        self.live.save()

    def database(self) -> Database:
        return Database(self.path, self.index)

    def rebuilt(self) -> Database:
        """A database over an index built from the file as it is now, somewhere else."""
        copy = self.folder / f"rebuilt-{len(list(self.folder.iterdir()))}.json"
        shutil.copyfile(self.path, copy)
        return load_database(copy)


@pytest.fixture
def indexed(tmp_path: Path) -> _Indexed:
    return _Indexed(tmp_path)


def _first_fact(indexed: _Indexed, record_id: str) -> tuple[int, str]:
    record = indexed.database().get(record_id)
    assert record is not None
    return 0, record.facts[0].quote  # type: ignore[union-attr]


def _first_figure(indexed: _Indexed, record_id: str) -> tuple[int, str]:
    record = indexed.database().get(record_id)
    assert record is not None
    return next((n, fact.quote) for n, fact in enumerate(record.facts) if fact.number is not None)  # type: ignore[union-attr]


def _article(indexed: _Indexed) -> tuple[str, str]:
    """A source of the bundled database and a passage of it."""
    database = indexed.database()
    source = next(iter(database.sources.values()))
    return source.id, source.text[40:90]  # type: ignore[union-attr]


EDITS: dict[str, Callable[[_Indexed], Operation]] = {
    "a fact added": lambda ix: AddFact("t2s", "note", "مصحة زاكورة الجديدة", *_article(ix), number=42, unit="beds"),
    "a fact's label and value changed": lambda ix: EditFact(
        "t2s", *_first_fact(ix, "t2s"), {"label": "Clinique Atlas nouvelle", "value": "نقطة جديدة 2500"}
    ),
    "a fact's number removed": lambda ix: EditFact("amgs", *_first_figure(ix, "amgs"), {"number": None}),
    "a fact deleted": lambda ix: DeleteFact("t2s", *_first_fact(ix, "t2s")),
    "a record's names changed": lambda ix: RenameRecord("t2s", Names(ar="مجموعة زاكورة", latin="Zagora Group")),
    "a record's id changed": lambda ix: RenameRecord("t2s", new_id="t2s-group"),
    "two records merged": lambda ix: MergeRecords("t2s", "ge-healthcare"),
    "an organization added": lambda ix: AddRecord("organization", Names(ar="مصحة الأطلس", latin="Clinique Atlas")),
    "a partnership added": lambda ix: AddRecord(
        "partnership", Names(latin="Zagora partnership"), parties=("medical-professions-institute", "odm")
    ),
    "a person added": lambda ix: AddRecord("person", Names(ar="أحمد التازي", latin="Ahmed Tazi")),
    "an article added": lambda ix: AddSource(
        "مصحة زاكورة الجديدة تفتح أبوابها في مدغشقر بأكثر من 120 سريرا. Clinique Atlas ouvre.",
        "ar",
        title="مصحة زاكورة",
        outlet="Zagora Press",
        date="2026-12-01",
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_in_the_index_reads_as_the_index_built_from_the_edited_file(indexed: _Indexed, name: str) -> None:
    indexed.edit(EDITS[name](indexed))
    ours, built = _state(indexed.database()), _state(indexed.rebuilt())
    assert _differences(ours, built) == []


def test_a_member_and_a_role_cited_then_undone_read_as_built(indexed: _Indexed) -> None:
    source, passage = _article(indexed)
    database = indexed.database()
    association = next(iter(database.associations))
    indexed.edit(AddMember(association, "t2s", "عضو مؤسس", source, passage))
    person = next(iter(database.people))
    indexed.edit(AddRole(person, "رئيس مجلس الإدارة", source, passage, organization="t2s"))
    assert _differences(_state(indexed.database()), _state(indexed.rebuilt())) == []
    for _ in range(2):
        indexed.replay(indexed.live.undo)
    assert _differences(_state(indexed.database()), _state(indexed.rebuilt())) == []


def test_many_edits_in_a_row_with_undo_and_redo_read_as_built(indexed: _Indexed) -> None:
    for name in ("an organization added", "a fact added", "two records merged", "a record's id changed"):
        indexed.edit(EDITS[name](indexed))
    for step in (indexed.live.undo, indexed.live.undo, indexed.live.redo):
        indexed.replay(step)
    assert _differences(_state(indexed.database()), _state(indexed.rebuilt())) == []


def test_the_edited_record_is_seen_at_once_by_get_lists_slices_facts_and_search(indexed: _Indexed) -> None:
    before = indexed.database()
    place = before.position("t2s")
    indexed.edit(RenameRecord("t2s", Names(ar="مجموعة زاكورة", latin="Zagora Group"), new_id="zagora-group"))
    after = indexed.database()
    record = after.get("zagora-group")
    assert record is not None and record.names.latin == "Zagora Group"
    assert after.get("t2s") is None
    assert after.position("zagora-group") == place, "a renamed record keeps its place in its pane"
    assert "zagora-group" in RecordSlice("organization", filter="zagora").ids(after)
    search = after.search_index()
    assert search is not None
    assert [hit.doc.id for hit in search.search("Zagora Group")][:1] == ["zagora-group"]
    assert not any(hit.doc.id == "t2s" for hit in search.search("T2S", limit=200))
    assert all(row.record_id != "t2s" for row in FactSlice().rows(after))


def test_an_index_holding_unsaved_edits_is_never_trusted_then_trusted_once_saved(indexed: _Indexed) -> None:
    from tui.data.reading import file_identity
    from tui.store.cache import FileState

    def trusted() -> bool:
        return check_index(indexed.path, FileState.of(indexed.path, file_identity(indexed.path))).usable

    assert trusted()
    indexed.edit(EDITS["a fact added"](indexed), save=False)
    assert not trusted(), "edits applied to the index before the file is re-keyed: not trusted"
    indexed.live.save()
    assert trusted()
    reopened = load_database(indexed.path)
    assert reopened.index_path == indexed.index
    assert _differences(_state(reopened), _state(indexed.rebuilt())) == []


def test_an_index_edited_then_left_unsaved_is_built_again_at_the_next_open(indexed: _Indexed) -> None:
    """The app killed between the index update and the save: the file does not hold the edit; nor does what opens."""
    operation = EDITS["a fact added"](indexed)
    apply_to_index(indexed.index, *index_changes([operation.plan(indexed.session.view())]))  # (never written)
    assert any(fact.label == "مصحة زاكورة الجديدة" for fact in indexed.database().get("t2s").facts)  # type: ignore[union-attr]
    stamp_before = os.stat(indexed.index).st_mtime_ns
    reopened = load_database(indexed.path)
    assert not any(fact.label == "مصحة زاكورة الجديدة" for fact in reopened.get("t2s").facts)  # type: ignore[union-attr]
    assert os.stat(indexed.index).st_mtime_ns != stamp_before, "built again"


def test_readying_the_index_changes_nothing_it_says_and_keeps_it_trusted(indexed: _Indexed) -> None:
    from tui.data.reading import file_identity
    from tui.store.cache import FileState

    before = _state(indexed.database())
    apply_to_index(indexed.index, [], [])
    assert check_index(indexed.path, FileState.of(indexed.path, file_identity(indexed.path))).usable
    assert _differences(_state(indexed.database()), before) == []
    indexed.edit(EDITS["a fact's label and value changed"](indexed))
    assert _differences(_state(indexed.database()), _state(indexed.rebuilt())) == []


def test_edits_made_while_a_save_writes_read_the_file_the_index_points_into(
    indexed: _Indexed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save renames the new file over the old one, then points the index at it: an edit made between the two,
    or left unsaved by it, still finds each record the index keeps as a place in a file."""
    live = indexed.live
    live.make(EDITS["a fact added"](indexed))
    writes = live.session.save

    def save_then_edit():  # (the UI thread edits while the worker's save is writing)
        report = writes()
        live.make(EDITS["a fact's label and value changed"](indexed))
        return report

    monkeypatch.setattr(live.session, "save", save_then_edit)
    saved = live.save()
    monkeypatch.undo()
    assert saved is not None and not saved.index_rekeyed, "the file lacks the edit made meanwhile"
    live.make(RenameRecord("ge-healthcare", Names(ar="جنرال إلكتريك", latin="GE")))  # (a record no edit touched)
    _state(indexed.database())  # (every record readable)
    assert live.unsaved
    saved = live.save()
    assert saved is not None and saved.index_rekeyed
    assert _differences(_state(indexed.database()), _state(indexed.rebuilt())) == []

"""The index follows edits in place (`tui.store.update`), read back through the public reads.

The oracle is the index built anew from the file with the same edits: every
list, count, slice, fact kind, link and search hit of the index changed in
place must be what that one says.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import msgspec
import pytest

from benchmarks import synth
from tui.data.kinds import BY_TABLE, KIND_NAMES
from tui.data.models import Fact, Names, Organization, Record
from tui.store.database import Database
from tui.store.opening import is_indexed, load_database
from tui.store.slices import ALL_FACTS, FactKind, FactOrder, FactSlice, RecordOrder, RecordSlice
from tui.store.update import apply_to_index, mark_saved

QUERIES = ("groupe", "مجموعة", "clinique", "مصحة", "akdital", "edited", "تعديل", "زيادة", "casa", "xyzzy", "7")


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _record(table: str, document: dict[str, Any]) -> Record:
    return msgspec.convert(document, BY_TABLE[table].record_type)


@pytest.fixture
def edited(tmp_path: Path) -> tuple[Path, dict[str, Any], list[Record], list[str]]:
    """A synthetic file indexed, and the edits to make: a name and a fact changed, a fact added,
    a record added, a record removed (with what pointed to it), a record's facts cut to one."""
    data = synth.generate(300, seed=5)
    path = tmp_path / "db.json"
    _write(path, data)
    load_database(path)
    organizations = data["organizations"]
    keys = list(organizations)
    renamed = dict(organizations[keys[3]])
    renamed["names"] = {"ar": "مجموعة تعديل", "latin": "Edited Group"}
    facts = list(renamed.get("facts", ()))
    source = data["sources"][next(iter(data["sources"]))]["id"]
    quote = data["sources"][next(iter(data["sources"]))]["text"][:20]
    facts.append(
        {
            "field": "beds",
            "label": "Beds",
            "value": "زيادة 7 أسرة",
            "source": source,
            "quote": quote,
            "number": 7,
            "unit": "beds",
        }
    )
    renamed["facts"] = facts
    organizations[keys[3]] = renamed
    shortened = dict(organizations[keys[5]])
    shortened["facts"] = shortened.get("facts", [])[:1]
    organizations[keys[5]] = shortened
    removed = organizations.pop(keys[8])["id"]
    new_key = str(max(int(key) for key in keys) + 1)
    added = {
        "id": "edited-new-clinic",
        "names": {"ar": "مصحة التعديل الجديدة", "latin": "Clinique Edited"},
        "facts": [
            {
                "field": "beds",
                "label": "Beds",
                "value": "120 سريرا",
                "source": source,
                "quote": quote,
                "number": 120,
                "unit": "beds",
            }
        ],
    }
    organizations[new_key] = added
    changed = [_record("organizations", renamed), _record("organizations", shortened), _record("organizations", added)]
    return path, data, changed, [removed]


def _reads(database: Database) -> dict[str, Any]:
    """Everything a user sees of a database, through the public reads."""
    out: dict[str, Any] = {"counts": database.counts()}
    slices = database.slices()
    for kind in KIND_NAMES:
        out[f"rows {kind}"] = [row.id for row in database.rows(kind, 0, database.count(kind))]
        for key in ("file", "ar", "latin", "facts", "links"):
            for descending in (False, True):
                sliced = slices.records(RecordSlice(kind, order=RecordOrder(key, descending)))  # type: ignore[arg-type]
                out[f"{kind} by {key} {descending}"] = [row.id for row in sliced.rows(0, sliced.count)]
        sliced = slices.records(RecordSlice(kind, filter="مجموعة"))
        out[f"{kind} filtered"] = [row.id for row in sliced.rows(0, sliced.count)]
    out["fact kinds"] = [(each.kind, each.facts, each.figures) for each in slices.fact_kinds()]
    for facts in (ALL_FACTS, FactKind("label", "Beds"), FactKind("figures")):
        for order in (FactOrder(), FactOrder("value"), FactOrder("number", True), FactOrder("label")):
            sliced_facts = slices.facts(FactSlice(facts=facts, order=order))
            out[f"facts {facts} {order}"] = [
                (row.record_id, row.position, row.value) for row in sliced_facts.rows(0, sliced_facts.count)
            ]
    records = {record.id: record for record in database.all_records()}
    out["records"] = records
    out["partnerships of"] = {
        organization: [each.id for each in database.partnerships_of(organization)]
        for organization in list(records)[:40]
    }
    index = database.search_index()
    assert index is not None
    out["search"] = {query: _hits(index.search(query, limit=400)) for query in QUERIES}
    return out


def _hits(hits: list) -> list[tuple[float, frozenset[str]]]:
    """Hits by score, each score with the set of its records (ties of a new record break differently)."""
    groups: dict[float, set[str]] = {}
    for hit in hits:
        groups.setdefault(round(hit.score, 9), set()).add(hit.doc.id)
    return sorted(((score, frozenset(ids)) for score, ids in groups.items()), key=lambda group: -group[0])


def test_an_index_changed_in_place_reads_as_one_built_from_the_edited_file(edited, tmp_path: Path) -> None:
    path, data, changed, removed = edited
    database = load_database(path)
    before = database.get(changed[0].id)
    apply_to_index(database.index_path, changed, removed)
    # the open database sees the change at once
    assert database.get(changed[0].id) == changed[0] != before
    assert database.get(removed[0]) is None and removed[0] not in database
    in_place = _reads(database)

    rebuilt_path = tmp_path / "rebuilt.json"
    _write(rebuilt_path, data)
    rebuilt = _reads(load_database(rebuilt_path))
    for key, value in rebuilt.items():
        if key == "search":
            for query, groups in value.items():
                assert in_place["search"][query][: len(groups) - 1] == groups[: len(groups) - 1], query
        else:
            assert in_place[key] == value, key


def test_an_index_with_unsaved_edits_is_never_trusted_and_is_trusted_again_once_saved(edited, tmp_path: Path) -> None:
    path, data, changed, removed = edited
    database = load_database(path)
    assert is_indexed(path)
    apply_to_index(database.index_path, changed, removed)
    assert not is_indexed(path)  # (the file on disk is not what the index holds)
    _write(path, data)  # the save
    mark_saved(database.index_path, path)
    assert is_indexed(path)
    inode = os.stat(database.index_path).st_ino
    reopened = load_database(path)  # not built again: the same index, now pointing into the new file
    assert os.stat(reopened.index_path).st_ino == inode
    assert reopened.get(changed[0].id) == changed[0]
    assert reopened.get(changed[2].id) == changed[2]
    every = {record.id: record for record in reopened.all_records()}
    assert len(every) == sum(len(table) for table in data.values())
    assert database.get(changed[1].id) == changed[1]  # (the database open before the save reads the new file too)
    # saved, the index is as one built from the saved file: places, ranks and facts in order again
    rebuilt_path = tmp_path / "rebuilt.json"
    _write(rebuilt_path, data)
    rebuilt, settled = _reads(load_database(rebuilt_path)), _reads(reopened)
    for key, value in rebuilt.items():
        if key != "search":
            assert settled[key] == value, key


def test_a_save_that_is_not_what_the_index_holds_leaves_it_untrusted(edited) -> None:
    path, data, changed, removed = edited
    database = load_database(path)
    apply_to_index(database.index_path, changed, removed)
    data["organizations"].pop(next(iter(data["organizations"])))  # a record the index still holds is not written
    _write(path, data)
    mark_saved(database.index_path, path)
    assert not is_indexed(path)
    assert load_database(path).get(changed[0].id) == changed[0]  # (built again from the file)


def test_an_edit_that_fails_changes_nothing(edited) -> None:
    path, _data, changed, _removed = edited
    database = load_database(path)
    rows = [row.id for row in database.rows("organization", 0, 50)]
    bad = Organization(id="x-bad", names=Names(latin="X"), facts=(Fact("f", "L", "v", "s", "q"),))
    with pytest.raises(KeyError):  # (not a record: the kind of an object is unknown)
        apply_to_index(database.index_path, [changed[0], bad, object()], [])  # type: ignore[list-item]
    assert [row.id for row in database.rows("organization", 0, 50)] == rows
    assert database.get("x-bad") is None
    assert database.get(changed[0].id) != changed[0]

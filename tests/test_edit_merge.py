"""The record-level merge (`tui.edit.merge`) and `marsad merge` on three files, as git calls it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from edit_helpers import bundled_data

from tui.cli import main
from tui.edit.canonical import encode_database
from tui.edit.merge import merge_databases

NEW_FACT = {
    "field": "note",
    "label": "Signed",
    "value": "وقعت",
    "source": "t2s-ge-healthcare-article",
    "quote": "وقعت مجموعة T2S المغربية",
}


def _sides() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    base = bundled_data()
    return base, copy.deepcopy(base), copy.deepcopy(base)


def _files(tmp_path: Path, base: Any, ours: Any, theirs: Any) -> tuple[Path, Path, Path]:
    paths = tuple(tmp_path / name for name in ("base.json", "ours.json", "theirs.json"))
    for path, data in zip(paths, (base, ours, theirs)):
        path.write_bytes(data if isinstance(data, bytes) else encode_database(data))
    return paths  # type: ignore[return-value]


def test_facts_added_to_different_records_merge_without_conflict() -> None:
    base, ours, theirs = _sides()
    ours["organizations"]["1"]["facts"].append(NEW_FACT | {"label": "Ours"})
    theirs["organizations"]["2"]["facts"].append(NEW_FACT | {"label": "Theirs"})
    result = merge_databases(base, ours, theirs)
    assert result.conflicts == []
    merged = json.loads(result.text())
    assert merged["organizations"]["1"]["facts"][-1]["label"] == "Ours"
    assert merged["organizations"]["2"]["facts"][-1]["label"] == "Theirs"
    assert result.text() == encode_database(merged)


def test_facts_added_to_one_record_on_both_sides_are_both_kept_ours_first() -> None:
    base, ours, theirs = _sides()
    ours["organizations"]["5"]["facts"].append(NEW_FACT | {"label": "Ours"})
    theirs["organizations"]["5"]["facts"].append(NEW_FACT | {"label": "Theirs", "quote": "مجموعة T2S المغربية"})
    theirs["organizations"]["5"]["facts"][0]["label"] = "Changed by them"  # and a change of theirs elsewhere in it
    result = merge_databases(base, ours, theirs)
    assert result.conflicts == []
    facts = json.loads(result.text())["organizations"]["5"]["facts"]
    assert [fact["label"] for fact in facts][-2:] == ["Ours", "Theirs"]
    assert facts[0]["label"] == "Changed by them"


def test_a_new_record_on_each_side_gets_a_document_key_of_its_own() -> None:
    base, ours, theirs = _sides()
    ours["organizations"]["11"] = {"id": "ours-new", "names": {"latin": "Ours"}}
    theirs["organizations"]["11"] = {"id": "theirs-new", "names": {"latin": "Theirs"}}
    result = merge_databases(base, ours, theirs)
    assert result.conflicts == []
    organizations = json.loads(result.text())["organizations"]
    assert (organizations["11"]["id"], organizations["12"]["id"]) == ("ours-new", "theirs-new")


def test_the_same_fact_changed_two_ways_is_one_conflict_and_nothing_is_lost() -> None:
    base, ours, theirs = _sides()
    ours["organizations"]["1"]["facts"][0]["label"] = "Our label"
    theirs["organizations"]["1"]["facts"][0]["label"] = "Their label"
    theirs["organizations"]["2"]["facts"].append(NEW_FACT)  # (merged, not a conflict)
    result = merge_databases(base, ours, theirs)
    (conflict,) = result.conflicts
    assert str(conflict) == (
        "organizations 't2s', fact 1 ('kind', quote 'مجموعة T2S المغربية المتخصصة في توزيع و…'): "
        "changed on both sides: label"
    )
    text = result.text().decode()
    assert text.count("<<<<<<< ours") == 1
    block = text[text.index("<<<<<<< ours") : text.index(">>>>>>> theirs") + len(">>>>>>> theirs")]
    assert block == (
        '<<<<<<< ours\n          "label": "Our label",\n=======\n          "label": "Their label",\n>>>>>>> theirs'
    )
    keeping_ours = text.replace(block + "\n", '          "label": "Our label",\n')
    resolved = json.loads(keeping_ours)  # keeping one side's lines gives the database
    assert resolved["organizations"]["1"]["facts"][0]["label"] == "Our label"
    assert resolved["organizations"]["2"]["facts"][-1] == NEW_FACT


@pytest.mark.parametrize("deleted_by", ["ours", "theirs"])
def test_a_record_deleted_on_one_side_and_changed_on_the_other_is_a_conflict(deleted_by: str) -> None:
    base, ours, theirs = _sides()
    deleting, changing = (ours, theirs) if deleted_by == "ours" else (theirs, ours)
    del deleting["organizations"]["10"]
    changing["organizations"]["10"]["facts"].append(NEW_FACT)
    result = merge_databases(base, ours, theirs)
    assert [conflict.what for conflict in result.conflicts] == ["deleted on one side, changed on the other"]
    text = result.text().decode()
    assert "<<<<<<< ours" in text and NEW_FACT["label"] in text  # the change is there to keep


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    base, ours, theirs = _sides()
    for side in (ours, theirs):
        side["organizations"]["1"]["names"]["latin"] = "T2S Group"
        side["organizations"]["1"]["facts"].append(NEW_FACT)
    result = merge_databases(base, ours, theirs)
    assert result.conflicts == []
    assert result.text() == encode_database(ours)


def test_one_id_added_on_both_sides_as_two_things_is_a_conflict() -> None:
    base, ours, theirs = _sides()
    ours["people"]["3"] = {"id": "new-person", "names": {"ar": "أحمد"}}
    theirs["people"]["3"] = {"id": "new-person", "names": {"ar": "محمد"}}
    result = merge_databases(base, ours, theirs)
    assert [conflict.what for conflict in result.conflicts] == ["added on both sides, differently"]


def test_marsad_merge_writes_the_result_over_ours(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, ours, theirs = _sides()
    ours["organizations"]["1"]["facts"].append(NEW_FACT | {"label": "Ours"})
    theirs["organizations"]["9"]["facts"].append(NEW_FACT | {"label": "Theirs"})
    base_path, ours_path, theirs_path = _files(tmp_path, base, ours, theirs)
    assert main(["merge", str(base_path), str(ours_path), str(theirs_path), "--path", "data/marsad.json"]) == 0
    merged = json.loads(ours_path.read_bytes())
    assert merged["organizations"]["1"]["facts"][-1]["label"] == "Ours"
    assert merged["organizations"]["9"]["facts"][-1]["label"] == "Theirs"
    assert capsys.readouterr().err == ""


def test_marsad_merge_names_each_conflict_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, ours, theirs = _sides()
    ours["organizations"]["1"]["facts"][0]["value"] = "ours"
    theirs["organizations"]["1"]["facts"][0]["value"] = "theirs"
    paths = _files(tmp_path, base, ours, theirs)
    assert main(["merge", *map(str, paths), "--path", "data/marsad.json", "--marker-size", "9"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("marsad merge: data/marsad.json: conflict: organizations 't2s', fact 1")
    assert err[1] == "marsad merge: data/marsad.json: 1 conflict, between <<<<<<< and >>>>>>> in the file"
    assert "<<<<<<<<< ours\n" in paths[1].read_text(encoding="utf-8")


def test_marsad_merge_warns_of_a_reference_the_merge_left_pointing_at_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = _sides()
    del ours["organizations"]["10"]  # ours removed elsan-sante...
    theirs["organizations"]["9"]["facts"].append(NEW_FACT | {"ref": "elsan-sante"})  # ...theirs points at it
    assert main(["merge", *map(str, _files(tmp_path, base, ours, theirs))]) == 0
    (line,) = capsys.readouterr().err.splitlines()
    assert "warning: organizations 'groupe-guessous' at $.facts[2].ref names 'elsan-sante', which is gone" in line


def test_a_side_that_is_not_a_database_is_merged_line_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = b"line one\nline two\nline three\n"
    ours = b"line ONE\nline two\nline three\n"
    theirs = b"line one\nline two\nline THREE\n"
    paths = _files(tmp_path, base, ours, theirs)
    assert main(["merge", *map(str, paths)]) == 0
    assert paths[1].read_bytes() == b"line ONE\nline two\nline THREE\n"
    assert "base is not a Marsad database" in capsys.readouterr().err

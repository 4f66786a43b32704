"""Several edits made as one (`tui.edit.combined`): new records and the citation that names them, one undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from edit_helpers import bundled_copy, read_by_marsad, read_by_tinydb

from tui.edit.adding import AddFact
from tui.edit.combined import NewRecord, with_records
from tui.edit.errors import InvalidEdit
from tui.edit.session import EditSession


def _passage(session: EditSession) -> tuple[str, str]:
    text = str(session.view().require("t2s-ge-healthcare-article").document["text"])
    return "t2s-ge-healthcare-article", text[:40]


def test_a_new_partnership_and_a_new_speaker_with_the_fact_cited_are_one_edit(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    before = path.read_bytes()
    session = EditSession(path)
    source, quote = _passage(session)
    partnership = NewRecord("partnership", "Akdital – Tazi", parties=("akdital", "groupe-tazi"))
    speaker = NewRecord("person", "رشدي طالب")
    done = session.do(
        with_records(
            [partnership, speaker],
            lambda ids: AddFact(str(ids[0]), "note", "Announced", source, quote, speaker=ids[1]),
        )
    )
    assert done.description.startswith("Added partnership 'akdital-tazi'") and "Added person" in done.description
    records, problems = read_by_marsad(path)
    assert problems == []
    added = records["akdital-tazi"]
    assert added.parties == ("akdital", "groupe-tazi")  # type: ignore[union-attr]
    fact = added.facts[0]  # type: ignore[union-attr]
    assert fact.quote == quote and records[str(fact.speaker)].names.ar == "رشدي طالب"
    assert len(done.changes) == 2, "one document change per record: the partnership inserted with its fact"
    session.undo()
    assert path.read_bytes() == before, "one undo takes all of it back"


def test_a_refused_citation_makes_no_record(tmp_path: Path) -> None:
    path = bundled_copy(tmp_path)
    session = EditSession(path)
    source, _quote = _passage(session)
    with pytest.raises(InvalidEdit, match="does not occur"):
        session.do(
            with_records(
                [NewRecord("organization", "Clinique Atlas")],
                lambda ids: AddFact(str(ids[0]), "note", "Opened", source, "words the article does not hold"),
            )
        )
    assert "clinique-atlas" not in read_by_tinydb(path)["organizations"].__repr__()

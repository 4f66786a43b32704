"""Edits as data: each one checked, written through TinyDB, described in one line, undone and redone exactly.

Every edit is read back through TinyDB's own storage and through Marsad's reader;
undoing it gives back the file byte for byte, and redoing it the edited file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from edit_helpers import bundled_copy, organization, read_by_marsad, read_by_tinydb

from tui.data.models import Association, Names, Partnership, Person, Source
from tui.edit.adding import AddFact, AddMember, AddRecord, AddRole, AddSource
from tui.edit.correcting import DeleteFact, EditFact, MergeRecords, RenameRecord
from tui.edit.errors import InvalidEdit, RecordsInvalid
from tui.edit.operations import Applied, Operation
from tui.edit.session import EditSession

T2S_ARTICLE = "t2s-ge-healthcare-article"
AMGS_ARTICLE = "amgs-founding-article"
NEW_ARTICLE = (
    "مجموعة أكديتال تفتتح مصحة جديدة في طنجة بتكلفة 200 مليون درهم،\nوقال رشدي طالب إن المصحة ستشغل أكثر من 300 مهني."
)


@pytest.fixture
def session(tmp_path: Path) -> EditSession:
    return EditSession(bundled_copy(tmp_path))


def _do_undo_redo(session: EditSession, operation: Operation) -> Applied:
    """Do an edit, undo it (the file as before, byte for byte), redo it (as after); what it did."""
    before = session.path.read_bytes()
    applied = session.do(operation)
    after = session.path.read_bytes()
    assert after != before
    undone = session.undo()
    assert undone is not None and undone.description == f"Undid: {applied.description}"
    assert session.path.read_bytes() == before
    redone = session.redo()
    assert redone is not None and redone.description == f"Redid: {applied.description}"
    assert session.path.read_bytes() == after
    assert "\n" not in applied.description
    return applied


def test_add_an_article_from_its_text(session: EditSession) -> None:
    applied = _do_undo_redo(
        session,
        AddSource(
            "  " + NEW_ARTICLE + "\x1b[2J\n",
            "ar",
            title="أكديتال تفتتح مصحة في طنجة",
            outlet="هسبريس",
            date="2025-02-01",
            url="https://www.hespress.com/akdital-tanger",
        ),
    )
    assert applied.description.startswith("Added source 'akdital-tftth-msha-fi-tnja', 'أكديتال تفتتح مصحة في طنجة'")
    records, problems = read_by_marsad(session.path)
    assert problems == []
    source = records["akdital-tftth-msha-fi-tnja"]
    assert isinstance(source, Source)
    assert source.text == NEW_ARTICLE + "\ufffd[2J"  # as given, through the gate (the escape made visible)
    assert (source.outlet, source.date, source.url) == (
        "هسبريس",
        "2025-02-01",
        "https://www.hespress.com/akdital-tanger",
    )
    assert read_by_tinydb(session.path)["sources"]["3"]["id"] == "akdital-tftth-msha-fi-tnja"


def test_an_article_already_there_or_with_bad_details_is_refused(session: EditSession) -> None:
    text = read_by_tinydb(session.path)["sources"]["1"]["text"]
    for operation, said in [
        (AddSource(text, "ar"), "already source 't2s-ge-healthcare-article'"),
        (AddSource("  \n ", "ar"), "the article is empty"),
        (AddSource("نص", "arabic!"), "is not a language code"),
        (AddSource("نص", "ar", date="2025-02-30"), "is not a date"),
        (AddSource("نص", "ar", url="file:///etc/passwd"), "is not a web address"),
        (AddSource("نص", "ar", id="t2s"), "the id 't2s' is already taken"),
    ]:
        with pytest.raises(InvalidEdit) as refused:
            session.do(operation)
        assert said in refused.value.message
    assert session.done == []


def test_cite_a_fact_with_a_speaker(session: EditSession) -> None:
    session.do(AddSource(NEW_ARTICLE, "ar", title="Akdital Tanger", id="akdital-tanger-article"))
    session.do(AddRecord("person", Names(ar="رشدي طالب"), id="rochdi-talib"))
    applied = _do_undo_redo(
        session,
        AddFact(
            record="akdital",
            field="workforce",
            label="Planned workforce",
            source="akdital-tanger-article",
            quote="أكثر من 300 مهني",
            number=300.0,
            unit="professionals",
            qualifier="more than",
            speaker="rochdi-talib",
        ),
    )
    assert applied.description == "Added a fact to 'akdital' (أكديتال): 'Planned workforce' = 'أكثر من 300 مهني'"
    records, problems = read_by_marsad(session.path)
    assert problems == []
    fact = organization(records, "akdital").facts[-1]
    assert (fact.value, fact.number, fact.qualifier, fact.speaker) == (
        "أكثر من 300 مهني",
        300,
        "more than",
        "rochdi-talib",
    )
    stored = read_by_tinydb(session.path)["organizations"]["5"]["facts"][-1]
    assert stored["number"] == 300 and isinstance(stored["number"], int)  # a whole number stays one


def test_a_quote_must_be_the_articles_words_verbatim(session: EditSession) -> None:
    for operation, said in [
        (AddFact("akdital", "f", "L", T2S_ARTICLE, "words the article never wrote"), "does not occur in the text"),
        (AddFact("akdital", "f", "L", "akdital", "مجموعة"), "is an organization, not a source"),
        (AddFact("akdital", "f", "L", T2S_ARTICLE, "وقعت", speaker="t2s"), "'t2s' is an organization, not a person"),
        (AddFact("nobody", "f", "L", T2S_ARTICLE, "وقعت"), "no record with id 'nobody'"),
        (AddFact("akdital", "f", "L", T2S_ARTICLE, "وقعت", number=float("inf")), "not a finite number"),
        (AddFact("akdital", "", "L", T2S_ARTICLE, "وقعت"), "the fact"),
    ]:
        with pytest.raises(InvalidEdit) as refused:
            session.do(operation)
        assert said in refused.value.message, refused.value.message


def test_cite_a_founding_member_and_a_role(session: EditSession) -> None:
    session.do(AddRecord("organization", Names(ar="مصحة الأطلس", latin="Clinique Atlas")))
    member = _do_undo_redo(
        session, AddMember("amgs", "clinique-atlas", "founding member", AMGS_ARTICLE, "وأكديتال (Akdital)")
    )
    assert (
        member.description == "Added 'clinique-atlas' to 'amgs' (الجمعية المغربية لمجموعات الصحة) as 'founding member'"
    )
    role = _do_undo_redo(
        session, AddRole("rob-walton", "رئيس", T2S_ARTICLE, "روب والتون", organization="ge-healthcare")
    )
    assert role.description.startswith("Added the role 'رئيس' at 'ge-healthcare' to 'rob-walton'")
    records, problems = read_by_marsad(session.path)
    assert problems == []
    amgs, walton = records["amgs"], records["rob-walton"]
    assert isinstance(amgs, Association) and amgs.members[-1].organization == "clinique-atlas"
    assert isinstance(walton, Person) and walton.roles[-1].organization == "ge-healthcare"


def test_add_a_partnership_between_organizations(session: EditSession) -> None:
    applied = _do_undo_redo(
        session, AddRecord("partnership", Names(latin="Akdital – GE Healthcare"), parties=("akdital", "ge-healthcare"))
    )
    assert applied.description == "Added partnership 'akdital-ge-healthcare' (Akdital – GE Healthcare)"
    records, _problems = read_by_marsad(session.path)
    partnership = records["akdital-ge-healthcare"]
    assert isinstance(partnership, Partnership) and partnership.parties == ("akdital", "ge-healthcare")
    with pytest.raises(InvalidEdit, match="at least two parties"):
        session.do(AddRecord("partnership", Names(latin="Alone"), parties=("akdital",)))
    with pytest.raises(InvalidEdit, match="is a person, not an organization"):
        session.do(AddRecord("partnership", Names(latin="X"), parties=("akdital", "rob-walton")))
    with pytest.raises(InvalidEdit, match="at least one name"):
        session.do(AddRecord("organization", Names(ar="  ", latin="\n")))


def test_edit_a_facts_label_value_number_unit_and_speaker_never_its_quote(session: EditSession) -> None:
    quote = "بتكلفة إجمالية قدرها مليون درهم مغربي"
    facts = read_by_tinydb(session.path)["partnerships"]["1"]["facts"]
    index = next(number for number, fact in enumerate(facts) if fact["quote"] == quote)
    applied = _do_undo_redo(
        session,
        EditFact(
            "t2s-ge-healthcare",
            index,
            quote,
            {
                "label": "Cost of the training room",
                "number": 1_000_000.0,
                "unit": "MAD (dirhams)",
                "speaker": "rob-walton",
            },
        ),
    )
    assert applied.description == (
        f"Changed fact {index + 1} of 't2s-ge-healthcare' (شراكة T2S و GE Healthcare): "
        "label 'Training room cost' → 'Cost of the training room'; unit 'MAD' → 'MAD (dirhams)'; "
        "speaker (none) → 'rob-walton'"
    )
    stored = read_by_tinydb(session.path)["partnerships"]["1"]["facts"][index]
    assert stored["quote"] == quote and stored["speaker"] == "rob-walton"
    for changes, said in [
        ({"quote": "another"}, "a fact's quote is never edited"),
        ({"source": AMGS_ARTICLE}, "a fact's source is never edited"),
        ({"label": ""}, "a fact needs a label"),
        ({"speaker": "akdital"}, "not a person"),
        ({"label": "Cost of the training room"}, "the fact already says that"),
    ]:
        with pytest.raises(InvalidEdit) as refused:
            session.do(EditFact("t2s-ge-healthcare", index, quote, changes))
        assert said in refused.value.message
    with pytest.raises(InvalidEdit, match="is not the one shown"):
        session.do(EditFact("t2s-ge-healthcare", index + 1, quote, {"label": "X"}))


def test_delete_a_fact(session: EditSession) -> None:
    first = read_by_tinydb(session.path)["organizations"]["1"]["facts"][0]
    applied = _do_undo_redo(session, DeleteFact("t2s", 0, first["quote"]))
    assert (
        applied.description
        == "Deleted fact 1 of 't2s' (مجموعة T2S): 'Activity' = 'توزيع وصيانة الآلات الطبية عالية التقنية'"
    )
    records, _problems = read_by_marsad(session.path)
    assert organization(records, "t2s").facts[0].quote != first["quote"]


def test_rename_a_record_and_every_reference_follows(session: EditSession) -> None:
    applied = _do_undo_redo(
        session, RenameRecord("t2s", names=Names(ar="مجموعة تي تو إس", latin="T2S Group"), new_id="t2s-group")
    )
    assert applied.description == (
        "Renamed 't2s' (مجموعة T2S): names 'مجموعة T2S' / 'T2S' → 'مجموعة تي تو إس' / 'T2S Group'; "
        "id → 't2s-group' (5 records follow)"
    )
    records, problems = read_by_marsad(session.path)
    assert problems == []
    assert "t2s" not in records
    partnership, person = records["t2s-ge-healthcare"], records["abderraouf-sourdou"]
    assert isinstance(partnership, Partnership) and partnership.parties[0] == "t2s-group"
    assert isinstance(person, Person) and person.roles[0].organization == "t2s-group"
    with pytest.raises(InvalidEdit, match="already taken"):
        session.do(RenameRecord("akdital", new_id="gymes"))


def test_merge_two_records_that_are_one_entity(session: EditSession) -> None:
    session.do(AddRecord("organization", Names(ar="أكديتال القابضة", latin="Akdital Holding"), id="akdital-holding"))
    session.do(AddFact("akdital-holding", "note", "Member of", AMGS_ARTICLE, "وأكديتال (Akdital)"))
    session.do(
        AddRecord("partnership", Names(latin="Akdital Holding – GE"), parties=("akdital-holding", "ge-healthcare"))
    )
    applied = _do_undo_redo(session, MergeRecords(keep="akdital", merged="akdital-holding"))
    assert applied.description == (
        "Merged 'akdital-holding' (أكديتال القابضة) into 'akdital' (أكديتال): 1 fact, 2 names; "
        "1 record now points to 'akdital'"
    )
    records, problems = read_by_marsad(session.path)
    assert problems == []
    assert "akdital-holding" not in records
    akdital = organization(records, "akdital")
    assert akdital.names.aliases == ("أكديتال القابضة", "Akdital Holding")
    assert akdital.facts[-1].label == "Member of"
    partnership = records["akdital-holding-ge"]
    assert isinstance(partnership, Partnership) and partnership.parties == ("akdital", "ge-healthcare")
    with pytest.raises(InvalidEdit, match="is a person, not an organization"):
        session.do(MergeRecords(keep="akdital", merged="rob-walton"))
    with pytest.raises(InvalidEdit, match="different texts"):
        session.do(MergeRecords(keep=T2S_ARTICLE, merged=AMGS_ARTICLE))


def test_undo_and_redo_go_back_and_forth_through_several_edits(session: EditSession) -> None:
    states = [session.path.read_bytes()]
    session.do(AddRecord("organization", Names(latin="One")))
    states.append(session.path.read_bytes())
    session.do(AddFact("one", "note", "A", T2S_ARTICLE, "وقعت"))
    states.append(session.path.read_bytes())
    session.do(RenameRecord("one", new_id="one-renamed"))
    states.append(session.path.read_bytes())
    for state in reversed(states[:-1]):
        assert session.undo() is not None
        assert session.path.read_bytes() == state
    assert session.undo() is None
    for state in states[1:]:
        assert session.redo() is not None
        assert session.path.read_bytes() == state
    assert session.redo() is None
    session.undo()
    session.do(AddFact("one", "note", "B", T2S_ARTICLE, "وقعت"))  # a new edit: nothing left to redo
    assert session.redo() is None


def test_undoing_an_edit_someone_changed_since_is_refused(session: EditSession) -> None:
    session.do(AddFact("akdital", "note", "Mine", T2S_ARTICLE, "وقعت"))
    other = EditSession(session.path)
    facts = read_by_tinydb(session.path)["organizations"]["5"]["facts"]
    other.do(EditFact("akdital", len(facts) - 1, "وقعت", {"label": "Theirs now"}))
    session.reload()
    with pytest.raises(InvalidEdit) as refused:
        session.undo()
    assert "cannot undo" in refused.value.message and "changed since" in refused.value.message
    assert read_by_tinydb(session.path)["organizations"]["5"]["facts"][-1]["label"] == "Theirs now"


def test_an_undo_the_database_can_no_longer_hold_is_refused_by_the_writer(session: EditSession) -> None:
    session.do(AddSource(NEW_ARTICLE, "ar", id="new-article"))
    other = EditSession(session.path)
    other.do(AddFact("akdital", "cost", "Clinic cost", "new-article", "200 مليون درهم"))
    session.reload()
    with pytest.raises(RecordsInvalid, match="still names 'new-article'"):
        session.undo()  # (removing the article would leave the other session's fact citing nothing)

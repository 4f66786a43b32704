"""Slices of the index: what a filter holds, how each order sorts, ties, empty results, type-ahead, cancelling."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from tui.store.database import Database
from tui.store.opening import load_database
from tui.store.slices import (
    ALL_FACTS,
    FIGURES,
    FactKind,
    FactOrder,
    FactSlice,
    RecordOrder,
    RecordSlice,
    SliceCancelled,
    format_number,
)

ARTICLE = "نص المقال: أ ب ت ث. 12 سرير. 300 سرير. 7 مدن. 12 مدينة. قال فلان."


def _fact(
    label: str, value: str, quote: str, number: float | None = None, unit: str | None = None, field: str = "footprint"
) -> dict:
    fact = {"field": field, "label": label, "value": value, "source": "article", "quote": quote}
    if number is not None:
        fact["number"] = number
    if unit is not None:
        fact["unit"] = unit
    return fact


def _organization(
    record_id: str, ar: str | None, latin: str | None, facts: list[dict] = (), aliases: list[str] = ()
) -> dict:
    names: dict = {}
    if ar:
        names["ar"] = ar
    if latin:
        names["latin"] = latin
    if aliases:
        names["aliases"] = list(aliases)
    return {"id": record_id, "names": names, "facts": list(facts)}


ORGANIZATIONS = [
    _organization(
        "b-one",
        "مجموعة باء",
        "Beta Group",
        [_fact("Beds", "12 سرير", "12 سرير", 12, "beds"), _fact("Cities", "7 مدن", "7 مدن", 7, "cities")],
    ),
    _organization("a-two", "أكديتال", "Akdital", [_fact("Beds", "300 سرير", "300 سرير", 300, "beds")]),
    _organization(
        "c-three",
        "مُصحة الأمل",
        None,
        [
            _fact("Beds", "12 سرير", "12 سرير", 12, "beds"),
            _fact("Cities", "12 مدينة", "12 مدينة", 12, "cities"),
            _fact("Said", "قال", "قال فلان", field="statement"),
        ],
    ),
    _organization("d-four", "إلسان", "Élan Santé", aliases=["مجموعة إلسان"]),
    _organization("e-five", None, "zeta clinic"),
    _organization("f-six", "مجموعة باء", "beta group"),  # the same names as b-one: ties
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Database:
    folder = tmp_path_factory.mktemp("slices")
    path = folder / "slices.json"
    data = {
        "sources": {"1": {"id": "article", "language": "ar", "text": ARTICLE}},
        "organizations": {str(number): record for number, record in enumerate(ORGANIZATIONS, 1)},
        "partnerships": {"1": {"id": "p", "names": {"latin": "B and A"}, "parties": ["b-one", "a-two"]}},
        "associations": {
            "1": {
                "id": "assoc",
                "names": {"latin": "Assoc"},
                "members": [{"organization": "b-one", "role": "founder", "source": "article", "quote": "قال فلان"}],
            }
        },
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load_database(path)


def ids(database: Database, sliced: RecordSlice) -> list[str]:
    return list(sliced.ids(database))


# -- filters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ["b-one", "a-two", "c-three", "d-four", "e-five", "f-six"]),
        ("مجموعه", ["b-one", "d-four", "f-six"]),  # ة typed as ه; an alias counts
        ("BETA", ["b-one", "f-six"]),  # case folded
        ("elan sante", ["d-four"]),  # accents folded
        ("اكديتال", ["a-two"]),  # أ typed as ا
        ("مصحه", ["c-three"]),  # tashkeel in the name, none typed
        ("eta", ["b-one", "e-five", "f-six"]),  # anywhere in a name, not only at its start
        ("group beta", []),  # the typed text as it is, not its words in any order
        ("  ", ["b-one", "a-two", "c-three", "d-four", "e-five", "f-six"]),  # nothing to hold: everything
        ("xyz", []),
    ],
)
def test_a_filter_holds_the_typed_text_in_any_name(database: Database, typed: str, expected: list[str]) -> None:
    assert ids(database, RecordSlice("organization", typed)) == expected


def test_a_filter_does_not_cross_from_one_name_to_the_next(database: Database) -> None:
    assert ids(database, RecordSlice("organization", "group مجموعه")) == []


# -- orders ----------------------------------------------------------------------


def test_orders_of_a_pane(database: Database) -> None:
    def order(key: str, descending: bool = False, fact: FactKind | None = None) -> list[str]:
        return ids(database, RecordSlice("organization", order=RecordOrder(key, descending, fact)))  # type: ignore[arg-type]

    assert order("file", descending=True) == ["f-six", "e-five", "d-four", "c-three", "a-two", "b-one"]
    # Arabic: أ sorts as ا; equal names in the order of the file; descending is ascending backwards
    # (ties too), but a record without the name is last in both directions
    assert order("ar") == ["a-two", "d-four", "b-one", "f-six", "c-three", "e-five"]
    assert order("ar", descending=True) == ["c-three", "f-six", "b-one", "d-four", "a-two", "e-five"]
    # Latin: case and accents folded (Élan with the e's)
    assert order("latin") == ["a-two", "b-one", "f-six", "d-four", "e-five", "c-three"]
    assert order("latin", descending=True) == ["e-five", "d-four", "f-six", "b-one", "a-two", "c-three"]
    assert order("facts", descending=True) == ["c-three", "b-one", "a-two", "f-six", "e-five", "d-four"]
    assert order("facts") == ["d-four", "e-five", "f-six", "a-two", "b-one", "c-three"]
    # links: b-one is a party and a member, and cites the article (3); a-two a party and a citer (2)
    assert order("links", descending=True)[:3] == ["b-one", "a-two", "c-three"]
    # a fact's number: a record with several facts of the kind is sorted by the largest; without one, last
    beds = FactKind("label", "Beds")
    assert order("fact", fact=beds) == ["b-one", "c-three", "a-two", "d-four", "e-five", "f-six"]
    assert order("fact", descending=True, fact=beds) == ["a-two", "c-three", "b-one", "d-four", "e-five", "f-six"]
    assert order("fact", descending=True, fact=FIGURES) == ["a-two", "c-three", "b-one", "d-four", "e-five", "f-six"]
    assert order("fact", descending=True, fact=FactKind("field", "footprint")) == order(
        "fact", descending=True, fact=FIGURES
    )


def test_filter_and_order_together(database: Database) -> None:
    assert ids(database, RecordSlice("organization", "مجموعة", RecordOrder("latin"))) == ["b-one", "f-six", "d-four"]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", ["file", "ar", "latin", "facts", "links", "fact"])
def test_a_filtered_pane_keeps_the_order_of_the_whole_pane(database: Database, key: str, descending: bool) -> None:
    """A whole pane is read by place or rank, a filtered one materialized: both must agree."""
    order = RecordOrder(key, descending, FIGURES if key == "fact" else None)  # type: ignore[arg-type]
    whole = ids(database, RecordSlice("organization", order=order))
    for typed in ("مجموعه", "a", "e"):
        kept = set(ids(database, RecordSlice("organization", typed)))
        assert ids(database, RecordSlice("organization", typed, order)) == [
            record for record in whole if record in kept
        ]


def test_the_bundled_done_when_slice() -> None:
    """Organizations whose name holds مجموعة, by Latin name (the General Electric group is "GE")."""
    database = load_database()
    sliced = RecordSlice("organization", "مجموعة", RecordOrder("latin"))
    assert ids(database, sliced) == ["general-electric", "groupe-guessous", "groupe-tazi", "t2s"]
    assert [record.id for record in sliced.records(database)] == ids(database, sliced)


def test_an_empty_kind_and_an_empty_result(database: Database) -> None:
    assert ids(database, RecordSlice("person")) == []
    assert ids(database, RecordSlice("person", "x", RecordOrder("latin"))) == []
    sliced = database.slices().records(RecordSlice("organization", "xyz"))
    assert sliced.count == 0 and sliced.rows(0, 10) == [] and sliced.index_of("b-one") is None
    assert sliced.next_starting_with("b", 0) is None


def test_rows_and_places_of_a_slice(database: Database) -> None:
    sliced = database.slices().records(RecordSlice("organization", order=RecordOrder("latin")))
    assert [row.id for row in sliced.rows(1, 3)] == ["b-one", "f-six"]
    assert sliced.rows(5, 100)[0].id == "c-three" and sliced.rows(6, 10) == []
    assert sliced.index_of("c-three") == 5 and sliced.index_of("p") is None and sliced.index_of("nothing") is None
    whole = database.slices().records(RecordSlice("organization"))
    assert whole.count == 6 and [row.id for row in whole.rows(2, 4)] == ["c-three", "d-four"]
    assert whole.index_of("d-four") == 3 and whole.index_of("p") is None
    backwards = database.slices().records(RecordSlice("organization", order=RecordOrder("file", True)))
    assert [row.id for row in backwards.rows(0, 2)] == ["f-six", "e-five"] and backwards.index_of("a-two") == 4
    by_name = database.slices().records(RecordSlice("organization", order=RecordOrder("ar", True)))
    assert [row.id for row in by_name.rows(3, 6)] == ["d-four", "a-two", "e-five"]  # across the records without the key
    assert by_name.index_of("e-five") == 5 and by_name.index_of("c-three") == 0


def test_type_ahead_finds_the_next_name_with_a_word_starting_so(database: Database) -> None:
    sliced = database.slices().records(RecordSlice("organization", order=RecordOrder("latin")))
    # Akdital, Beta Group, beta group, Élan Santé, zeta clinic, (c-three)
    assert sliced.next_starting_with("be", 0) == 1
    assert sliced.next_starting_with("be", 2) == 2
    assert sliced.next_starting_with("be", 3) == 1  # from the top again
    assert sliced.next_starting_with("gr", 0) == 1  # a word of a name, not only its first
    assert sliced.next_starting_with("مجموعه", 3) == 3  # an alias of Élan Santé
    assert sliced.next_starting_with("lan", 0) is None  # inside a word: not a start
    assert sliced.next_starting_with("", 0) is None


# -- facts -----------------------------------------------------------------------


def rows(database: Database, sliced: FactSlice) -> list[tuple[str, str, float | None]]:
    return [(row.record_id, row.label, row.number) for row in sliced.rows(database)]


def test_fact_kinds_and_their_counts(database: Database) -> None:
    kinds = {(each.kind.by, each.kind.name): (each.facts, each.figures) for each in database.slices().fact_kinds()}
    assert kinds[("all", "")] == (6, 5)
    assert kinds[("figures", "")] == (5, 5)
    assert kinds[("label", "Beds")] == (3, 3)
    assert kinds[("field", "statement")] == (1, 0)
    assert list(kinds)[:2] == [("all", ""), ("figures", "")]
    # of the records of one kind only (what a pane can be sorted by)
    of_organizations = {
        (each.kind.by, each.kind.name): each.figures for each in database.slices().fact_kinds("organization")
    }
    assert of_organizations[("label", "Beds")] == 3 and of_organizations[("all", "")] == 5
    assert [each.facts for each in database.slices().fact_kinds("partnership")] == [0, 0]


def test_fact_slices_filter_and_sort_by_any_column(database: Database) -> None:
    # descending is ascending backwards, ties too
    assert rows(database, FactSlice(FactKind("label", "Beds"), order=FactOrder("number", True))) == [
        ("a-two", "Beds", 300),
        ("c-three", "Beds", 12),
        ("b-one", "Beds", 12),
    ]
    assert rows(database, FactSlice(FIGURES, "akdital")) == [("a-two", "Beds", 300)]  # a record's name
    assert rows(database, FactSlice(ALL_FACTS, "مدينه")) == [("c-three", "Cities", 12)]  # the value
    assert rows(database, FactSlice(ALL_FACTS, "cities")) == [
        ("b-one", "Cities", 7),
        ("c-three", "Cities", 12),
    ]  # label, unit
    assert rows(database, FactSlice(ALL_FACTS, order=FactOrder("number")))[-1] == (
        "c-three",
        "Said",
        None,
    )  # no number: last
    assert rows(database, FactSlice(ALL_FACTS, order=FactOrder("number", True)))[-1] == ("c-three", "Said", None)
    by_record = rows(database, FactSlice(ALL_FACTS, order=FactOrder("record")))
    assert [row[0] for row in by_record] == ["a-two", "b-one", "b-one", "c-three", "c-three", "c-three"]
    assert [row[1] for row in rows(database, FactSlice(ALL_FACTS, order=FactOrder("label", True)))] == [
        "Said",
        "Cities",
        "Cities",
        "Beds",
        "Beds",
        "Beds",
    ]
    assert rows(database, FactSlice(ALL_FACTS))[0] == ("b-one", "Beds", 12)  # every fact in the order of the file
    assert rows(database, FactSlice(ALL_FACTS, order=FactOrder("file", True)))[0] == ("c-three", "Said", None)
    assert rows(database, FactSlice(FactKind("label", "Nothing"))) == []
    assert rows(database, FactSlice(ALL_FACTS, "xyz")) == []


def test_a_fact_row_gives_its_whole_fact(database: Database) -> None:
    row = next(FactSlice(FactKind("label", "Said")).rows(database))
    fact = row.fact(database)
    assert fact is not None and fact.quote == "قال فلان" and row.value == "قال"


def test_the_three_biggest_figures_of_amgs() -> None:
    database = load_database()
    top = [
        (row.label, row.number, row.unit)
        for row in FactSlice(FIGURES, "AMGS", FactOrder("number", True)).rows(database)
    ][:3]
    assert top == [
        ("Health professionals", 2500, "health professionals"),
        ("Care units", 30, "care units"),
        ("Cities", 10, "cities"),
    ]


def test_numbers_are_written_for_reading() -> None:
    assert format_number(1_000_000.0) == "1,000,000"
    assert format_number(2.5) == "2.5"
    assert format_number(-1234.25) == "-1,234.25"
    assert format_number(float("inf")) == "inf"


def test_a_slice_being_made_stops_when_asked(database: Database) -> None:
    with pytest.raises(SliceCancelled):
        database.slices().records(RecordSlice("organization", "a", RecordOrder("latin")), should_stop=lambda: True)
    with pytest.raises(SliceCancelled):
        database.slices().facts(FactSlice(ALL_FACTS, order=FactOrder("value")), should_stop=lambda: True)
    # and the reader is still usable afterwards
    assert ids(database, RecordSlice("organization", "akdital", RecordOrder("latin"))) == ["a-two"]


def test_pages_are_read_while_a_slice_is_being_made(database: Database) -> None:
    """The screen's page reads do not wait for a materialization (their own connection and lock)."""
    reader = database.slices()
    started, release = threading.Event(), threading.Event()

    def slow() -> bool:
        started.set()
        release.wait(5)
        return False

    worker = threading.Thread(
        target=reader.records, args=(RecordSlice("organization", "a", RecordOrder("latin")), slow)
    )
    worker.start()
    try:
        assert started.wait(5)
        whole = reader.records(RecordSlice("organization"))  # the order of the file: pages only
        assert [row.id for row in whole.rows(0, 2)] == ["b-one", "a-two"]
    finally:
        release.set()
        worker.join(5)


def test_records_taken_out_while_building_leave_no_rows_behind(tmp_path: Path) -> None:
    """A repeated document key (the last one is read) and a repeated id (the first is kept): their
    listing and facts rows go with them, and the facts are numbered 1, 2, ... again."""
    path = tmp_path / "repeats.json"
    first = _organization("x", "الأول", "First", [_fact("Beds", "12 سرير", "12 سرير", 12, "beds")])
    replaced = _organization(
        "y",
        "المستبدل",
        "Replaced",
        [_fact("Beds", "300 سرير", "300 سرير", 300, "beds"), _fact("Cities", "7 مدن", "7 مدن", 7, "cities")],
    )
    kept = _organization("y", "الباقي", "Kept", [_fact("Cities", "12 مدينة", "12 مدينة", 12, "cities")])
    repeated_id = _organization("x", "المكرر", "Repeated", [_fact("Beds", "300 سرير", "300 سرير", 300, "beds")])
    organizations = (
        json.dumps({"1": first, "2": replaced}, ensure_ascii=False)[:-1]
        + ", "
        + json.dumps({"2": kept, "3": repeated_id}, ensure_ascii=False)[1:]
    )
    source = json.dumps({"1": {"id": "article", "language": "ar", "text": ARTICLE}}, ensure_ascii=False)
    path.write_text(f'{{"sources": {source}, "organizations": {organizations}}}', encoding="utf-8")
    database = load_database(path)
    assert ids(database, RecordSlice("organization", order=RecordOrder("latin"))) == ["x", "y"]
    assert (
        ids(database, RecordSlice("organization", "المستبدل")) == []
        and ids(database, RecordSlice("organization", "repeated")) == []
    )
    assert rows(database, FactSlice(ALL_FACTS)) == [("x", "Beds", 12), ("y", "Cities", 12)]
    backwards = database.slices().facts(FactSlice(ALL_FACTS, order=FactOrder("file", True)))
    assert backwards.rowids is not None and backwards.rowids.tolist() == [2, 1]  # numbered 1, 2 again
    assert {(each.kind.by, each.kind.name): each.facts for each in database.slices().fact_kinds()}[
        ("label", "Beds")
    ] == 1

"""Real queries against the bundled database, through the engine, the CLI and the TUI.

QUERIES find what they name in the script it is written in (their rankings are
also the oracle's: tests/test_search_equivalence.py); ACROSS find it as a number
however written, or in Arabic from French and English through the search aids.
"""

from __future__ import annotations

import json

import pytest
from pilot_helpers import wait_for, wait_until_loaded
from test_hostile_app import screen_text

from tui.app import MarsadApp
from tui.cli import main
from tui.data.models import Source
from tui.screens.search import SearchScreen
from tui.search.aids import via_text
from tui.search.normalize import normalize
from tui.store.opening import load_database
from tui.text.layout import single_line

# query as a user would type it -> expected first hit
QUERIES = [
    ("أكديتال", "akdital"),
    ("اكديتال", "akdital"),  # no hamza
    ("akdital", "akdital"),
    ("AKDITAL", "akdital"),
    ("akdittal", "akdital"),  # typo
    ("tazi", "groupe-tazi"),
    ("التازي", "groupe-tazi"),
    ("تازي", "groupe-tazi"),
    ("guessous", "groupe-guessous"),
    ("guesous", "groupe-guessous"),
    ("جسوس", "groupe-guessous"),
    ("sante cim", "cim-sante"),
    ("CIM Santé", "cim-sante"),
    ("elsan", "elsan-sante"),
    ("gymes", "gymes"),
    ("odm", "odm"),
    ("T2S", "t2s"),
    ("ge healthcare", "ge-healthcare"),
    ("جنرال إلكتريك", "general-electric"),  # the group that equipped the room (GE Healthcare is another name)
    ("جنرال إلكتريك للرعاية الصحية", "ge-healthcare"),
    ("AMGS", "amgs"),
    ("الجمعيه المغربيه لمجموعات الصحه", "amgs"),  # ه for ة
    ("الجمعية المغربية", "amgs"),
    ("walton", "rob-walton"),
    ("روب", "rob-walton"),
    ("صوردو", "abderraouf-sourdou"),
    ("المدير العام", "abderraouf-sourdou"),
    ("المعهد العالي", "medical-professions-institute"),
    ("مدغشقر", "t2s-ge-healthcare"),
    ("جيبوتي", "t2s-ge-healthcare"),
    ("شراكة", "t2s-ge-healthcare"),
    ("آشكاين", "amgs-founding-article"),
]

ARTICLE_T2S = "t2s-ge-healthcare-article"
ARTICLE_AMGS = "amgs-founding-article"
MADAGASCAR_DJIBOUTI = "شراكات جديدة في بلدان أخرى مثل مدغشقر وجيبوتي"
SESSIONS_HELD_THERE = "ستُعقد هذه الدورات التكوينية الحديثة داخل المعهد العالي الخاص للدراسات في المهن الطبية"

# query -> its first hits, in order: (record, the text of the field that matched)
ACROSS = [
    (
        "35",
        [
            (
                "rob-walton",
                "نشعر بسعادة غامرة بعد توقيع هذه الشراكة طويلة الأمد مع مجموعة T2S التي نعمل معها لمدة تفوق 35 سنة",
            ),
            ("t2s-ge-healthcare", "لمدة تفوق 35 سنة"),
        ],
    ),
    ("15", [("t2s", "حاضرة في 15 بلدا في افريقيا، إلى جانب موريتانيا والمغرب")]),
    ("30", [("amgs", "أكثر من 30 وحدة رعاية")]),
    ("2500", [("amgs", "أكثر من 2500 من المهنيين الصحيين")]),
    ("2,500", [("amgs", "أكثر من 2500 من المهنيين الصحيين")]),
    ("2.500", [("amgs", "أكثر من 2500 من المهنيين الصحيين")]),
    ("2 500", [("amgs", "أكثر من 2500 من المهنيين الصحيين")]),
    ("٢٬٥٠٠", [("amgs", "أكثر من 2500 من المهنيين الصحيين")]),
    ("1000000", [("t2s-ge-healthcare", "مليون درهم مغربي")]),
    ("1 000 000", [("t2s-ge-healthcare", "مليون درهم مغربي")]),
    ("madagascar", [("t2s-ge-healthcare", MADAGASCAR_DJIBOUTI), (ARTICLE_T2S, None)]),
    ("Madagascar", [("t2s-ge-healthcare", MADAGASCAR_DJIBOUTI), (ARTICLE_T2S, None)]),
    ("Djibouti", [("t2s-ge-healthcare", MADAGASCAR_DJIBOUTI), (ARTICLE_T2S, None)]),
    ("Mauritanie", [("t2s", "حاضرة في 15 بلدا في افريقيا، إلى جانب موريتانيا والمغرب"), (ARTICLE_T2S, None)]),
    (
        "Afrique",
        [
            ("rob-walton", "الرئيس المدير العام لـ GE Healthcare بمنطقة أوروبا والشرق الأوسط وأفريقيا"),
            ("t2s-ge-healthcare", "دول إفريقيا جنوب الصحراء"),
        ],
    ),
    ("afrique francophone", [("t2s-ge-healthcare", "أفريقيا الناطقة بالفرنسية"), (ARTICLE_T2S, None)]),
    ("Maroc", [("amgs", "الجمعية المغربية لمجموعات الصحة"), ("odm", "مراكز الفحص والعلاج للمغرب")]),
    ("États-Unis", [("ge-healthcare", "الأمريكية"), (ARTICLE_T2S, None)]),
    (
        "formation",
        [
            ("medical-professions-institute", SESSIONS_HELD_THERE),
            ("t2s-ge-healthcare", "تقديم التكوين المستمر للتقنيين والتقنيات بأفريقيا"),
        ],
    ),
    ("training", [("medical-professions-institute", SESSIONS_HELD_THERE)]),
    ("partenariat", [("t2s-ge-healthcare", "شراكة T2S و GE Healthcare")]),
    ("partnership", [("t2s-ge-healthcare", MADAGASCAR_DJIBOUTI)]),  # its label, "Partnerships sought"
    ("IRM", [("t2s-ge-healthcare", None), ("general-electric", None), (ARTICLE_T2S, None)]),
    ("Afrique subsaharienne", [("t2s-ge-healthcare", "دول إفريقيا جنوب الصحراء"), ("t2s", None)]),
    ("technicians", [("t2s-ge-healthcare", "تقديم التكوين المستمر للتقنيين والتقنيات بأفريقيا"), (ARTICLE_T2S, None)]),
    ("care units", [("amgs", "أكثر من 30 وحدة رعاية")]),
]


@pytest.fixture(scope="module")
def index():
    return load_database().search_index()


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_first_hit(index, query: str, expected: str) -> None:
    hits = index.search(query)
    assert hits, f"no hit for {query!r}"
    assert hits[0].doc.id == expected, [(h.doc.id, h.match, h.field.name) for h in hits[:3]]


@pytest.mark.parametrize(("query", "expected"), ACROSS, ids=[query for query, _ in ACROSS])
def test_numbers_and_other_languages_find_the_facts(index, query: str, expected: list) -> None:
    hits = index.search(query)
    found = [(hit.doc.id, hit.field.text if text is not None else None) for hit, (_id, text) in zip(hits, expected)]
    assert found == expected, [(h.doc.id, h.match, h.field.text) for h in hits[:4]]


def test_maroc_finds_what_is_moroccan_too(index) -> None:
    found = {hit.doc.id: hit for hit in index.search("Maroc", limit=100)}
    assert found["t2s"].field.text == "المغربية" and found["t2s"].match == "aid"  # (the adjective is in the gazetteer)
    assert found["akdital"].field.text == "من المجموعات الصحية الخاصة بالمغرب"


def test_direct_matches_rank_above_transliteration(index) -> None:
    hits = index.search("tazi")
    assert hits[0].match != "translit"


def test_cli_json_output(capsys) -> None:
    assert main(["search", "akdital", "--json", "--limit", "3"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["type"] == "organization"
    assert hits[0]["id"] == "akdital"
    assert "أكديتال" in hits[0]["names"] and "Akdital" in hits[0]["names"]
    assert set(hits[0]) >= {"type", "id", "names", "score", "field", "match"}
    assert len(hits) <= 3


def test_cli_type_filter_and_no_hits(capsys) -> None:
    assert main(["search", "T2S", "--type", "person"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() and all(line.startswith("person\t") for line in out.splitlines())
    assert main(["search", "zzzzqqq"]) == 1


async def test_incremental_search_opens_the_result_and_escape_returns():
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        screen = app.main_screen
        await pilot.press("2")
        before = screen.record.id
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        for key in "gymes":
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.screen.hits and app.screen.hits[0].doc.id == "gymes"
        await pilot.press("escape")
        assert app.screen is screen and screen.record.id == before
        await pilot.press("slash", *"جسوس")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.record.id == "groupe-guessous"
        assert screen.active_kind == "organization"
        await pilot.press("escape")
        assert screen.record.id == before


async def test_search_input_keeps_logical_text_and_draws_visual():
    app = MarsadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("slash", *"لا")
        await pilot.pause()
        search_input = app.screen.query_one("#search-input")
        assert search_input.value == "لا"
        drawn = str(search_input.render())
        assert "\ufefb" in drawn  # the lam-alef ligature, shaped for display
        await pilot.press("backspace")
        assert search_input.value == "ل"


async def test_typing_madagascar_finds_every_fact_that_mentions_it():
    database = load_database()
    madagascar = normalize("مدغشقر")
    facts = [
        (record.id, fact.value)
        for record in database.all_records()
        for fact in getattr(record, "facts", ())
        if madagascar in normalize(fact.value)
    ]
    articles = [
        record.id
        for record in database.all_records()
        if isinstance(record, Source) and madagascar in normalize(record.text)
    ]
    assert facts and articles
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("slash", *"madagascar")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await wait_for(
            pilot, lambda: screen.hits and screen.query_one("#search-input").value == "madagascar", "the hits"
        )
        await app.workers.wait_for_complete()
        await pilot.pause()
        hits = {(hit.doc.id, hit.field.text) for hit in screen.hits}
        assert set(facts) <= hits
        assert set(articles) <= {hit.doc.id for hit in screen.hits}
        # each hit says what it went through, and the Arabic it found is highlighted
        shown = screen_text(app)
        assert single_line(via_text(screen.hits[0].via), 100, direction="ltr").text in shown
        assert via_text(screen.hits[0].via) == "via Madagascar → مدغشقر"
        assert all(hit.field.text[a:b] == "مدغشقر" for hit in screen.hits for a, b in hit.spans)
        await pilot.press("enter")
        await pilot.pause()
        main = app.main_screen
        assert app.screen is main and main.record.id == facts[0][0]
        assert main.detail.current_block.text == facts[0][1]


# -- what the screen shows beside a value can be searched; a hit says why it matched -----------------------


@pytest.mark.parametrize(
    ("query", "record", "value", "via"),
    [
        ("care units", "amgs", "أكثر من 30 وحدة رعاية", "via its label Care units"),
        ("Founding groups", "amgs", "سبع مجموعات كبرى", "via its label Founding groups"),
        ("MAD", "t2s-ge-healthcare", "مليون درهم مغربي", "via its unit MAD"),
        ("training room cost", "t2s-ge-healthcare", "مليون درهم مغربي", "via its label Training room cost"),
        ("1000000", "t2s-ge-healthcare", "مليون درهم مغربي", "via its number 1000000"),
    ],
)
def test_labels_and_units_find_their_facts_and_say_so(index, query: str, record: str, value: str, via: str) -> None:
    hit = index.search(query)[0]
    assert (hit.doc.id, hit.field.text) == (record, value)
    assert via_text(hit.via) == via
    assert hit.spans == ((0, len(value)),)  # the value is lit: the words matched beside it


def test_a_unit_of_the_synthetic_data_finds_its_facts() -> None:
    from search_oracle.records import search_index

    from tui.data.models import Fact, Names, Organization

    beds = Fact(field="beds", label="Beds", value="300 سرير", source="s", quote="q", number=300.0, unit="beds")
    records = [
        Organization(id="clinic", names=Names(ar="مصحة"), facts=(beds,)),
        Organization(id="other", names=Names(ar="x")),
    ]
    (hit,) = search_index(records).search("beds")
    assert hit.doc.id == "clinic" and [(via.kind, via.form) for via in hit.via] == [("label", "Beds")]


@pytest.mark.parametrize(
    ("query", "record", "note"),
    [
        ("sourdou", "abderraouf-sourdou", "≈ same name, other script"),
        ("akdtal", "akdital", "≈ typo: one letter off"),
    ],
)
async def test_the_search_screen_says_why_a_hit_matched_by_typo_or_transliteration(query: str, record: str, note: str):
    app = MarsadApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("slash", *query)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await wait_for(pilot, lambda: screen.hits and screen.query_one("#search-input").value == query, "the hits")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.hits[0].doc.id == record and screen.hits[0].match in ("fuzzy", "translit")
        assert note in screen_text(app)


def test_the_cli_says_when_nothing_matches(capsys) -> None:
    assert main(["search", "Casablanca"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("marsad search: no record of ") and "matches 'Casablanca'" in err
    assert "(searched as well: الدار البيضاء)" in err  # through the gazetteer: the articles do not name it
    assert main(["search", "Casablanca", "--json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == [] and "no record" in err

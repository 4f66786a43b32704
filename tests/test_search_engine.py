"""Behavioural tests of the search engine over an index (tui.search.query.SearchIndex)."""

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyroaring import BitMap
from search_oracle.records import association, organization, person, records_connection, search_index, source

from tui.search import tables
from tui.search.build import build_search_index
from tui.search.hits import Hit
from tui.search.reader import IndexReader


def ids(hits):
    return [h.doc.id for h in hits]


def marked(hit: Hit) -> list[str]:
    return [hit.field.text[a:b] for a, b in hit.spans]


CORPUS = [
    organization(
        "akdital",
        ar="أكديتال",
        aliases=["Akdital Holding"],
        facts=[("country", "المغرب"), ("activity", "مجموعة مصحات خاصة تأسست في الدار البيضاء")],
    ),
    organization("tazi", ar="مجموعة التازي", facts=[("country", "المغرب")]),
    organization("guessous", ar="مجموعة جسوس", aliases=["Groupe Guessous"]),
    organization("gymes", ar="جيمس", facts=[("activity", "شبكة عيادات")]),
    organization("elsan", ar="إلسان للصحة", aliases=["Elsan Santé"], facts=[("country", "فرنسا")]),
    organization("cim", ar="سيم للصحة"),
    organization("odm", ar="مراكز الفحص والعلاج للمغرب", latin="ODM"),
    association("amgs", ar="الجمعية المغربية لمجموعات الصحة", latin="AMGS"),
    person("walton", ar="روب والتون", roles=["مدير عام"]),
    person("sordo", ar="عبد الرؤوف صوردو", roles=["رئيس"]),
    organization("t2s", latin="T2S", facts=[("activity", "Télémédecine et services de santé")]),
    organization("ge", latin="GE Healthcare", aliases=["جنرال إلكتريك للرعاية الصحية"]),
    source("src1", "le360.ma", title="Le360 – santé privée au Maroc"),
]


@pytest.fixture(scope="module")
def ix():
    return search_index(CORPUS)


def test_len(ix):
    assert len(ix) == len(CORPUS)


def test_empty_queries(ix):
    assert ix.search("") == []
    assert ix.search("   \t ") == []
    assert ix.search("،،!") == []
    assert ix.search("akdital", limit=0) == []


# ---------------------------------------------------------------- ranking


def test_match_class_order_on_same_field():
    records = [
        organization("tr", ar="تيتانيوم"),  # translit of "titanium"
        organization("fz", latin="Titanoum"),  # one substitution
        organization("sub", latin="Xtitanium"),  # substring
        organization("word", latin="Groupe Titanium"),  # word start (not first)
        organization("pre", latin="Titanium Group"),  # prefix
        organization("ex", latin="Titanium"),  # exact
    ]
    hits = search_index(records).search("titanium")
    assert ids(hits) == ["ex", "pre", "word", "sub", "fz", "tr"]
    assert [h.match for h in hits] == ["exact", "prefix", "word", "substring", "fuzzy", "translit"]
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)


def test_name_beats_fact_same_class():
    records = [
        organization("d", latin="Alpha", facts=[("activity", "Clinique Beta")]),
        organization("n", latin="Beta Soins"),
    ]
    hits = search_index(records).search("beta")
    assert ids(hits) == ["n", "d"]
    assert hits[1].field.name == "fact"


def test_exact_name_beats_anything_in_a_fact():
    records = [
        organization("d", latin="Zeta", facts=[("activity", "Gamma")]),  # exact fact
        organization("n", latin="Gamma"),  # exact name
        organization("n2", latin="Zeta Gamma Clinique"),  # word in name
    ]
    hits = search_index(records).search("gamma")
    assert ids(hits) == ["n", "n2", "d"]
    assert hits[0].match == "exact"


def test_field_weights_alias_vs_fact():
    records = [
        organization("a", latin="X", aliases=["Omega"]),
        organization("b", latin="Y", facts=[("activity", "Omega")]),
    ]
    hits = search_index(records).search("omega")
    assert ids(hits) == ["a", "b"]
    assert hits[0].score > hits[1].score


def test_one_hit_per_document_best_field(ix):
    hits = ix.search("akdital")
    assert ids(hits).count("akdital") == 1
    assert hits[0].field.name == "alias" and hits[0].match == "prefix"


def test_translit_ranked_below_direct():
    records = [organization("ar", ar="التازي"), source("lat", "tazi.ma", title="Z")]
    hits = search_index(records).search("tazi")
    assert ids(hits) == ["lat", "ar"]
    assert hits[1].match == "translit"


def test_stable_ties_by_title_then_id():
    records = [
        organization("3", latin="Clinique B"),
        organization("2", latin="Clinique A"),
        organization("1", latin="Clinique B"),
    ]
    assert ids(search_index(records).search("clinique")) == ["2", "1", "3"]
    assert ids(search_index(reversed(records)).search("clin")) == ["2", "1", "3"]


# ------------------------------------------------------------ multi-word


def test_and_semantics_any_order_across_fields(ix):
    assert ids(ix.search("elsan sante")) == ["elsan"]
    assert ids(ix.search("sante elsan")) == ["elsan"]
    # across fields: name (Arabic) + country
    # tazi: name + country; akdital: fact + country (lower); amgs: "المغربية" in its name, and
    # "لمجموعات" there too through the glossary (group: مجموعات), which puts it between them
    assert ids(ix.search("مجموعه المغرب")) == ["tazi", "amgs", "akdital"]
    assert ids(ix.search("المغرب مجموعه")) == ["tazi", "amgs", "akdital"]
    assert [hit.match for hit in ix.search("مجموعه المغرب")] == ["prefix", "aid", "prefix"]
    assert ix.search("elsan guessous") == []


def test_multiword_exact_beats_scattered():
    records = [
        organization("scat", latin="Sante Plus", aliases=["Groupe Atlas"]),
        organization("ex", latin="Atlas Sante"),
    ]
    hits = search_index(records).search("atlas sante")
    assert ids(hits) == ["ex", "scat"]
    assert hits[0].match == "exact"


def test_a_field_that_starts_with_the_query_ranks_above_the_same_words_apart():
    records = [
        organization("apart", latin="Atlas Clinique Sante"),
        organization("followed", latin="Atlas Sante Clinique"),  # the query, then a word
        organization("longer", latin="Atlas Santeplus"),  # the query, then letters
    ]
    hits = search_index(records).search("atlas sante")
    assert ids(hits) == ["followed", "longer", "apart"]
    assert [h.match for h in hits] == ["prefix", "prefix", "word"]
    assert hits[0].score == pytest.approx(10 * 0.84) and hits[1].score == pytest.approx(10 * 0.8)


def test_a_field_equal_to_the_query_counts_though_a_short_word_alone_would_not():
    # "de" is short: alone, it searches names only; the whole fact still equals the query
    records = [organization("x", latin="Alpha", facts=[("activity", "soins de")])]
    hits = search_index(records).search("soins de")
    assert ids(hits) == ["x"] and hits[0].match == "exact" and hits[0].field.name == "fact"


# ------------------------------------------------------------- folding


def test_accent_and_case_folding(ix):
    assert "elsan" in ids(ix.search("sante"))
    assert "elsan" in ids(ix.search("SANTÉ"))
    assert ids(ix.search("GUESSOUS"))[0] == "guessous"
    assert ids(ix.search("t2s"))[0] == "t2s"


def test_arabic_variants(ix):
    assert ids(ix.search("اكديتال"))[0] == "akdital"
    assert ix.search("اكديتال")[0].match == "exact"
    assert ids(ix.search("الجمعيه المغربيه"))[0] == "amgs"
    assert ids(ix.search("الجمعيةُ المغربيّة"))[0] == "amgs"
    hits = ix.search("الصحه")  # ta marbuta
    assert ids(hits)[0] == "amgs" and marked(hits[0]) == ["الصحة"]
    assert "sordo" in ids(ix.search("الرووف"))  # hamza on waw dropped


def test_a_part_of_a_word_is_found_in_one_piece():
    records = [organization("in", latin="Xabab"), organization("apart", latin="Abaxbab")]  # aba and bab, apart
    hits = search_index(records).search("abab")
    assert ids(hits) == ["in"] and hits[0].match == "substring"


def test_article_less_arabic_is_a_word_match(ix):
    hits = ix.search("تازي")
    assert ids(hits) == ["tazi"]
    assert hits[0].match == "word"


def test_typos(ix):
    assert ids(ix.search("guesous"))[0] == "guessous"
    hits = ix.search("akdittal")
    assert ids(hits)[0] == "akdital" and hits[0].match == "fuzzy"
    assert ids(ix.search("guessuos"))[0] == "guessous"  # transposition
    assert ids(ix.search("gueszous"))[0] == "guessous"  # substitution
    # words under six letters get no typo tolerance; from six on they do
    assert ix.search("elsam") == []
    hits = ix.search("elsanx")
    assert ids(hits) == ["elsan"] and hits[0].match == "fuzzy"


def test_translit_latin_to_arabic(ix):
    for q, expected in [
        ("tazi", "tazi"),
        ("akdital", "akdital"),
        ("gymes", "gymes"),
        ("walton", "walton"),
        ("cim", "cim"),
        ("sim", "cim"),
        ("sourdou", "sordo"),
    ]:
        hits = ix.search(q)
        assert expected in ids(hits), q
    h = next(h for h in ix.search("tazi") if h.doc.id == "tazi")
    assert h.match == "translit"
    assert marked(h) == ["التازي"]


# --------------------------------------------------------------- spans


def test_spans_point_at_original_characters(ix):
    h = next(h for h in ix.search("sante") if h.doc.id == "elsan")
    assert marked(h) == ["Santé"]
    h = ix.search("اكديت")[0]
    assert h.field.text == "أكديتال" and marked(h) == ["أكديت"]
    h = ix.search("guess")[0]
    assert marked(h) == ["Guess"]
    h = ix.search("المغربيه")[0]
    assert "المغربية" in marked(h)


def test_spans_with_tashkeel_and_tatweel():
    ix = search_index([organization("x", ar="مَجْمُوعَةُ الـتـازي")])
    h = ix.search("مجموعه")[0]
    assert marked(h) == ["مَجْمُوعَةُ"]
    h = ix.search("تازي")[0]
    assert marked(h) == ["تـازي"]


def test_multiword_spans(ix):
    h = ix.search("elsan sante")[0]
    assert marked(h) == ["Elsan Santé"]  # adjacent matched words make one span


def test_hits_name_their_record(ix):
    hit = ix.search("guessous")[0]
    assert (hit.doc.kind, hit.doc.id, hit.doc.title) == ("organization", "guessous", "مجموعة جسوس")
    assert (hit.field.name, hit.field.weight, hit.field.text) == ("alias", 9.0, "Groupe Guessous")


# ------------------------------------------------------- filters, limit


def test_kinds_filter(ix):
    assert ids(ix.search("المغربيه", kinds={"association"})) == ["amgs"]
    assert ids(ix.search("ر")) == ["walton", "sordo", "ge"]
    assert ids(ix.search("ر", kinds=["person"])) == ["walton", "sordo"]
    assert ix.search("akdital", kinds=set()) == []
    assert ix.search("akdital", kinds={"no such kind"}) == []


def test_limit():
    records = [organization(f"d{i:03}", latin=f"Clinique {i:03}") for i in range(200)]
    ix = search_index(records)
    assert len(ix.search("clinique")) == 50
    assert len(ix.search("clinique", limit=7)) == 7
    assert ids(ix.search("clinique", limit=3)) == ["d000", "d001", "d002"]
    assert len(ix.search("c", limit=10)) == 10
    assert ids(ix.search("clinique 1", limit=5)) == ["d100", "d101", "d102", "d103", "d104"]


def test_short_queries_are_prefix_on_names_only():
    records = [organization("n", latin="Bab Clinic"), organization("d", latin="Zed", facts=[("activity", "xbax ba")])]
    assert ids(search_index(records).search("ba")) == ["n"]
    assert ids(search_index(records).search("cl")) == ["n"]


# ---------------------------------------------------------- robustness


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_search_never_raises(q):
    hits = _ROBUST.search(q)
    assert isinstance(hits, list)
    for h in hits:
        for a, b in h.spans:
            assert 0 <= a < b <= len(h.field.text)


_ROBUST = search_index(CORPUS)


def test_empty_index():
    assert search_index([]).search("x") == []
    assert len(search_index([])) == 0


@pytest.mark.parametrize("block", [1, 2, 3, 256])
def test_a_range_of_phrases_has_the_documents_of_each(block):
    records = [
        organization(f"o{n}", latin=f"Atlas Sante {n % 7}", facts=[("kind", f"Atlas {n % 3}")]) for n in range(20)
    ]
    connection = records_connection(records)
    with mock.patch.object(tables, "PHRASE_BLOCK", block):
        build_search_index(connection)
    reader = IndexReader(connection)
    (last,) = connection.execute("SELECT max(id) FROM search_phrases").fetchone()
    assert last == 9  # seven names, three kinds
    each = [reader.phrase_documents(phrase) for phrase in range(last + 1)]
    for first in range(last + 1):
        for end in range(first, last + 1):
            expected = BitMap.union(*each[first : end + 1])
            assert reader.phrase_range_documents(first, end) == expected, (first, end)

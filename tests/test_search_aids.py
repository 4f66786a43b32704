"""The search aids (gazetteer and glossary) and the numbers search finds: what they hold, and what they find.

The aids are checked against the bundled articles: every country the data names
is found from its French and English names, and every Arabic form the glossary
or the gazetteer says an article writes is in that article.
"""

from __future__ import annotations

import re

import pytest
from search_oracle.records import organization, search_index, source

from tui.data.models import Fact, Names, Organization, Source
from tui.search.aids import Aids, default_aids
from tui.search.aids.expansion import PREFIX_MIN_LETTERS
from tui.search.aids.names import LANGUAGES, PLACE, TERM, Entry, Name, countries, places, terms
from tui.search.normalize import normalize
from tui.search.ranking import AID_TIERS, FIELD_WEIGHTS, MATCH_FACTORS
from tui.store.opening import load_database


@pytest.fixture(scope="module")
def aids() -> Aids:
    return default_aids()


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    """The bundled articles' normalized text, by id."""
    database = load_database()
    return {record.id: normalize(record.text) for record in database.all_records() if isinstance(record, Source)}


def forms_of(aids: Aids, query: str) -> list[tuple[str, ...]]:
    """The forms the (last word of the) query also searches."""
    return [form.words for form in aids.expand(normalize(query).split())[-1]]


# -- what the aids hold --------------------------------------------------------------------------------


def test_every_iso_country_is_named_in_english_french_and_arabic() -> None:
    import pycountry

    entries = list(countries())
    assert len(entries) == len(pycountry.countries) >= 249
    for entry in entries:
        languages = {name.language for name in entry.names}
        assert {"en", "fr"} <= languages, entry.id
        assert all(name.source.startswith("ISO 3166-1, pycountry") for name in entry.names)
    without_arabic = [entry.id for entry in entries if not any(name.language == "ar" for name in entry.names)]
    assert len(without_arabic) <= 2, without_arabic  # (pycountry 26.2: only Türkiye's new name is untranslated)
    morocco = next(entry for entry in entries if entry.id == "MA")
    assert {"Morocco", "Maroc", "المغرب"} <= {name.text for name in morocco.names}


def test_every_region_city_and_term_says_where_its_names_come_from() -> None:
    iso = {entry.id for entry in countries()}
    listed = [entry for entry in places() if entry.id not in iso] + list(terms())
    assert len(listed) >= 14 + 25
    for entry in listed:
        assert entry.kind in (PLACE, TERM)
        assert all(name.source for name in entry.names), entry.id
        assert {"en", "fr", "ar"} <= {name.language for name in entry.names}, entry.id
        assert all(name.language in LANGUAGES for name in entry.names)
    sources = {name.source for entry in listed for name in entry.names}
    assert any(source.startswith("Unicode CLDR 47") for source in sources)
    assert any(source.startswith("Wikidata Q7903") for source in sources)
    # every term says where its English, French and Arabic words are seen paired
    for entry in terms():
        assert entry.reference and all(
            name.source == entry.reference
            for name in entry.names
            if name.language != "ar" or not name.source.startswith("bundled article ")
        ), entry.id
    iso_codes = {entry.id for entry in countries()}
    for entry in places():
        assert set(entry.members) <= iso_codes, entry.id


def test_every_arabic_form_said_to_be_in_a_bundled_article_is_there(articles) -> None:
    attested = [
        (entry.id, name)
        for entry in [*places(), *terms()]
        for name in entry.names
        if name.source.startswith("bundled article ")
    ]
    assert len(attested) >= 40
    for entry_id, name in attested:
        article = name.source.removeprefix("bundled article ")
        assert article in articles, (entry_id, article)
        assert normalize(name.text) in articles[article], (entry_id, name.text, article)


def test_every_glossary_term_has_an_arabic_form_from_the_articles_or_says_where_the_pairing_is_seen() -> None:
    for entry in terms():
        arabic = [name for name in entry.names if name.language == "ar"]
        assert arabic, entry.id
        if not any(name.source.startswith("bundled article ") for name in arabic):
            assert all(name.source.startswith("Moroccan clinics") for name in arabic), entry.id  # (clinique: مصحة)


def test_every_country_the_bundled_data_names_is_found_from_its_french_and_english_names(aids, articles) -> None:
    database = load_database()
    data = " ".join(normalize(text) for record in database.all_records() for text in _texts(record))
    iso = {entry.id for entry in countries()}
    named = {}
    for entry in places():
        if entry.id in iso:
            for name in entry.names:
                if name.language == "ar" and _mentioned(" ".join(_bare_words(name.text)), data):
                    named[entry.id] = entry
    assert set(named) == {"MA", "MR", "MG", "DJ", "US"}
    for code, entry in named.items():
        arabic = {_bare_words(name.text) for name in entry.names if name.language == "ar"}
        for language in ("en", "fr"):
            typed = next(name.text for name in entry.names if name.language == language)
            found = set(forms_of(aids, typed))
            assert found & arabic, (code, typed)


# -- what a query names -----------------------------------------------------------------------------------


def test_a_name_in_any_language_gives_the_other_forms_never_the_typed_one(aids) -> None:
    assert forms_of(aids, "madagascar") == [("مدغشقر",)]
    assert forms_of(aids, "Madagascar") == [("مدغشقر",)]
    assert ("madagascar",) in forms_of(aids, "مدغشقر")
    assert ("مغرب",) in forms_of(aids, "Maroc")  # the article left out: found in بالمغرب, للمغرب
    assert ("مغرب",) in forms_of(aids, "المغرب")
    # a form that holds every word of another adds nothing: "جمهورية مدغشقر" is not searched
    assert all(len(words) == 1 for words in forms_of(aids, "madagascar"))


def test_names_of_several_words_are_matched_whole_and_give_every_word_the_forms(aids) -> None:
    expanded = aids.expand(normalize("afrique du sud").split())
    south_africa = ("جنوب", "افريقيا")
    assert all(south_africa in [form.words for form in forms] for forms in expanded)
    # "afrique" is inside the longer name the query gives: it does not name Africa too
    assert ("افريقيا",) not in [form.words for form in expanded[0]]
    assert ("افريقيا",) in forms_of(aids, "afrique")
    assert ("دار", "بيضاء") in forms_of(aids, "Casablanca")
    assert list(aids.expand(["sud"])) == [()]


def test_a_region_names_its_countries_below_its_own_forms(aids) -> None:
    forms = aids.expand(normalize("Afrique subsaharienne").split())[-1]
    own = {form.words for form in forms if not form.member}
    members = {form.words: form.via for form in forms if form.member}
    assert ("افريقيا", "جنوب", "صحراء") in own
    assert {("مدغشقر",), ("جيبوتي",), ("موريتانيا",)} <= set(members)
    assert members[("مدغشقر",)].name == "Afrique subsaharienne"  # the via says which name reached it
    assert ("مغرب",) not in members  # Morocco is in Northern Africa
    regions = {entry.id: entry for entry in places() if entry.id.startswith("M49")}
    assert set(regions["M49 202"].members) == {
        *regions["M49 014"].members,
        *regions["M49 017"].members,
        *regions["M49 018"].members,
        *regions["M49 011"].members,
    }
    assert len(regions["M49 002"].members) == 60 and "MA" in regions["M49 002"].members
    assert all(entry.members_source.startswith("UN M49") for entry in regions.values())


def test_the_word_being_typed_names_the_entries_it_starts_from_four_letters(aids) -> None:
    assert PREFIX_MIN_LETTERS == 4
    assert forms_of(aids, "mad") == []
    assert ("مدغشقر",) in forms_of(aids, "mada")
    assert forms_of(aids, "الجمعيه المغ") == []  # (the article is not counted)
    assert ("morocco",) in forms_of(aids, "الجمعيه المغرب")
    # only the last word: a word typed whole before it names nothing by its start
    assert aids.expand(["mada", "x"])[0] == ()


def test_vias_say_the_name_the_query_gave_and_the_form_searched(aids) -> None:
    vias = {(form.via.name, form.via.form, form.via.kind) for form in aids.expand(["mauritanie"])[0]}
    assert ("Mauritanie", "موريتانيا", PLACE) in vias
    assert {(form.via.name, form.via.kind) for form in aids.expand(["formation"])[0]} == {("formation", TERM)}


def test_aids_made_of_other_entries() -> None:
    entry = Entry(TERM, "x", (Name("widget", "en", "test"), Name("أداة", "ar", "test")))
    aids = Aids([entry])
    assert forms_of(aids, "widget") == [("اداه",)]
    assert forms_of(aids, "madagascar") == []


# -- what they find ---------------------------------------------------------------------------------------


def test_a_direct_match_ranks_above_every_match_through_an_aid() -> None:
    records = [
        organization("arabic", ar="مستشفى مدغشقر"),  # through the gazetteer, in a name
        source("latin", "soins à xmadagascarx"),  # the word inside a word, in an article: the lowest direct match
    ]
    hits = search_index(records).search("madagascar")
    assert [hit.doc.id for hit in hits] == ["latin", "arabic"]
    assert [hit.match for hit in hits] == ["substring", "aid"]
    lowest_direct = min(weight * MATCH_FACTORS[tier] for weight in FIELD_WEIGHTS.values() for tier in range(6))
    highest_aid = max(weight * MATCH_FACTORS[tier] for weight in FIELD_WEIGHTS.values() for tier in AID_TIERS)
    assert highest_aid < lowest_direct == hits[0].score


def test_a_hit_through_an_aid_highlights_the_arabic_words_and_says_what_it_went_through() -> None:
    hits = search_index([organization("t", facts=[("expansion", "شراكات جديدة في مدغشقر وجيبوتي")])]).search("Djibouti")
    (hit,) = hits
    assert [hit.field.text[a:b] for a, b in hit.spans] == ["جيبوتي"]
    assert [(via.name, via.form, via.kind) for via in hit.via] == [("Djibouti", "جيبوتي", PLACE)]
    (hit,) = search_index([organization("t", facts=[("city", "مصحة في الدار البيضاء")])]).search("casablanca")
    assert [hit.field.text[a:b] for a, b in hit.spans] == ["دار", "بيضاء"]


def test_a_short_arabic_form_is_found_as_a_word_only() -> None:
    records = [organization("bank", facts=[("kind", "مصرف تجاري")]), organization("egypt", facts=[("country", "مصر")])]
    assert [hit.doc.id for hit in search_index(records).search("egypte")] == ["egypt"]


def test_a_form_of_several_words_is_found_in_one_field_only() -> None:
    apart = organization("apart", ar="الدار الكبرى", facts=[("colour", "البيضاء")])
    together = organization("together", facts=[("city", "الدار البيضاء")])
    assert [hit.doc.id for hit in search_index([apart, together]).search("casablanca")] == ["together"]


# -- numbers ----------------------------------------------------------------------------------------------


def _numbers_corpus():
    return [
        organization("decades", facts=[("history", "أكثر من 3 عقود")]),
        organization("years", facts=[("history", "لمدة تفوق 35 سنة")]),
        organization("staff", facts=[("staff", "أكثر من ٢٬٥٠٠ مهني")]),
        organization("french", facts=[("staff", "plus de 2 500 professionnels")]),
        Organization(
            id="cost",
            names=Names(ar="غرفة"),
            facts=(
                Fact(
                    field="cost", label="Cost", value="مليون درهم", source="s", quote="q", number=1000000.0, unit="MAD"
                ),
            ),
        ),
        organization("t35", latin="35 Clinique"),
        source("article", "بتكلفة إجمالية قدرها مليون درهم"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("3", ["t35", "decades"]),  # names by their start, as any short word; elsewhere the number whole (not 35)
        ("35", ["t35", "years"]),  # a name that starts with it first, as any short word
        ("2500", ["french", "staff"]),
        ("2,500", ["french", "staff"]),
        ("2.500", ["french", "staff"]),
        ("2 500", ["french", "staff"]),
        ("٢٬٥٠٠", ["french", "staff"]),
        ("1000000", ["cost"]),
        ("1 000 000", ["cost"]),
        ("1,000,000", ["cost"]),
    ],
)
def test_numbers_in_facts_are_found_however_they_are_written(query: str, expected: list[str]) -> None:
    assert [hit.doc.id for hit in search_index(_numbers_corpus()).search(query)] == expected


def test_a_fact_found_by_its_number_lights_its_value_and_says_so() -> None:
    (hit,) = search_index(_numbers_corpus()).search("1000000")
    assert hit.field.text == "مليون درهم" and hit.spans == ((0, len("مليون درهم")),)
    assert [(via.form, via.kind) for via in hit.via] == [("1000000", "number")]
    hits = search_index(_numbers_corpus()).search("2 500")
    assert {hit.field.text[a:b] for hit in hits for a, b in hit.spans} == {"2 500", "٢٬٥٠٠"}
    assert all(hit.via == () for hit in hits)


def _texts(record) -> list[str]:
    names = record.names
    texts = [t for t in (names.ar, names.latin, *names.aliases) if t] if hasattr(record, "names") else []
    texts += [fact.value for fact in getattr(record, "facts", ())]
    texts += [role.title for role in getattr(record, "roles", ())]
    texts += [getattr(record, "text", "")]
    return texts


def _mentioned(name: str, text: str) -> bool:
    """The (article-less, normalized) name is a word of the text, maybe after an article or a one-letter proclitic."""
    return re.search(rf"(?<![^ ])(?:[وبلفك]|ال|لل|بال|وال)?{re.escape(name)}(?![^ ])", text) is not None


def _bare_words(text: str) -> tuple[str, ...]:
    words = normalize(text).split()
    return tuple(word[2:] if word.startswith("ال") and len(word) > 4 else word for word in words)

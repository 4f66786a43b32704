"""The search aids' precision: a place or a term is found as whole words in a row, never inside another word.

Every place of the gazetteer and every term of the glossary is typed by each of its
names against the bundled database, and every hit that came through an aid is checked
with an oracle of this file's own (a regular expression): the form it went through is
in the hit's field as whole words, in order, one after the other, an Arabic word maybe
behind its proclitics (و ف, ب ك ل, ال). The false hits issue 18 found are gone, and
the true ones still land.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tui.search.aids import default_aids
from tui.search.aids.matching import FIRST_WORD_PREFIXES, in_text, phrase_spans
from tui.search.aids.names import entries
from tui.search.normalize import normalize
from tui.search.translit import is_arabic
from tui.store.opening import load_database

#: an Arabic word's proclitics, written independently of tui.search.aids.matching: a
#: conjunction, then a preposition, then the article (ل + ال is لل)
ORACLE_FIRST = r"(?:[وف]?(?:[بك]?ال|لل|[بكل])?)"
ORACLE_LATER = r"(?:ال)?"


def _oracle_words(form: str) -> list[str]:
    """A form as the aids search it: normalized words, an Arabic one without its article."""
    words = []
    for word in normalize(form).split():
        if is_arabic(word) and word.startswith("ال") and len(word) - 2 >= 3:
            word = word[2:]
        words.append(word)
    return words


def oracle(form: str, text: str) -> bool:
    """Whether the normalized text has the form's words in a row, each a whole word."""
    words = _oracle_words(form)
    parts = []
    for position, word in enumerate(words):
        prefix = (ORACLE_FIRST if position == 0 else ORACLE_LATER) if is_arabic(word) else ""
        parts.append(prefix + re.escape(word))
    return re.search(r"(?<![^ ])" + " ".join(parts) + r"(?![^ ])", text) is not None


@pytest.fixture(scope="module")
def index():
    return load_database().search_index()


def _typed_names() -> list[tuple[str, str]]:
    """(entry id, name) for every name of every place and term, as a user would type it."""
    return sorted({(entry.id, name.text) for entry in entries() for name in entry.names})


def test_every_hit_through_an_aid_is_its_form_as_whole_words_in_a_row(index) -> None:
    names = _typed_names()
    aids = default_aids()
    assert len(names) > 1300  # every ISO country, region, city and term, in three languages
    checked = 0
    for _entry, name in names:
        for hit in index.search(name, limit=50):
            if hit.match != "aid":
                continue
            text = normalize(hit.field.text)
            assert hit.via, (name, hit.doc.id)
            forms = [" ".join(form.words) for forms in aids.expand(normalize(name).split()) for form in forms]
            for via in hit.via:
                if via.kind in ("label", "unit"):  # found in what the screen shows beside the value: the word or a form
                    beside = normalize(via.form)
                    assert via.name in beside.split() or any(oracle(form, beside) for form in forms), (name, via)
                else:
                    assert oracle(via.form, text), (name, hit.doc.id, hit.field.text, via)
            for start, end in hit.spans:  # nothing lit is a piece of a longer word
                assert start == 0 or not hit.field.text[start - 1].isalpha() or _after_proclitic(hit.field.text, start)
                assert end == len(hit.field.text) or not hit.field.text[end].isalpha(), (name, hit.field.text)
            checked += 1
    assert checked > 200


def _after_proclitic(text: str, start: int) -> bool:
    """Whether what stands before `start` in its word is proclitics only."""
    word_start = start
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    return re.fullmatch(ORACLE_FIRST, normalize(text[word_start:start])) is not None


@pytest.mark.parametrize(
    "query",
    [
        "Mali",  # مالي was found inside إجمالية
        "Western Sahara",  # غربية inside المغربية (and the partnership was called an exact match)
        "South Africa",  # جنوب and أفريقيا in إفريقيا جنوب الصحراء: apart, in another order
        "Afrique du Sud",
    ],
)
def test_the_false_hits_issue_18_found_are_gone(index, query: str) -> None:
    """The bundled articles name none of these places."""
    assert index.search(query, limit=200) == []


def test_eastern_africa_finds_its_countries_not_the_east_and_africa_apart(index) -> None:
    """`والشرق الأوسط وأفريقيا` (Europe, the Middle East and Africa) is no hit; Djibouti and Madagascar are."""
    hits = index.search("Eastern Africa", limit=200)
    assert hits and {via.form for hit in hits for via in hit.via} == {"جيبوتي"}
    assert "rob-walton" not in {hit.doc.id for hit in hits}


@pytest.mark.parametrize(
    ("query", "record", "lit"),
    [
        ("madagascar", "t2s-ge-healthcare", "مدغشقر"),
        ("Djibouti", "t2s-ge-healthcare", "جيبوتي"),
        ("Mauritanie", "t2s", "موريتانيا"),
        ("formation", "medical-professions-institute", "التكوينية"),
        ("1000000", "t2s-ge-healthcare", "مليون درهم مغربي"),
    ],
)
def test_the_true_hits_still_land(index, query: str, record: str, lit: str) -> None:
    hit = index.search(query)[0]
    assert hit.doc.id == record
    assert lit in [hit.field.text[start:end] for start, end in hit.spans] or any(
        lit.endswith(hit.field.text[start:end]) for start, end in hit.spans
    )


def test_afrique_subsaharienne_reaches_its_countries(index) -> None:
    """A region finds the facts that name its countries: Madagascar, Djibouti, Mauritania."""
    hits = {hit.doc.id: hit for hit in index.search("Afrique subsaharienne", limit=50)}
    assert {"t2s-ge-healthcare", "t2s"} <= set(hits)
    from tui.search.hits import word_in_field

    plans = hits["t2s"]._plans  # the query's words, as the hit matched them
    for record_id, fact_text, countries in (
        ("t2s-ge-healthcare", "شراكات جديدة في بلدان أخرى مثل مدغشقر وجيبوتي", {"مدغشقر", "جيبوتي"}),
        ("t2s", "حاضرة في 15 بلدا في افريقيا، إلى جانب موريتانيا والمغرب", {"موريتانيا"}),
    ):
        record = load_database().get(record_id)
        field = next(field for field in _fields(record) if field.text == fact_text)
        found = [word_in_field(plan, field, normalize(field.text)) for plan in plans]
        assert all(found), (record_id, fact_text)
        assert {via.form for _tier, _spans, via in found if via is not None and via.kind == "place"} <= countries


def _fields(record):
    from tui.search.fields import record_fields

    return record_fields(record)


# -- the matching itself, against the oracle ------------------------------------------------------------

_WORDS = ["مغرب", "غربيه", "جنوب", "افريقيا", "شرق", "اوسط", "مالي", "اجماليه", "madagascar", "sud"]
_PREFIXES = ["", "و", "ال", "وال", "بال", "لل", "ب", "م", "ا", "x"]


@st.composite
def texts(draw) -> str:
    tokens = draw(st.lists(st.tuples(st.sampled_from(_PREFIXES), st.sampled_from(_WORDS)), min_size=0, max_size=8))
    return " ".join(prefix + word for prefix, word in tokens)


@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(tuple), texts())
@example(("غربيه",), "المغربيه")
@example(("مالي",), "اجماليه")
@example(("جنوب", "افريقيا"), "افريقيا جنوب")
@example(("شرق", "افريقيا"), "والشرق الاوسط وافريقيا")
@example(("شرق", "اوسط"), "والشرق الاوسط")
def test_phrase_spans_finds_what_the_oracle_finds(words: tuple[str, ...], text: str) -> None:
    assert bool(phrase_spans(words, text)) == oracle(" ".join(words), text)


def test_the_proclitics_are_those_arabic_writes_before_a_word() -> None:
    assert {"", "و", "ف", "ب", "ل", "ك", "ال", "لل", "وال", "بال", "فال", "كال", "ولل", "وبال"} <= set(
        FIRST_WORD_PREFIXES
    )
    assert all(re.fullmatch(ORACLE_FIRST, prefix) for prefix in FIRST_WORD_PREFIXES)


#: ways a word of _WORDS may be written before normalization
_WRITTEN = {"افريقيا": ["إفريقيا", "أفريقيا", "افريقيا"], "اوسط": ["الأوسط", "أوسط"], "غربيه": ["غربية", "غربيّة"]}
_SEPARATORS = [" ", "، ", "\n", " (", ") ", " - "]


@st.composite
def written_texts(draw) -> str:
    parts = []
    for prefix, word in draw(st.lists(st.tuples(st.sampled_from(_PREFIXES), st.sampled_from(_WORDS)), max_size=8)):
        parts.append(prefix + draw(st.sampled_from(_WRITTEN.get(word, [word]))))
        parts.append(draw(st.sampled_from(_SEPARATORS)))
    return "".join(parts)


@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(tuple), written_texts())
@example(("شرق", "اوسط"), "أوروبا والشرق الأوسط وأفريقيا")
@example(("جنوب", "افريقيا"), "دول إفريقيا جنوب الصحراء")
@example(("افريقيا", "جنوب"), "دول إفريقيا، جنوب الصحراء")
def test_the_form_is_found_in_text_as_stored_as_in_its_normalized_text(words: tuple[str, ...], text: str) -> None:
    """`in_text` (which normalizes only around each place the form may be) agrees with the normalized text."""
    assert in_text(words, text) == bool(phrase_spans(words, normalize(text)))

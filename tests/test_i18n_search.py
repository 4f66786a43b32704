"""Search finds a fact's label in every language labels.toml gives it (`مدة العلاقة`, `durée`, `term`)."""

from __future__ import annotations

import pytest

from tui.i18n import labels
from tui.search.aids import default_aids
from tui.search.aids.names import FACT_LABEL, fact_labels
from tui.search.normalize import normalize
from tui.store.opening import load_database


@pytest.fixture(scope="module")
def index():
    return load_database().search_index()


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("مدة العلاقة", "Relationship length"),  # Arabic: the label stored in English
        ("durée de la relation", "Relationship length"),  # French
        ("relationship length", "Relationship length"),  # as stored
        ("durée", "Term"),  # the French of "Term"
        ("الأمد", "Term"),
        ("term", "Term"),
    ],
)
def test_a_label_in_any_language_finds_its_facts(index, query: str, label: str) -> None:
    hits = index.search(query)
    # (the partnership among the first hits, through the fact so labelled; a statement holding the word itself,
    # such as Walton's "طويلة الأمد", may come first)
    found = next((hit for hit in hits[:3] if hit.doc.id == "t2s-ge-healthcare"), None)
    assert found is not None, [(hit.doc.id, hit.field.text) for hit in hits[:3]]
    facts = load_database().get("t2s-ge-healthcare").facts
    assert any(fact.label == label and fact.value == found.field.text for fact in facts), found.field.text


def test_every_label_of_labels_toml_is_an_aid_in_three_languages() -> None:
    entries = list(fact_labels())
    assert len(entries) == len(labels.entries("label")) and all(entry.kind == FACT_LABEL for entry in entries)
    assert all({name.language for name in entry.names} == {"en", "fr", "ar"} for entry in entries)
    assert not {entry.id for entry in entries} & set(labels.entries("unit")), "units and qualifiers are no aids"


def test_a_label_named_searches_its_other_forms() -> None:
    forms = {" ".join(form.words) for form in default_aids().expand(normalize("مدة العلاقة").split())[0]}
    assert {"relationship length", "duree de la relation"} <= forms
    via = next(form.via for form in default_aids().expand(["duree"])[0])
    assert via.kind == FACT_LABEL and via.name == "Durée"


def test_a_hit_through_a_label_says_it_in_the_language_spoken(index) -> None:
    from tui import i18n
    from tui.search.aids import via_text

    hit = index.search("مدة العلاقة")[0]
    i18n.set_language("fr")
    assert "Durée de la relation" in via_text(hit.via)
    i18n.set_language("ar")
    assert "مدة العلاقة" in via_text(hit.via)

"""FollowTheMoney export, read back with the followthemoney library: every entity valid,
references whole, evidence kept, Arabic intact."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from export_data import PARAGRAPH, open_data, tricky_data

from tui.data.models import Association, Partnership, Person, Source
from tui.export.ftm import LANGUAGES, MAX_CHARS, SAID, _pieces, entity_id, language_code, write_ftm
from tui.export.outcome import Written, no_tick
from tui.export.scope import Scope, fact_table, one_record, record_list, whole_database
from tui.export.statements import statements_of
from tui.store.database import Database
from tui.store.opening import load_database
from tui.store.slices import FactKind, FactSlice, RecordSlice

# The `ftm` extra (it needs a compiler for PyICU): skipped without it, except in CI,
# where conftest.py fails the run if it is missing (MARSAD_REQUIRE_FTM).
pytest.importorskip("followthemoney", reason="FollowTheMoney's library is the ftm extra: pip install '.[ftm]'")
from followthemoney import model
from followthemoney.proxy import EntityProxy


# (function-scoped: the index goes to each test's own cache, set up by conftest's autouse fixture)
@pytest.fixture
def bundled() -> Database:
    return load_database(None)


@pytest.fixture
def tricky(tmp_path: Path) -> Database:
    return open_data(tmp_path, tricky_data())


def export(scope: Scope, database: Database) -> tuple[list[dict], Written]:
    stream = io.StringIO()
    written = write_ftm(scope, database, stream, no_tick)
    return [json.loads(line) for line in stream.getvalue().splitlines()], written


def read_back(entities: list[dict]) -> dict[str, EntityProxy]:
    """Every entity validated by its schema and loaded as followthemoney cleans values: nothing may be dropped."""
    proxies = {}
    for entity in entities:
        schema = model.get(entity["schema"])
        assert schema is not None and not schema.abstract, entity["schema"]
        schema.validate(entity)  # raises InvalidData
        for name in schema.required:
            assert entity["properties"].get(name), (entity["schema"], name)
        proxy = EntityProxy.from_dict(entity, cleaned=False)
        for name, values in entity["properties"].items():
            assert proxy.get(name) == values, (entity["id"], name)  # already clean: cleaning changes nothing
        assert proxy.id not in proxies or proxies[proxy.id].to_dict() == proxy.to_dict(), (
            f"two different entities with id {proxy.id}"
        )
        proxies[proxy.id] = proxy
    return proxies


def test_the_whole_database_round_trips(bundled: Database) -> None:
    entities, written = export(whole_database(bundled), bundled)
    proxies = read_back(entities)
    assert written.entities == len(entities) and written.items == len(bundled) and written.shortened == 0
    for proxy in proxies.values():  # every reference is to an entity of the export
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in proxies, (proxy.schema.name, prop.name, value)
                assert proxies[value].schema.is_a(prop.range), (
                    proxy.schema.name,
                    prop.name,
                    proxies[value].schema.name,
                )


def test_records_become_their_schema_with_arabic_names_intact(bundled: Database) -> None:
    proxies = read_back(export(whole_database(bundled), bundled)[0])
    expected_schema = {Association: "Organization", Partnership: "Project", Person: "Person", Source: "Article"}
    for record in whole_database(bundled).records():
        proxy = proxies[entity_id(record.id)]
        assert proxy.schema.name == expected_schema.get(type(record), "Organization")
        if isinstance(record, Source):
            assert proxy.get("bodyText") == [record.text.strip()] and proxy.get("language") == ["ara"]
        else:
            assert proxy.get("name") == [name for name in (record.names.ar, record.names.latin) if name]
    assert proxies["marsad-amgs"].get("name") == ["الجمعية المغربية لمجموعات الصحة", "AMGS"]


def test_every_quote_is_kept_as_the_evidence_of_its_statement(bundled: Database) -> None:
    proxies = read_back(export(whole_database(bundled), bundled)[0])
    evidence = {}
    for proxy in proxies.values():
        if proxy.schema.name == "UnknownLink" and proxy.first("role").startswith(SAID):
            continue  # (who said a statement: test_a_statement_someone_said_links_them_to_what_they_said)
        if proxy.schema.name in ("Documentation", "Membership", "Employment", "UnknownLink"):
            article = proxy.get("document", quiet=True) or proxy.get("proof")
            evidence.setdefault(proxy.schema.name, []).append((proxy.first("description"), article))
    quotes = [
        (statement.quote, [entity_id(statement.source)])
        for record in whole_database(bundled).records()
        for statement in statements_of(record)
        if statement.quote
    ]
    assert sorted(quote for found in evidence.values() for quote in found) == sorted(quotes)
    assert len(evidence["Membership"]) == 7 and len(evidence["Employment"]) == 2 and evidence["UnknownLink"]


def test_a_statement_someone_said_links_them_to_what_they_said(bundled: Database) -> None:
    """A fact with a speaker: an UnknownLink from the person to the record, "said: <label>", with quote and article."""
    proxies = read_back(export(whole_database(bundled), bundled)[0])
    said = {
        (proxy.first("subject"), proxy.first("object"), proxy.first("role"), proxy.first("description"))
        for proxy in proxies.values()
        if proxy.schema.name == "UnknownLink" and proxy.first("role").startswith(SAID)
    }
    expected = {
        (entity_id(fact.speaker), entity_id(record.id), f"{SAID} {fact.label}", fact.quote)
        for record in whole_database(bundled).records()
        for fact in getattr(record, "facts", ())
        if fact.speaker is not None
    }
    assert said == expected and len(said) == 17
    reason = next(link for link in said if link[3].startswith("اخترنا التعامل معهم لأنهم يتميزون بقدرات جيدة،"))
    assert reason[:3] == ("marsad-rob-walton", "marsad-t2s-ge-healthcare", "said: Why T2S was chosen")
    # a record exported alone still names its speaker, by id (the person is not exported with it)
    alone = read_back(export(one_record(bundled.get("t2s")), bundled)[0])
    assert any(
        proxy.schema.name == "UnknownLink" and proxy.first("subject") == "marsad-abderraouf-sourdou"
        for proxy in alone.values()
    )


def test_the_association_the_partnership_and_people_are_links(bundled: Database) -> None:
    proxies = read_back(export(whole_database(bundled), bundled)[0])
    members = sorted(
        proxy.first("member")
        for proxy in proxies.values()
        if proxy.schema.name == "Membership" and proxy.first("organization") == "marsad-amgs"
    )
    assert members == sorted(entity_id(member.organization) for member in bundled.get("amgs").members)
    partners = [
        proxy.first("participant")
        for proxy in proxies.values()
        if proxy.schema.name == "ProjectParticipant" and proxy.first("project") == "marsad-t2s-ge-healthcare"
    ]
    assert sorted(partners) == ["marsad-ge-healthcare", "marsad-t2s"]
    employment = next(
        proxy
        for proxy in proxies.values()
        if proxy.schema.name == "Employment" and proxy.first("employee") == "marsad-rob-walton"
    )
    assert employment.first("employer") == "marsad-ge-healthcare" and employment.first("role").startswith(
        "الرئيس المدير العام"
    )


def test_ids_are_stable(bundled: Database) -> None:
    first, _ = export(whole_database(bundled), bundled)
    again, _ = export(whole_database(bundled), bundled)
    assert first == again
    alone, _ = export(one_record(bundled.get("amgs")), bundled)
    whole_ids = {entity["id"] for entity in first}
    assert {entity["id"] for entity in alone} <= whole_ids, "a part's entities are the whole's: exports merge"


def test_a_part_brings_the_articles_it_cites(bundled: Database) -> None:
    entities, written = export(record_list(bundled, RecordSlice("person")), bundled)
    proxies = read_back(entities)
    articles = [proxy for proxy in proxies.values() if proxy.schema.name == "Article"]
    assert [proxy.id for proxy in articles] == ["marsad-t2s-ge-healthcare-article"]
    assert written.items == 2


def test_the_facts_table_as_entities(bundled: Database) -> None:
    entities, written = export(fact_table(bundled, FactSlice(FactKind("label", "Care units"))), bundled)
    proxies = read_back(entities)
    notes = [proxy for proxy in proxies.values() if proxy.schema.name == "Documentation"]
    assert len(notes) == written.items >= 1
    assert all(proxy.first("entity") in proxies for proxy in notes)


def test_tricky_records_validate_and_long_values_are_shortened(tricky: Database) -> None:
    entities, written = export(whole_database(tricky), tricky)
    proxies = read_back(entities)
    assert written.shortened == 1  # the 500-letter name (a 2,000-letter value fits a summary)
    markdown = proxies[entity_id("markdown")]
    assert max(len(name) for name in markdown.get("name")) == MAX_CHARS["name"]
    article = proxies[entity_id("long-article")]
    pieces = article.get("bodyText")
    assert len(pieces) > 1 and all(len(piece) <= MAX_CHARS["text"] for piece in pieces)
    source = tricky.get("long-article")
    assert " ".join(pieces).split() == source.text.split()
    assert article.get("publisher") == ["=outlet"]
    link = next(proxy for proxy in proxies.values() if proxy.schema.name == "UnknownLink")
    assert (link.first("subject"), link.first("object"), link.first("description")) == (
        "marsad-markdown",
        "marsad-formulas",
        PARAGRAPH,
    )


def test_pieces_of_a_text_without_spaces_join_back() -> None:
    text = "ب" * 200_001
    pieces = list(_pieces(text, 65_000))
    assert "".join(pieces) == text and max(map(len, pieces)) == 65_000


def test_entity_ids_follow_followthemoney() -> None:
    assert entity_id("akdital") == "marsad-akdital"
    for record_id in ("ends-with-dash-", "x" * 200):
        assert model.get("Organization").validate({"properties": {"name": ["x"]}}) is None
        made = entity_id(record_id)
        assert made.startswith("marsad-") and len(made) <= 200 and made == entity_id(record_id)
        proxy = model.make_entity("Documentation")
        proxy.add("entity", made)  # the entity type cleans ids it rejects to nothing
        assert proxy.get("entity") == [made]


def test_languages_are_codes_followthemoney_takes() -> None:
    language = model.get("Article").get("language").type
    assert all(language.validate(code) for code in LANGUAGES.values())
    assert [language_code(code) for code in ("ar", "AR-ma", "ara", "fr_FR", "xx", "")] == [
        "ara",
        "ara",
        "ara",
        "fra",
        None,
        None,
    ]

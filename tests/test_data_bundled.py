"""The bundled database: clean, verbatim, readable, and covering the two articles."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tui.cli import main
from tui.data.bundled import bundled_database_path
from tui.store.opening import load_database

DATA = Path(__file__).resolve().parents[1] / "data" / "marsad.json"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TABLES = ("organizations", "partnerships", "associations", "people", "sources")


@pytest.fixture(scope="module")
def raw() -> bytes:
    return DATA.read_bytes()


@pytest.fixture(scope="module")
def data(raw: bytes) -> dict:
    return json.loads(raw.decode("utf-8"))


def records(data: dict, table: str) -> dict[str, dict]:
    """The records of a table by their id (read from the JSON, not the loader)."""
    return {record["id"]: record for record in data.get(table, {}).values()}


def facts(record: dict, field: str) -> list[dict]:
    return [fact for fact in record.get("facts", []) if fact["field"] == field]


# -- the file itself ------------------------------------------------------------


def test_bundled_path_is_the_data_file() -> None:
    """In a checkout it is data/marsad.json; in an installed wheel, a copy of it."""
    assert bundled_database_path().read_bytes() == DATA.read_bytes()


def test_validate_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert "ok: every record is valid" in out
    assert err == ""
    assert load_database().problems == []


def test_utf8_without_bom_or_escapes_and_indented(raw: bytes) -> None:
    text = raw.decode("utf-8")  # strict: raises if not UTF-8
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "\\u0" not in text, "stored with ensure_ascii=True: Arabic is escaped"
    assert "مجموعة" in text
    lines = text.splitlines()
    assert len(lines) > 100 and lines[1].startswith("  "), "not indented"
    assert "\r" not in text


def test_tables_are_the_known_ones(data: dict) -> None:
    assert set(data) == set(TABLES)
    for table in TABLES:
        assert all(key.isdigit() for key in data[table]), table


def test_ids_are_unique_slugs(data: dict) -> None:
    ids = [record["id"] for table in TABLES for record in data[table].values()]
    assert all(SLUG.fullmatch(i) for i in ids), [i for i in ids if not SLUG.fullmatch(i)]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_every_quote_is_verbatim_in_its_source(data: dict) -> None:
    texts = {source["id"]: source["text"] for source in data["sources"].values()}
    checked = 0
    for table in ("organizations", "partnerships", "associations", "people"):
        for record in data[table].values():
            cited = record.get("facts", []) + record.get("members", []) + record.get("roles", [])
            for item in cited:
                assert item["source"] in texts, (record["id"], item)
                assert item["quote"] in texts[item["source"]], (record["id"], item["quote"])
                checked += 1
    assert checked > 80


def test_every_reference_resolves(data: dict) -> None:
    organizations = records(data, "organizations")
    for partnership in records(data, "partnerships").values():
        assert set(partnership["parties"]) <= set(organizations)
    for association in records(data, "associations").values():
        assert {m["organization"] for m in association["members"]} <= set(organizations)
    for person in records(data, "people").values():
        assert {r["organization"] for r in person["roles"] if r.get("organization")} <= set(organizations)


def test_no_site_boilerplate_in_sources(data: dict) -> None:
    boilerplate = (
        "تعليقات",
        "ملفات تعريف الارتباط",
        "اشترك الآن",
        "اقرأ أيضا",
        "أضف تعليق",
        "جميع الحقوق محفوظة",
        "cookie",
        "©",
        "http",
    )
    for source in data["sources"].values():
        for phrase in boilerplate:
            assert phrase.lower() not in source["text"].lower(), (source["id"], phrase)


# -- coverage of the articles ------------------------------------------------------

LATIN_NAMES = {
    "t2s": "T2S",
    "ge-healthcare": "GE Healthcare",
    "odm": "ODM",
    "akdital": "Akdital",
    "groupe-tazi": "Groupe Tazi",
    "cim-sante": "CIM Santé",
    "gymes": "GYMES",
    "groupe-guessous": "Groupe Guessous",
    "elsan-sante": "Elsan Santé",
}
FOUNDERS = {"odm", "akdital", "groupe-tazi", "cim-sante", "gymes", "groupe-guessous", "elsan-sante"}


@pytest.mark.parametrize("org_id", sorted(LATIN_NAMES))
def test_organization_with_latin_name(data: dict, org_id: str) -> None:
    organization = records(data, "organizations")[org_id]
    assert organization["names"]["latin"] == LATIN_NAMES[org_id]
    assert organization["names"]["ar"]


def test_amgs_has_the_seven_founding_members(data: dict) -> None:
    amgs = records(data, "associations")["amgs"]
    members = [m["organization"] for m in amgs["members"]]
    assert len(members) == 7 and set(members) == FOUNDERS


def test_amgs_figures(data: dict) -> None:
    amgs = records(data, "associations")["amgs"]
    figures = {(f["number"], f["unit"]) for f in amgs["facts"] if f.get("number") is not None}
    assert {(30, "care units"), (10, "cities"), (2500, "health professionals")} <= figures


def test_t2s_footprint(data: dict) -> None:
    footprint = facts(records(data, "organizations")["t2s"], "footprint")
    assert any(f.get("number") == 15 and f.get("unit") == "countries" for f in footprint)


def test_partnership_t2s_ge_healthcare(data: dict) -> None:
    partnership = records(data, "partnerships")["t2s-ge-healthcare"]
    assert partnership["parties"] == ["t2s", "ge-healthcare"]
    assert facts(partnership, "region")
    assert any("الحصري" in f["value"] for f in facts(partnership, "exclusivity"))
    assert any(f.get("number") == 35 and f.get("unit") == "years" for f in facts(partnership, "relationship"))
    assert any(f.get("number") == 1_000_000 and f.get("unit") == "MAD" for f in facts(partnership, "cost"))
    values = " ".join(f["value"] for f in partnership["facts"])
    assert "مدغشقر" in values and "جيبوتي" in values


def test_two_people_with_roles(data: dict) -> None:
    people = records(data, "people")
    assert len(people) == 2
    for person in people.values():
        assert person["roles"] and all(role["title"] for role in person["roles"])


def test_two_sources_second_from_achkayen(data: dict) -> None:
    sources = list(data["sources"].values())
    assert len(sources) == 2
    assert sources[1]["outlet"] == "آشكاين"
    assert all(source["language"] == "ar" and len(source["text"]) > 500 for source in sources)


def test_loader_sees_the_same_records(data: dict) -> None:
    database = load_database()
    for table in TABLES:
        assert set(getattr(database, table)) == set(records(data, table))

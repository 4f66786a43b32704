"""The entries of the search aids, each name with where it comes from.

Countries are read from pycountry (ISO 3166-1: English names, official and
common names, and pycountry's French and Arabic translations of them), so they
follow its releases. Regions, cities and the sector's words are read from the
TOML files beside this module; spellings the bundled articles use are marked
with the article that writes them (`attested`). The labels of facts are read
import msgspec

from tui/i18n/labels.toml (`fact_labels`): a label named in any language
searches the label as stored (`مدة العلاقة` and `durée de la relation` find the
facts labelled "Relationship length").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

LANGUAGES = ("en", "fr", "ar")
PLACE = "place"
TERM = "term"
FACT_LABEL = "fact-label"


class Name(msgspec.Struct, frozen=True):
    """One name of an entry: as written, its language, and where it comes from."""

    text: str
    language: str
    source: str


class Entry(msgspec.Struct, frozen=True):
    """A place or a term of the sector: `id` is its source's identifier (ISO code, M49 code, Wikidata item, word).

    `members`: the ids of the entries it is made of (a region's countries, by ISO code),
    which a query naming it searches too; `members_source` says where that list comes from.
    A name's `source` says where its spelling is seen.
    """

    kind: str
    id: str
    names: tuple[Name, ...]
    members: tuple[str, ...] = ()
    members_source: str = ""
    reference: str = ""
    """A term's: where its English, French and Arabic words are seen paired."""


#: the gazetteer's regions, cities and country spellings, and the glossary of the sector's words
PLACES_FILE = Path(__file__).resolve().parent / "places.toml"
GLOSSARY_FILE = Path(__file__).resolve().parent / "glossary.toml"


def _data(path: Path) -> dict[str, Any]:
    import tomllib  # (the aids are made from their sources only when no index keeps them: tui.search.aids.compiled)

    return tomllib.loads(path.read_text(encoding="utf-8"))


def _attested(table: dict[str, Any]) -> Iterator[Name]:
    for source, forms in table.get("attested", {}).items():
        for text in forms:
            yield Name(text, "ar", f"bundled article {source}")


def _listed(table: dict[str, Any], source: str) -> Iterator[Name]:
    for language in LANGUAGES:
        for text in table.get(language, ()):
            yield Name(text, language, source)


def countries(extra: dict[str, list[Name]] | None = None) -> Iterator[Entry]:
    """Every ISO 3166-1 country, named in English, French and Arabic by pycountry (plus `extra` names by code)."""
    import gettext

    import pycountry

    source = "ISO 3166-1, pycountry"
    translations = {
        language: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for language in ("fr", "ar")
    }
    for country in pycountry.countries:
        english = [
            text
            for attribute in ("name", "official_name", "common_name")
            if (text := getattr(country, attribute, None))
        ]
        names = [Name(text, "en", source) for text in english]
        for language, translation in translations.items():
            for text in english:
                translated = translation.gettext(text)
                if translated != text or language == "fr":  # an Arabic name left in English is no Arabic name
                    names.append(Name(translated, language, f"{source} ({language} translation)"))
        names.extend((extra or {}).get(country.alpha_2, ()))
        yield Entry(PLACE, country.alpha_2, tuple(names))


def places() -> Iterator[Entry]:
    """Countries, then the regions and cities of places.toml."""
    data = _data(PLACES_FILE)
    extra = {table["code"]: list(_attested(table)) for table in data.get("country", ())}
    yield from countries(extra)
    regions = {table["id"]: table for table in data.get("place", ())}
    for table in data.get("place", ()):
        yield Entry(
            PLACE,
            table["id"],
            (*_listed(table, table["source"]), *_attested(table)),
            _members(table, regions),
            table.get("members_source", ""),
        )


def _members(table: dict[str, Any], regions: dict[str, dict[str, Any]]) -> tuple[str, ...]:
    """The countries of a region: its own `members`, and those of the regions in its `regions`."""
    found: dict[str, None] = dict.fromkeys(table.get("members", ()))
    for region in table.get("regions", ()):
        found.update(dict.fromkeys(_members(regions[region], regions)))
    return tuple(found)


def terms() -> Iterator[Entry]:
    """The sector's words of glossary.toml, each name citing the term's `reference` (where the pairing is seen)."""
    for table in _data(GLOSSARY_FILE).get("term", ()):
        reference = table["reference"]
        yield Entry(TERM, table["id"], (*_listed(table, reference), *_attested(table)), reference=reference)


def fact_labels() -> Iterator[Entry]:
    """The labels of facts of tui/i18n/labels.toml (not their units or qualifiers), each named in English, French
    and Arabic."""
    from tui.i18n import labels

    for key, texts in labels.entries("label").items():
        names = tuple(Name(text, language, "tui/i18n/labels.toml") for language, text in texts.items())
        yield Entry(FACT_LABEL, key, names)


def entries() -> list[Entry]:
    return [*places(), *terms()]

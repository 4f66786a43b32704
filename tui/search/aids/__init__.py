"""Search aids: what a query word may also mean, kept apart from the records.

The records are Arabic; a user types `madagascar`, `Afrique` or `formation`. The
aids are a gazetteer (countries from pycountry's ISO 3166 names and their Arabic
and French translations; regions and cities in `places.toml`) and a glossary of
the sector's words (`glossary.toml`), each name with its source. Nothing in them
is a fact about a record: a query word that names an entry also matches the
entry's other forms, below every direct match (`tui.search.ranking.AID_TIERS`).

- `names`: the entries and where each name comes from;
- `expansion`: the entries a query names, and the forms to search for them.

docs/search-aids.md says what is covered and how to add a name.
"""

from tui.search.aids.expansion import AidForm, Aids, Via, default_aids, via_text

__all__ = ["AidForm", "Aids", "Via", "default_aids", "via_text"]

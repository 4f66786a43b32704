"""The oracle engine's documents of a database, as `tui/search_index.py` made them before the index file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from search_oracle.engine import FIELD_WEIGHTS, SearchDocument, SearchField, SearchIndex
from tui.data.kinds import kind_of
from tui.data.models import Person, Record, Source

#: facts whose field holds what a record *is*, searched with more weight than other facts
_FACT_FIELDS = {"kind": "kind", "country": "country"}


def _is_acronym(name: str) -> bool:
    letters = name.replace(" ", "")
    return 1 < len(letters) <= 6 and letters.isupper()


def _fields(record: Record) -> Iterator[SearchField]:
    def field(name: str, text: str) -> SearchField:
        return SearchField(name, FIELD_WEIGHTS[name], text)

    if isinstance(record, Source):  # an untitled source's display name is only its first words
        if record.title:
            yield field("name", record.title)
        if record.outlet:
            yield field("kind", record.outlet)
        yield field("source", record.text)
        return
    names = record.names
    for text in (names.ar, names.latin):
        if text:
            yield field("acronym" if _is_acronym(text) else "name", text)
    for alias in names.aliases:
        yield field("acronym" if _is_acronym(alias) else "alias", alias)
    for fact in getattr(record, "facts", ()):
        yield field(_FACT_FIELDS.get(fact.field, "fact"), fact.value)
    if isinstance(record, Person):
        for role in record.roles:
            yield field("role", role.title)


def index_of(records: Iterable[Record]) -> SearchIndex:
    """The oracle's index of some records (as `tui/search_index.py` made it of a database's)."""
    return SearchIndex(
        SearchDocument(kind_of(record), record.id, record.names.primary, tuple(_fields(record))) for record in records
    )

"""Build the search engine's documents from a database: which field counts how much."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tui.store.database import Database
from tui.data.kinds import kind_of
from tui.data.models import Person, Record, Source
from tui.search.engine import FIELD_WEIGHTS, SearchDocument, SearchField, SearchIndex

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


def documents(database: Database) -> Iterator[SearchDocument]:
    for record in database.all_records():
        yield SearchDocument(kind_of(record), record.id, record.names.primary, tuple(_fields(record)))


def build_index(database: Database, should_stop: Callable[[], bool] | None = None) -> SearchIndex:
    """The search index of a database (see `SearchIndex` for `should_stop`)."""
    return SearchIndex(documents(database), should_stop)

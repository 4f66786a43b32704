"""A document as the storage keeps it: its canonical JSON, decoded only when something reads it.

TinyDB holds a whole database in memory, and a decoded document costs about
ten times its JSON (dicts, lists, strings: 1.2 GB for a 175 MB file). The
storage (`tui.edit.storage`) keeps each document read from the file as its
canonical compact JSON (`tui.edit.canonical.document_bytes`) in a
`StoredDocument`, a `MutableMapping` that TinyDB uses like the dict it expects:
reading one decodes it (and keeps it decoded, as TinyDB may change what it
hands out); a document never decoded is written back as its bytes, unencoded.

Readers that only look (planning an edit, validating a write) take a `plain`
copy, which leaves the document compact, and skip documents whose JSON does
not hold what they look for (`may_hold`): a rename does not decode the
database to find the records that name the renamed one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import Any

import msgspec

_DECODER = msgspec.json.Decoder()
_ENCODER = msgspec.json.Encoder()


class StoredDocument(MutableMapping[str, Any]):
    """A JSON object kept as its canonical compact JSON until it is read."""

    __slots__ = ("_value", "raw", "record_id")

    def __init__(self, raw: bytes, record_id: str | None) -> None:
        self.raw = raw
        """The canonical compact JSON (what the file holds), until the document is decoded."""
        self.record_id = record_id
        """The document's `id`, when it is a string (known without decoding it)."""
        self._value: dict[str, Any] | None = None

    @property
    def decoded(self) -> bool:
        """Whether it was read, and so may have been changed in place (its bytes may no longer be it)."""
        return self._value is not None

    def value(self) -> dict[str, Any]:
        """The document itself (decoded now and kept: what TinyDB reads and may change)."""
        if self._value is None:
            self._value = _DECODER.decode(self.raw)
        return self._value

    def copy(self) -> dict[str, Any]:
        """A decoded copy, leaving the document as it is."""
        copied: dict[str, Any] = _DECODER.decode(self.raw if self._value is None else _ENCODER.encode(self._value))
        return copied

    def replace(self, value: dict[str, Any]) -> None:
        """It is `value` now: one assignment, so that a reader in another thread (a save) sees it before or
        after, never half changed."""
        self._value = value

    def compact(self, raw: bytes) -> None:
        """It is `raw` now (just written): keep only that."""
        self.raw = raw
        self._value = None

    def __getitem__(self, key: str) -> Any:
        return self.value()[key]

    def __setitem__(self, key: str, item: Any) -> None:
        self.value()[key] = item

    def __delitem__(self, key: str) -> None:
        del self.value()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.value())

    def __len__(self) -> int:
        return len(self.value())

    def __repr__(self) -> str:
        return f"StoredDocument({self.raw[:60]!r}…)" if self._value is None else f"StoredDocument({self._value!r})"


def plain(document: Any) -> Any:
    """A document to read: a dict copy of a stored one (left compact), anything else as it is."""
    return document.copy() if isinstance(document, StoredDocument) else document


def record_id(document: Any) -> str | None:
    """A document's `id` when it is a string, read without decoding a stored document."""
    if isinstance(document, StoredDocument):
        return document.record_id if not document.decoded else _id(document.value())
    return _id(document) if isinstance(document, Mapping) else None


def _id(document: Mapping[str, Any]) -> str | None:
    found = document.get("id")
    return found if isinstance(found, str) else None


def needles(texts: Iterable[str]) -> tuple[bytes, ...]:
    """The JSON forms of some strings, as a stored document holds them (`may_hold`)."""
    return tuple(_ENCODER.encode(text) for text in texts)


def may_hold(document: Any, forms: tuple[bytes, ...]) -> bool:
    """False only when a compact stored document certainly holds none of the strings (`needles`)."""
    if not isinstance(document, StoredDocument) or document.decoded:
        return True
    return any(form in document.raw for form in forms)

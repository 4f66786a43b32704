"""The search aids as an index keeps them: made once, when the index is built.

Making the aids reads pycountry (its database and two translations), three TOML
files and normalizes some thousands of names: ~70 ms, which a one-shot `marsad
search` and the app's first query would pay every time, for the same result.
So the builder stores what `Aids` is made of (`AidParts`, in msgpack) in the
index's `search_aids` table, with a fingerprint of what the aids are made from:
Marsad's version, the aids' TOML files, the labels' file, pycountry's data files.
A search uses the stored aids when the fingerprint is the one of this
installation (~3 ms to read them), and makes them from their sources when it is
not (pycountry upgraded since the index was built, a name added to a TOML file):
what a query finds through the aids never depends on what the index kept.

The index is trusted as a whole (`tui.store.proof`); its aids are still decoded
into their types strictly and checked for numbers in range, and any fault means
the aids are made from their sources again.
"""

from __future__ import annotations

import hashlib
import sqlite3
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import msgspec

from tui import __version__
from tui.i18n.labels import LABELS_FILE
from tui.search.aids.expansion import AidParts, Aids, default_aids
from tui.search.aids.names import GLOSSARY_FILE, PLACES_FILE

AIDS_TABLE = """
CREATE TABLE search_aids (
    fingerprint TEXT NOT NULL,      -- aids_fingerprint() of the installation that built the index
    parts BLOB NOT NULL             -- AidParts, in msgpack
);
"""
#: what the aids are made from, in this package
_OWN_SOURCES = (PLACES_FILE, GLOSSARY_FILE, LABELS_FILE)
#: what pycountry gives the aids: its countries and their French and Arabic names
_PYCOUNTRY_SOURCES = (
    "databases/iso3166-1.json",
    "locales/fr/LC_MESSAGES/iso3166-1.mo",
    "locales/ar/LC_MESSAGES/iso3166-1.mo",
)

_decode_parts = msgspec.msgpack.Decoder(AidParts).decode


@cache
def aids_fingerprint() -> str:
    """A hash of everything the aids are made from here (read, not imported: pycountry's import alone is ~17 ms)."""
    digest = hashlib.sha256(f"marsad {__version__}\n".encode())
    for path in _OWN_SOURCES:
        digest.update(path.read_bytes())
    spec = find_spec("pycountry")
    folders = spec.submodule_search_locations if spec is not None else None
    for name in _PYCOUNTRY_SOURCES:
        try:
            digest.update(next(Path(folder, name).read_bytes() for folder in folders or ()))
        except (OSError, StopIteration):
            digest.update(b"missing " + name.encode())
    return digest.hexdigest()


def store_aids(connection: sqlite3.Connection) -> None:
    """Keep this installation's aids in the index being built."""
    connection.execute(AIDS_TABLE)
    connection.execute(
        "INSERT INTO search_aids (fingerprint, parts) VALUES (?, ?)",
        (aids_fingerprint(), msgspec.msgpack.encode(default_aids().parts())),
    )


def index_aids(connection: sqlite3.Connection) -> Aids:
    """The aids an index keeps, when they are this installation's; else the aids made from their sources."""
    try:
        row = connection.execute("SELECT fingerprint, parts FROM search_aids").fetchone()
    except sqlite3.Error:  # (no such table: an index built without aids, as the tests' small ones are)
        row = None
    if row is None or row[0] != aids_fingerprint():
        return default_aids()
    try:
        parts = _decode_parts(row[1])
    except (msgspec.DecodeError, TypeError):
        return default_aids()
    return Aids.of_parts(parts) if _in_range(parts) else default_aids()


def _in_range(parts: AidParts) -> bool:
    """Whether every entry number the parts hold names one of their entries."""
    count = len(parts.entries)
    return (
        len(parts.members) == count
        and all(0 <= member < count for members in parts.members for member in members)
        and all(0 <= key.entry < count and key.words for keys in parts.by_first.values() for key in keys)
    )

"""What the tests of `tui.edit` share: a copy of the bundled database, and reading a file back two ways.

Every edit is checked by reading the file back through TinyDB's own JSON storage
(the format is TinyDB's) and through Marsad's reader (the same records).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from tui.data.bundled import bundled_database_path
from tui.data.kinds import KINDS
from tui.data.models import Organization, Record
from tui.store.opening import load_database


def bundled_copy(folder: Path, name: str = "marsad.json") -> Path:
    """A copy of the bundled database (already in the canonical layout) in `folder`."""
    path = folder / name
    shutil.copyfile(bundled_database_path(), path)
    return path


def bundled_data() -> dict[str, Any]:
    return json.loads(bundled_database_path().read_text(encoding="utf-8"))


def read_by_tinydb(path: Path) -> dict[str, Any]:
    """The file as TinyDB's own JSONStorage reads it (opened read-only)."""
    with TinyDB(path, storage=JSONStorage, access_mode="r") as database:
        tables = database.storage.read()
    return tables or {}


def organization(records: dict[str, Record], record_id: str) -> Organization:
    """One organization of `read_by_marsad`'s records."""
    record = records[record_id]
    assert isinstance(record, Organization)
    return record


def read_by_marsad(path: Path) -> tuple[dict[str, Record], list[str]]:
    """The records Marsad's reader finds in the file (by id), and its problems."""
    database = load_database(path)
    try:
        records = {record_id: record for kind in KINDS for record_id, record in database.table(kind.name).items()}
        return records, sorted(str(problem) for problem in database.problems)
    finally:
        database.close()

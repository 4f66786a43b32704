"""Where a database file's index lives, and whether an index may be trusted for it.

Indexes are derived data: they live in the user's cache directory (never beside
the database file), one per database path, and are rebuilt whenever they cannot be
shown to belong to the file as it is now. An index records the file's identity and
content when it was built: its size, modification and change times, inode, a hash
of samples of its bytes (read at every open: a few hundred kilobytes) and a hash
of all its bytes (computed while building). An index is used when it is a Marsad
index of this version and all of these agree; when only the times or the inode
differ (the file was copied back, or touched), the whole file is hashed and the
index is used if its content is the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from tui.data.errors import DatabaseUnreadable
from tui.store.schema import APPLICATION_ID, INDEX_VERSION, read_meta

#: bytes hashed at each of the sampled places of a file
SAMPLE_BYTES = 64 * 1024
#: places sampled between the first and the last
SAMPLE_PLACES = 14
_HASH_CHUNK = 1 << 20


def cache_root() -> Path:
    """Marsad's cache directory (`$XDG_CACHE_HOME/marsad` on Linux)."""
    try:
        return Path(platformdirs.user_cache_dir("marsad", appauthor=False))
    except RuntimeError:  # no home directory to find it in
        return _temporary_root()


def _temporary_root() -> Path:
    user = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"marsad-cache-{user}"


def index_directory() -> Path:
    """Where indexes are kept: the cache directory, or a temporary one when that cannot be written."""
    for root in (cache_root(), _temporary_root()):
        directory = root / "indexes"
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(directory, os.W_OK | os.X_OK):
            return directory
    return cache_root() / "indexes"  # (building there will say why it cannot)


def index_path(database_path: Path) -> Path:
    """Where the index of a database file is kept: named after the file's real path."""
    real = os.path.realpath(database_path)
    name = hashlib.blake2b(os.fsencode(real), digest_size=12).hexdigest()
    return index_directory() / f"{name}.sqlite"


@dataclass(frozen=True, slots=True)
class FileState:
    """What an index remembers of the file it was built from."""

    path: bytes
    """The file's real path, as the file system spells it (it need not be UTF-8)."""
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    sample_hash: str

    @classmethod
    def of(cls, path: Path, info: os.stat_result) -> FileState:
        return cls(
            os.fsencode(os.path.realpath(path)),
            info.st_size,
            info.st_mtime_ns,
            info.st_ctime_ns,
            info.st_ino,
            sample_hash(path, info.st_size),
        )


def sample_hash(path: Path, size: int) -> str:
    """A hash of the file's size and of SAMPLE_BYTES at its start, its end and places between.

    Raises `DatabaseUnreadable` for a file that cannot be read.
    """
    digest = hashlib.blake2b(str(size).encode(), digest_size=16)
    places = {0, max(0, size - SAMPLE_BYTES)} | {
        size * number // (SAMPLE_PLACES + 1) for number in range(1, SAMPLE_PLACES + 1)
    }
    try:
        with path.open("rb") as handle:
            for offset in sorted(places):
                handle.seek(offset)
                digest.update(handle.read(SAMPLE_BYTES))
    except PermissionError:
        raise DatabaseUnreadable(str(path), "permission denied", "Make the file readable (chmod u+r)") from None
    except OSError as error:
        raise DatabaseUnreadable(str(path), f"cannot read ({error.strerror})") from None
    return digest.hexdigest()


def content_hash(path: Path) -> str:
    """A hash of every byte of the file (the same as `tui.data.stream.content_digest` makes)."""
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def usable_index(database_path: Path, state: FileState) -> Path | None:
    """The index of this file as it is now, if there is one that can be trusted."""
    path = index_path(database_path)
    try:
        meta = _meta_of(path)
    except (OSError, sqlite3.Error, ValueError):
        return None
    if meta is None or meta.get("path") != state.path or meta.get("size") != state.size:
        return None
    if meta.get("sample_hash") != state.sample_hash:
        return None
    if (meta.get("mtime_ns"), meta.get("ctime_ns"), meta.get("inode")) != (state.mtime_ns, state.ctime_ns, state.inode):
        # touched, or copied back: the same bytes keep their index
        try:
            if meta.get("content_hash") != content_hash(database_path):
                return None
        except OSError:
            return None
    return path


def _meta_of(path: Path) -> dict[str, object] | None:
    """The meta table of a complete Marsad index of this version, else None."""
    if not path.is_file():
        return None
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        if connection.execute("PRAGMA user_version").fetchone()[0] != INDEX_VERSION:
            return None
        meta = read_meta(connection)
        return meta if meta.get("complete") == 1 else None
    finally:
        connection.close()


def temporary_index_path(final: Path) -> Path:
    """A new file name beside `final` for an index being built (renamed over `final` when done).

    Named with the builder's process id, so that leftovers of a builder that was
    killed can be told apart from the work of one still running.
    """
    return final.with_name(f"{final.stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def remove_leftovers(directory: Path) -> None:
    """Delete indexes half-built by processes that are gone."""
    for leftover in directory.glob("*.tmp*"):
        parts = leftover.name.split(".")
        pid = int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None
        if pid is not None and _alive(pid):
            continue
        with contextlib.suppress(OSError):
            leftover.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def clear_cache() -> tuple[int, int]:
    """Remove every index Marsad made; (files removed, bytes freed)."""
    directory = index_directory()
    files = [entry for entry in directory.iterdir() if entry.is_file()] if directory.is_dir() else []
    freed = sum(entry.stat().st_size for entry in files)
    shutil.rmtree(directory, ignore_errors=True)
    return len(files), freed

"""Where a database file's index lives, and whether an index may be trusted for it.

Indexes are derived data: they live in a folder only the user controls (never
beside the database file; `tui.store.private` says what that means): the user's
cache directory, else a folder Marsad makes in the temporary directory, else one
for this run only. One index per database path, never more readable than its
database, rebuilt whenever it cannot prove it is as it was written
(`tui.store.proof`) and be shown to belong to the file as it is now. An index records the file's identity and
content when it was built: its size, modification and change times, inode, a hash
of samples of its bytes (read at every open: a few hundred kilobytes) and a hash
of all its bytes (computed while building). An index is used when it is a Marsad
index of this version and all of these agree; when only the times or the inode
differ (the file was copied back, or touched), the whole file is hashed and the
index is used if its content is the same.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import re
import secrets
import sqlite3
import tempfile
from pathlib import Path

import msgspec
import platformdirs

from tui.data.errors import DatabaseUnreadable
from tui.i18n import _
from tui.store.private import own_directory, remove_own_files, safe_parent
from tui.store.proof import stamp_path, verdict
from tui.store.schema import APPLICATION_ID, INDEX_VERSION, read_meta

#: bytes hashed at each of the sampled places of a file
SAMPLE_BYTES = 64 * 1024
#: places sampled between the first and the last
SAMPLE_PLACES = 14
_HASH_CHUNK = 1 << 20


#: the names Marsad gives what it keeps in an index folder: indexes, their stamps, and files being written
INDEX_NAME = re.compile(r"[0-9a-f]{24}\.sqlite")
OWN_FILES = re.compile(r"[0-9a-f]{24}\.sqlite(?:\.stamp)?")
TEMPORARY_NAME = re.compile(r"[0-9a-f]{24}\.(?:\d+\.[0-9a-f]{8}|sqlite\.stamp\.\d+)\.tmp")
#: set (by the first process that needs it) to a folder of this run, that child processes use too
RUN_FOLDER_VARIABLE = "MARSAD_RUN_INDEXES"
#: the meta key that marks an index holding edits its file does not hold yet (`tui.store.update`): never trusted
UNSAVED = "unsaved edits"


class NoPrivateFolder(DatabaseUnreadable):
    """No folder where only this user could keep an index."""


def cache_root() -> Path | None:
    """Marsad's cache directory (`$XDG_CACHE_HOME/marsad` on Linux); None without a home to find it in."""
    try:
        return Path(platformdirs.user_cache_dir("marsad", appauthor=False))
    except RuntimeError:
        return None


def _user_folder() -> Path | None:
    """`<cache>/marsad/indexes` (made 0700 if need be), if both folders are this user's, written by nobody else."""
    root = cache_root()
    if root is None:
        return None
    with contextlib.suppress(OSError):
        root.parent.mkdir(parents=True, exist_ok=True)
    folder = root / "indexes"
    if own_directory(root, private=False, create=True) and own_directory(folder, private=False, create=True):
        return folder
    return None


def _shared_folder() -> Path | None:
    """`$TMPDIR/marsad-UID-indexes`, made by Marsad with mode 0700 (one that is not was made by someone else)."""
    temporary = Path(tempfile.gettempdir())
    if not safe_parent(temporary):
        return None
    folder = temporary / f"marsad-{os.geteuid()}-indexes"
    return folder if own_directory(folder, private=True, create=True) else None


_run_folder: Path | None = None
"""The folder of this run, when this process made one (removed when it ends: `remove_run_folder`)."""


def _folder_of_this_run() -> Path | None:
    """A new private folder (`mkdtemp`: a name nobody could take first, mode 0700) for this run and its children."""
    global _run_folder
    inherited = os.environ.get(RUN_FOLDER_VARIABLE)
    if inherited and own_directory(Path(inherited), private=True, create=False):
        return Path(inherited)
    temporary = Path(tempfile.gettempdir())
    if not safe_parent(temporary):
        return None
    try:
        made = Path(tempfile.mkdtemp(prefix=f"marsad-{os.geteuid()}-run-", dir=temporary))
    except OSError:
        return None
    _run_folder = made
    os.environ[RUN_FOLDER_VARIABLE] = str(made)  # (a child building an index finds it here)
    return made


def remove_run_folder() -> None:
    """Remove the folder this run made, and the indexes in it (it is Marsad's own: nothing else can be there)."""
    global _run_folder
    if _run_folder is None:
        return
    remove_own_files(_run_folder, OWN_FILES, keep_locked=False)
    remove_own_files(_run_folder, TEMPORARY_NAME, keep_locked=False)
    with contextlib.suppress(OSError):
        _run_folder.rmdir()
    _run_folder = None


atexit.register(remove_run_folder)


def index_directory() -> Path:
    """Where indexes are kept: a folder only this user controls, checked at every use.

    The user's cache; when it cannot be used (no home, a read-only home, a folder
    someone else owns), `$TMPDIR/marsad-UID-indexes` made by Marsad; when someone
    else took that name, a new folder for this run only. Raises `NoPrivateFolder`
    when there is none (a temporary directory others could rename things in).
    """
    for folder in (_user_folder, _shared_folder, _folder_of_this_run):
        found = folder()
        if found is not None:
            return found
    raise NoPrivateFolder(
        str(cache_root() or tempfile.gettempdir()),
        _(
            "no folder where only you could keep the index (the cache cannot be written, the temporary directory is "
            "not safe to share)"
        ),
        _("Set XDG_CACHE_HOME to a folder of yours"),
    )


def index_path(database_path: Path) -> Path:
    """Where the index of a database file is kept: named after the file's real path."""
    real = os.path.realpath(database_path)
    name = hashlib.blake2b(os.fsencode(real), digest_size=12).hexdigest()
    return index_directory() / f"{name}.sqlite"


def index_mode(database_mode: int) -> int:
    """The permissions of an index of a file with `database_mode`: never more readable than the file.

    Read and write for this user; read for the group and others only where the
    database file has it (and the umask allows it).
    """
    return 0o600 | (database_mode & 0o044 & ~_umask())


def _umask() -> int:
    """This process's umask, read without changing it (Linux says it in /proc; elsewhere it is set and put back)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


class FileState(msgspec.Struct, frozen=True):
    """What an index remembers of the file it was built from."""

    path: bytes
    """The file's real path, as the file system spells it (it need not be UTF-8)."""
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    sample_hash: str

    def meta(self) -> dict[str, object]:
        """What an index's meta table keeps of the file (`check_index` compares them)."""
        return {
            "path": self.path,
            "size": self.size,
            "mtime_ns": self.mtime_ns,
            "ctime_ns": self.ctime_ns,
            "inode": self.inode,
            "sample_hash": self.sample_hash,
        }

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
        raise DatabaseUnreadable(str(path), _("permission denied"), _("Make the file readable (chmod u+r)")) from None
    except OSError as error:
        raise DatabaseUnreadable(str(path), _("cannot read ({reason})").format(reason=error.strerror)) from None
    return digest.hexdigest()


def content_hash(path: Path) -> str:
    """A hash of every byte of the file (the same as `tui.data.stream.content_digest` makes)."""
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class IndexCheck(msgspec.Struct, frozen=True):
    """What was found at a file's index path: an index to use, or why there is none to use."""

    path: Path
    usable: bool
    damage: str = ""
    """Why the index found there cannot be trusted, when it was damaged (said to the user); "" otherwise."""


def check_index(database_path: Path, state: FileState) -> IndexCheck:
    """The index of this file as it is now, if there is one that proves itself (`tui.store.proof`) and matches it."""
    path = index_path(database_path)
    proof = verdict(path)
    if not proof.sound:
        return IndexCheck(path, False, proof.damage)
    try:
        meta = _meta_of(path)
    except sqlite3.DatabaseError as error:
        return IndexCheck(path, False, _("is not a readable index ({reason})").format(reason=error))
    except (OSError, sqlite3.Error, ValueError):
        return IndexCheck(path, False)
    if meta is None or meta.get("path") != state.path or meta.get("size") != state.size:
        return IndexCheck(path, False)
    if meta.get(UNSAVED) == 1:  # (edits shown before the file was saved: the file is the truth)
        return IndexCheck(path, False)
    if meta.get("sample_hash") != state.sample_hash:
        return IndexCheck(path, False)
    if (meta.get("mtime_ns"), meta.get("ctime_ns"), meta.get("inode")) != (state.mtime_ns, state.ctime_ns, state.inode):
        # touched, or copied back: the same bytes keep their index
        try:
            if meta.get("content_hash") != content_hash(database_path):
                return IndexCheck(path, False)
        except OSError:
            return IndexCheck(path, False)
    return IndexCheck(path, True)


def usable_index(database_path: Path, state: FileState) -> Path | None:
    """The index of this file as it is now, if there is one that can be trusted."""
    check = check_index(database_path, state)
    return check.path if check.usable else None


def _meta_of(path: Path) -> dict[str, object] | None:
    """The meta table of a complete Marsad index of this version, else None."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        if connection.execute("PRAGMA user_version").fetchone()[0] != INDEX_VERSION:
            return None
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the schema reads
        meta = read_meta(connection)
        return meta if meta.get("complete") == 1 and not meta.get(UNSAVED) else None
    finally:
        connection.close()


def forget_index(index: Path) -> None:
    """Make sure a damaged index is not used again: its stamp goes (the next open rebuilds it)."""
    with contextlib.suppress(OSError):
        stamp_path(index).unlink()


def temporary_index_path(final: Path) -> Path:
    """A new file name beside `final` for an index being built (renamed over `final` when done).

    Named with the builder's process id (for whoever looks), but a leftover is told
    from the work of a running builder by the builder's lock (`tui.store.private`),
    which holds across PID namespaces, not by that id.
    """
    return final.with_name(f"{final.stem}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def remove_leftovers(directory: Path) -> None:
    """Delete what builders that are gone left half-built in `directory` (a folder of this user's only)."""
    remove_own_files(directory, TEMPORARY_NAME)


def clear_cache() -> tuple[int, int]:
    """Remove every index Marsad made, with their stamps; (files removed, bytes freed)."""
    directory = index_directory()
    files, freed = remove_own_files(directory, OWN_FILES, keep_locked=False)
    leftovers, leftover_bytes = remove_own_files(directory, TEMPORARY_NAME)
    return files + leftovers, freed + leftover_bytes

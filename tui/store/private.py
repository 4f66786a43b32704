"""Folders only this user controls, and files Marsad made in them, deleted by handle.

An index is derived from a database the user may keep private; it goes where no
other user can read it, replace it or plant one in its place. A folder is used
only when it is a real folder (never a symbolic link followed), owned by this
user, and writable by nobody else (a folder Marsad keeps in a shared place, such
as the temporary directory, not even enterable by anyone else: mode 0700). A
folder in a shared place is made by Marsad itself with mode 0700; one that is
there already and fails these checks was made by someone else, and is not used.

Deleting is as careful: never by pattern in a folder Marsad does not own, only
names Marsad gives, only regular files of this user, each opened first (without
following a link) and unlinked through the folder's open handle only if it is
still the file that was checked. A file being built is locked by its builder
(`flock`), so a half-built index is deleted only once no process holds it,
whatever PID namespace its builder runs in.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

__all__ = ["create_locked", "own_directory", "remove_own_files", "safe_parent"]

_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def own_directory(path: Path, *, private: bool, create: bool) -> bool:
    """Whether `path` is a folder this user may keep indexes in (made first, mode 0700, when `create`).

    `private`: nobody else may even enter it (0700); else nobody else may write to it.
    """
    if create:
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return False
    try:
        info = os.lstat(path)
    except (OSError, ValueError):
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        return False
    if info.st_mode & (0o077 if private else 0o022):
        return False
    return os.access(path, os.W_OK | os.X_OK)


def safe_parent(path: Path) -> bool:
    """Whether a shared folder (the temporary directory) keeps what others put in it from being renamed away.

    Owned by root or this user; if others may write to it, sticky (as /tmp is), so
    that only the owner of an entry can rename or delete it.
    """
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid not in (0, os.geteuid()):
        return False
    return not info.st_mode & 0o022 or bool(info.st_mode & stat.S_ISVTX)


def create_locked(path: Path, mode: int) -> int:
    """A new file at `path` (never an existing one, never through a link), with exactly `mode`, locked by this process.

    The lock (`flock`) lasts while the descriptor is open: `remove_own_files` never
    deletes a file whose builder is still at work.
    """
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    try:
        os.fchmod(descriptor, mode)  # (the umask may have taken bits away; never more than asked)
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(descriptor)
        path.unlink(missing_ok=True)
        raise
    return descriptor


def remove_own_files(directory: Path, names: re.Pattern[str], *, keep_locked: bool = True) -> tuple[int, int]:
    """Delete the files of `directory` whose whole name matches `names`; (files deleted, bytes freed).

    Only in a folder of this user's, opened without following a link; only regular
    files of this user; a file locked by a process (being built) is kept when `keep_locked`.
    """
    removed = freed = 0
    with _opened_directory(directory) as folder:
        if folder is None:
            return 0, 0
        for entry in os.scandir(folder):
            if names.fullmatch(entry.name) is None:
                continue
            size = _remove_if_own(folder, entry.name, keep_locked)
            if size is not None:
                removed += 1
                freed += size
    return removed, freed


@contextlib.contextmanager
def _opened_directory(directory: Path) -> Iterator[int | None]:
    """A handle on `directory` if it is a real folder of this user's that nobody else may write to; else None."""
    try:
        folder = os.open(directory, _DIRECTORY_FLAGS)
    except (OSError, ValueError):
        yield None
        return
    try:
        info = os.fstat(folder)
        yield folder if info.st_uid == os.geteuid() and not info.st_mode & 0o022 else None
    finally:
        os.close(folder)


def _remove_if_own(folder: int, name: str, keep_locked: bool) -> int | None:
    """Unlink `name` in `folder` if it is a regular file of this user's (and not locked); its size, or None."""
    try:
        handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            return None
        if keep_locked:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # its builder holds it
                return None
        now = os.stat(name, dir_fd=folder, follow_symlinks=False)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            return None  # replaced since it was opened
        os.unlink(name, dir_fd=folder)
        return info.st_size
    except OSError:
        return None
    finally:
        os.close(handle)

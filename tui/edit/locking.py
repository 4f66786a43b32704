"""The lock that keeps two Marsad processes from writing one database file at the same time.

An exclusive `flock` on a lock file beside the database, `.NAME.lock`, not on the
database itself: every write replaces the database file by renaming a new one
over it, so a lock on the file would be a lock on the old inode, and a process
opening the name after the rename would lock the new one while the first still
held the old. The lock file is never replaced, so every process locks the same
inode. It is empty but for the pid of the last writer (said when another waits),
is left in place after a write (removing a lock file races with whoever opens it
next), and is refused when it is not a regular file of the current user: another
user's lock file (in a shared folder) could be held forever, and a symbolic link
would make us create or lock a file elsewhere.

`flock` (not `lockf`/`fcntl` record locks) because a record lock is dropped when
the process closes any descriptor of the file, and belongs to the process, so two
threads would both "hold" it; a `flock` belongs to the open file description.
A waiting process polls with a growing pause, up to its timeout, then is told
who holds it (`LockBusy`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from pathlib import Path
from typing import Self

from tui.edit.errors import LockBusy, NotWritten, reason
from tui.i18n import _
from tui.text.gate import safe_path

#: how long a write waits for another process's write to finish, by default
DEFAULT_TIMEOUT = 10.0
_FIRST_PAUSE = 0.005
_LONGEST_PAUSE = 0.1


def lock_path(database: Path) -> Path:
    """The lock file of a database file: `.NAME.lock` in the same folder."""
    return database.with_name(f".{database.name}.lock")


class FileLock:
    """The exclusive lock of one database file, taken for each write (re-entrant within one object)."""

    def __init__(self, database: Path, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.database = database
        self.path = lock_path(database)
        self.timeout = timeout
        self._descriptor: int | None = None
        self._depth = 0

    @property
    def held(self) -> bool:
        return self._depth > 0

    def __enter__(self) -> Self:
        if self._depth == 0:
            self._descriptor = self._acquire()
        self._depth += 1
        return self

    def __exit__(self, *_exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._descriptor is not None:
            descriptor, self._descriptor = self._descriptor, None
            with contextlib.suppress(OSError):
                fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)

    def _acquire(self) -> int:
        descriptor = self._open()
        try:
            deadline = time.monotonic() + self.timeout
            pause = _FIRST_PAUSE
            while True:
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockBusy(self.database, self.timeout, self._holder(descriptor)) from None
                    time.sleep(pause)
                    pause = min(pause * 2, _LONGEST_PAUSE)
            with contextlib.suppress(OSError):  # (the pid is only said to the next one waiting)
                os.ftruncate(descriptor, 0)
                os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        except BaseException:
            os.close(descriptor)
            raise
        return descriptor

    def _open(self) -> int:
        shown = safe_path(self.path)
        try:
            descriptor = os.open(
                self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o600
            )
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise NotWritten(
                    self.database,
                    _("its lock file {file} is a symbolic link").format(file=shown),
                    _("Remove the link, then save again"),
                ) from None
            if error.errno in (errno.EACCES, errno.EPERM):
                raise NotWritten(
                    self.database,
                    _("cannot open or create its lock file {file} (permission denied)").format(file=shown),
                    _("Edit a copy in a folder you can write to"),
                ) from None
            raise NotWritten(
                self.database, _("cannot open its lock file {file} ({reason})").format(file=shown, reason=reason(error))
            ) from None
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise NotWritten(
                    self.database, _("its lock file {file} is not a regular file").format(file=shown), _("Remove it")
                )
            if info.st_uid != os.geteuid():
                raise NotWritten(
                    self.database,
                    _("its lock file {file} belongs to another user (uid {uid})").format(file=shown, uid=info.st_uid),
                    _("Edit a copy in a folder of your own, or ask them to remove it"),
                )
        except BaseException:
            os.close(descriptor)
            raise
        return descriptor

    def _holder(self, descriptor: int) -> str:
        """` (pid N)` of the process that wrote the lock file last, when it says."""
        try:
            text = os.pread(descriptor, 32, 0).decode("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return ""
        return f" (pid {text})" if text.isdigit() else ""


def _reason(error: OSError) -> str:
    return reason(error)

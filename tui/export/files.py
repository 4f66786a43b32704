"""Writing an export file: only where the user said, only a regular file, never over one unless told, never half.

The export is streamed into a temporary file beside the target (created with
the user's umask, like any new file), flushed to disk, then renamed onto the
target in one step: a reader sees the old file or the whole new one, and an
export that fails or is stopped leaves nothing behind. Without `overwrite`, the
rename is a hard link that fails if the name was taken meanwhile (on a file
system without hard links, the check is made just before the rename). What is
not a regular file (a device, a FIFO, a socket, a folder, or a link to one of
these) is never a target, even with `overwrite`: standard output is `-o -`.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from tui.i18n import N_, _
from tui.i18n.system_errors import reason as system_reason
from tui.text.gate import safe_path

T = TypeVar("T")


class TargetExists(Exception):
    """The file is there and the user did not say to replace it."""

    def __init__(self, path: Path) -> None:
        super().__init__(_("{file} already exists").format(file=safe_path(path)))
        self.path = path


class TargetUnwritable(Exception):
    """The file cannot be written there (no such folder, no permission, a folder of that name...)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(_("cannot write {file}: {reason}").format(file=safe_path(path), reason=reason))
        self.path = path


def write_file(path: Path, write: Callable[[TextIO], T], *, overwrite: bool = False, protect: Path | None = None) -> T:
    """Write `path` with `write(stream)` (UTF-8), atomically; the value `write` returns.

    Raises TargetExists, TargetUnwritable, or whatever `write` raises (the
    temporary file is removed first). `protect`: a file that must never be the
    target (the open database).
    """
    if protect is not None and _same_file(path, protect):
        raise TargetUnwritable(path, _("it is the database being exported"))
    _refuse_what_is_not_a_file(path)
    if not overwrite and path.exists():
        raise TargetExists(path)
    temporary, descriptor = _temporary_beside(path)
    try:
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
                result = write(stream)
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as error:  # the disk is full, the device went away...
            raise TargetUnwritable(path, _reason(error)) from None
        _put_in_place(temporary, path, overwrite)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return result


#: what a target that is not a regular file is, by its type (what `os.stat` says, links followed)
_NOT_FILES = (
    (stat.S_ISCHR, N_("it is a character device, not a regular file")),
    (stat.S_ISBLK, N_("it is a block device, not a regular file")),
    (stat.S_ISFIFO, N_("it is a FIFO (a named pipe), not a regular file")),
    (stat.S_ISSOCK, N_("it is a socket, not a regular file")),
)


def _refuse_what_is_not_a_file(path: Path) -> None:
    """Exports replace regular files only: a folder, a device, a FIFO, a socket, or a link to one, is refused.

    (Renaming over `/dev/stdout`, a link, would remove it; a device or a FIFO would
    be replaced by a file, or block.) A missing name, or a link to nothing, is a new file.
    """
    try:
        info = os.stat(path)  # (a link followed: what writing would reach)
    except FileNotFoundError:
        return
    except OSError as error:
        raise TargetUnwritable(path, _reason(error)) from None
    if stat.S_ISREG(info.st_mode):
        return
    if stat.S_ISDIR(info.st_mode):
        raise TargetUnwritable(path, _("it is a folder"))
    kind = next((said for test, said in _NOT_FILES if test(info.st_mode)), N_("it is not a regular file"))
    raise TargetUnwritable(
        path,
        _("{what} (exports go to regular files only; to standard output: -o -)").format(what=_(kind)),
    )


def _temporary_beside(path: Path) -> tuple[Path, int]:
    for _attempt in range(100):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise TargetUnwritable(path, _reason(error)) from None
    raise TargetUnwritable(path, _("no temporary name is free beside it"))


def _put_in_place(temporary: Path, path: Path, overwrite: bool) -> None:
    try:
        if overwrite:
            _refuse_what_is_not_a_file(path)  # (again: it may have been put there while the export was written)
            os.replace(temporary, path)
            return
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise TargetExists(path) from None
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            if path.exists():  # no hard links here: check, then rename
                raise TargetExists(path) from None
            os.replace(temporary, path)
            return
        temporary.unlink()
    except OSError as error:
        raise TargetUnwritable(path, _reason(error)) from None


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.exists() and os.path.samefile(path, other)
    except OSError:
        return False


def _reason(error: OSError) -> str:
    return system_reason(error)

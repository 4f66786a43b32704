"""Put new bytes in place of a file so that, whatever happens, the file is the old one or the new one.

The bytes go to a temporary file in the same folder (created exclusively, never
following a link, with the mode of the file it replaces), are flushed and
fsynced, and the temporary file is renamed over the target; then the folder is
fsynced, so the rename itself survives a power cut. A rename within a folder is
atomic: a reader, or a process killed at any instant, sees the whole old file or
the whole new one. When anything fails (a full disk, a folder that is read-only,
a signal), the temporary file is removed and the target is as it was.

A process killed with SIGKILL cannot remove its temporary file: the next write,
holding the lock (`tui.edit.locking`), removes such leftovers, which no live
writer can own.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from pathlib import Path

from tui.edit.errors import NotWritten, reason
from tui.i18n import _
from tui.text.gate import safe_path

_NEW_FILE_MODE = 0o666  # (less the umask, like any new file)


def temporary_name(target: Path) -> Path:
    """A fresh temporary name beside `target`: `.NAME.<16 hex digits>.tmp`."""
    return target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")


def remove_leftovers(target: Path) -> int:
    """Remove the temporary files of earlier writes to `target` that died; how many.

    Call only while holding the target's lock: then no writer is using one.
    Only regular files of the current user, with the exact temporary name shape.
    """
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[0-9a-f]{{16}}\.tmp")
    removed = 0
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return 0
    for entry in entries:
        if pattern.fullmatch(entry.name) is None:
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid():
                os.unlink(entry.path)
                removed += 1
    return removed


def replace_file(target: Path, data: bytes, *, like: os.stat_result | None, exclusive: bool = False) -> os.stat_result:
    """Write `data` as `target`, atomically and durably; the `stat` of the new file.

    `like`: the file being replaced, whose mode (and owner, where allowed) the
    new file takes; None for a new file. `exclusive`: never replace an existing
    file (the new file is linked into place, which fails if the name is taken).
    Raises `NotWritten` saying why, the target unchanged.
    """
    temporary = temporary_name(target)
    try:
        descriptor = os.open(
            temporary,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
            0o600 if like is not None else _NEW_FILE_MODE,
        )
    except OSError as error:
        raise _not_written(
            target,
            error,
            _("cannot create a file in its folder {folder}").format(folder=safe_path(target.parent)),
            like is not None,
        ) from None
    try:
        try:
            if like is not None:
                os.fchmod(descriptor, stat.S_IMODE(like.st_mode))
                _keep_owner(descriptor, like)
            _write_all(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if exclusive:
            os.link(temporary, target, follow_symlinks=False)
            os.unlink(temporary)
        else:
            os.rename(temporary, target)
    except FileExistsError:
        _discard(temporary)
        raise NotWritten(target, _("already exists"), _("Choose another name")) from None
    except OSError as error:
        _discard(temporary)
        raise _not_written(target, error, _("cannot be written"), like is not None) from None
    except BaseException:
        _discard(temporary)
        raise
    _sync_folder(target.parent)
    return os.lstat(target)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _keep_owner(descriptor: int, like: os.stat_result) -> None:
    """Give the new file the old one's owner and group where the system lets us (root, or our own group)."""
    for uid, gid in ((like.st_uid, like.st_gid), (-1, like.st_gid)):
        try:
            os.fchown(descriptor, uid, gid)
            return
        except PermissionError:
            continue


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(descriptor)


def _discard(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _not_written(target: Path, error: OSError, what: str, replacing: bool) -> NotWritten:
    unchanged = _("the file is unchanged") if replacing else _("nothing was written")
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return NotWritten(
            target,
            _("no space left on the device ({what}); {outcome}").format(what=what, outcome=unchanged),
            _("Free some space, then save again"),
        )
    if error.errno == errno.EFBIG:
        return NotWritten(
            target, _("file too large for this system ({what}); {outcome}").format(what=what, outcome=unchanged)
        )
    if error.errno == errno.EROFS:
        return NotWritten(
            target,
            _("the file system is read-only; {outcome}").format(outcome=unchanged),
            _("Save a copy elsewhere"),
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return NotWritten(
            target,
            _("permission denied ({what}); {outcome}").format(what=what, outcome=unchanged),
            _("Edit a copy in a folder you can write to"),
        )
    return NotWritten(
        target, _("{what} ({reason}); {outcome}").format(what=what, reason=reason(error), outcome=unchanged)
    )

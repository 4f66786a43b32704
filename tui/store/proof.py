"""An index proves it is what its builder wrote, before it is used.

Marsad only ever reads an index once it is built, so a finished index never
changes. Its builder leaves a stamp beside it (`<index>.stamp`): the file's size,
modification and change times and inode, and a hash of pages sampled across it.
At every open, before SQLite reads it:

* the stamp is there, and the file's size, times and inode are the stamp's (any
  write to the file, even of one page, changes its times);
* the file is a whole SQLite file: its header's page size times its page count is
  its size (a truncated or extended file is not);
* the sampled pages hash as they did (about a megabyte read: damage the times do
  not show, such as a disk's, is caught when it falls on a sample).

What this misses (a damaged page between samples, with the times put back) is
caught when it is read: `tui.store.database` turns SQLite's "malformed" into
`IndexDamaged`, and the index is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import msgspec

from tui.i18n import _

__all__ = ["Verdict", "stamp_path", "verdict", "write_stamp"]

STAMP_SUFFIX = ".stamp"
#: pages hashed: the first, the last and this many spread between
SAMPLED_PAGES = 62
_MAX_STAMP_BYTES = 4096
_SQLITE_HEADER = b"SQLite format 3\x00"


class Verdict(msgspec.Struct, frozen=True):
    """Whether an index may be read; when not, `damage` says what is wrong with it ("" for no index, or no stamp)."""

    sound: bool
    damage: str = ""


def stamp_path(index: Path) -> Path:
    return index.with_name(index.name + STAMP_SUFFIX)


def _fingerprint(index: Path) -> dict[str, int | str]:
    """What the stamp holds of an index file (raises OSError)."""
    with open(index, "rb", opener=_no_follow) as handle:
        info = os.fstat(handle.fileno())
        header = handle.read(100)
        digest = hashlib.blake2b(header, digest_size=16)
        page_size = _page_size(header)
        pages = info.st_size // page_size if page_size else 0
        for page in sorted(
            {0, max(0, pages - 1)} | {pages * number // (SAMPLED_PAGES + 1) for number in range(1, SAMPLED_PAGES + 1)}
        ):
            handle.seek(page * page_size)
            digest.update(handle.read(page_size or 4096))
    return {
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "ctime_ns": info.st_ctime_ns,
        "inode": info.st_ino,
        "pages": digest.hexdigest(),
    }


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC)


def _page_size(header: bytes) -> int:
    """The page size an SQLite header declares (0 when it is not an SQLite header)."""
    if len(header) < 32 or not header.startswith(_SQLITE_HEADER):
        return 0
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def write_stamp(index: Path, mode: int) -> None:
    """Stamp a finished index (after its last write and its rename), atomically, with the index's `mode`."""
    from tui.store.private import create_locked  # (building only)

    stamp = stamp_path(index)
    temporary = stamp.with_name(f"{stamp.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    descriptor = create_locked(temporary, mode)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", closefd=False) as handle:
            json.dump(_fingerprint(index), handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, stamp)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        os.close(descriptor)


def verdict(index: Path) -> Verdict:
    """Whether the index at `index` is as its builder stamped it."""
    try:
        info = os.lstat(index)
    except FileNotFoundError:
        return Verdict(False)
    except (OSError, ValueError) as error:
        return Verdict(False, _("cannot be read ({reason})").format(reason=getattr(error, "strerror", None) or error))
    if not stat.S_ISREG(info.st_mode):
        return Verdict(False)  # (building there refuses it, with its own line)
    if info.st_uid != os.geteuid():
        return Verdict(False, _("belongs to another user"))
    stamped = _read_stamp(stamp_path(index))
    if stamped is None:
        return Verdict(False)  # an index nobody stamped (a Marsad before stamps, or a build cut short): rebuilt quietly
    try:
        now = _fingerprint(index)
    except OSError as error:
        return Verdict(False, _("cannot be read ({reason})").format(reason=error.strerror or error))
    with open(index, "rb", opener=_no_follow) as handle:
        header = handle.read(100)
    page_size = _page_size(header)
    pages = int.from_bytes(header[28:32], "big") if page_size else 0
    if not page_size or pages * page_size != now["size"]:
        return Verdict(False, _("is not a whole index file (cut short or damaged)"))
    if any(now[key] != stamped.get(key) for key in ("size", "mtime_ns", "ctime_ns", "inode")):
        return Verdict(False, _("was changed after it was built"))
    if now["pages"] != stamped.get("pages"):
        return Verdict(False, _("holds damaged pages"))
    return Verdict(True)


def _read_stamp(stamp: Path) -> dict[str, object] | None:
    try:
        descriptor = os.open(stamp, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_size > _MAX_STAMP_BYTES:
            return None
        data = json.loads(os.read(descriptor, _MAX_STAMP_BYTES))
    except (OSError, ValueError):
        return None
    finally:
        os.close(descriptor)
    return data if isinstance(data, dict) else None

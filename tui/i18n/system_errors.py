"""What the operating system said, in the language spoken: the common reasons a file cannot be read or written.

`OSError.strerror` is the C library's English ("Permission denied"): Python does not
set the locale of messages. The reasons a user meets every day are said here, in
lower case as Marsad's messages quote them; any other is said as the system said it.
"""

from __future__ import annotations

import errno

from tui.i18n.catalogs import N_, _

__all__ = ["reason"]

_REASONS = {
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.ENOENT: N_("no such file or directory"),
    errno.ENOTDIR: N_("not a directory"),
    errno.EISDIR: N_("is a directory"),
    errno.EEXIST: N_("file exists"),
    errno.ENOSPC: N_("no space left on device"),
    errno.EROFS: N_("read-only file system"),
    errno.ELOOP: N_("too many levels of symbolic links"),
    errno.ENAMETOOLONG: N_("file name too long"),
    errno.EIO: N_("input/output error"),
    errno.EDQUOT: N_("disk quota exceeded"),
    errno.EBUSY: N_("device or resource busy"),
    errno.EXDEV: N_("invalid cross-device link"),
    errno.EADDRINUSE: N_("address already in use"),
    errno.EADDRNOTAVAIL: N_("cannot assign requested address"),
}


def reason(error: OSError) -> str:
    """Why an operation failed, in lower case: `permission denied` (`permission refusée` in French...)."""
    said = _REASONS.get(error.errno or 0)
    if said is not None:
        return _(said)
    return (error.strerror or str(error) or type(error).__name__).lower()

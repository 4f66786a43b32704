"""The app process of one served session: bounded before anything is imported, then `marsad` as usual.

`python -m tui.web.child --memory-mb N -- [marsad arguments]` (`tui.web.session`
starts it) caps the process's data memory (RLIMIT_DATA: heap and private
mappings, what a giant screen or a huge record would take) at N MiB, so that one
browser tab cannot take the machine's memory: past it, an allocation fails and
the app ends, and so does its session. On Linux the process also asks to be
killed when the server that started it dies (PR_SET_PDEATHSIG): a session never
outlives its server, even one killed with SIGKILL. Then the process becomes
`python -m tui [marsad arguments]` (execv: the same process, its limit and its
parent-death signal kept), so that the web layer never imports the command line
above it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import resource
import signal
import sys

__all__ = ["limit_memory", "main"]

#: prctl(2) option: the signal this process gets when its parent dies
_PR_SET_PDEATHSIG = 1


def limit_memory(megabytes: int) -> None:
    """Cap this process's data memory (never above a lower limit already set)."""
    wanted = megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (wanted, wanted))


def die_with_parent() -> None:
    """Linux only: SIGKILL when the parent (the server) dies; elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return
    libc = ctypes.CDLL(libc_name, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[0] != "--memory-mb" or not argv[1].isdigit() or argv[2] != "--":
        sys.exit("usage: python -m tui.web.child --memory-mb N -- [marsad arguments]")
    limit_memory(int(argv[1]))
    die_with_parent()
    os.execv(sys.executable, [sys.executable, "-m", "tui", *argv[3:]])


if __name__ == "__main__":
    main(sys.argv[1:])

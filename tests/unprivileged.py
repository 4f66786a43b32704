"""Run a function as an unprivileged user, so that file permissions really apply.

Tests run as root here and in CI, and root reads and writes any file whatever
its mode: a "permission denied" case, or a check that a read-only directory
stays untouched, would prove nothing. `run_unprivileged` forks; the child drops
to the user `nobody` when it is root (it already is unprivileged otherwise),
runs the function with stdout and stderr captured, and exits with its return
value. The child keeps every module the parent imported, so the code under test
need not be readable by `nobody`; the files it opens must be, up to their own
mode: put them in a directory made by `shared_directory`. Like any user, the
child has a cache and a configuration directory of its own (XDG_CACHE_HOME,
XDG_CONFIG_HOME), new for each call.
"""

from __future__ import annotations

import io
import os
import pwd
import selectors
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: the exit code of a child whose function raised (its traceback is on its stderr)
RAISED = 99
TIMEOUT = 60.0
IS_ROOT = os.geteuid() == 0


@dataclass(frozen=True)
class Outcome:
    """What the child did: its exit code and what it printed."""

    code: int
    out: str
    err: str


def _drop_privileges(uid: int | None = None) -> None:
    """Become `uid` (its own group too), or `nobody` when None; nothing when not root."""
    if os.geteuid() != 0:
        return
    if uid is None:
        nobody = pwd.getpwnam("nobody")
        uid, gid = nobody.pw_uid, nobody.pw_gid
    else:
        gid = uid
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    assert os.geteuid() != 0 and os.getegid() != 0


def _child(
    function: Callable[[], int | None], out_fd: int, err_fd: int, environment: dict[str, str], uid: int | None = None
) -> None:
    """Run in the forked child: never returns."""
    code = RAISED
    try:
        sys.stdout = io.TextIOWrapper(os.fdopen(out_fd, "wb"), encoding="utf-8", line_buffering=True)
        sys.stderr = io.TextIOWrapper(os.fdopen(err_fd, "wb"), encoding="utf-8", line_buffering=True)
        os.environ.update(environment)
        _drop_privileges(uid)
        code = function() or 0
    except BaseException:  # noqa: BLE001 -- reported to the parent through stderr and RAISED
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def run_unprivileged(
    function: Callable[[], int | None],
    *,
    environment: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
    uid: int | None = None,
) -> Outcome:
    """Call `function()` in a child process as `nobody` (or as the user `uid`); its return value is the exit code.

    `environment` is set in the child, over its own XDG_CACHE_HOME and XDG_CONFIG_HOME.
    Two different `uid`s are two users, neither of them root (a test of one user's
    files against another's).
    """
    with shared_directory() as home:
        own = {"XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config")}
        for directory in own.values():
            Path(directory).mkdir(mode=0o777)
            Path(directory).chmod(0o777)  # (whatever the umask): the child's to write
        return _run(function, {**own, **(environment or {})}, timeout, uid)


def _run(
    function: Callable[[], int | None], environment: dict[str, str], timeout: float, uid: int | None = None
) -> Outcome:
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(out_read)
        os.close(err_read)
        _child(function, out_write, err_write, environment, uid)
    os.close(out_write)
    os.close(err_write)
    chunks: dict[int, bytearray] = {out_read: bytearray(), err_read: bytearray()}
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise TimeoutError(f"the unprivileged child did not finish in {timeout} s")
            for key, _events in selector.select(remaining):
                data = os.read(key.fd, 65536)
                if data:
                    chunks[key.fd] += data
                else:
                    selector.unregister(key.fd)
                    os.close(key.fd)
    _pid, status = os.waitpid(pid, 0)
    return Outcome(
        os.waitstatus_to_exitcode(status),
        chunks[out_read].decode("utf-8", "replace"),
        chunks[err_read].decode("utf-8", "replace"),
    )


@contextmanager
def shared_directory() -> Iterator[Path]:
    """A new directory that every user can enter and list (its parents too), removed after."""
    path = Path(tempfile.mkdtemp(prefix="marsad-test-"))
    try:
        path.chmod(0o755)
        yield path
    finally:
        path.chmod(0o755)
        for root, directories, files in os.walk(path):  # give back what a test took away
            for name in directories + files:
                entry = Path(root, name)
                if not entry.is_symlink():
                    entry.chmod(0o755 if entry.is_dir() else 0o644)
        shutil.rmtree(path)

"""Thread workers that never hold up quitting.

Textual runs thread workers on the event loop's default executor, and Python
joins a `ThreadPoolExecutor`'s threads when the loop closes and again at exit:
`q` while a large file is still being parsed (one uninterruptible call of
several seconds) would wait for it. Marsad's workers only read and compute; a
result nobody will look at can be abandoned. This executor runs each job on its
own daemon thread, which the interpreter does not wait for. Work that can stop
early still checks `Worker.is_cancelled` (a reload cancels the index build it
replaces).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class DaemonThreadExecutor(ThreadPoolExecutor):
    """Each job on a new daemon thread; `shutdown` never waits.

    (A subclass of `ThreadPoolExecutor` only because asyncio accepts no other
    kind as a loop's default executor; none of its pool is used.)
    """

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:  # noqa: BLE001 (not swallowed: handed to whoever awaits the future)
                future.set_exception(error)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="marsad-worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to wait for: abandoned jobs end with the process."""


def use_daemon_workers(loop: asyncio.AbstractEventLoop) -> None:
    """Make `loop` run thread workers (and `run_in_executor(None, ...)`) on daemon threads."""
    loop.set_default_executor(DaemonThreadExecutor(max_workers=1))

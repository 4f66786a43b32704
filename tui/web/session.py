"""One browser tab's app process, bounded: its size, its memory, its lifetime, and it ends with its socket.

textual-serve starts one app process per socket (`AppService`). Left as it is, a
client may ask for a 20000x20000 terminal (hundreds of megabytes of screen),
and a process busy with that never answers the "quit" sent when its socket
closes, so it outlives the socket. Here:

* every size a client gives (at the start and at each resize) is clamped to
  `Limits.columns` x `Limits.rows`, and what is not a size is ignored;
* the process is started as `tui.web.child`, which caps its data memory
  (`RLIMIT_DATA`) before importing anything, and dies with the server;
* when the socket closes, the process is asked to quit, then terminated after
  QUIT_GRACE seconds and killed after KILL_GRACE more.

`MarsadSession` is a thin subclass of textual-serve's `AppService`: it relies on
two of its internals, named where used (`_process`, `_task`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import sys
from collections.abc import Awaitable, Callable

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from tui.web.limits import Limits

__all__ = ["Limits", "MarsadSession", "clamp", "session_command"]

#: seconds a process has to quit once its socket closed, then to end once terminated
QUIT_GRACE = 3.0
KILL_GRACE = 2.0


def clamp(value: object, highest: int, default: int) -> int:
    """A terminal dimension a client sent, within 1..highest; `default` when it is not a whole number."""
    if isinstance(value, bool):
        return default
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            return default
    if not isinstance(value, int):
        return default
    return max(1, min(highest, value))


def session_command(db_path: str | None, limits: Limits, language: str | None = None) -> str:
    """The shell command for one app process: `exec` so that the process started is the app itself, not a shell.

    `language`: the `--lang` `marsad serve` was given (without it a session speaks what the settings or the
    environment say)."""
    argv = [sys.executable, "-m", "tui.web.child", "--memory-mb", str(limits.memory_mb), "--"]
    if language is not None:
        argv += ["--lang", language]
    if db_path is not None:
        argv += ["--db", os.path.abspath(db_path)]
    return "exec " + shlex.join(argv)


class MarsadSession(AppService):
    """textual-serve's AppService with sizes clamped and a process that cannot outlive its socket."""

    def __init__(
        self,
        command: str,
        limits: Limits,
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        download_manager: DownloadManager,
    ) -> None:
        super().__init__(
            command, write_bytes=write_bytes, write_str=write_str, close=close, download_manager=download_manager
        )
        self.limits = limits
        self.downloads = download_manager

    def size(self, width: object, height: object) -> tuple[int, int]:
        return clamp(width, self.limits.columns, 80), clamp(height, self.limits.rows, 24)

    async def start(self, width: int, height: int) -> None:
        await super().start(*self.size(width, height))

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*self.size(width, height))

    @property
    def pid(self) -> int | None:
        """The app process's id (AppService keeps the process in `_process`: an internal of textual-serve 1.1)."""
        process = self._process
        return None if process is None else process.pid

    async def stop(self) -> None:
        """Ask the process to quit; terminate it, then kill it, if it has not ended in time.

        Replaces `AppService.stop`, which waits for ever for a process that does not
        answer. Relies on AppService's `_task` (the coroutine relaying the process's
        output) and `_process`. The relay's end is not the process's: it also ends
        when the socket went first (a write to it fails, which textual-serve's `run`
        takes as the end), and the process may still be there, stopped or busy.
        """
        task, process = self._task, self._process
        if task is None:
            return
        self._task = None
        await self.downloads.cancel_app_downloads(app_service_id=self.app_service_id)
        with contextlib.suppress(Exception):  # (a process already gone cannot be written to)
            await asyncio.wait_for(self.send_meta({"type": "quit"}), QUIT_GRACE)

        async def ended() -> None:
            with contextlib.suppress(Exception):  # (how the relay ended does not matter here)
                await asyncio.shield(task)
            if process is not None:
                await process.wait()

        for ending, grace in ((None, QUIT_GRACE), ("terminate", KILL_GRACE), ("kill", None)):
            if ending is not None and process is not None and process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    getattr(process, ending)()
            try:
                await asyncio.wait_for(ended(), grace)
                break
            except TimeoutError:
                continue

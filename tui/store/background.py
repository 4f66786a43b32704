"""Build an index in a child process, so that the app stays responsive while it does.

The child runs `marsad index --db PATH --progress json`: the same build as the
command line's, on another core, telling its progress as JSON lines on its
standard output. The app reads the half-built index as records arrive (the
builder commits often), and the finished one once it is renamed into place.
Cancelling ends the child, which removes what it had built.
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.data.errors import DatabaseUnreadable
from tui.i18n import _
from tui.store.build import Progress


@dataclass(frozen=True, slots=True)
class Finished:
    index: Path


@dataclass(frozen=True, slots=True)
class Failed:
    error: DatabaseUnreadable


Event = Progress | Finished | Failed

_RUNNING: set[BackgroundBuild] = set()
"""Children of this process still building (a process-wide fact: `cancel_all` ends them)."""


def cancel_all() -> None:
    """End every child still building (the app quits)."""
    for build in list(_RUNNING):
        build.cancel()


class BackgroundBuild:
    """One child process building the index of one database file."""

    def __init__(self, database_path: Path) -> None:
        self.database_path = database_path
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tui", "index", "--db", str(database_path), "--progress", "json"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        _RUNNING.add(self)

    def events(self) -> Iterator[Event]:
        """What the child says, until it ends (the last event is `Finished` or `Failed`)."""
        assert self._process.stdout is not None and self._process.stderr is not None
        finished: Finished | None = None
        for line in self._process.stdout:
            event = _parse(line)
            if isinstance(event, Finished):
                finished = event
            elif event is not None:
                yield event
        said = [line.strip() for line in self._process.stderr if line.strip()]
        failed = [event for event in map(_parse, said) if isinstance(event, Failed)]
        code = self._process.wait()
        if code == 0 and finished is not None:
            yield finished
        else:
            yield failed[-1] if failed else Failed(stopped(self.database_path, code, said[-1] if said else ""))

    def cancel(self) -> None:
        """End the child, if it still runs: on SIGTERM it removes its half-built index."""
        _RUNNING.discard(self)
        process = self._process
        if process.poll() is None:
            process.terminate()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def stopped(database: Path, code: int, last_words: str) -> DatabaseUnreadable:
    """Why a builder that ended without saying why ended: its signal or exit code, and the last line it wrote."""
    if code < 0:
        try:
            cause = _("the process building its index was stopped by {signal}").format(
                signal=signal.Signals(-code).name
            )
        except ValueError:
            cause = _("the process building its index was stopped by signal {number}").format(number=-code)
    else:
        cause = _("the process building its index ended with exit code {code}").format(code=code)
    if last_words:
        cause += f" ({last_words[:200]})"
    return DatabaseUnreadable(
        str(database),
        cause,
        _(
            "Open it again to build the index anew; `marsad index --db FILE` builds it in the terminal and says why "
            "it fails"
        ),
    )


def progress_line(event: Progress | Path | DatabaseUnreadable) -> str:
    """What the child prints: a progress, the finished index's path (on stdout), or why it failed (on stderr)."""
    if isinstance(event, Path):
        return json.dumps({"event": "finished", "index": str(event)})
    if isinstance(event, DatabaseUnreadable):
        return json.dumps({"event": "failed", "path": event.path, "reason": event.reason, "hint": event.hint})
    return json.dumps(
        {
            "event": "progress",
            "phase": event.phase,
            "done": event.done,
            "total": event.total,
            "counts": event.counts,
            "index": event.index,
        }
    )


def _parse(line: str) -> Event | None:
    try:
        data = json.loads(line)
        if data["event"] == "finished":
            return Finished(Path(data["index"]))
        if data["event"] == "failed":
            return Failed(DatabaseUnreadable(str(data["path"]), str(data["reason"]), str(data["hint"])))
        return Progress(
            data["phase"],
            int(data["done"]),
            int(data["total"]),
            tuple(int(count) for count in data["counts"]),
            data["index"],
        )
    except (ValueError, KeyError, TypeError):
        return None  # not ours: ignored

"""Where the index builder hands each record's search fields: a second process beside the reading, or this one.

Reading a file (decoding, validating, writing records and slicing rows) and
gathering its search postings (normalizing every field, posting every word)
take about as long as each other, and the machine has more than one core: for
a large file a child process (`python -m tui.search.feed INDEX`) gathers the
postings while this one reads. The builder sends it, in frames on its standard
input, each record's fields as the reader already holds them (nothing is
decoded twice); once the records are final it says so, and the child merges its
postings into documents while the builder finishes its own tables; then the
builder hands the index over (it writes nothing meanwhile) and the child writes
the search tables into it and ends. A small file is gathered in this process
(`LocalFeed`): a child would cost more to start than it saves.

Frames: a 4-byte big-endian length, then a msgpack array: ["add", [[rowid, kind,
title, id, the record in msgpack], ...]], ["forget", [rowid, ...]], ["records final"],
["write"]. The child answers each "records final" and "write" with one line on
its standard output: "ok", or "error: ..." (then it ends): "error: sqlite NAME
message" or "error: oserror ERRNO message" are raised again in the builder as
those errors (a full disk is said as the builder's own would be).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Protocol

import msgspec

from tui.data.kinds import KINDS
from tui.data.models import Record
from tui.search.build import IndexBuildCancelled, SearchGatherer, fields_of

#: files at least this big are gathered in a second process (a child starts in about 0.2 s)
PARALLEL_MIN_BYTES = 8 * 1024 * 1024
_FRAME = 4


class SearchFeed(Protocol):
    def add(self, rowid: int, kind: int, title: str, record_id: str, record: Record) -> None: ...

    def forget(self, rowid: int) -> None: ...

    def records_final(self) -> None:
        """The `records` table is final and committed (the builder writes its other tables now)."""

    def write(self, connection: sqlite3.Connection) -> None:
        """Write the search tables into the index (the builder's connection holds no transaction)."""

    def close(self) -> None: ...


def search_feed(index: Path, connection: sqlite3.Connection, size: int, should_stop: Callable[[], bool]) -> SearchFeed:
    """A child process for a file of `size` bytes of at least PARALLEL_MIN_BYTES, else this process."""
    if size >= PARALLEL_MIN_BYTES:
        return ChildFeed(index, should_stop)
    return LocalFeed(connection, should_stop)


class LocalFeed:
    """Gathers in this process, staging in the builder's own connection."""

    def __init__(self, connection: sqlite3.Connection, should_stop: Callable[[], bool]) -> None:
        self._gatherer = SearchGatherer(connection, should_stop)

    def add(self, rowid: int, kind: int, title: str, record_id: str, record: Record) -> None:
        self._gatherer.add(rowid, kind, title, record_id, fields_of(record))

    def forget(self, rowid: int) -> None:
        self._gatherer.forget(rowid)

    def records_final(self) -> None:
        pass

    def write(self, connection: sqlite3.Connection) -> None:
        connection.execute("BEGIN")
        try:
            self._gatherer.write(connection)
        except BaseException:
            connection.rollback()
            raise
        connection.execute("COMMIT")

    def close(self) -> None:
        self._gatherer.close()


class SearchFeedFailed(Exception):
    """The process gathering the search tables failed (its last words are the message)."""


class ChildFeed:
    """Gathers in a child process, fed by frames; records go in batches of BATCH."""

    BATCH = 512

    def __init__(self, index: Path, should_stop: Callable[[], bool]) -> None:
        self._should_stop = should_stop
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tui.search.feed", str(index)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._encode = msgspec.msgpack.Encoder().encode
        self._batch: list[tuple[int, int, str, str, bytes]] = []

    def add(self, rowid: int, kind: int, title: str, record_id: str, record: Record) -> None:
        self._batch.append((rowid, kind, title, record_id, self._encode(record)))
        if len(self._batch) >= self.BATCH:
            self._send(("add", self._batch))
            self._batch = []

    def forget(self, rowid: int) -> None:
        self._flush()
        self._send(("forget", [rowid]))

    def records_final(self) -> None:
        self._flush()
        self._send(("records final",))

    def write(self, connection: sqlite3.Connection) -> None:
        self._answer()  # (the answer to "records final": the child merged while the builder finished)
        self._send(("write",))
        self._answer()
        self._process.wait()

    def close(self) -> None:
        process = self._process
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def _flush(self) -> None:
        if self._batch:
            self._send(("add", self._batch))
            self._batch = []

    def _send(self, message: tuple[Any, ...]) -> None:
        data = self._encode(message)
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(len(data).to_bytes(_FRAME, "big") + data)
            if message[0] != "add":
                stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._failure() from None

    def _answer(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        line = stdout.readline().decode("utf-8", "replace").strip()
        if line != "ok":
            raise self._failure(line)
        if self._should_stop():
            raise IndexBuildCancelled

    def _failure(self, said: str = "") -> Exception:
        """Why the child failed: the SQLite or system error it met (a full disk is said as the builder's own
        would be), else `SearchFeedFailed` with its last words."""
        self._process.kill()
        stdout, stderr = self._process.stdout, self._process.stderr
        if not said and stdout is not None:  # (a pipe that broke: the child may have said why before it ended)
            said = stdout.readline().decode("utf-8", "replace").strip()
        tail = stderr.read().decode("utf-8", "replace").strip().splitlines()[-1:] if stderr is not None else []
        what, _, rest = said.removeprefix("error: ").partition(" ")
        if what == "sqlite":
            name, _, message = rest.partition(" ")
            error = sqlite3.OperationalError(message)
            error.sqlite_errorname = name
            return error
        if what == "oserror":
            number, _, message = rest.partition(" ")
            return OSError(int(number) if number.isdigit() else 0, message)
        return SearchFeedFailed((said.removeprefix("error: ") or " ".join(tail) or "it ended").strip())


# -- the child ------------------------------------------------------------------------------


def _frames(stream: IO[bytes]) -> Any:
    decode = msgspec.msgpack.Decoder().decode
    while True:
        head = stream.read(_FRAME)
        if len(head) < _FRAME:
            return
        yield decode(stream.read(int.from_bytes(head, "big")))


def serve(index: Path, frames: IO[bytes], answers: IO[str]) -> None:
    """The child's work: gather what comes, merge when the records are final, write when told."""
    connection = sqlite3.connect(index, isolation_level=None, timeout=3600)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -65536")
    gatherer = SearchGatherer(connection)
    decoders = [msgspec.msgpack.Decoder(kind.record_type).decode for kind in KINDS]
    for message in _frames(frames):
        what = message[0]
        if what == "add":
            for rowid, kind, title, record_id, record in message[1]:
                gatherer.add(rowid, kind, title, record_id, fields_of(decoders[kind](record)))
        elif what == "forget":
            for rowid in message[1]:
                gatherer.forget(rowid)
        elif what == "records final":
            gatherer.prepare(connection)
            answers.write("ok\n")
            answers.flush()
        elif what == "write":
            connection.execute("BEGIN IMMEDIATE")
            gatherer.copy_into(connection)
            connection.execute("COMMIT")
            answers.write("ok\n")
            answers.flush()
            break
    connection.close()


def main() -> None:
    try:
        serve(Path(sys.argv[1]), sys.stdin.buffer, sys.stdout)
    except (sqlite3.Error, OSError, msgspec.DecodeError, ValueError) as error:  # (the builder says it in one line)
        if isinstance(error, sqlite3.Error):
            said = f"sqlite {getattr(error, 'sqlite_errorname', '') or 'SQLITE_ERROR'} {error}"
        elif isinstance(error, OSError):
            said = f"oserror {error.errno or 0} {error.strerror or error}"
        else:
            said = f"{type(error).__name__}: {error}"
        sys.stdout.write(f"error: {said}\n")
        sys.stdout.flush()
        os._exit(1)


if __name__ == "__main__":
    main()

"""Door 5, export targets: a regular file only; `--force` replaces a regular file and nothing else.

Issue 17 found that `--force` renamed the export over a character device (shown
on a copy made with `mknod`) and over the `/dev/stdout` symlink, as root. Each
test points `marsad export` at what is not a regular file, with and without
`--force`, and checks that it is refused in one line (exit 3), left as it was,
and that nothing was written beside it.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from terminal_session import ROOT

from tui.export.files import TargetUnwritable, write_file


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_device(path: Path) -> None:
    """A character device like /dev/null (1, 3), made where the test may write."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device needs root (CI runs as root)")


def make_socket(path: Path) -> None:
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.close()  # (the socket file stays)


def link_to_a_device(path: Path) -> None:
    path.symlink_to("/dev/null")


def link_to_standard_output(path: Path) -> None:
    """What `/dev/stdout` is on Linux: a link to the process's descriptor 1."""
    path.symlink_to("/proc/self/fd/1")


def a_folder(path: Path) -> None:
    path.mkdir()


TARGETS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (make_fifo, "it is a FIFO (a named pipe), not a regular file"),
    "device": (make_device, "it is a character device, not a regular file"),
    "socket": (make_socket, "it is a socket, not a regular file"),
    "link to a device": (link_to_a_device, "it is a character device, not a regular file"),
    "link to standard output": (link_to_standard_output, "not a regular file"),
    "folder": (a_folder, "it is a folder"),
}


def what_is_there(path: Path) -> tuple[int, str | None]:
    info = os.lstat(path)
    return info.st_mode, os.readlink(path) if stat.S_ISLNK(info.st_mode) else None


@pytest.mark.parametrize("force", [True, False], ids=["--force", "no --force"])
@pytest.mark.parametrize("target", list(TARGETS))
def test_export_refuses_what_is_not_a_regular_file(tmp_path: Path, target: str, force: bool) -> None:
    make, said = TARGETS[target]
    path = tmp_path / "out.json"
    make(path)
    before = what_is_there(path)
    result = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--format", "json", "-o", str(path), *(["--force"] * force)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3 and result.stdout == ""
    assert result.stderr.startswith(f"marsad export: cannot write {path}: ") and result.stderr.count("\n") == 1
    assert said in result.stderr
    assert what_is_there(path) == before
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["out.json"], "something was left beside it"


def test_a_device_put_in_place_while_the_export_is_written_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")

    def write(stream) -> None:  # type: ignore[no-untyped-def]
        stream.write("new")
        path.unlink()
        os.mkfifo(path)  # swapped in meanwhile

    with pytest.raises(TargetUnwritable, match="FIFO"):
        write_file(path, write, overwrite=True)
    assert stat.S_ISFIFO(os.lstat(path).st_mode)
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["out.txt"]


def test_force_still_replaces_a_regular_file_and_a_link_to_one_is_replaced_not_written_through(tmp_path: Path) -> None:
    regular = tmp_path / "regular.txt"
    regular.write_text("old")
    write_file(regular, lambda stream: stream.write("new"), overwrite=True)
    assert regular.read_text() == "new"
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("kept")
    link = tmp_path / "link.txt"
    link.symlink_to(elsewhere)
    write_file(link, lambda stream: stream.write("new"), overwrite=True)
    assert not link.is_symlink() and link.read_text() == "new" and elsewhere.read_text() == "kept"

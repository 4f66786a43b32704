"""`marsad serve`: the browser in a web browser, through textual-serve.

textual-serve runs `python -m tui` once per browser tab with Textual's web driver
and relays its screen to xterm.js in the page. xterm.js neither shapes nor reorders
(`tui.terminal.detect` recognises it by `TERM_PROGRAM=textual`), so the app draws Arabic
in app mode, as in xterm. Nothing is served but the app: the default address is
this machine only (127.0.0.1).
"""

from __future__ import annotations

import os
import shlex
import sys

from textual_serve.server import Server

from tui.terminal.printing import err, out
from tui.text.gate import safe_path

__all__ = ["MarsadServer", "serve", "served_command"]

EXIT_OK, EXIT_CANNOT_LISTEN = 0, 2


def served_command(db_path: str | None) -> str:
    """The shell command textual-serve runs for each browser tab."""
    argv = [sys.executable, "-m", "tui"]
    if db_path is not None:
        argv += ["--db", os.path.abspath(db_path)]
    return shlex.join(argv)


class MarsadServer(Server):
    """textual-serve's server, announcing itself through Marsad's gate.

    textual-serve prints its command (which holds the database's file name) as
    Rich markup; this prints a plain line instead.
    """

    def __init__(self, db_path: str | None, host: str, port: int) -> None:
        super().__init__(served_command(db_path), host=host, port=port, title="Marsad")
        self.database_label = safe_path(db_path) if db_path is not None else "the bundled database"

    async def on_startup(self, app: object) -> None:
        out(f"Marsad ({self.database_label}) is served on {self.public_url} ; press ctrl+c to stop")


def serve(db_path: str | None, host: str, port: int) -> int:
    """Serve until interrupted; exit 2 with one line when the address cannot be used."""
    try:
        MarsadServer(db_path, host, port).serve()
    except OSError as error:
        err(f"marsad serve: cannot listen on {host}:{port}: {error.strerror or error}")
        return EXIT_CANNOT_LISTEN
    return EXIT_OK

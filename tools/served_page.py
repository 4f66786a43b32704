"""Drive the served app (`marsad serve`) in a real headless Chromium, over the DevTools protocol.

Two places open the served app in a browser: the test (tests/test_serve_browser.py)
reads what xterm.js holds to check that Arabic reaches the page shaped and in order,
and the terminal matrix (tools/terminal_matrix.py) screenshots it beside the real
terminals. They share this module: finding Chromium and starting it with its DevTools
port, the page scripts that hand the page's xterm.js `Terminal` out and read its rows,
reading the address `marsad serve` prints (with its secret), a small page session (calls,
waits on the screen with a deadline, screenshots, key presses), and stopping a process
group. The DevTools websocket client is aiohttp's, which textual-serve already brings.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import select
import shutil
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

#: how long any one wait (a port, Chromium, a screen) may take before it fails
DEADLINE = 60.0
POLL = 0.1

#: what every Chromium here starts with; a caller adds its own (a window size, hidden scroll bars)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-port=0",
)

#: hands the page's xterm.js Terminal out as `window.__marsadTerminal`: the front end keeps it in `this.terminal`
CAPTURE_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (!window.__marsadTerminal && value && value.buffer && value.buffer.active) window.__marsadTerminal = value;
  },
});
"""
#: the rows xterm.js shows, as text (null before the terminal exists)
READ_ROWS = """
(() => {
  const terminal = window.__marsadTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) rows.push(buffer.getLine(buffer.viewportY + y).translateToString(true));
  return rows;
})()
"""

#: what the served app's main screen shows once it is up (a pane title), and once the page has the focus (the footer)
MAIN_SCREEN = "Organizations"
FOOTER = "palette"


def chromium_command() -> str | None:
    """Chromium's executable (Debian's `chromium`, or `chromium-browser` elsewhere), or None
    when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def served_address(server: subprocess.Popen) -> str:
    """The address `marsad serve` printed (with this run's secret: the page needs it), read from its output pipe.

    Read a byte at a time up to the end of that line, so that what the server says
    after it stays in the pipe for the caller. Fails with what the server printed if
    it exits first, or when the deadline passes.
    """
    if server.stdout is None:
        raise RuntimeError("the server's output is not a pipe: its address cannot be read")
    output = bytearray()
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if select.select([server.stdout], [], [], POLL)[0]:
            byte = os.read(server.stdout.fileno(), 1)
            if not byte:
                break
            output += byte
            if byte == b"\n" and (found := re.search(rb"(https?://\S+)", output)):
                return found.group(1).decode()
    server.poll()
    raise RuntimeError(f"the server ({server.returncode}) printed no address: {output.decode(errors='replace')}")


def start_chromium(profile: Path, *flags: str) -> tuple[subprocess.Popen, int]:
    """Start headless Chromium on about:blank with a fresh `profile` directory; return it and its DevTools port.

    With `--remote-debugging-port=0` Chromium picks a port and writes it on the first
    line of `DevToolsActivePort` in its profile, which is waited for with a deadline.
    """
    command = chromium_command()
    if command is None:
        raise RuntimeError("Chromium is not installed (Debian package 'chromium')")
    active_port = profile / "DevToolsActivePort"
    active_port.unlink(missing_ok=True)
    chromium = subprocess.Popen(
        [command, *CHROMIUM_FLAGS, *flags, f"--user-data-dir={profile}", "about:blank"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if chromium.poll() is not None:
            raise RuntimeError(f"chromium exited ({chromium.returncode}) before its DevTools listened")
        lines = active_port.read_text(encoding="ascii").splitlines() if active_port.exists() else []
        if len(lines) >= 2 and lines[0].isdigit():  # both lines: the file is written whole
            return chromium, int(lines[0])
        time.sleep(POLL)
    stop(chromium)
    raise RuntimeError("chromium's DevTools never listened")


def stop(process: subprocess.Popen | None) -> None:
    """End a process started here with `start_new_session=True`, and its process group, by id."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


class Page:
    """One Chromium tab over the DevTools protocol: the few calls the test and the matrix make."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.last_id = 0

    @classmethod
    @asynccontextmanager
    async def open(cls, devtools_port: int) -> AsyncIterator[Page]:
        """The first page target of the Chromium whose DevTools listen on `devtools_port`."""
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
                targets = await response.json(content_type=None)
            page = next(target for target in targets if target["type"] == "page")
            async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as websocket:
                yield cls(websocket)

    async def call(self, method: str, **params) -> dict:
        """Send one DevTools command and return its result (the events that arrive meanwhile are passed over)."""
        self.last_id += 1
        await self.websocket.send_str(json.dumps({"id": self.last_id, "method": method, "params": params}))
        while True:
            message = await self.websocket.receive()
            if message.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"the DevTools connection ended during {method} ({message.type.name})")
            reply = json.loads(message.data)
            if reply.get("id") == self.last_id:
                if "error" in reply:
                    raise RuntimeError(f"{method} failed: {reply['error']}")
                return reply["result"]

    async def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (JSON-able values only)."""
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def wait_until(self, expression: str, what: str) -> None:
        """Wait until a JavaScript expression is true in the page; fail saying `what` never happened."""
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            if await self.evaluate(expression):
                return
            await asyncio.sleep(POLL)
        raise RuntimeError(f"{what} (after {DEADLINE:.0f} s)")

    async def screen(self) -> str:
        """The rows the page's terminal shows, one a line ("" before the terminal exists)."""
        return "\n".join(await self.evaluate(READ_ROWS) or [])

    async def wait_for_screen(self, shows: Callable[[str], bool], what: str) -> str:
        """Wait until the terminal's screen satisfies `shows`, and return it; fail with `what` and the last screen."""
        end, screen = time.monotonic() + DEADLINE, ""
        while time.monotonic() < end:
            screen = await self.screen()
            if shows(screen):
                return screen
            await asyncio.sleep(POLL)
        raise RuntimeError(f"{what} (after {DEADLINE:.0f} s); the screen:\n{screen}")

    async def show_served_app(
        self, url: str, main_screen: tuple[str, ...] = (MAIN_SCREEN,), footer: str = FOOTER
    ) -> str:
        """Open the served app at `url`, give its terminal the focus as a click would, and return
        the screen with the footer.

        `main_screen` is what the screen must all show before the terminal takes the focus, `footer` what the
        footer shows then (in another language than English: words of the data, and a key, `^p`).
        """
        await self.call("Page.enable")
        await self.call(
            "Emulation.setFocusEmulationEnabled", enabled=True
        )  # a headless page never has the focus otherwise
        await self.call("Page.addScriptToEvaluateOnNewDocument", source=CAPTURE_TERMINAL)
        await self.call("Page.navigate", url=url)
        await self.wait_for_screen(lambda screen: all(text in screen for text in main_screen), "the app never appeared")
        # as a click would: the terminal takes the focus, and the app (no longer blurred) shows its key bindings
        await self.evaluate("window.__marsadTerminal.focus()")
        return await self.wait_for_screen(lambda screen: footer in screen, "the footer never appeared")

    async def press(self, letter: str) -> None:
        """Type one lowercase letter into the focused element, as a key down and up."""
        if len(letter) != 1 or not "a" <= letter <= "z":
            raise ValueError(f"not a lowercase letter: {letter!r}")
        key = {"key": letter, "code": f"Key{letter.upper()}", "windowsVirtualKeyCode": ord(letter.upper())}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text=letter, **key)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **key)

    async def screenshot(self, path: Path) -> None:
        """The page as a PNG file."""
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))

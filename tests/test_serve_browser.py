"""`marsad serve` in a real headless Chromium: the page loads, the app starts, Arabic is drawn shaped and in order.

The page's terminal is xterm.js, which neither shapes nor reorders: what it holds
cell by cell is what it draws. The test serves the bundled database, opens the page
in Debian's `chromium` driven over the DevTools protocol (aiohttp's websocket
client), reads xterm.js's buffer once the main screen is up, takes a screenshot,
and compares the rows with the text pipeline's visual lines. Without Chromium the
test is skipped and says so (`.ci/run` installs it).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from terminal_session import ROOT, clean_environment
from tui.text import layout

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (Debian package 'chromium'; .ci/run installs it)"
)

DEADLINE = 60.0
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--remote-debugging-port=0", "--window-size=1280,800",
]
#: hands the page's xterm.js Terminal to the test: the front end keeps it in `this.terminal`
CAPTURE_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (!window.__marsadTerminal && value && value.buffer && value.buffer.active) window.__marsadTerminal = value;
  },
});
"""
READ_ROWS = """
(() => {
  const terminal = window.__marsadTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) rows.push(buffer.getLine(buffer.viewportY + y).translateToString(true));
  return rows;
})()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        assert process.poll() is None, process.stdout.read() if process.stdout else "marsad serve exited"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"marsad serve never listened on {port}")


def devtools_port(chromium: subprocess.Popen) -> int:
    """Chromium prints `DevTools listening on ws://127.0.0.1:PORT/...` on stderr once it is up."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        line = chromium.stderr.readline().decode(errors="replace")
        if found := re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line):
            return int(found.group(1))
        assert line or chromium.poll() is None, "chromium exited before DevTools listened"
    raise AssertionError("chromium's DevTools never listened")


class DevTools:
    """The few DevTools protocol calls the test needs, on one page."""

    def __init__(self, websocket) -> None:
        self.websocket = websocket
        self.next_id = 0

    async def call(self, method: str, **params):
        self.next_id += 1
        await self.websocket.send_str(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads((await self.websocket.receive()).data)
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]

    async def evaluate(self, expression: str):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")


async def served_rows(page_url: str, devtools: int, screenshot: Path) -> list[str]:
    import aiohttp

    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{devtools}/json/list", timeout=10))
    page = next(target for target in targets if target["type"] == "page")
    async with aiohttp.ClientSession() as session, session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as websocket:
        tools = DevTools(websocket)
        await tools.call("Page.enable")
        await tools.call("Emulation.setFocusEmulationEnabled", enabled=True)  # a headless page never has the focus otherwise
        await tools.call("Page.addScriptToEvaluateOnNewDocument", source=CAPTURE_TERMINAL)
        await tools.call("Page.navigate", url=page_url)
        end = time.monotonic() + DEADLINE
        rows: list[str] | None = None
        while time.monotonic() < end:
            rows = await tools.evaluate(READ_ROWS)
            if rows and any("Organizations" in row for row in rows) and any("bundled database" in row for row in rows):
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError(f"the app never appeared in the page; rows: {rows}")
        # as a click would: the terminal takes the focus, and the app (no longer blurred) shows its key bindings
        await tools.evaluate("window.__marsadTerminal.focus()")
        while time.monotonic() < end and not any("palette" in row for row in rows):
            await asyncio.sleep(0.1)
            rows = await tools.evaluate(READ_ROWS)
        assert any("palette" in row for row in rows), f"the footer never appeared; rows: {rows}"
        await asyncio.sleep(0.5)  # xterm.js paints on the next animation frames
        shot = await tools.call("Page.captureScreenshot", format="png")
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        return rows


@needs_chromium
def test_served_app_draws_arabic_shaped_and_in_order(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", str(port)], cwd=ROOT, env=clean_environment(),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    chromium = None
    try:
        wait_for_port(port, server)
        chromium = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )
        screenshot = tmp_path / "served.png"
        rows = asyncio.run(served_rows(f"http://127.0.0.1:{port}/", devtools_port(chromium), screenshot))
    finally:
        for process in (chromium, server):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
    assert screenshot.stat().st_size > 10_000 and screenshot.read_bytes().startswith(b"\x89PNG")
    screen = "\n".join(rows)
    # the header shows the first organization's name: the pipeline's visual line, cell for cell
    name = "مجموعة T2S"
    visual = layout(name, 40)[0].text
    assert visual in screen, f"{visual!r} not drawn; screen:\n{screen}"
    assert name not in screen, "Arabic reached the page in storage order"
    assert re.search("[\ufe70-\ufeff]", screen), "no presentation forms: unshaped"
    # a right-to-left name is right-aligned in its pane: it ends at the pane's right border
    assert re.search(re.escape(layout("مجموعة جسوس", 40)[0].text) + r"\s*│", screen)


def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "serve", *args], cwd=ROOT, env=clean_environment(), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )


def test_serve_says_in_one_line_that_the_port_is_taken() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_serve("--port", str(port))
    assert result.returncode == 2
    assert result.stderr.startswith(f"marsad serve: cannot listen on 127.0.0.1:{port}: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_serve_checks_the_database_before_serving(tmp_path: Path) -> None:
    result = run_serve("--db", str(tmp_path / "missing.json"), "--port", str(free_port()))
    assert result.returncode == 2
    assert result.stderr.startswith("marsad: ") and result.stderr.count("\n") == 1 and result.stdout == ""

"""Door 1, `marsad serve`: only the page it served, holding this run's secret, drives the app; every session is bounded.

Issue 17 found that any web page the user visited could open `/ws` and drive the
app (through the export dialog it replaced a file in the user's home), that each
socket started an app process with no cap, that a 20000x20000 resize cost 900 MB
and the process outlived its socket, that `--port 99999` ended in a traceback,
that "is served on" was printed before the bind failed, and that `--host ::1`
gave the page `ws://::1:P/ws`. Each test attacks a real server on loopback with
aiohttp's WebSocket client, as a stranger's page would.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from served_server import DEADLINE, Served, serving, start_serve, stop_serve, wait_until_gone
from terminal_session import ROOT, clean_environment
from textual_serve.download_manager import DownloadManager

from tui.web.access import Access
from tui.web.address import AddressProblem, bind, url_host
from tui.web.limits import DEFAULT_LIMITS
from tui.web.session import KILL_GRACE, QUIT_GRACE, MarsadSession, clamp


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with serving("--max-sessions", "2") as server:
        yield server


async def first_frame(websocket: aiohttp.ClientWebSocketResponse, rows: int = 30, most: int | None = None) -> bytes:
    """The app's output until a whole screen of `rows` rows is drawn (one message with row `rows` and none below it).

    Fails when the deadline passes first, or when the app draws any row below `most` (default `rows`)
    meanwhile (updates for the size before a resize may come first).
    """
    data = b""
    lowest = 0
    end = time.monotonic() + DEADLINE
    while (left := end - time.monotonic()) > 0:
        try:
            message = await websocket.receive(timeout=left)
        except TimeoutError:
            break
        if message.type == aiohttp.WSMsgType.BINARY:
            data += message.data
            drawn = rows_drawn(message.data)
            lowest = max(lowest, drawn)
            assert lowest <= (most or rows), f"row {lowest} drawn, more than {most or rows}"
            if drawn == rows and b"\x1b[%d;1H" % rows in message.data:
                return data
        elif message.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"the socket ended ({message.type.name}) before the app drew; got {data[-300:]!r}")
    raise AssertionError(f"no screen of {rows} rows in {DEADLINE:.0f} s (lowest row drawn: {lowest})")


def rows_drawn(data: bytes) -> int:
    """The lowest row the app moved the cursor to (`CSI row;col H`), 0 for none: the height it draws."""
    return max((int(row) for row in re.findall(rb"\x1b\[(\d+);\d+H", data)), default=0)


async def refusal_status(url: str, **options: object) -> int:
    """The HTTP status a socket request gets; fails if the socket opens."""
    async with aiohttp.ClientSession() as client:
        try:
            async with client.ws_connect(url, **options):  # type: ignore[arg-type]
                pass
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status
    raise AssertionError(f"the socket {url} opened")


# -- the secret, the Origin, the Host ----------------------------------------------
async def test_the_page_is_served_only_with_the_printed_secret(served: Served) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{43}", served.address)
    async with aiohttp.ClientSession() as client:
        for url in (f"{served.base}/", f"{served.base}/?token=", f"{served.base}/?token={served.secret[:-1]}x"):
            async with client.get(url) as response:
                assert response.status == 403, url
                assert served.secret not in await response.text()
        async with client.get(served.address) as response:
            assert response.status == 200
            page = await response.text()
            assert response.headers["Referrer-Policy"] == "no-referrer"
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    # the page holds its socket's address, with the secret in its path
    assert f'data-session-websocket-url="{served.socket_url(query="")[:-1]}"' in page


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "https://evil.example",
        "null",
        "http://127.0.0.1:1",
        "http://localhost.evil.example",
        None,
    ],
)
async def test_a_foreign_origin_is_refused_even_with_the_secret(served: Served, origin: str | None) -> None:
    headers = {} if origin is None else {"Origin": origin}
    assert await refusal_status(served.socket_url(), headers=headers) == 403


@pytest.mark.parametrize("secret", ["", "wrong", "secret-minus-one", "secret-plus-one"])
async def test_a_missing_or_wrong_secret_is_refused_from_the_right_origin(served: Served, secret: str) -> None:
    given = {"secret-minus-one": served.secret[:-1], "secret-plus-one": served.secret + "A"}.get(secret, secret)
    url = served.socket_url(given) if given else f"ws{served.base.removeprefix('http')}/ws?width=80&height=24"
    assert await refusal_status(url, origin=served.base) == 403


async def test_a_name_rebound_to_loopback_is_refused(served: Served) -> None:
    """DNS rebinding: the attacker's name resolves to 127.0.0.1, so its page and socket are "same origin" with it."""
    port = served.base.rsplit(":", 1)[1]
    rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
    assert await refusal_status(served.socket_url(), headers=rebound) == 403
    async with aiohttp.ClientSession() as client, client.get(served.address, headers={"Host": rebound["Host"]}) as page:
        assert page.status == 403


async def test_the_page_s_own_origin_with_the_secret_gets_the_app(served: Served) -> None:
    async with aiohttp.ClientSession() as client, client.ws_connect(served.socket_url(), origin=served.base) as ws:
        await first_frame(ws)
    # another name of loopback for the same server is its own page too
    localhost = served.base.replace("127.0.0.1", "localhost")
    async with aiohttp.ClientSession() as client:
        async with client.get(served.address.replace("127.0.0.1", "localhost")) as page:
            assert page.status == 200
        async with client.ws_connect(
            served.socket_url(), origin=localhost, headers={"Host": localhost.removeprefix("http://")}
        ) as ws:
            await first_frame(ws)
    wait_until_gone(served.app_processes())


def test_refusals_are_said_once_on_the_server_s_stderr(served: Served) -> None:
    asyncio.run(refusal_status(served.socket_url(), headers={"Origin": "http://said-once.example"}))
    asyncio.run(refusal_status(served.socket_url(), headers={"Origin": "http://said-once.example"}))
    end = time.monotonic() + DEADLINE
    while "said-once.example" not in served.read_output() and time.monotonic() < end:
        time.sleep(0.05)
    assert served.read_output().count("refused a socket from http://said-once.example") == 1
    assert served.secret not in served.read_output(), "the secret was logged"


# -- bounded sessions ------------------------------------------------------------
async def test_sessions_over_the_cap_are_refused_until_one_ends(served: Served) -> None:
    async with aiohttp.ClientSession() as client:
        first = await client.ws_connect(served.socket_url(), origin=served.base)
        second = await client.ws_connect(served.socket_url(), origin=served.base)
        await first_frame(first)
        await first_frame(second)
        assert len(served.wait_for_app_processes(2)) == 2
        assert await refusal_status(served.socket_url(), origin=served.base) == 503
        assert len(served.app_processes()) == 2, "a refused socket started an app"
        await first.close()
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:  # the slot is free once the first session's process ended
            try:
                third = await client.ws_connect(served.socket_url(), origin=served.base)
                break
            except aiohttp.WSServerHandshakeError:
                await asyncio.sleep(0.1)
        else:
            raise AssertionError("the slot of a closed session never came back")
        await first_frame(third)
        await second.close()
        await third.close()
    wait_until_gone(served.app_processes())


async def test_a_giant_terminal_is_clamped_at_the_start_and_on_resize(served: Served) -> None:
    async with (
        aiohttp.ClientSession() as client,
        client.ws_connect(served.socket_url(query="width=20000&height=20000"), origin=served.base) as ws,
    ):
        await first_frame(ws, 240)
        await ws.send_json(["resize", {"width": 100, "height": 30}])
        await first_frame(ws, 30, most=240)
        await ws.send_json(["resize", {"width": 20000, "height": 20000}])
        await first_frame(ws, 240)
        await ws.send_json(["resize", {"width": "lots", "height": [1]}])  # not sizes: 80x24
        await first_frame(ws, 24, most=240)
        await ws.send_str("not json")  # passed over: the session goes on
        await ws.send_json(["resize", {"width": 100, "height": 30}])
        await first_frame(ws, 30, most=240)
        (app,) = served.app_processes()
        assert resident_mb(app) < 600
    wait_until_gone(served.app_processes())


def resident_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]


async def test_each_app_process_has_its_memory_capped(served: Served) -> None:
    async with aiohttp.ClientSession() as client, client.ws_connect(served.socket_url(), origin=served.base) as ws:
        await first_frame(ws)
        (app,) = served.app_processes()
        limits = Path(f"/proc/{app}/limits").read_text()
        data = re.search(r"Max data size\s+(\d+)\s+(\d+)", limits)
        assert data is not None and int(data.group(1)) == int(data.group(2)) == 1024 * 1024 * 1024
    wait_until_gone(served.app_processes())


async def test_an_app_that_does_not_answer_ends_with_its_socket(served: Served) -> None:
    async with aiohttp.ClientSession() as client:
        ws = await client.ws_connect(served.socket_url(), origin=served.base)
        await first_frame(ws)
        (app,) = served.app_processes()
        os.kill(app, signal.SIGSTOP)  # busy for ever: it cannot answer "quit"
        await ws.close()
    wait_until_gone({app}, deadline=15)


#: an app that draws one frame, then is busy for ever: it never reads its input (so never "quit")
_DRAWS_THEN_HANGS = (
    "import sys, time; out = sys.stdout.buffer; out.write(b'__GANGLION__\\n');"
    " out.write(b'D' + (5).to_bytes(4, 'big') + b'frame'); out.flush(); time.sleep(600)"
)


async def test_an_app_ends_even_when_its_output_found_the_socket_gone() -> None:
    """The race behind a rare failure of the test above: the socket closes while a frame of the app is on its
    way, the write fails, and textual-serve's relay ends as if the app had; the app, still there, must be
    ended all the same (it was left stopped for ever, its session never ended)."""

    frame_refused = asyncio.Event()

    async def socket_gone(_data: bytes | str) -> None:
        frame_refused.set()
        raise ConnectionResetError("Cannot write to closing transport")

    async def nothing() -> None:
        pass

    session = MarsadSession(
        "exec " + shlex.join([sys.executable, "-c", _DRAWS_THEN_HANGS]),
        DEFAULT_LIMITS,
        write_bytes=socket_gone,
        write_str=socket_gone,
        close=nothing,
        download_manager=DownloadManager(),
    )
    await session.start(80, 24)
    pid = session.pid
    assert pid is not None
    try:
        await asyncio.wait_for(frame_refused.wait(), DEADLINE)  # (the relay ends there: the app is still running)
        os.kill(pid, signal.SIGSTOP)
        await asyncio.wait_for(session.stop(), QUIT_GRACE * 2 + KILL_GRACE + 10)
        wait_until_gone({pid}, deadline=5)
    finally:
        with contextlib.suppress(ProcessLookupError):  # (a failed run leaves no process behind)
            os.kill(pid, signal.SIGKILL)


def test_a_session_ends_after_its_lifetime() -> None:
    async def session(served: Served) -> tuple[float, aiohttp.WSMessage]:
        async with aiohttp.ClientSession() as client, client.ws_connect(served.socket_url(), origin=served.base) as ws:
            await first_frame(ws)
            opened = time.monotonic()
            while True:
                message = await ws.receive(timeout=DEADLINE)
                if message.type not in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                    return time.monotonic() - opened, message

    with serving("--session-minutes", "0.05") as served:
        lived, closing = asyncio.run(session(served))
        assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
        assert lived < 3 + 10
        wait_until_gone(served.app_processes())


def test_stopping_the_server_ends_its_sessions_and_so_does_killing_it() -> None:
    async def open_session(served: Served) -> None:
        client = aiohttp.ClientSession()
        ws = await client.ws_connect(served.socket_url(), origin=served.base)
        await first_frame(ws)
        served.wait_for_app_processes(1)

    for ending in (signal.SIGTERM, signal.SIGKILL):
        served = start_serve()
        try:

            async def run(served: Served = served, ending: int = ending) -> set[int]:
                await open_session(served)
                apps = served.app_processes()
                os.kill(served.process.pid, ending)
                await asyncio.to_thread(served.process.wait, DEADLINE)
                return apps

            apps = asyncio.run(run())
            assert apps
            wait_until_gone(apps, deadline=15)
        finally:
            stop_serve(served.process)


# -- the address ------------------------------------------------------------------
def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "serve", *args],
        cwd=ROOT,
        env=clean_environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--port", "99999"], "--port 99999 is not a port"),
        (["--port", "-1"], "--port -1 is not a port"),
        (["--host", "no-such-host.invalid", "--port", "0"], "is not an address of this machine"),
        (["--host", "", "--port", "0"], "is not an address"),
        (["--host", "127.0.0.1\x1b[2J", "--port", "0"], "is not an address"),
        (["--max-sessions", "0"], "--max-sessions must be from 1"),
        (["--session-minutes", "nan"], "--session-minutes must be from"),
        (["--public-url", "javascript:alert(1)", "--port", "0"], "--public-url"),
    ],
)
def test_a_bad_address_is_one_line_and_nothing_is_served(args: list[str], said: str) -> None:
    result = run_serve(*args)
    assert result.returncode == 2
    assert result.stdout == "", "something was printed before the address was checked"
    assert result.stderr.startswith("marsad serve: ") and result.stderr.count("\n") == 1, result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr and "\x1b" not in result.stderr


def test_the_database_is_checked_before_anything_is_served(tmp_path: Path) -> None:
    result = run_serve("--db", str(tmp_path / "missing.json"), "--port", "0")
    assert result.returncode == 2
    assert result.stderr.startswith("marsad: ") and result.stderr.count("\n") == 1 and result.stdout == ""


def test_a_taken_port_is_said_before_anything_is_printed() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_serve("--port", str(port))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"marsad serve: cannot listen on 127.0.0.1:{port}: address already in use\n"


def loopback_ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not loopback_ipv6(), reason="this machine has no IPv6 loopback (::1)")
async def test_an_ipv6_address_is_bracketed_in_the_address_and_the_page() -> None:
    with serving("--host", "::1") as served:
        assert re.fullmatch(r"http://\[::1\]:\d+/\?token=\S+", served.address)
        async with aiohttp.ClientSession() as client:
            async with client.get(served.address) as response:
                assert response.status == 200
                page = await response.text()
            assert f'"ws://[::1]:{served.base.rsplit(":", 1)[1]}/ws/{served.secret}"' in page
            async with client.ws_connect(served.socket_url(), origin=served.base) as ws:
                await first_frame(ws)


def test_an_address_other_machines_reach_is_served_with_a_warning() -> None:
    with serving("--host", "0.0.0.0") as served:
        end = time.monotonic() + DEADLINE
        while "warning" not in served.read_output() and time.monotonic() < end:
            time.sleep(0.05)
        output = served.read_output()
    assert "http://0.0.0.0:" in served.address
    assert "0.0.0.0 can be reached from other machines" in output
    assert "the only lock" in output and "TLS proxy" in output


# -- the pure parts ----------------------------------------------------------------
def test_addresses_in_urls_and_ports() -> None:
    assert url_host("::1") == "[::1]" and url_host("[::1]") == "[::1]"
    assert url_host("fe80:0:0::1") == "[fe80::1]" and url_host("127.0.0.1") == "127.0.0.1"
    assert url_host("localhost") == "localhost"
    for port in (-1, 65536, 99999):
        with pytest.raises(AddressProblem, match="not a port"):
            bind("127.0.0.1", port)


def test_access_rules() -> None:
    access = Access.for_address("s3cret", "127.0.0.1", 8000, loopback=True, wildcard=False, public_url=None)
    assert access.secret_matches("s3cret") and not access.secret_matches("s3cre") and not access.secret_matches(None)
    assert not access.secret_matches("s3cret\udcff")
    assert access.origin_allowed("http://localhost:8000", "localhost:8000")
    assert access.origin_allowed("http://[::1]:8000", "[::1]:8000")
    assert not access.origin_allowed("http://localhost:8000", "127.0.0.1:8000")  # not the page the socket is on
    assert not access.host_allowed("127.0.0.1:8001") and not access.host_allowed("127.0.0.1:8000\r\nX: y")
    everywhere = Access.for_address("s", "0.0.0.0", 80, loopback=False, wildcard=True, public_url=None)
    assert everywhere.host_allowed("marsad.lan:80") and not everywhere.host_allowed('x"><script>')
    proxied = Access.for_address(
        "s", "127.0.0.1", 8000, loopback=True, wildcard=False, public_url="https://marsad.example.org"
    )
    assert proxied.origin_allowed("https://marsad.example.org", "marsad.example.org")
    assert proxied.origin_allowed("https://marsad.example.org", "127.0.0.1:8000")


def test_sizes_are_clamped() -> None:
    assert clamp(20000, 640, 80) == 640 and clamp(0, 640, 80) == 1 and clamp(-5, 640, 80) == 1
    assert clamp("120", 640, 80) == 120 and clamp("x", 640, 80) == 80 and clamp(True, 640, 80) == 80
    assert clamp(1.5e300, 640, 80) == 80 and clamp(None, 640, 80) == 80

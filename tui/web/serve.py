"""`marsad serve`: the browser in a web browser, through textual-serve, for its user only.

textual-serve runs one app process per browser tab with Textual's web driver and
relays its screen to xterm.js in the page. xterm.js neither shapes nor reorders
(`tui.terminal.detect` recognises it by `TERM_PROGRAM=textual`), so the app draws
Arabic in app mode, as in xterm.

Whoever reaches the socket drives the app (reads the screen, types keys, exports
files as the user), so the server is extended to let in only the page it served
(`tui.web.access`: the run's secret, the Origin, the Host), to bound every session
(`tui.web.session`: how many, their size, memory and lifetime, a process ending
with its socket) and to check and bind its address before saying anything
(`tui.web.address`). It is textual-serve's `Server`, subclassed: its public
attributes (templates, static files, command, title) and page template are used
as they are; the routes, the page handler, the socket handler and `serve` are
Marsad's. textual-serve's download route is not served: Marsad delivers no files.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.web_runner import GracefulExit
from textual_serve.server import Server

from tui.i18n import N_, _, ngettext
from tui.terminal.printing import err, out
from tui.text.gate import safe_line, safe_path
from tui.web.access import Access, new_secret
from tui.web.address import AddressProblem, Listening, bind
from tui.web.session import KILL_GRACE, QUIT_GRACE, Limits, MarsadSession, session_command

__all__ = ["MarsadServer", "serve"]

EXIT_OK, EXIT_CANNOT_LISTEN = 0, 2
#: the largest message a page may send (a paste); the socket is closed past it
MAX_MESSAGE_BYTES = 256 * 1024
#: seconds between pings: a tab that went away without closing is noticed within two
HEARTBEAT = 15.0
#: refusals said on stderr, at most (then they are refused in silence)
REFUSALS_SAID = 50
#: what the page's response says to the browser: no referrer (the secret stays in the
#: page's URL), no cache, no frame (another site cannot show the page inside its own)
PAGE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}
NOT_LOOPBACK_WARNING = N_(
    "marsad serve: warning: {address} can be reached from other machines. The secret in the address is the only "
    "lock, and plain http carries it, and every key, in clear: put a TLS proxy (https) in front and give "
    "--public-url, or listen on 127.0.0.1 and reach it through an SSH tunnel"
)


class PublicUrlProblem(ValueError):
    """`--public-url` is not an http(s) origin."""


def public_base(url: str) -> str:
    """`--public-url` as `scheme://host[:port]`: the address of a proxy in front of Marsad."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/") or parts.query:
        raise PublicUrlProblem(
            _("--public-url {url} is not an address such as https://marsad.example.org").format(url=repr(url))
        )
    return f"{parts.scheme}://{parts.netloc}"


class MarsadServer(Server):
    """textual-serve's server, for the page it served only, with bounded sessions."""

    def __init__(
        self,
        db_path: str | None,
        listening: Listening,
        limits: Limits | None = None,
        *,
        public_url: str | None = None,
        secret: str | None = None,
        language: str | None = None,
    ) -> None:
        self.listening = listening
        self.limits = limits or Limits()
        base = public_base(public_url) if public_url else f"http://{listening.host_for_url}:{listening.port}"
        super().__init__(
            session_command(db_path, self.limits, language),
            host=listening.address,
            port=listening.port,
            title="Marsad",
            public_url=base,
        )
        self.access = Access.for_address(
            secret or new_secret(),
            listening.host_for_url,
            listening.port,
            loopback=listening.is_loopback,
            wildcard=listening.is_wildcard,
            public_url=base if public_url else None,
        )
        self.public_scheme = urlsplit(base).scheme if public_url else None
        self.database_label = safe_path(db_path) if db_path is not None else _("the bundled database")
        self.sessions: set[MarsadSession] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self.refused: set[tuple[str, str]] = set()
        """(origin, reason) of the sockets refused so far: each is said once."""

    @property
    def address(self) -> str:
        """What the user opens: the page's address with this run's secret."""
        return f"{self.public_url}/?token={self.access.secret}"

    # -- the web application ----------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index),
                web.get("/ws", self.handle_websocket),
                web.get("/ws/{secret}", self.handle_websocket),
                web.static("/static", self.statics_path),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: object) -> None:
        out(
            _("Marsad ({database}) is served on {address} ; press ctrl+c to stop").format(
                database=self.database_label, address=self.address
            )
        )
        if not self.listening.is_loopback:
            err(_(NOT_LOOPBACK_WARNING).format(address=self.listening.address))

    async def on_shutdown(self, app: object) -> None:
        """Close every socket: each session then ends its process (`MarsadSession.stop`)."""
        for websocket in list(self.sockets):
            with contextlib.suppress(Exception):
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"Marsad stopped")

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, for a request with the secret, addressed to this server; its socket's address holds the secret."""
        refusal = self.access.refusal(request.headers, request.query.get("token"), socket=False)
        if refusal is not None:
            return web.Response(status=403, text=f"Marsad: {refusal}\n", headers=PAGE_HEADERS)
        if self.public_scheme is not None:
            socket_base = f"{'wss' if self.public_scheme == 'https' else 'ws'}://{urlsplit(self.public_url).netloc}"
        else:
            socket_base = f"ws://{request.host}"
        context: dict[str, Any] = {
            "font_size": _whole_number(request.query.get("fontsize"), 16, 6, 64),
            "app_websocket_url": f"{socket_base}/ws/{self.access.secret}",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers.update(PAGE_HEADERS)
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One session: refused unless the page's own, with the secret, under the cap; ended with its socket."""
        refusal = self.access.refusal(request.headers, request.match_info.get("secret"), socket=True)
        if refusal is not None:
            self._say_refused(request, refusal)
            raise web.HTTPForbidden(text=f"Marsad: {refusal}\n")
        if len(self.sessions) >= self.limits.sessions:
            full = ngettext(
                "Marsad: {count} session is open, the most this server allows (marsad serve --max-sessions); "
                "close it first",
                "Marsad: {count} sessions are open, the most this server allows (marsad serve --max-sessions); "
                "close one first",
                self.limits.sessions,
            )
            raise web.HTTPServiceUnavailable(text=full.format(count=self.limits.sessions) + "\n")
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE_BYTES)

        async def close() -> None:  # (the app quit)
            await websocket.close()

        session = MarsadSession(
            self.command,
            self.limits,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
        )
        self.sessions.add(session)  # (before the first await: the cap holds for sockets opened together)
        ended_by = ""
        try:
            await websocket.prepare(request)
            self.sockets.add(websocket)
            await session.start(*session.size(request.query.get("width"), request.query.get("height")))
            try:
                async with asyncio.timeout(self.limits.lifetime_minutes * 60):
                    await relay(websocket, session)
            except TimeoutError:
                ended_by = _("this session reached its lifetime (marsad serve --session-minutes)")
        finally:
            await asyncio.shield(self._end(session, websocket, ended_by))
        return websocket

    def _say_refused(self, request: web.Request, refusal: str) -> None:
        """One line on stderr the first time a socket from an origin is refused for a reason (pages retry)."""
        origin = request.headers.get("Origin", _("no origin"))
        if (origin, refusal) not in self.refused and len(self.refused) < REFUSALS_SAID:
            self.refused.add((origin, refusal))
            err(_("marsad serve: refused a socket from {origin}: {reason}").format(origin=origin, reason=refusal))

    async def _end(self, session: MarsadSession, websocket: web.WebSocketResponse, reason: str) -> None:
        try:
            await session.stop()
        finally:
            self.sessions.discard(session)
            self.sockets.discard(websocket)
            with contextlib.suppress(Exception):
                await websocket.close(
                    code=WSCloseCode.GOING_AWAY if reason else WSCloseCode.OK, message=reason.encode()
                )

    # -- running ----------------------------------------------------------------
    def serve(self, debug: bool = False) -> None:
        """Serve on the socket already bound until SIGINT or SIGTERM."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for ending in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(ending, self.request_exit)
        web.run_app(
            self.make_app(),
            sock=self.listening.socket,
            handle_signals=False,
            loop=loop,
            print=None,
            access_log=None,  # (a request's path holds the secret)
            shutdown_timeout=QUIT_GRACE + KILL_GRACE + 1,
        )

    def request_exit(self) -> None:
        raise GracefulExit()


async def relay(websocket: web.WebSocketResponse, session: MarsadSession) -> None:
    """What the page sends, to the app process: keys, sizes (clamped), focus; anything else is ignored.

    (textual-serve's own loop ends the session on the first message that is not
    its JSON; this one passes such a message over.)
    """
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
            continue
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await session.send_bytes(data.encode("utf-8", "replace"))
        elif kind == "resize" and isinstance(data, dict):
            await session.set_terminal_size(*session.size(data.get("width"), data.get("height")))
        elif kind == "ping" and isinstance(data, str | int | float) and len(str(data)) <= 64:
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await session.blur()
        elif kind == "focus":
            await session.focus()


def _whole_number(text: str | None, default: int, lowest: int, highest: int) -> int:
    try:
        return max(lowest, min(highest, int(text or default)))
    except ValueError:
        return default


def serve(
    db_path: str | None,
    host: str,
    port: int,
    limits: Limits | None = None,
    *,
    public_url: str | None = None,
    language: str | None = None,
) -> int:
    """Serve until interrupted; exit 2 with one line, before anything is printed, when the address cannot be used."""
    try:
        if public_url is not None:
            public_base(public_url)
        listening = bind(host, port)
    except (AddressProblem, PublicUrlProblem) as problem:
        err(_("marsad serve: {problem}").format(problem=safe_line(str(problem))))
        return EXIT_CANNOT_LISTEN
    MarsadServer(db_path, listening, limits, public_url=public_url, language=language).serve()
    return EXIT_OK

"""Who may drive the served app: the page `marsad serve` served, holding this run's secret, and nobody else.

The threat is any web page the user visits while Marsad is served: a page of
another site may open a WebSocket to any address (browsers do not apply the
same-origin policy to WebSockets), and a name it controls may resolve to
127.0.0.1 (DNS rebinding). Three locks, each checked on every request:

* **the secret**: a random token made at each start, printed in the URL that
  `marsad serve` prints (as Jupyter does), required to get the page and, in the
  socket's path, to open the socket; compared in constant time. A page of another
  origin cannot read the served page, so it cannot learn the secret.
* **the Origin** of the socket is the page's own (`http://` + the address the page
  was served from, or `--public-url`): a page elsewhere is refused even before
  its secret would be looked at.
* **the Host** the browser asked for is an address of this server (unless it
  listens on every address, 0.0.0.0 or ::, whose names it cannot know): a name
  rebound to 127.0.0.1 is refused.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tui.i18n import _

__all__ = ["Access", "new_secret"]

#: bytes of randomness in a secret (43 URL-safe characters)
SECRET_BYTES = 32
#: names a browser may give the loopback address by
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
#: what a Host header may hold at all: a name or an address, and a port
_HOST_HEADER = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL, lowercased (what a browser sends as `Origin`)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass(frozen=True)
class Access:
    """The secret of this run, and the hosts and origins its page may be served from."""

    secret: str
    hosts: frozenset[str] = field(default_factory=frozenset)
    """`host:port` values the `Host` header may have; empty: any (the server listens on every address)."""
    public_origin: str | None = None
    """The origin of `--public-url` (a TLS proxy in front), accepted as the page's origin."""

    @classmethod
    def for_address(
        cls, secret: str, host_for_url: str, port: int, *, loopback: bool, wildcard: bool, public_url: str | None
    ) -> Access:
        public_origin = origin_of(public_url) if public_url else None
        hosts: set[str] = set()
        if not wildcard:
            names = {host_for_url, *(LOOPBACK_NAMES if loopback else ())}
            hosts = {f"{name}:{port}".lower() for name in names}
            if public_origin:
                hosts.add(urlsplit(public_origin).netloc)
        return cls(secret, frozenset(hosts), public_origin)

    def secret_matches(self, given: str | None) -> bool:
        """Whether `given` is this run's secret (in constant time: its timing tells nothing of the secret)."""
        return given is not None and hmac.compare_digest(given.encode("utf-8", "replace"), self.secret.encode())

    def host_allowed(self, host: str | None) -> bool:
        """Whether a request's `Host` header names this server."""
        if not host or _HOST_HEADER.fullmatch(host) is None:
            return False
        return not self.hosts or host.lower() in self.hosts

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """Whether a socket's `Origin` is its page's: served from `host` (the socket's `Host`), or the public URL's."""
        if not origin or not self.host_allowed(host):
            return False
        origin = origin.lower()
        return origin == f"http://{host}".lower() or (self.public_origin is not None and origin == self.public_origin)

    def refusal(self, headers: Mapping[str, str], secret: str | None, *, socket: bool) -> str | None:
        """Why a request is refused (one line, for the client), or None when it may go on.

        `socket`: a WebSocket (its Origin is checked too), else the page.
        """
        host = headers.get("Host")
        if not self.host_allowed(host):
            return _("this server is not reached by that name")
        if socket and not self.origin_allowed(headers.get("Origin"), host):
            return _("only the page Marsad served may open its socket")
        if not self.secret_matches(secret):
            return _("this address needs the secret that `marsad serve` printed: open the whole address it printed")
        return None

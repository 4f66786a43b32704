"""Where `marsad serve` listens: the host and port checked, resolved and bound before anything is said.

A port is a number from 0 to 65535 (0: any free port, the one taken is printed);
a host is an address of this machine, by number (IPv4 or IPv6) or by name. The
socket is bound here, before the server starts, so that an address that cannot
be used is one line on stderr and nothing on stdout (no "served on" first). The
address a browser is given is the one bound, by number, an IPv6 one in brackets
(`http://[::1]:8000/`). Whether it is reachable from other machines (anything
but loopback) decides whether `marsad serve` warns.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from tui.i18n import _
from tui.i18n.system_errors import reason as system_reason

__all__ = ["AddressProblem", "Listening", "bind", "check_port", "url_host"]

#: the highest TCP port
MAX_PORT = 65535
#: connections waiting to be accepted (a browser opens a few: the page, its scripts, the socket)
BACKLOG = 64


class AddressProblem(Exception):
    """The host or port cannot be listened on; the message says which and why, in one line."""


@dataclass(frozen=True, slots=True)
class Listening:
    """A bound, listening socket and what the browser must be told about it."""

    socket: socket.socket
    address: str
    """The address bound, by number (`127.0.0.1`, `::1`)."""
    port: int
    """The port bound (the one the system chose, for port 0)."""

    @property
    def host_for_url(self) -> str:
        return url_host(self.address)

    @property
    def is_loopback(self) -> bool:
        """Only this machine can connect."""
        return ipaddress.ip_address(self.address).is_loopback

    @property
    def is_wildcard(self) -> bool:
        """Every address of this machine (0.0.0.0 or ::): the browser may use any of its names."""
        return ipaddress.ip_address(self.address).is_unspecified


def check_port(port: int) -> int:
    """The port, if it is one; else `AddressProblem`."""
    if not 0 <= port <= MAX_PORT:
        raise AddressProblem(
            _("--port {port} is not a port: give a number from 1 to {most} (0: any free port)").format(
                port=port, most=MAX_PORT
            )
        )
    return port


def url_host(address: str) -> str:
    """An address as it goes in a URL: an IPv6 one in brackets (`[::1]`), any other as it is."""
    try:
        parsed = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address
    return f"[{parsed.compressed}]" if parsed.version == 6 else parsed.compressed


def bind(host: str, port: int) -> Listening:
    """Resolve `host`, bind its first address at `port` and listen; `AddressProblem` when it cannot be done."""
    check_port(port)
    if not host or host != host.strip() or any(not char.isprintable() for char in host):
        raise AddressProblem(
            _("--host {host} is not an address: give one such as 127.0.0.1, ::1 or localhost").format(host=repr(host))
        )
    try:
        found = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP, flags=socket.AI_PASSIVE
        )
    except (OSError, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise AddressProblem(
            _("--host {host} is not an address of this machine ({reason})").format(host=repr(host), reason=reason)
        ) from None
    family, kind, protocol, _name, socket_address = found[0]
    address = str(socket_address[0])
    shown = f"{url_host(address)}:{port}"
    listener = socket.socket(family, kind, protocol)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        listener.bind(socket_address)
        listener.listen(BACKLOG)
    except OSError as error:
        listener.close()
        raise AddressProblem(
            _("cannot listen on {address}: {reason}").format(
                address=shown, reason=system_reason(error) if error.errno else error
            )
        ) from None
    listener.setblocking(False)
    return Listening(listener, address, listener.getsockname()[1])

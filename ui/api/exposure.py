"""Who may reach a server: an address beyond this machine needs a token, or an explicit yes.

`serve` calls `check_exposure` before it loads anything; the MCP HTTP transport calls it too.
"""

from __future__ import annotations

import ipaddress
import logging

log = logging.getLogger(__name__)

LOOPBACK_NAMES = ("localhost", "localhost.", "ip6-localhost", "ip6-loopback")


class ExposureError(ValueError):
    """Serving on a reachable address without a token, and without being told that is meant."""


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 (also IPv4-mapped, bracketed) and localhost; every other name or address
    (0.0.0.0, ::, a LAN address, a host name) may be reachable from elsewhere."""
    name = host.strip().lower().removeprefix("[").removesuffix("]")
    if name in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def check_exposure(host: str, token: str | None, allow_remote: bool = False, what: str = "the HTTP API") -> None:
    """Refuse (ExposureError) to serve `what` on a non-loopback `host` without a `token`, unless
    `allow_remote`; allowed, it logs a warning."""
    if token or is_loopback(host):
        return
    if allow_remote:
        log.warning("serving %s on %s without a token: anyone who can reach that address can use it", what, host)
        return
    raise ExposureError(
        f"refusing to serve {what} on {host!r} without a token: anyone who can reach that address could use it. "
        "Set a token (setting api_token, environment variable SHOPASSIST_API_TOKEN), serve on 127.0.0.1, "
        "or, to serve it unauthenticated anyway, pass --allow-unauthenticated-remote "
        "(setting allow_unauthenticated_remote, SHOPASSIST_ALLOW_UNAUTHENTICATED_REMOTE=true)")

"""HTTP under the ASGI server: Django's synchronous handler, one thread hop per request.

Every view and middleware of the site is synchronous. Django's own ASGI handler runs
such a site by hopping between the event loop and a new thread several times per
request (once per middleware that is not async, then for the view), and starts that
thread afresh for each request, so each request also opens a new database connection.
On the demo grown to 20,000 documents that cost a bare view about 5 ms and a cached
document list 11 ms; with the whole request run in one hop, on a pool of long-lived
threads that keep their connection (`CONN_MAX_AGE`), 1.8 ms and 5 ms
(docs/access.md, "Performance").

The request is handed to the same WSGI handler the test client and `wsgi.py` use, so
middleware, settings and responses are the same; WebSockets still go through Channels.

`client_address` names the client of a request, for login throttling: the connection's
own peer, unless that peer is a reverse proxy the operator trusts.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from asgiref.sync import sync_to_async
from asgiref.wsgi import WsgiToAsgi, WsgiToAsgiInstance
from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# The adapter's own body of `run_wsgi_app`, without its one-thread executor.
_run_wsgi_app = WsgiToAsgiInstance.__dict__["run_wsgi_app"].func


class _Request(WsgiToAsgiInstance):
    async def run_wsgi_app(self, body):
        # A pool thread, not the single thread-sensitive one: a slow page does not hold
        # up the others, and each pool thread keeps its own database connection.
        await sync_to_async(lambda: _run_wsgi_app(self, body), thread_sensitive=False)()


class HttpApplication(WsgiToAsgi):
    """An ASGI application for HTTP that runs a WSGI application in a thread pool."""

    async def __call__(self, scope, receive, send):
        await _Request(self.wsgi_application, self.duplicate_header_limit)(scope, receive, send)


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent `request`.

    `REMOTE_ADDR`, the peer of the connection, unless that peer is one of the reverse
    proxies of `TRUSTED_PROXIES` (PLENIPOT_TRUSTED_PROXIES): then the right-most address
    of X-Forwarded-For that is not itself a trusted proxy. Each proxy appends the
    address it was called from, so everything left of that was written by the client and
    is not believed; nor is the header from a peer that is not a trusted proxy.
    """
    peer = request.META.get("REMOTE_ADDR") or None
    proxies = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if peer is None or not proxies or not _trusted(_address(peer), proxies):
        return peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # what a trusted proxy did not write cleanly is not believed
        if not _trusted(address, proxies):
            return str(address)
    return peer


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> Address | None:
    """An address as a proxy writes it: bare, `a.b.c.d:port` or `[v6]:port`."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address | None, proxies: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in proxies)

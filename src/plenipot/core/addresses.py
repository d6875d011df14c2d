"""Who a request comes from: the connection's own peer, unless that peer is a reverse
proxy the operator trusts (PLENIPOT_TRUSTED_PROXIES); then the client that proxy names in
X-Forwarded-For. Login throttling and the cap on live sockets count by it."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


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

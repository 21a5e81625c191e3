"""The client's IP address: the direct peer, or X-Forwarded-For only behind a trusted proxy.

Trusting X-Forwarded-For from anyone lets any client pick its apparent IP and walk around rate
limits and the blacklist, so it is believed only when the direct peer is in TRUSTED_PROXIES; then
the right-most address that is not itself a trusted proxy is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple[IpNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_trusted(address: str, networks: tuple[IpNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """Return the address rate limits, sessions and the blacklist should see for this request."""
    cached = getattr(request, "_client_ip", None)
    if cached is not None:
        return cached
    peer = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    address = peer
    if networks and _is_trusted(peer, networks):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        for hop in reversed(hops):
            if not _is_trusted(hop, networks):
                try:
                    address = str(ipaddress.ip_address(hop))
                except ValueError:
                    address = peer
                break
    request._client_ip = address  # type: ignore[attr-defined]
    return address

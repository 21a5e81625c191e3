"""X-Forwarded-For is believed only from a trusted proxy: otherwise a client picks its own IP."""

from __future__ import annotations

from django.test import RequestFactory

from core.client_ip import client_ip


def _request(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_untrusted_peer_cannot_spoof_its_address(settings) -> None:
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_trusted_proxy_reports_the_client(settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    assert client_ip(_request("10.1.2.3", "198.51.100.7")) == "198.51.100.7"
    # A client-supplied first hop is ignored: the right-most untrusted hop is the client.
    assert client_ip(_request("10.1.2.3", "6.6.6.6, 198.51.100.7, 127.0.0.1")) == "198.51.100.7"
    # Garbage in the header falls back to the peer.
    assert client_ip(_request("10.1.2.3", "not-an-ip")) == "10.1.2.3"

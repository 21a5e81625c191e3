"""A bare async Django view returning fixed bytes: the floor the API views are measured against
(same server, same middleware, no application work)."""

from __future__ import annotations

import os
from pathlib import Path

from django.http import HttpRequest, HttpResponse

_body: bytes | None = None


def _load() -> bytes:
    global _body
    if _body is None:
        _body = Path(os.environ["CINEMATE_BENCH_BODY"]).read_bytes()
    return _body


async def bare(request: HttpRequest) -> HttpResponse:
    """Serves the file named by CINEMATE_BENCH_BODY (read once), e.g. a saved /movies/popular."""
    return HttpResponse(_body if _body is not None else _load(), content_type="application/json")


def bare_sync(request: HttpRequest) -> HttpResponse:
    """The same bytes from a sync view (Django runs it in a thread under ASGI)."""
    return HttpResponse(_body if _body is not None else _load(), content_type="application/json")

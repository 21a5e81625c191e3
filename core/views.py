"""System endpoints and the JSON error handlers Django uses outside DRF views."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse

from core.exceptions import Forbidden, InternalError, NotFound, ValidationFailed
from core.health import collect_health
from core.responses import error_response, json_response

logger = logging.getLogger("cinemate.errors")


async def health(request: HttpRequest) -> HttpResponse:
    """GET /system/health: the contract's fields plus per-dependency checks; 503 when degraded."""
    if request.method not in ("GET", "HEAD"):
        from core.exceptions import MethodNotAllowed

        return error_response(MethodNotAllowed(headers={"Allow": "GET, HEAD"}))
    report = await collect_health()
    return json_response(report, status=200 if report["status"] == "healthy" else 503)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(NotFound(f"No route for {request.method} {request.path}"))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from core.middleware import client_error_for

    error = client_error_for(exception) if exception is not None else None
    return error_response(error or ValidationFailed())


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(Forbidden())


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(InternalError())

"""System endpoints and the JSON error handlers Django uses outside DRF views."""

from __future__ import annotations

import asyncio
import hmac
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from core import metrics
from core.exceptions import (
    Forbidden,
    InternalError,
    MethodNotAllowed,
    NotFound,
    Unauthorized,
    ValidationFailed,
)
from core.health import collect_health, collect_readiness
from core.responses import error_response, json_response

logger = logging.getLogger("cinemate.errors")


async def health(request: HttpRequest) -> HttpResponse:
    """GET /system/health: the contract's fields plus per-dependency checks; 503 when degraded."""
    if request.method not in ("GET", "HEAD"):
        return _get_only()
    report = await collect_health()
    return json_response(report, status=200 if report["status"] == "healthy" else 503)


def _get_only() -> HttpResponse:
    return error_response(MethodNotAllowed(headers={"Allow": "GET, HEAD"}))


async def live(request: HttpRequest) -> HttpResponse:
    """GET /system/live: the process answers. No dependency, so a database blip never gets a
    healthy pod restarted (Kubernetes livenessProbe)."""
    if request.method not in ("GET", "HEAD"):
        return _get_only()
    return json_response({"status": "alive"})


async def ready(request: HttpRequest) -> HttpResponse:
    """GET /system/ready: 200 when PostgreSQL and Redis answer and the instance is not draining,
    else 503 (Kubernetes readinessProbe, load balancer health check)."""
    if request.method not in ("GET", "HEAD"):
        return _get_only()
    report = await collect_readiness()
    if report["status"] == "ready":
        return json_response(report)
    response = json_response(report, status=503)
    response["Retry-After"] = "5"
    return response


def _metrics_allowed(request: HttpRequest) -> bool | None:
    """True: serve. False: 401. None: 404 (production without METRICS_TOKEN: the endpoint is
    off rather than open to the internet)."""
    token = settings.METRICS_TOKEN
    if not token:
        return None if settings.PRODUCTION else True
    supplied = request.headers.get("Authorization", "")
    return hmac.compare_digest(supplied.encode(), f"Bearer {token}".encode())


async def metrics_view(request: HttpRequest) -> HttpResponse:
    """GET /metrics: Prometheus text exposition, merged across this instance's workers."""
    if request.method not in ("GET", "HEAD"):
        return _get_only()
    allowed = _metrics_allowed(request)
    if allowed is None:
        return not_found(request)
    if not allowed:
        response = error_response(Unauthorized("A valid metrics token is required"))
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body = await asyncio.to_thread(metrics.render)  # reads every worker's files
    return HttpResponse(body, content_type=metrics.CONTENT_TYPE)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(NotFound(f"No route for {request.method} {request.path}"))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(ValidationFailed())


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(Forbidden())


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(InternalError())

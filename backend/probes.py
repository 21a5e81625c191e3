"""Liveness, readiness, draining and the Prometheus scrape (docs/operations.md).

``/system/live`` touches nothing; ``/system/ready`` asks PostgreSQL and Redis and says 503 once
the instance is draining (``backend.serve`` creates DRAIN_FILE on SIGTERM, lifespan shutdown
sets the in-process flag); ``/metrics`` renders core.metrics behind METRICS_TOKEN.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from backend.health import check_cache, check_database
from core import metrics
from core.exceptions import MethodNotAllowed, NotFound, Unauthorized
from core.responses import error_response, json_response
from tmdb_loaders.breaker import breaker as tmdb_breaker

logger = logging.getLogger("cinemate.health")

_shutting_down = False


def mark_shutting_down() -> None:
    """Lifespan shutdown began in this worker: it answers not ready from now on."""
    global _shutting_down
    _shutting_down = True


def mark_serving() -> None:
    """Lifespan start-up: this worker serves (also undoes a shutdown the tests ran in-process)."""
    global _shutting_down
    _shutting_down = False


def is_draining() -> bool:
    """True once the instance was told to stop: ``backend.serve`` creates DRAIN_FILE on SIGTERM,
    so the load balancer stops sending traffic before the server stops accepting it."""
    drain_file = settings.DRAIN_FILE
    return _shutting_down or bool(drain_file and os.path.exists(drain_file))


READY_CHECKS: dict[str, Callable[[], Awaitable[str]]] = {
    "database": check_database,
    "cache": check_cache,
}


async def _ready_check(name: str, check: Callable[[], Awaitable[str]]) -> str:
    try:
        await asyncio.wait_for(check(), settings.READY_CHECK_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready", with its reason
        logger.warning("readiness check %s failed: %s", name, type(exc).__name__)
        if name == "database":
            metrics.record_database_error("readiness")
        else:
            metrics.record_redis_error("readiness")
        return "down"
    return "up"


async def collect_readiness() -> dict[str, Any]:
    """Ready: not draining, and PostgreSQL and Redis answer (TMDb is not asked: an upstream
    outage is answered with stale data or 503 by every instance alike, restarting helps none)."""
    if is_draining():
        return {"status": "draining", "checks": {}}
    results = await asyncio.gather(*(_ready_check(n, c) for n, c in READY_CHECKS.items()))
    checks = dict(zip(READY_CHECKS, results, strict=True))
    ready_now = all(result == "up" for result in checks.values())
    return {"status": "ready" if ready_now else "unavailable", "checks": checks}


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
        return error_response(NotFound(f"No route for {request.method} {request.path}"))
    if not allowed:
        response = error_response(Unauthorized("A valid metrics token is required"))
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    metrics.set_circuit_state("tmdb", tmdb_breaker.state())  # half-open is a matter of time
    body = await asyncio.to_thread(metrics.render)  # reads every worker's files
    return HttpResponse(body, content_type=metrics.CONTENT_TYPE)

"""Health checks: is each dependency answering? Each check is bounded in time."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse

from backend.version import api_version
from core.exceptions import MethodNotAllowed
from core.redis_async import get_redis
from core.responses import error_response, json_response
from tmdb_loaders.client import check_reachable

logger = logging.getLogger("cinemate.health")
CHECK_TIMEOUT = 2.0


def _database_ping() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def check_database() -> str:
    await sync_to_async(_database_ping, thread_sensitive=True)()
    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


async def check_cache() -> str:
    client = await get_redis()
    if client is not None:
        await client.ping()
        return "redis"
    await cache.aset("health:ping", 1, 5)
    return "local-memory"


async def check_tmdb() -> str:
    await check_reachable(timeout=CHECK_TIMEOUT)
    return "offline-catalog" if settings.TMDB_OFFLINE else "tmdb"


CHECKS: dict[str, Callable[[], Awaitable[str]]] = {
    "database": check_database,
    "cache": check_cache,
    "tmdb": check_tmdb,
}


async def _run(name: str, check: Callable[[], Awaitable[str]]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        backend = await asyncio.wait_for(check(), CHECK_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - any failure is "down", with its reason for the operator
        logger.warning("health check %s failed: %s", name, exc)
        return {"status": "down", "error": type(exc).__name__}
    return {
        "status": "up",
        "backend": backend,
        "latency_ms": round((time.perf_counter() - started) * 1000, 1),
    }


async def collect_health() -> dict[str, Any]:
    results = await asyncio.gather(*(_run(name, check) for name, check in CHECKS.items()))
    checks = dict(zip(CHECKS, results, strict=True))
    healthy = all(result["status"] == "up" for result in checks.values())
    return {
        "status": "healthy" if healthy else "degraded",
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "version": api_version(),
        "checks": checks,
    }


async def health(request: HttpRequest) -> HttpResponse:
    """GET /system/health: the contract's fields plus per-dependency checks; 503 when degraded."""
    if request.method not in ("GET", "HEAD"):
        return error_response(MethodNotAllowed(headers={"Allow": "GET, HEAD"}))
    report = await collect_health()
    return json_response(report, status=200 if report["status"] == "healthy" else 503)

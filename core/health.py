"""Health checks: is each dependency answering? Each check is bounded in time."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from backend.version import api_version
from core.metrics import record_database_error, record_redis_error
from core.redis_async import get_redis

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
    from tmdb_loaders.client import check_reachable

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


# --- probes (docs/operations.md) ----------------------------------------------------------------

_shutting_down = False


def mark_shutting_down() -> None:
    """Lifespan shutdown began in this worker: it answers not ready from now on."""
    global _shutting_down
    _shutting_down = True


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
            record_database_error("readiness")
        else:
            record_redis_error("readiness")
        return "down"
    return "up"


async def collect_readiness() -> dict[str, Any]:
    """Ready: not draining, and PostgreSQL and Redis answer (TMDb is not asked: an upstream
    outage is answered with stale data or 503 by every instance alike, restarting helps none)."""
    if is_draining():
        return {"status": "draining", "checks": {}}
    results = await asyncio.gather(*(_ready_check(n, c) for n, c in READY_CHECKS.items()))
    checks = dict(zip(READY_CHECKS, results, strict=True))
    ready = all(result == "up" for result in checks.values())
    return {"status": "ready" if ready else "unavailable", "checks": checks}

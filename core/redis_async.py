"""The asyncio Redis client for the async paths (TMDb cache, rate limits, session status).

django-redis stays Django's cache backend, but it has no native async methods (``aget`` runs in a
thread), so hot async paths use redis-py's asyncio client on the same Redis with Django's key
scheme (``prefix:version:key``). One client per event loop (see core.loop_resources).
Returns None when no Redis is configured: callers then use Django's local-memory cache.
"""

from __future__ import annotations

import redis
import redis.asyncio as aioredis
from django.conf import settings

from core.loop_resources import get_resource

KEY_VERSION = 1


def make_key(key: str) -> str:
    """The key django-redis would use for ``key`` (Django's default KEY_FUNCTION)."""
    return f"{settings.CACHE_KEY_PREFIX}:{KEY_VERSION}:{key}"


def _new_client() -> aioredis.Redis:
    # A blocking pool: past 64 commands in flight, callers wait briefly for a connection instead
    # of failing with MaxConnectionsError under a burst.
    pool = aioredis.BlockingConnectionPool.from_url(
        settings.REDIS_URL,
        max_connections=64,
        timeout=settings.REDIS_ASYNC_SOCKET_TIMEOUT,
        socket_connect_timeout=settings.REDIS_ASYNC_CONNECT_TIMEOUT,
        socket_timeout=settings.REDIS_ASYNC_SOCKET_TIMEOUT,
        health_check_interval=30,
    )
    return aioredis.Redis.from_pool(pool)  # the client owns (and closes) its pool


async def _close(client: aioredis.Redis) -> None:
    await client.aclose()


async def get_redis() -> aioredis.Redis | None:
    """This event loop's asyncio Redis client, or None when REDIS_URL is not set."""
    if not settings.REDIS_URL:
        return None
    return await get_resource("redis", _new_client, _close)


def delete_prefixed_keys(redis_url: str, prefix: str) -> int:
    """Delete every key under ``prefix:`` (and nothing else); returns how many went.

    Sync, for tooling: the test suite and the benchmarks clean up only their own key prefix on
    a Redis that may hold other data.
    """
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return len(keys)
    finally:
        client.close()

"""The asyncio Redis client for the async paths (TMDb cache, rate limits, session status).

django-redis stays Django's cache backend, but it has no native async methods (``aget`` runs in a
thread), so hot async paths use redis-py's asyncio client on the same Redis with Django's key
scheme (``prefix:version:key``). One client per event loop (see core.loop_resources).
Returns None when no Redis is configured: callers then use Django's local-memory cache.
"""

from __future__ import annotations

from typing import Any

import redis
import redis.asyncio as aioredis
from django.conf import settings
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.loop_resources import get_resource
from core.redis_breaker import RedisSkipped, breaker

KEY_VERSION = 1
# What counts as "Redis is sick" (a wrong command or a script error does not).
_FAILURES = (RedisConnectionError, RedisTimeoutError, OSError, TimeoutError)


def make_key(key: str) -> str:
    """The key django-redis would use for ``key`` (Django's default KEY_FUNCTION)."""
    return f"{settings.CACHE_KEY_PREFIX}:{KEY_VERSION}:{key}"


_FAIL_FAST_CLASSES: dict[type, type] = {}


def _fail_fast(connection_class: type) -> type:
    """``connection_class`` reporting command failures and successes to the breaker."""
    known = _FAIL_FAST_CLASSES.get(connection_class)
    if known is not None:
        return known

    class FailFastConnection(connection_class):
        async def send_packed_command(self, *args: Any, **kwargs: Any) -> None:
            try:
                await super().send_packed_command(*args, **kwargs)
            except _FAILURES as exc:
                breaker.failed(exc)
                raise

        async def read_response(self, *args: Any, **kwargs: Any) -> Any:
            try:
                response = await super().read_response(*args, **kwargs)
            except _FAILURES as exc:
                breaker.failed(exc)
                raise
            breaker.succeeded()
            return response

    FailFastConnection.__name__ = f"FailFast{connection_class.__name__}"
    _FAIL_FAST_CLASSES[connection_class] = FailFastConnection
    return FailFastConnection


class FailFastPool(aioredis.BlockingConnectionPool):
    """Refuses at once while the breaker's skip window is open (core.redis_breaker)."""

    guarded = True

    async def get_connection(self, *args: Any, **kwargs: Any) -> Any:
        if self.guarded and breaker.skipping():
            raise RedisSkipped("Redis skipped after a recent failure")
        try:
            return await super().get_connection(*args, **kwargs)
        except _FAILURES as exc:
            if not isinstance(exc, RedisSkipped):
                breaker.failed(exc)
            raise


class DirectPool(FailFastPool):
    """Not refused by the breaker: for writes that must be retried until they land."""

    guarded = False


def _new_pool(pool_class: type[FailFastPool], socket_timeout: float) -> FailFastPool:
    # A blocking pool: past 64 commands in flight, callers wait briefly for a connection instead
    # of failing with MaxConnectionsError under a burst.
    pool = pool_class.from_url(
        settings.REDIS_URL,
        max_connections=64,
        timeout=socket_timeout,
        socket_connect_timeout=min(settings.REDIS_ASYNC_CONNECT_TIMEOUT, socket_timeout),
        socket_timeout=socket_timeout,
        health_check_interval=30,
    )
    pool.connection_class = _fail_fast(pool.connection_class)
    return pool


def _new_client() -> aioredis.Redis:
    pool = _new_pool(FailFastPool, settings.REDIS_ASYNC_SOCKET_TIMEOUT)
    return aioredis.Redis.from_pool(pool)  # the client owns (and closes) its pool


def _new_direct_client() -> aioredis.Redis:
    pool = _new_pool(DirectPool, settings.REDIS_DIRECT_SOCKET_TIMEOUT)
    return aioredis.Redis.from_pool(pool)


async def _close(client: aioredis.Redis) -> None:
    await client.aclose()


async def get_redis() -> aioredis.Redis | None:
    """This event loop's asyncio Redis client, or None when REDIS_URL is not set."""
    if not settings.REDIS_URL:
        return None
    return await get_resource("redis", _new_client, _close)


async def get_direct_redis() -> aioredis.Redis | None:
    """A second client that ignores the breaker's skip window (with a shorter timeout), for the
    few writes that are retried until they land (accounts.sessions: ending a session)."""
    if not settings.REDIS_URL:
        return None
    return await get_resource("redis-direct", _new_direct_client, _close)


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

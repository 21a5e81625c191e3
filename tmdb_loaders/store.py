"""Storage of TMDb cache entries: Redis (asyncio client), Django's local cache without
REDIS_URL, nothing while Redis fails (core.redis_breaker's skip window, shared by every Redis
use; a rate-limited WARNING).
No Redis error ever escapes. (tmdb_loaders.cache is the reader's API.)"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any

import redis.asyncio as aioredis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import MaxConnectionsError, RedisError

from core.loop_resources import get_resource
from core.metrics import record_redis_error
from core.redis_async import get_redis, make_key
from core.redis_breaker import redis_is_skipped
from tmdb_loaders.entry import NEGATIVE_TTL, Entry
from tmdb_loaders.logs import ThrottledLog

logger = logging.getLogger("cinemate.tmdb.cache")
_redis_log = ThrottledLog(logger, 30.0)

REDIS_SLOTS = 32  # our share of core.redis_async's pool (max 64): never exhaust it
_REDIS_ERRORS = (RedisError, OSError, TimeoutError)


# --- storage ------------------------------------------------------------------------------------


class _NoCache:
    """Redis is configured but failing: read nothing, write nothing, go upstream."""


_NO_CACHE = _NoCache()


async def _backend() -> Any:
    """The asyncio Redis client, Django's cache (no REDIS_URL), or _NO_CACHE (Redis failing)."""
    url = settings.REDIS_URL
    if not url:
        return caches["default"]
    if redis_is_skipped():  # core.redis_breaker: no per-request timeouts while Redis fails
        return _NO_CACHE
    client = await get_redis()
    return client if client is not None else caches["default"]


async def _slots() -> asyncio.Semaphore:
    return await get_resource("tmdb-cache-slots", partial(asyncio.Semaphore, REDIS_SLOTS))


def _redis_failed(exc: BaseException) -> None:
    if isinstance(exc, MaxConnectionsError):
        _redis_log(logging.WARNING, "pool", "Redis pool exhausted; TMDb cache op skipped")
        return
    record_redis_error("tmdb_cache")
    _redis_log(
        logging.WARNING,
        "down",
        "Redis unavailable (%s: %s); TMDb data is served uncached (slower) for now",
        type(exc).__name__,
        exc,
    )


async def _redis_call(operation: Callable[[], Awaitable[Any]]) -> tuple[bool, Any]:
    """Run one Redis operation within our share of the pool; (False, None) if Redis failed."""
    try:
        async with await _slots():
            return True, await operation()
    except _REDIS_ERRORS as exc:
        _redis_failed(exc)
        return False, None


def _expiry(entry: Entry, ttl: float) -> float:
    return NEGATIVE_TTL if entry.missing else ttl + settings.TMDB_STALE_TTL


async def get_many(keys: Sequence[str]) -> list[Entry | None]:
    """The stored entries for ``keys`` (None where absent), in one round trip."""
    if not keys:
        return []
    backend = await _backend()
    if backend is _NO_CACHE:
        return [None] * len(keys)
    if isinstance(backend, aioredis.Redis):
        ok, raws = await _redis_call(partial(backend.mget, [make_key(k) for k in keys]))
        return [Entry.decode(raw) for raw in raws] if ok else [None] * len(keys)
    # Local memory: no I/O, so no thread hop (aget would cost one per call).
    found = (
        backend.get_many(keys)
        if isinstance(backend, LocMemCache)
        else await backend.aget_many(keys)
    )
    return [Entry.decode(found.get(k)) for k in keys]


async def get(key: str) -> Entry | None:
    return (await get_many([key]))[0]


async def _put(key: str, entry: Entry, ttl: float) -> None:
    expiry = _expiry(entry, ttl)
    raw = entry.encode()
    backend = await _backend()
    if backend is _NO_CACHE:
        return
    if isinstance(backend, aioredis.Redis):
        await _redis_call(partial(backend.set, make_key(key), raw, px=max(1, int(expiry * 1000))))
    elif isinstance(backend, LocMemCache):
        backend.set(key, raw, expiry)
    else:
        await backend.aset(key, raw, expiry)


async def store(key: str, data: Any, ttl: float) -> None:
    """Write ``data`` as a fresh entry (e.g. series_full priming the plain series entry)."""
    await _put(key, Entry(time.time(), data), ttl)

"""A small async key-value layer for auth state: session status, blacklist flags, counters.

With Redis (production, tests) it speaks the asyncio client directly (one round trip, no thread
hop), using Django's key scheme so sync code (e.g. an admin signal) can delete the same keys with
``django.core.cache.cache.delete``. Without Redis it uses Django's local-memory cache, whose sync
methods are in-memory and safe to call on the event loop.
When Redis is configured but failing, reads miss and writes are dropped (logged): callers then fall
back to the database, which is slower but never wrong.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from redis.exceptions import RedisError

from core.redis_async import get_redis, make_key
from core.redis_breaker import report_fallback

logger = logging.getLogger("cinemate.auth")

# INCR a counter and start its window on the first hit, in one round trip.
_INCR_WINDOW = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""


def _warn(action: str, key: str) -> None:
    report_fallback(
        logger,
        logging.WARNING,
        "redis %s failed for %s; falling back",
        action,
        key,
        where="kv",
        exc_info=True,
    )


async def get(key: str) -> str | None:
    client = await get_redis()
    if client is None:
        value = cache.get(key)
        return None if value is None else str(value)
    try:
        raw = await client.get(make_key(key))
    except RedisError:
        _warn("get", key)
        return None
    return None if raw is None else _text(raw)


def _text(raw: object) -> str:
    return raw.decode() if isinstance(raw, bytes) else str(raw)


async def get_many(keys: list[str]) -> list[str | None]:
    client = await get_redis()
    if client is None:
        found = cache.get_many(keys)
        return [None if found.get(key) is None else _text(found[key]) for key in keys]
    try:
        raws = await client.mget([make_key(key) for key in keys])
    except RedisError:
        _warn("mget", ",".join(keys))
        return [None] * len(keys)
    return [None if raw is None else _text(raw) for raw in raws]


async def set(key: str, value: str, ttl: int, *, only_if_absent: bool = False) -> None:
    """Store ``value`` for ``ttl`` seconds; ``only_if_absent`` never overwrites (SET NX)."""
    ttl = max(1, int(ttl))
    client = await get_redis()
    if client is None:
        if only_if_absent:
            cache.add(key, value, ttl)
        else:
            cache.set(key, value, ttl)
        return
    try:
        await client.set(make_key(key), value, ex=ttl, nx=only_if_absent)
    except RedisError:
        _warn("set", key)


async def set_many(items: dict[str, str], ttl: int) -> None:
    if not items:
        return
    ttl = max(1, int(ttl))
    client = await get_redis()
    if client is None:
        cache.set_many(items, ttl)
        return
    try:
        async with client.pipeline(transaction=False) as pipe:
            for key, value in items.items():
                pipe.set(make_key(key), value, ex=ttl)
            await pipe.execute()
    except RedisError:
        _warn("set_many", ",".join(items))


async def delete(*keys: str) -> None:
    if not keys:
        return
    client = await get_redis()
    if client is None:
        cache.delete_many(list(keys))
        return
    try:
        await client.delete(*[make_key(key) for key in keys])
    except RedisError:
        _warn("delete", ",".join(keys))


async def incr_window(key: str, window: int) -> int | None:
    """Count one event in a fixed window of ``window`` seconds; returns the count so far.

    Returns None when Redis is failing (the caller then counts elsewhere).
    """
    client = await get_redis()
    if client is None:
        if cache.add(key, 1, window):
            return 1
        try:
            return int(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window)
            return 1
    try:
        return int(await client.eval(_INCR_WINDOW, 1, make_key(key), int(window)))
    except RedisError:
        _warn("incr", key)
        return None

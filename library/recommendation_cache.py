"""The per-user cache of ranked recommendation ids (library.recommendations): kept CACHE_TTL
seconds in Redis (Django's cache without Redis) and dropped when the favourites or the profile
change. A Redis failure only means "not cached"."""

from __future__ import annotations

import logging
import uuid
from typing import cast

from django.core.cache import cache
from redis.exceptions import RedisError

from core.redis_async import get_redis, make_key

logger = logging.getLogger("cinemate.library")

CACHE_TTL = 300


def _cache_key(user_id: uuid.UUID | str) -> str:
    return f"library:recs:{user_id}"


async def read(user_id: uuid.UUID | str) -> bytes | None:
    key = _cache_key(user_id)
    client = await get_redis()
    if client is None:
        return cache.get(key)
    try:
        return cast(bytes | None, await client.get(make_key(key)))  # no response decoding
    except (RedisError, OSError):
        logger.warning("redis unavailable: recommendations not cached")
        return None


async def write(user_id: uuid.UUID | str, value: bytes) -> None:
    key = _cache_key(user_id)
    client = await get_redis()
    if client is None:
        cache.set(key, value, CACHE_TTL)
        return
    try:
        await client.set(make_key(key), value, ex=CACHE_TTL)
    except (RedisError, OSError):
        logger.warning("redis unavailable: recommendations not cached")


async def forget(user_id: uuid.UUID | str) -> None:
    """Drop the user's cached recommendations (favourites or profile changed)."""
    key = _cache_key(user_id)
    client = await get_redis()
    if client is None:
        cache.delete(key)
        return
    try:
        await client.delete(make_key(key))
    except (RedisError, OSError):
        logger.warning("redis unavailable: cached recommendations of %s not dropped", user_id)

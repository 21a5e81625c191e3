"""Shaped card pages in the shared cache (Redis; Django's local cache without REDIS_URL).

A warm REST list page would otherwise read and decode every title's details (about 12 KB each
after trimming, 20 per page) just to fill ``duration`` and the genre names. The finished cards
of a page (``is_favorite`` left false: it is per caller and applied on the way out) plus its
pagination are stored under one key, so a warm page is one small GET. Keys carry everything the
cards depend on: the TMDb list and parameters, the window, the language and the maturity level.
Entries live as long as TMDb list pages are believed fresh (TMDB_CACHE_TTL_LIST / _SEARCH) and
are only written when every title of the page could be completed. Redis trouble is a miss.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

from core.redis_async import get_redis, make_key

logger = logging.getLogger(__name__)

VERSION = "v1"
_ERRORS = (RedisError, OSError, TimeoutError)


def page_key(
    source: str, params: Mapping[str, str], page: int, limit: int, language: str, maturity: str
) -> str:
    """The cache key of one window of one list for one language and maturity level."""
    encoded = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    digest = hashlib.sha256(f"{source}?{encoded}".encode()).hexdigest()[:24]
    return f"cards:{VERSION}:{digest}:{page}:{limit}:{language}:{maturity}"


async def read(key: str) -> dict[str, Any] | None:
    """The stored page (``{"cards": [...], "pagination": {...}}``) or None."""
    try:
        client = await get_redis()
        raw = await client.get(make_key(key)) if client is not None else _local().get(key)
    except _ERRORS as exc:
        logger.debug("card page cache read failed: %r", exc)
        return None
    if raw is None:
        return None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) and "cards" in value else None


async def write(key: str, value: Mapping[str, Any], ttl: float) -> None:
    raw = orjson.dumps(value)
    try:
        client = await get_redis()
        if client is not None:
            await client.set(make_key(key), raw, px=max(1, int(ttl * 1000)))
        else:
            _local().set(key, raw, ttl)
    except _ERRORS as exc:
        logger.debug("card page cache write failed: %r", exc)


def _local() -> Any:
    # Local memory only when no Redis is configured: no I/O, so no thread hop.
    return caches["default"]


def list_ttl() -> float:
    return float(settings.TMDB_CACHE_TTL_LIST)


def search_ttl() -> float:
    return float(settings.TMDB_CACHE_TTL_SEARCH)

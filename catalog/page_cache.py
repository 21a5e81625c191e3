"""Shaped card pages in the shared cache (Redis; Django's local cache without REDIS_URL).

A warm REST list page would otherwise read and decode every title's details (about 12 KB each
after trimming, 20 per page) just to fill ``duration`` and the genre names. The finished cards
of a page (``is_favorite`` left false: it is per caller and applied on the way out) plus its
pagination are stored under one key, so a warm page is one small GET. Keys carry everything the
cards depend on: the TMDb list and parameters, the window, the language and the maturity level.
Entries live as long as TMDb list pages are believed fresh (TMDB_CACHE_TTL_LIST / _SEARCH) and
are only written when every title of the page could be completed. Redis trouble is a miss.

With Redis, each worker process also keeps the pages it read or wrote lately in memory (``_L1``:
at most L1_SIZE entries, each for L1_TTL seconds, stored as the bytes Redis holds and decoded
per read, so no caller sees another's ``is_favorite``), saving the Redis round trip of a hot
page. Staleness bound: a process may serve a page up to L1_TTL (1 s) after the shared entry was
replaced or expired; pages are never invalidated early, so nothing else changes. ``clear_l1``
empties it (tests do, with Redis, before each test).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any, cast

import orjson
from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

from core.redis_async import get_redis, make_key

logger = logging.getLogger(__name__)

VERSION = "v1"
_ERRORS = (RedisError, OSError, TimeoutError)
L1_TTL = 1.0
L1_SIZE = 256

# Redis key -> (monotonic expiry, stored bytes); insertion order is age order.
_L1: dict[str, tuple[float, bytes]] = {}
_L1_LOCK = threading.Lock()


def _l1_get(key: str) -> bytes | None:
    entry = _L1.get(key)
    if entry is None:
        return None
    if entry[0] <= time.monotonic():
        _L1.pop(key, None)
        return None
    return entry[1]


def _l1_put(key: str, raw: bytes, ttl: float = L1_TTL) -> None:
    with _L1_LOCK:  # event loops in other threads (async_to_sync) may share the process
        _L1.pop(key, None)
        if len(_L1) >= L1_SIZE:
            now = time.monotonic()
            for stale in [k for k, (expiry, _) in _L1.items() if expiry <= now]:
                del _L1[stale]
            while len(_L1) >= L1_SIZE:
                del _L1[next(iter(_L1))]  # the oldest
        _L1[key] = (time.monotonic() + min(ttl, L1_TTL), raw)


def clear_l1() -> None:
    with _L1_LOCK:
        _L1.clear()


def page_key(
    source: str, params: Mapping[str, str], page: int, limit: int, language: str, maturity: str
) -> str:
    """The cache key of one window of one list for one language and maturity level."""
    encoded = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    digest = hashlib.sha256(f"{source}?{encoded}".encode()).hexdigest()[:24]
    return f"cards:{VERSION}:{digest}:{page}:{limit}:{language}:{maturity}"


async def read(key: str) -> dict[str, Any] | None:
    """The stored page (``{"cards": [...], "pagination": {...}}``) or None."""
    return (await read_page(key))[0]


async def read_page(key: str) -> tuple[dict[str, Any] | None, str | None]:
    """The stored page and its ``entry_etag`` (None, None on a miss)."""
    try:
        client = await get_redis()
        if client is None:
            raw = _local().get(key)
        else:
            full_key = make_key(key)
            raw = _l1_get(full_key)
            if raw is None:
                # the client does not decode responses: bytes
                raw = cast(bytes | None, await client.get(full_key))
                if raw is not None:
                    _l1_put(full_key, raw)
    except _ERRORS as exc:
        logger.debug("card page cache read failed: %r", exc)
        return None, None
    if raw is None:
        return None, None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None, None
    if not isinstance(value, dict) or "cards" not in value:
        return None, None
    return value, entry_etag(raw)


def entry_etag(raw: bytes) -> str:
    """A digest of a stored page: equal digests, equal anonymous answers (core.http_cache)."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


async def write(key: str, value: Mapping[str, Any], ttl: float) -> str:
    """Store the page; returns its ``entry_etag`` (the one later reads will report)."""
    raw = orjson.dumps(value)
    try:
        client = await get_redis()
        if client is not None:
            full_key = make_key(key)
            await client.set(full_key, raw, px=max(1, int(ttl * 1000)))
            _l1_put(full_key, raw, ttl)
        else:
            _local().set(key, raw, ttl)
    except _ERRORS as exc:
        logger.debug("card page cache write failed: %r", exc)
    return entry_etag(raw)


def _local() -> Any:
    # Local memory only when no Redis is configured: no I/O, so no thread hop.
    return caches["default"]


def list_ttl() -> float:
    return float(settings.TMDB_CACHE_TTL_LIST)


def search_ttl() -> float:
    return float(settings.TMDB_CACHE_TTL_SEARCH)

"""The cross-request TMDb cache: Redis (or Django's local cache), single flight, stale fallback.

What a caller gets from ``load_many(specs)`` for each spec, in order of preference:

1. a fresh cached copy (age < ttl), read for all specs in ONE round trip (MGET);
2. the result of an upstream fetch that is *shared*: concurrent misses for one key cost one
   TMDb call, in one process (a task per key per event loop) and across processes sharing Redis
   (a ``SET lock NX PX`` lock; the others poll for the value, bounded by
   TMDB_SINGLE_FLIGHT_WAIT, then fetch themselves);
3. when that fetch fails with TMDbUnavailable and an older copy is still stored, that stale
   copy (WARNING logged with key and age). TMDbNotFound is an answer, not a failure: it is
   cached for NEGATIVE_TTL seconds so a bad id does not hammer TMDb.

Entries are orjson ``{"fetched_at": epoch, "data": ...}`` (or ``"missing": true``) under the
django-redis key scheme (core.redis_async.make_key); a Redis entry lives ttl + TMDB_STALE_TTL.
Without REDIS_URL, Django's cache (local memory) holds them instead. If Redis fails, requests
still succeed by going upstream: Redis is skipped for REDIS_RETRY_SECONDS and a rate-limited
WARNING is logged; no Redis error ever escapes.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
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
from core.redis_async import get_redis, make_key
from core.redis_breaker import redis_is_skipped
from tmdb_loaders.client import ThrottledLog
from tmdb_loaders.entry import NEGATIVE_TTL, Entry, Spec
from tmdb_loaders.errors import TMDbNotFound, TMDbUnavailable
from tmdb_loaders.keys import lock_key

logger = logging.getLogger("cinemate.tmdb.cache")
_redis_log = ThrottledLog(logger, 30.0)

REDIS_RETRY_SECONDS = 5.0  # after a Redis failure, skip Redis this long (no per-request timeouts)
REDIS_SLOTS = 32  # our share of core.redis_async's pool (max 64): never exhaust it
FAILED_MARK_MS = 1000  # after a failed fetch, others answer stale/503 for this long, not refetch
_POLL_FIRST, _POLL_MAX = 0.02, 0.1
_FAILED = b"!failed"
# Release the lock only if it is still ours; optionally leave a short "failed" mark instead.
_RELEASE = """
local v = redis.call('GET', KEYS[1])
if v ~= ARGV[1] then return 0 end
if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end
return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
"""
# Store the fetched value and release our lock in one round trip (waiters see both at once).
_STORE_AND_RELEASE = """
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
return 1
"""
_REDIS_ERRORS = (RedisError, OSError, TimeoutError)


# --- storage ------------------------------------------------------------------------------------

_redis_down_until: dict[str, float] = {}


class _NoCache:
    """Redis is configured but failing: read nothing, write nothing, go upstream."""


_NO_CACHE = _NoCache()


async def _backend() -> Any:
    """The asyncio Redis client, Django's cache (no REDIS_URL), or _NO_CACHE (Redis failing)."""
    url = settings.REDIS_URL
    if not url:
        return caches["default"]
    if _redis_down_until.get(url, 0.0) > time.monotonic() or redis_is_skipped():
        return _NO_CACHE
    client = await get_redis()
    return client if client is not None else caches["default"]


async def _slots() -> asyncio.Semaphore:
    return await get_resource("tmdb-cache-slots", partial(asyncio.Semaphore, REDIS_SLOTS))


def _redis_failed(exc: BaseException) -> None:
    if isinstance(exc, MaxConnectionsError):
        _redis_log(logging.WARNING, "pool", "Redis pool exhausted; TMDb cache op skipped")
        return
    _redis_down_until[settings.REDIS_URL] = time.monotonic() + REDIS_RETRY_SECONDS
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


# --- single flight ------------------------------------------------------------------------------


class _Lock:
    """The cross-process single-flight lock of one key (a no-op without Redis)."""

    def __init__(self, client: aioredis.Redis | None, key: str) -> None:
        self.client = client
        self.key = make_key(lock_key(key))
        self.token = secrets.token_hex(8)
        self.held = False

    async def acquire_and_read(self, key: str) -> tuple[bool, Entry | None, bytes | None]:
        """Try to take the lock and read the value and lock owner, in one round trip."""
        assert self.client is not None
        client = self.client

        async def run() -> list[Any]:
            async with client.pipeline(transaction=False) as pipe:
                pipe.set(
                    self.key,
                    self.token,
                    nx=True,
                    px=int(settings.TMDB_SINGLE_FLIGHT_WAIT * 1000) + 1000,
                )
                pipe.get(make_key(key))
                pipe.get(self.key)
                return await pipe.execute()

        ok, replies = await _redis_call(run)
        if not ok:
            self.client = None
            return True, None, None  # Redis failed: lead without a lock
        self.held = bool(replies[0])
        return self.held, Entry.decode(replies[1]), replies[2]

    async def poll(self, key: str) -> tuple[Entry | None, bytes | None] | None:
        assert self.client is not None
        ok, replies = await _redis_call(partial(self.client.mget, [make_key(key), self.key]))
        if not ok:
            self.client = None
            return None
        return Entry.decode(replies[0]), replies[1]

    async def store_and_release(self, key: str, entry: Entry, ttl: float) -> None:
        """Write the leader's result and drop the lock together (else a plain write)."""
        if not self.held or self.client is None:
            await _put(key, entry, ttl)
            return
        self.held = False
        expiry_ms = max(1, int(_expiry(entry, ttl) * 1000))
        script = partial(
            self.client.eval,
            _STORE_AND_RELEASE,
            2,
            make_key(key),
            self.key,
            entry.encode(),
            expiry_ms,
            self.token,
        )
        await _redis_call(script)

    async def release(self, failed: bool = False) -> None:
        if not self.held or self.client is None:
            return
        self.held = False
        new_value = _FAILED if failed else b""
        await _redis_call(
            partial(self.client.eval, _RELEASE, 1, self.key, self.token, new_value, FAILED_MARK_MS)
        )


def _serve_stale(spec: Spec, stale: Entry | None, exc: TMDbUnavailable) -> Any:
    if stale is None or stale.missing:
        raise exc
    logger.warning(
        "TMDb unavailable (%s); serving stale %s (age %.0fs)",
        type(exc).__name__,
        spec.key,
        stale.age(),
    )
    return stale.data


async def _wait_for_leader(lock: _Lock, spec: Spec, deadline: float) -> tuple[str, Entry | None]:
    """Poll until another process' fetch lands: ("value"|"failed"|"gone"|"timeout", entry)."""
    delay = _POLL_FIRST
    while time.monotonic() < deadline:
        await asyncio.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, _POLL_MAX)
        polled = await lock.poll(spec.key)
        if polled is None:
            return "gone", None  # Redis failed: fetch ourselves
        entry, owner = polled
        if entry is not None and entry.is_fresh(spec.ttl):
            return "value", entry
        if owner == _FAILED:
            return "failed", entry
        if owner is None:
            return "gone", entry
    return "timeout", None


async def _lead(spec: Spec, seen: Entry | None) -> Any:
    """Fetch ``spec`` upstream unless another process is already doing it; store the result."""
    backend = await _backend()
    stale = seen
    lock = _Lock(backend if isinstance(backend, aioredis.Redis) else None, spec.key)
    if lock.client is not None:
        deadline = time.monotonic() + settings.TMDB_SINGLE_FLIGHT_WAIT
        while lock.client is not None:
            acquired, current, owner = await lock.acquire_and_read(spec.key)
            stale = current or stale
            if current is not None and current.is_fresh(spec.ttl):
                await lock.release()
                return current.value()
            if acquired:
                break
            outcome, entry = (
                ("failed", None)
                if owner == _FAILED
                else await _wait_for_leader(lock, spec, deadline)
            )
            stale = entry or stale
            if outcome == "value" and entry is not None:
                return entry.value()
            if outcome == "failed":
                return _serve_stale(spec, stale, TMDbUnavailable())
            if outcome == "timeout":
                break  # the leader is too slow: fetch ourselves, without the lock
    elif not isinstance(backend, _NoCache):
        current = await get(spec.key)  # a flight that just landed in this process
        stale = current or stale
        if current is not None and current.is_fresh(spec.ttl):
            return current.value()

    # The lock is released only after the outcome is stored: a waiter that sees it gone and
    # no value concludes the leader failed and fetches again.
    try:
        data = await spec.fetch()
    except TMDbNotFound:
        await lock.store_and_release(spec.key, Entry(time.time(), missing=True), spec.ttl)
        raise
    except TMDbUnavailable as exc:
        await lock.release(failed=True)
        return _serve_stale(spec, stale, exc)
    except BaseException:
        await lock.release()
        raise
    await lock.store_and_release(spec.key, Entry(time.time(), data), spec.ttl)
    return data


def _landed(flights: dict[str, asyncio.Task[Any]], key: str, task: asyncio.Task[Any]) -> None:
    if flights.get(key) is task:
        del flights[key]
    if not task.cancelled():
        task.exception()  # retrieved: no "exception was never retrieved" if every waiter left


async def _single_flight(spec: Spec, seen: Entry | None) -> Any:
    """Join this loop's fetch of ``spec.key`` or start it. The fetch is a task of its own, so a
    caller that goes away (client disconnect) neither cancels it for the others nor loses it."""
    flights: dict[str, asyncio.Task[Any]] = await get_resource("tmdb-flights", dict)
    task = flights.get(spec.key)
    if task is None:
        task = asyncio.ensure_future(_lead(spec, seen))
        flights[spec.key] = task
        task.add_done_callback(partial(_landed, flights, spec.key))
    return await asyncio.shield(task)


# --- public -------------------------------------------------------------------------------------


async def load_many(specs: Sequence[Spec]) -> list[Any]:
    """Each spec's value, or the exception instance that spec failed with (DataLoader style)."""
    entries = await get_many([spec.key for spec in specs])
    results: list[Any] = [None] * len(specs)
    misses: list[int] = []
    for index, (spec, entry) in enumerate(zip(specs, entries, strict=True)):
        if entry is not None and entry.is_fresh(spec.ttl):
            results[index] = TMDbNotFound() if entry.missing else entry.data
        else:
            misses.append(index)
    if misses:
        outcomes = await asyncio.gather(
            *(_single_flight(specs[i], entries[i]) for i in misses), return_exceptions=True
        )
        for index, outcome in zip(misses, outcomes, strict=True):
            results[index] = outcome
    return results


async def load(spec: Spec) -> Any:
    """One spec's value; raises TMDbNotFound / TMDbUnavailable."""
    (result,) = await load_many([spec])
    if isinstance(result, BaseException):
        raise result
    return result

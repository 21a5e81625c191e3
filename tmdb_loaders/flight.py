"""Single flight across processes: one fetch per key at a time, the others wait for its result
(a ``SET lock NX PX`` lock in Redis; polling bounded by TMDB_SINGLE_FLIGHT_WAIT and the
request's deadline), and the stale copy when the fetch fails. (tmdb_loaders.cache runs it.)"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from functools import partial
from typing import Any

import redis.asyncio as aioredis
from django.conf import settings

from core import deadline as request_deadline
from core.redis_async import make_key
from tmdb_loaders import client
from tmdb_loaders.entry import Entry, Spec
from tmdb_loaders.errors import TMDbNotFound, TMDbUnavailable
from tmdb_loaders.keys import lock_key
from tmdb_loaders.store import _backend, _expiry, _NoCache, _put, _redis_call, get

logger = logging.getLogger("cinemate.tmdb.cache")

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


def _renewed(current: Entry | None, spec: Spec, seen: Entry | None, background: bool) -> bool:
    """Whether ``current`` makes a fetch pointless: fresh, and for a background refresh also
    newer than the copy it was asked to renew (refresh-ahead renews fresh copies)."""
    if current is None or not current.is_fresh(spec.ttl):
        return False
    return not background or seen is None or current.fetched_at > seen.fetched_at


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


async def _lead(spec: Spec, seen: Entry | None, *, background: bool = False) -> Any:
    """Fetch ``spec`` upstream unless another process is already doing it; store the result.
    ``background`` (a refresh while a stale copy is served): give way to any other fetch."""
    backend = await _backend()
    stale = seen
    lock = _Lock(backend if isinstance(backend, aioredis.Redis) else None, spec.key)
    if lock.client is not None:
        deadline = time.monotonic() + settings.TMDB_SINGLE_FLIGHT_WAIT
        request_left = request_deadline.remaining()
        if request_left is not None:
            deadline = min(deadline, time.monotonic() + request_left)
        while lock.client is not None:
            acquired, current, owner = await lock.acquire_and_read(spec.key)
            stale = current or stale
            if current is not None and _renewed(current, spec, seen, background):
                await lock.release()
                return current.value()
            if acquired:
                break
            if background:
                return _serve_stale(spec, stale, TMDbUnavailable())
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
        if current is not None and _renewed(current, spec, seen, background):
            return current.value()

    # The lock is released only after the outcome is stored: a waiter that sees it gone and
    # no value concludes the leader failed and fetches again.
    if stale is not None and not stale.missing:
        client.single_attempt()  # a stale copy beats waiting for retries (this task only)
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

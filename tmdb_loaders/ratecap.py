"""The shared upstream rate cap: at most TMDB_MAX_RPS TMDb request starts per second, across
every worker process (through Redis), taken in small leases."""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import time
from collections import deque

from django.conf import settings
from redis.exceptions import RedisError

from core.metrics import record_redis_error, record_tmdb_rate_wait
from core.redis_async import get_redis, make_key
from core.redis_breaker import redis_is_skipped
from tmdb_loaders.logs import ThrottledLog

logger = logging.getLogger("cinemate.tmdb")
_redis_log = ThrottledLog(logger, 30.0)

# A sliding window shared by every worker process: at most ARGV[2] request starts in any
# ARGV[1] ms (Redis's clock). A caller asks for a lease of up to ARGV[3] starts, usable for
# ARGV[4] ms (members ARGV[5]..); they are entered at the lease's *end*, so however late in
# the lease a start is made, the window still holds it for a full window after.
# Returns {granted, ms to wait when none was granted}.
_SHARED_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local lease = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local free = tonumber(ARGV[2]) - redis.call('ZCARD', KEYS[1])
if free > 0 then
  local n = math.min(free, tonumber(ARGV[3]))
  for i = 1, n do redis.call('ZADD', KEYS[1], now + lease, ARGV[4 + i]) end
  redis.call('PEXPIRE', KEYS[1], window + lease)
  return {n, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, math.max(1, tonumber(oldest[2]) + window - now)}
"""
BACKGROUND_SHARE = 0.5  # background starts only while the window is less than this full
LEASE_SIZE = 4  # request starts taken from the shared window per Redis round trip
LEASE_SECONDS = 0.05  # a lease is used within this long (its starts count from its end)


class RateLimiter:
    """At most TMDB_MAX_RPS request starts in any rolling window, across all worker processes.

    A sliding window rather than a token bucket: it never lets a burst exceed the cap, which is
    what TMDb counts. With Redis the window is shared, so N workers together stay under the cap:
    a process takes starts in leases of up to LEASE_SIZE per Lua call (entered in the window at
    once; a lease is good for LEASE_SECONDS, then its unused starts are dropped, which only
    ever errs on the polite side), not one Redis round trip per upstream call. Without Redis,
    or while it fails, each process keeps the same window in memory.
    ``pause`` holds every request of this process back after a 429 with Retry-After.
    """

    def __init__(self) -> None:
        self._starts: deque[float] = deque()
        self._lock = asyncio.Lock()
        self._background_lock = asyncio.Lock()  # background waits never hold up requests
        self._paused_until = 0.0
        self._ids = itertools.count()
        self._lease = 0  # starts left in the current lease
        self._lease_until = 0.0
        self.shared_round_trips = 0  # for metrics and the benchmark

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    async def acquire(self, *, background: bool = False) -> None:
        """Wait for a start. ``background`` work (the facts filler, refreshes, warming) queues
        apart from requests and is admitted only while the window is less than
        BACKGROUND_SHARE full, so it can never take the starts a user's request needs."""
        async with self._background_lock if background else self._lock:
            while True:
                now = time.monotonic()
                if now < self._paused_until:
                    record_tmdb_rate_wait(self._paused_until - now)
                    await asyncio.sleep(self._paused_until - now)
                    continue
                rps = float(settings.TMDB_MAX_RPS)
                if rps <= 0:
                    return
                limit = max(1, int(rps))
                window = limit / rps
                if background:
                    limit = max(1, int(limit * BACKGROUND_SHARE))
                wait = await self._shared_wait(limit, window, lease=not background)
                if wait is None:
                    wait = self._local_wait(limit, window, now)
                if wait <= 0:
                    return
                record_tmdb_rate_wait(wait)
                await asyncio.sleep(wait)

    async def _shared_wait(self, limit: int, window: float, *, lease: bool) -> float | None:
        """Seconds to wait per the shared window (0: admitted); None when Redis is unavailable.
        ``lease``: take (and use) a lease of several starts; else exactly one."""
        now = time.monotonic()
        if lease and self._lease > 0 and now < self._lease_until:
            self._lease -= 1
            return 0.0
        if redis_is_skipped():  # core.redis_breaker: Redis failing, the cap holds per process
            return None
        client = await get_redis()
        if client is None:
            return None
        size = max(1, min(LEASE_SIZE, limit // 8 or 1)) if lease else 1
        members = [f"{os.getpid()}:{next(self._ids)}" for _ in range(size)]
        sent = time.monotonic()  # the grant happens after this: the lease never outlives its score
        try:
            self.shared_round_trips += 1
            granted, wait_ms = await client.eval(
                _SHARED_WINDOW,
                1,
                make_key("tmdb:rate-window"),
                int(window * 1000),
                limit,
                size,
                int(LEASE_SECONDS * 1000),
                *members,
            )
        except RedisError:
            record_redis_error("tmdb_rate_cap")
            _redis_log(
                logging.WARNING,
                "rate",
                "Redis is unreachable: the TMDb rate cap holds per process until it is back",
            )
            return None
        if int(granted) > 0 and lease:
            self._lease = int(granted) - 1
            self._lease_until = sent + min(LEASE_SECONDS, window)
            return 0.0
        return int(wait_ms) / 1000

    def _local_wait(self, limit: int, window: float, now: float) -> float:
        while self._starts and now - self._starts[0] >= window:
            self._starts.popleft()
        if len(self._starts) < limit:
            self._starts.append(now)
            return 0.0
        return self._starts[0] + window - now

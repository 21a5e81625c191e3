"""Rate limits shared by REST (core.guards) and GraphQL (schema.ratelimit), kept in Redis.

Buckets (per minute): ``auth`` RATE_LIMIT_AUTH_PER_MINUTE per IP; ``search``
RATE_LIMIT_SEARCH_PER_MINUTE per user; ``general`` RATE_LIMIT_GENERAL_PER_MINUTE per user.
"Per user" is the verified ``user_id`` claim of the bearer token (no database); callers without a
valid token are counted per client IP (core.client_ip).

Algorithm: a sliding-window counter (the current fixed window plus the previous one weighted by
how much of it still overlaps the sliding window), so a client cannot double its rate at a window
boundary. One Lua script does read, decide and count atomically in one round trip, using Redis's
clock so every worker and machine agrees on the window. Rejected calls are not counted.

When Redis is unreachable the limiter falls back to the same algorithm in process memory: limits
then hold per worker process instead of globally, but they never fail open.

``hit_unless_blocked`` is the same count with the IP blacklist's cached answer read first, in the
same script (one round trip for both request guards, see accounts.blacklist.blacklist_guard): a
blocked caller is answered without being counted, and when the blacklist answer is not cached
nothing is counted and the caller takes the usual two steps (database, then ``hit``).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from redis.exceptions import RedisError

from core.exceptions import RateLimited
from core.metrics import record_rate_limit_rejection
from core.redis_async import get_redis, make_key
from core.redis_breaker import report_fallback

logger = logging.getLogger("cinemate.ratelimit")

AUTH, SEARCH, GENERAL = "auth", "search", "general"
WINDOW = 60

_SLIDING_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local idx = math.floor(now / window)
local cur_key = KEYS[1] .. ':' .. idx
local cur = tonumber(redis.call('GET', cur_key) or '0')
local prev = tonumber(redis.call('GET', KEYS[1] .. ':' .. (idx - 1)) or '0')
local elapsed = now - idx * window
local estimate = prev * (1 - elapsed / window) + cur
local weight = tonumber(ARGV[4] or '1')
if estimate + weight <= limit then
  redis.call('INCRBY', cur_key, weight)
  redis.call('EXPIRE', cur_key, window * 2)
  return {1, math.floor(limit - estimate - weight), 0}
end
local wait
if cur + 1 > limit then
  wait = (window - elapsed) + window * (1 - (limit - 1) / cur)
else
  wait = window * (1 - (limit - cur - 1) / prev) - elapsed
end
return {0, 0, math.ceil(wait)}
"""

# The blacklist's cached answer (KEYS[2]: the "until" UNIX time, 0 when not blocked) read first,
# compared with the caller's clock (ARGV[3], as accounts.blacklist does): {-1} when it is not
# cached, {-2, value} when it blocks; either way nothing is counted. Else the sliding window.
_BLOCKED_OR_SLIDING_WINDOW = (
    """
local blocked = redis.call('GET', KEYS[2])
if not blocked then return {-1, 0, 0} end
local blocked_until = tonumber(blocked)
if blocked_until and blocked_until > tonumber(ARGV[3]) then return {-2, 0, 0, blocked} end
"""
    + _SLIDING_WINDOW
)


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    remaining: int
    retry_after: int  # seconds; 0 when allowed


@dataclass(frozen=True, slots=True)
class Blocked:
    until: float  # UNIX time the IP blacklist's block ends


def bucket_limit(bucket: str) -> int:
    return {
        AUTH: settings.RATE_LIMIT_AUTH_PER_MINUTE,
        SEARCH: settings.RATE_LIMIT_SEARCH_PER_MINUTE,
    }.get(bucket, settings.RATE_LIMIT_GENERAL_PER_MINUTE)


class _MemoryLimiter:
    """The same sliding-window counter in process memory (the Redis-down fallback)."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, window: int, weight: int = 1) -> Decision:
        now = time.time()
        idx = int(now // window)
        with self._lock:
            if len(self._counts) > 50_000:
                self._counts = {k: v for k, v in self._counts.items() if k[1] >= idx - 1}
            cur = self._counts.get((key, idx), 0)
            prev = self._counts.get((key, idx - 1), 0)
            elapsed = now - idx * window
            estimate = prev * (1 - elapsed / window) + cur
            if estimate + weight <= limit:
                self._counts[(key, idx)] = cur + weight
                return Decision(True, math.floor(limit - estimate - weight), 0)
        if cur + 1 > limit:
            wait = (window - elapsed) + window * (1 - (limit - 1) / cur)
        else:
            wait = window * (1 - (limit - cur - 1) / prev) - elapsed
        return Decision(False, 0, max(1, math.ceil(wait)))

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


memory_limiter = _MemoryLimiter()


async def hit(bucket: str, identity: str, *, limit: int | None = None, weight: int = 1) -> Decision:
    """Count one call of ``identity`` in ``bucket`` (``weight`` calls for a costly GraphQL
    document, schema.cost); say whether it is allowed."""
    limit = bucket_limit(bucket) if limit is None else limit
    key = make_key(f"rl:{bucket}:{identity}")
    client = await get_redis()
    if client is not None:
        try:
            allowed, remaining, wait = await client.eval(
                _SLIDING_WINDOW, 1, key, limit, WINDOW, "", max(1, weight)
            )
            return Decision(bool(allowed), int(remaining), max(1, int(wait)) if not allowed else 0)
        except RedisError:
            report_fallback(
                logger,
                logging.WARNING,
                "rate limiter: Redis unreachable, limiting in process memory",
                where="ratelimit",
            )
    return memory_limiter.hit(key, limit, WINDOW, max(1, weight))


async def hit_unless_blocked(
    bucket: str, identity: str, blocked_key: str, now: float
) -> Blocked | Decision | None:
    """``hit`` preceded by the blacklist's cached answer under ``blocked_key`` (an accounts.kv
    key) compared with ``now``, in one Redis round trip: ``Blocked`` (nothing counted) when that
    answer blocks, the ``Decision`` of the count when it does not, and None when nothing was
    decided or counted because the answer is not cached or Redis is absent or failing (the caller
    then checks the blacklist and calls ``hit`` as usual)."""
    client = await get_redis()
    if client is None:
        return None
    key = make_key(f"rl:{bucket}:{identity}")
    try:
        answer = await client.eval(
            _BLOCKED_OR_SLIDING_WINDOW,
            2,
            key,
            make_key(blocked_key),
            bucket_limit(bucket),
            WINDOW,
            repr(now),
        )
    except RedisError:
        report_fallback(
            logger,
            logging.DEBUG,
            "guards script: Redis unreachable; the caller falls back",
            where="ratelimit",
            exc_info=True,
        )
        return None
    status = int(answer[0])
    if status == -1:
        return None
    if status == -2:
        return Blocked(float(answer[3]))
    allowed = bool(status)
    return Decision(allowed, int(answer[1]), max(1, int(answer[2])) if not allowed else 0)


def is_counted(request: HttpRequest, bucket: str) -> bool:
    """Whether this request was already counted in ``bucket`` (each request counts once)."""
    return bucket in request.__dict__.get("_cinemate_rate_counted", ())


def mark_counted(request: HttpRequest, bucket: str) -> None:
    request.__dict__.setdefault("_cinemate_rate_counted", set()).add(bucket)


def raise_if_limited(decision: Decision, bucket: str = "other") -> None:
    """429 RATE_LIMITED when ``decision`` refuses the call."""
    if not decision.allowed:
        record_rate_limit_rejection(bucket)
        raise RateLimited(
            decision.retry_after,
            f"Too many requests; try again in {decision.retry_after} seconds",
        )

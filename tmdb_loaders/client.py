"""The TMDb v3 HTTP client: one pooled aiohttp session per event loop, bounded and polite.

Every TMDb request of the process goes through ``get_json``. Per event loop (core.loop_resources)
it keeps one ``ClientSession`` (keep-alive pool sized to TMDB_MAX_CONCURRENCY, DNS cache), a
semaphore bounding requests in flight, and a sliding-window cap on request starts
(TMDB_MAX_RPS, under TMDb's ~40 rps per IP), shared by all worker processes through Redis. Transient failures (429, 5xx, timeouts, connection
errors) are retried with capped exponential backoff and jitter, honouring ``Retry-After``; what
is left becomes a typed error of tmdb_loaders.errors, so the API answers NOT_FOUND or
UPSTREAM_UNAVAILABLE and never a 500.

Settings are read at call time (tests repoint TMDB_API_BASE_URL per test); a new base URL simply
gets its own session and limiter on the loop.
"""

from __future__ import annotations

import asyncio
import email.utils
import itertools
import logging
import os
import random
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson
from django.conf import settings
from redis.exceptions import RedisError

from core.loop_resources import get_resource
from core.metrics import record_redis_error, record_tmdb_rate_wait, record_tmdb_request
from core.redis_async import get_redis, make_key
from tmdb_loaders.errors import TMDbAuthError, TMDbBadRequest, TMDbNotFound, TMDbUnavailable

logger = logging.getLogger("cinemate.tmdb")

# TMDb's body codes (https://developer.themoviedb.org/docs/errors).
_STATUS_CODE_NOT_FOUND = 34
_REACHABLE_CACHE_SECONDS = 10.0

Params = Mapping[str, str | int]


class ThrottledLog:
    """Log a recurring condition at most once per ``interval`` seconds per key (no log floods)."""

    def __init__(self, log: logging.Logger, interval: float) -> None:
        self._log = log
        self._interval = interval
        self._last: dict[str, float] = {}

    def __call__(self, level: int, key: str, msg: str, *args: Any) -> None:
        now = time.monotonic()
        last = self._last.get(key)
        if last is not None and now - last < self._interval:
            return
        self._last[key] = now
        self._log.log(level, msg, *args)


_auth_log = ThrottledLog(logger, 30.0)
_redis_log = ThrottledLog(logger, 30.0)


# A sliding window shared by every worker process: at most ARGV[2] request starts in any
# ARGV[1] ms (Redis's clock). Returns 0 when this start is admitted, else the ms to wait.
_SHARED_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
"""


_SHARED_RETRY_SECONDS = 5.0


class RateLimiter:
    """At most TMDB_MAX_RPS request starts in any rolling window, across all worker processes.

    A sliding window rather than a token bucket: it never lets a burst exceed the cap, which is
    what TMDb counts. With Redis the window is shared (one small Lua call per upstream request,
    next to a TMDb call of tens of milliseconds), so N workers together stay under the cap;
    without Redis, or while it fails, each process keeps the same window in memory.
    ``pause`` holds every request of this process back after a 429 with Retry-After.
    """

    def __init__(self) -> None:
        self._starts: deque[float] = deque()
        self._lock = asyncio.Lock()
        self._paused_until = 0.0
        self._ids = itertools.count()
        self._shared_off_until = 0.0  # after a Redis failure, skip it for a while

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    async def acquire(self) -> None:
        async with self._lock:
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
                wait = await self._shared_wait(limit, window)
                if wait is None:
                    wait = self._local_wait(limit, window, now)
                if wait <= 0:
                    return
                record_tmdb_rate_wait(wait)
                await asyncio.sleep(wait)

    async def _shared_wait(self, limit: int, window: float) -> float | None:
        """Seconds to wait per the shared window (0: admitted); None when Redis is unavailable."""
        client = await get_redis()
        if client is None or time.monotonic() < self._shared_off_until:
            return None
        member = f"{os.getpid()}:{next(self._ids)}"
        try:
            wait_ms = await client.eval(
                _SHARED_WINDOW, 1, make_key("tmdb:rate-window"), int(window * 1000), limit, member
            )
        except RedisError:
            record_redis_error("tmdb_rate_cap")
            self._shared_off_until = time.monotonic() + _SHARED_RETRY_SECONDS
            _redis_log(
                logging.WARNING,
                "rate",
                "Redis is unreachable: the TMDb rate cap holds per process until it is back",
            )
            return None
        return int(wait_ms) / 1000

    def _local_wait(self, limit: int, window: float, now: float) -> float:
        while self._starts and now - self._starts[0] >= window:
            self._starts.popleft()
        if len(self._starts) < limit:
            self._starts.append(now)
            return 0.0
        return self._starts[0] + window - now


@dataclass(slots=True)
class _ClientState:
    """What one event loop uses to talk to one TMDb base URL."""

    session: aiohttp.ClientSession
    semaphore: asyncio.Semaphore
    limiter: RateLimiter

    @classmethod
    def create(cls) -> _ClientState:
        concurrency = max(1, int(settings.TMDB_MAX_CONCURRENCY))
        connector = aiohttp.TCPConnector(
            limit=concurrency,
            limit_per_host=concurrency,
            ttl_dns_cache=300,
            keepalive_timeout=30,
        )
        session = aiohttp.ClientSession(
            connector=connector,
            headers={"Accept": "application/json", "User-Agent": "cinemate/1.0"},
            raise_for_status=False,
        )
        return cls(session, asyncio.Semaphore(concurrency), RateLimiter())


async def _close_state(state: _ClientState) -> None:
    await state.session.close()


async def _client_state() -> tuple[str, _ClientState]:
    base = settings.TMDB_API_BASE_URL.rstrip("/")
    state = await get_resource(f"tmdb-client:{base}", _ClientState.create, _close_state)
    return base, state


def _headers() -> dict[str, str]:
    token = settings.TMDB_ACCESS_TOKEN
    return {"Authorization": f"Bearer {token}"} if token else {}


def _timeout() -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(
        total=settings.TMDB_TOTAL_TIMEOUT, connect=settings.TMDB_CONNECT_TIMEOUT
    )


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date), None if absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _backoff(attempt: int) -> float:
    """Capped exponential backoff with "equal jitter": half fixed, half random."""
    delay = min(settings.TMDB_RETRY_MAX_DELAY, settings.TMDB_RETRY_BASE_DELAY * (2**attempt))
    return delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 - jitter, not security


def _decode(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def _body_status_code(body: bytes) -> int | None:
    data = _decode(body)
    if isinstance(data, dict) and isinstance(data.get("status_code"), int):
        return data["status_code"]
    return None


class _Retryable(Exception):
    """One failed attempt that is worth another one."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _result_or_raise(path: str, status: int, body: bytes, retry_after: str | None) -> dict:
    """The decoded body of a 2xx, or the typed error (``_Retryable`` for transient ones)."""
    if 200 <= status < 300:
        data = _decode(body)
        if not isinstance(data, dict):
            logger.warning("TMDb sent a malformed body for %s (%d bytes)", path, len(body))
            raise TMDbUnavailable()
        return data
    if status == 404 or _body_status_code(body) == _STATUS_CODE_NOT_FOUND:
        raise TMDbNotFound()
    if status == 401:
        _auth_log(
            logging.ERROR,
            "auth",
            "TMDb rejected the access token (HTTP 401, status_code %s); check TMDB_ACCESS_TOKEN",
            _body_status_code(body),
        )
        raise TMDbAuthError()
    if status == 429 or status >= 500:
        raise _Retryable(f"HTTP {status}", _retry_after_seconds(retry_after))
    logger.warning(
        "TMDb refused %s with HTTP %d: %s", path, status, body[:200].decode("utf-8", "replace")
    )
    raise TMDbBadRequest()


async def _attempt(
    state: _ClientState, url: str, path: str, params: dict[str, str]
) -> dict[str, Any]:
    async with state.semaphore:
        await state.limiter.acquire()
        started = time.perf_counter()
        try:
            async with state.session.get(
                url, params=params, headers=_headers(), timeout=_timeout()
            ) as response:
                body = await response.read()
                status, retry_after = response.status, response.headers.get("Retry-After")
        except TimeoutError as exc:
            record_tmdb_request(path, "timeout", time.perf_counter() - started)
            raise _Retryable("timeout") from exc
        except aiohttp.ClientError as exc:
            record_tmdb_request(path, "connection_error", time.perf_counter() - started)
            raise _Retryable(type(exc).__name__) from exc
    record_tmdb_request(path, _outcome(status), time.perf_counter() - started)
    return _result_or_raise(path, status, body, retry_after)


def _outcome(status: int) -> str:
    """The metric label of one answered attempt (bounded: never the raw status of odd codes)."""
    if 200 <= status < 300:
        return "ok"
    if status in (401, 404, 429):
        return {401: "unauthorized", 404: "not_found", 429: "rate_limited"}[status]
    return "server_error" if status >= 500 else "client_error"


def _query(params: Params | None, language: str | None) -> dict[str, str]:
    query = {name: str(value) for name, value in (params or {}).items()}
    if language:
        query["language"] = language
    return query


async def get_json(
    path: str, params: Params | None = None, *, language: str | None = None
) -> dict[str, Any]:
    """GET ``<TMDB_API_BASE_URL>/<path>`` and return its JSON object.

    Raises TMDbNotFound, TMDbAuthError, TMDbBadRequest or TMDbUnavailable (after
    TMDB_MAX_RETRIES retries of transient failures).
    """
    base, state = await _client_state()
    path = path.lstrip("/")
    url = f"{base}/{path}"
    query = _query(params, language)
    max_retries = max(0, int(settings.TMDB_MAX_RETRIES))
    attempt = 0
    while True:
        try:
            return await _attempt(state, url, path, query)
        except _Retryable as failure:
            if attempt >= max_retries:
                logger.warning(
                    "TMDb %s failed after %d attempt(s): %s", path, attempt + 1, failure.reason
                )
                raise TMDbUnavailable() from failure
            if failure.retry_after is not None:
                if failure.retry_after > settings.TMDB_RETRY_MAX_DELAY:
                    # Holding a user's request for longer is worse than a stale copy or a 503.
                    state.limiter.pause(settings.TMDB_RETRY_MAX_DELAY)
                    logger.warning(
                        "TMDb asked us to wait %.1fs for %s; not retrying",
                        failure.retry_after,
                        path,
                    )
                    raise TMDbUnavailable() from failure
                state.limiter.pause(failure.retry_after)
                delay = failure.retry_after + random.uniform(0, 0.05)  # noqa: S311
            else:
                delay = _backoff(attempt)
            logger.info(
                "TMDb %s: %s, retry %d/%d in %.2fs",
                path,
                failure.reason,
                attempt + 1,
                max_retries,
                delay,
            )
            attempt += 1
            await asyncio.sleep(delay)


_reachable_at: dict[str, float] = {}


async def check_reachable(timeout: float) -> None:  # noqa: ASYNC109 - the health API
    """Raise unless TMDb answers GET /configuration within ``timeout`` seconds (no retries).

    For /system/health: a success is remembered for 10 s so health probes don't spend TMDb's
    rate budget; a failure is never remembered.
    """
    base, state = await _client_state()
    ok_at = _reachable_at.get(base)
    if ok_at is not None and time.monotonic() - ok_at < _REACHABLE_CACHE_SECONDS:
        return
    try:
        async with asyncio.timeout(timeout):
            async with state.session.get(
                f"{base}/configuration",
                headers=_headers(),
                timeout=aiohttp.ClientTimeout(total=timeout),
            ) as response:
                body = await response.read()
                status, retry_after = response.status, response.headers.get("Retry-After")
    except (TimeoutError, aiohttp.ClientError) as exc:
        raise TMDbUnavailable() from exc
    try:
        _result_or_raise("configuration", status, body, retry_after)
    except _Retryable as failure:
        raise TMDbUnavailable() from failure
    _reachable_at[base] = time.monotonic()

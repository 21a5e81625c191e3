"""The TMDb v3 HTTP client: one pooled aiohttp session per event loop, bounded and polite.

Every TMDb request of the process goes through ``get_json``. Per event loop (core.loop_resources)
it keeps one ``ClientSession`` (keep-alive pool sized to TMDB_MAX_CONCURRENCY, DNS cache), a
semaphore bounding requests in flight, and a sliding-window cap on request starts
(TMDB_MAX_RPS, under TMDb's ~40 rps per IP; tmdb_loaders.ratecap), shared by all worker
processes through Redis. Every call passes the circuit breaker (tmdb_loaders.breaker) and stays
inside the client request's deadline (core.deadline). Transient failures (429, 5xx, timeouts,
connection errors) are retried with capped exponential backoff and jitter, honouring
``Retry-After``, within the retry budget (tmdb_loaders.budget) and the deadline; what is left
becomes a typed error of tmdb_loaders.errors, so the API answers NOT_FOUND or
UPSTREAM_UNAVAILABLE (503 with Retry-After) and never a 500.

Settings are read at call time (tests repoint TMDB_API_BASE_URL per test); a new base URL simply
gets its own session and limiter on the loop.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson
from django.conf import settings

from core import deadline
from core.loop_resources import get_resource
from core.metrics import record_tmdb_budget_exhausted, record_tmdb_request
from tmdb_loaders.breaker import CircuitOpen, breaker
from tmdb_loaders.budget import budget
from tmdb_loaders.errors import (
    TMDbAuthError,
    TMDbBadRequest,
    TMDbCircuitOpen,
    TMDbDeadline,
    TMDbNotFound,
    TMDbUnavailable,
)
from tmdb_loaders.logs import ThrottledLog
from tmdb_loaders.ratecap import RateLimiter

logger = logging.getLogger("cinemate.tmdb")

# TMDb's body codes (https://developer.themoviedb.org/docs/errors).
_STATUS_CODE_NOT_FOUND = 34
_REACHABLE_CACHE_SECONDS = 10.0
MIN_ATTEMPT_SECONDS = 0.1  # a retry needs at least this much of the deadline left

Params = Mapping[str, str | int]


_auth_log = ThrottledLog(logger, 30.0)
_budget_log = ThrottledLog(logger, 30.0)


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
    """TMDB_TOTAL_TIMEOUT, cut to what is left of the request's deadline."""
    total = float(settings.TMDB_TOTAL_TIMEOUT)
    left = deadline.remaining()
    if left is not None:
        total = max(0.001, min(total, left))
    return aiohttp.ClientTimeout(total=total, connect=min(total, settings.TMDB_CONNECT_TIMEOUT))


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
    """One request, inside the request's deadline: waiting for a slot or the rate cap past it
    raises TMDbDeadline (not TMDb's fault), a request cut by it is a retryable timeout."""
    try:
        async with asyncio.timeout_at(_loop_deadline()):
            await state.semaphore.acquire()
    except TimeoutError as exc:
        record_tmdb_budget_exhausted("deadline")
        raise TMDbDeadline() from exc
    try:
        if _preadmitted.get():
            _preadmitted.set(False)  # admit_background already took this start
        else:
            try:
                async with asyncio.timeout_at(_loop_deadline()):
                    await state.limiter.acquire(background=_background.get())
            except TimeoutError as exc:
                record_tmdb_budget_exhausted("deadline")
                raise TMDbDeadline() from exc
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
    finally:
        state.semaphore.release()
    record_tmdb_request(path, _outcome(status), time.perf_counter() - started)
    return _result_or_raise(path, status, body, retry_after)


def _outcome(status: int) -> str:
    """The metric label of one answered attempt (bounded: never the raw status of odd codes)."""
    if 200 <= status < 300:
        return "ok"
    if status in (401, 404, 429):
        return {401: "unauthorized", 404: "not_found", 429: "rate_limited"}[status]
    return "server_error" if status >= 500 else "client_error"


def _loop_deadline() -> float | None:
    """The request's deadline on the event loop's clock (for asyncio.timeout_at)."""
    left = deadline.remaining()
    return None if left is None else asyncio.get_running_loop().time() + left


def _query(params: Params | None, language: str | None) -> dict[str, str]:
    query = {name: str(value) for name, value in (params or {}).items()}
    if language:
        query["language"] = language
    return query


# Set (per task) by the cache when a stale copy is at hand: one attempt, then the stale copy.
_single_attempt: ContextVar[bool] = ContextVar("tmdb_single_attempt", default=False)


# Set (per task) by background work: the facts filler, refreshes, warming (see ratecap).
_background: ContextVar[bool] = ContextVar("tmdb_background", default=False)


_preadmitted: ContextVar[bool] = ContextVar("tmdb_preadmitted", default=False)


def background_work() -> None:
    """The rest of this context is background work: it yields the rate cap to requests.
    For a task of its own; a coroutine run by a caller's context uses ``as_background``."""
    _background.set(True)


@contextmanager
def as_background() -> Iterator[None]:
    """Background work for the block only. ``async_to_sync`` copies a coroutine's contextvars
    back into its calling thread, so a bare ``background_work()`` in, say, a management
    command's coroutine would leave every later call of that thread queued as background."""
    token = _background.set(True)
    try:
        yield
    finally:
        _background.reset(token)


async def admit_background() -> None:
    """Take a background start from the rate cap *before* the fetch it is for is started and
    shared: a request that needs the same title then never joins a fetch still queued behind
    other background work. The next attempt in this context uses the start."""
    _base, state = await _client_state()
    await state.limiter.acquire(background=True)
    _background.set(True)
    _preadmitted.set(True)


def single_attempt() -> None:
    """No retries for the rest of this context (the caller has a stale copy to fall back on)."""
    _single_attempt.set(True)


def _retry_delay(failure: _Retryable, attempt: int, state: _ClientState, path: str) -> float:
    """How long to wait before the next attempt; raises TMDbUnavailable when none should come:
    retries spent, a stale copy waiting, the retry budget empty, or no room left in the
    request's deadline."""
    max_retries = max(0, int(settings.TMDB_MAX_RETRIES))
    if attempt >= max_retries or _single_attempt.get():
        raise TMDbUnavailable(retry_after=failure.retry_after)
    if failure.retry_after is not None:
        if failure.retry_after > settings.TMDB_RETRY_MAX_DELAY:
            # Holding a user's request for longer is worse than a stale copy or a 503.
            state.limiter.pause(settings.TMDB_RETRY_MAX_DELAY)
            logger.warning(
                "TMDb asked us to wait %.1fs for %s; not retrying", failure.retry_after, path
            )
            raise TMDbUnavailable(retry_after=failure.retry_after)
        state.limiter.pause(failure.retry_after)
        delay = failure.retry_after + random.uniform(0, 0.05)  # noqa: S311
    else:
        delay = _backoff(attempt)
    left = deadline.remaining()
    if left is not None and delay + MIN_ATTEMPT_SECONDS > left:
        raise TMDbDeadline(retry_after=failure.retry_after)
    if not budget.try_retry():
        _budget_log(logging.WARNING, "budget", "TMDb retry budget spent: failing without retry")
        raise TMDbUnavailable(retry_after=failure.retry_after)
    return delay


async def get_json(
    path: str, params: Params | None = None, *, language: str | None = None
) -> dict[str, Any]:
    """GET ``<TMDB_API_BASE_URL>/<path>`` and return its JSON object.

    Every attempt passes the circuit breaker (TMDbCircuitOpen when it is open) and stays inside
    the request's deadline (core.deadline; TMDbDeadline past it). Transient failures are retried
    at most TMDB_MAX_RETRIES times, only while the retry budget and the deadline allow and never
    when the cache holds a stale copy (``single_attempt``). Raises TMDbNotFound, TMDbAuthError,
    TMDbBadRequest or TMDbUnavailable.
    """
    base, state = await _client_state()
    path = path.lstrip("/")
    url = f"{base}/{path}"
    query = _query(params, language)
    attempt = 0
    budget.on_call()
    while True:
        if deadline.expired():
            raise TMDbDeadline()
        try:
            probe = await breaker.before_call()
        except CircuitOpen as exc:
            raise TMDbCircuitOpen(retry_after=exc.retry_after) from exc
        try:
            result = await _attempt(state, url, path, query)
        except _Retryable as failure:
            await breaker.on_failure(probe)
            try:
                delay = _retry_delay(failure, attempt, state, path)
            except TMDbUnavailable as final:
                logger.warning(
                    "TMDb %s failed after %d attempt(s): %s", path, attempt + 1, failure.reason
                )
                raise final from failure
            logger.info("TMDb %s: %s, retry %d in %.2fs", path, failure.reason, attempt + 1, delay)
            attempt += 1
            await asyncio.sleep(delay)
            continue
        except TMDbDeadline:
            if probe:
                await breaker.on_failure(probe)
            raise
        except (TMDbNotFound, TMDbBadRequest):
            await breaker.on_success(probe)  # TMDb answered
            raise
        await breaker.on_success(probe)
        return result


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

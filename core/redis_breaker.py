"""Fail fast on a sick Redis: after one failure, every Redis use is skipped for a short window.

A hung Redis (paused, overloaded, a dropped network path) makes each command wait its socket
timeout; a request making several Redis calls would pay each of them. Instead, the first
connection or command failure of this process opens a skip window of REDIS_SKIP_SECONDS during
which the asyncio client refuses at once (``RedisSkipped``, a redis ``ConnectionError``, so every
caller's existing ``except RedisError`` fallback applies: session status from the database, rate
limits in process memory, cache misses). When the window ends the next command tries Redis again:
a success closes the breaker, a failure opens a new window. Nothing needs a restart.

The breaker is per process (no shared state to reach while Redis is unreachable). It sits in the
connection pool and connection classes of core.redis_async, so every command, pipeline and
script of every caller goes through it.

``add_listener`` lets operations code (metrics, readiness) hear ``"redis_down"`` and
``"redis_up"`` events without depending on any caller.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from redis.exceptions import ConnectionError as RedisConnectionError

from core.metrics import record_redis_error

logger = logging.getLogger("cinemate.redis")

Listener = Callable[[str, BaseException | None], None]


class RedisSkipped(RedisConnectionError):
    """Raised instead of talking to Redis while the skip window is open."""


class _Breaker:
    def __init__(self) -> None:
        self._open_until = 0.0
        self._is_down = False
        self._url = ""  # the REDIS_URL that failed (another URL, e.g. in tests, is not skipped)
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def skipping(self) -> bool:
        return (
            self._is_down
            and time.monotonic() < self._open_until
            and self._url == settings.REDIS_URL
        )

    def failed(self, exc: BaseException) -> None:
        with self._lock:
            self._open_until = time.monotonic() + settings.REDIS_SKIP_SECONDS
            self._url = settings.REDIS_URL
            was_down, self._is_down = self._is_down, True
        if not was_down:
            logger.warning(
                "Redis failing (%s: %s): every Redis use skipped for %.1fs at a time until it answers",
                type(exc).__name__,
                exc,
                settings.REDIS_SKIP_SECONDS,
            )
            self._emit("redis_down", exc)

    def succeeded(self) -> None:
        if not self._is_down:
            return
        with self._lock:
            was_down, self._is_down = self._is_down, False
        if was_down:
            logger.warning("Redis answers again")
            self._emit("redis_up", None)

    def reset(self) -> None:
        """Forget past failures (tests)."""
        with self._lock:
            self._open_until, self._is_down = 0.0, False

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, event: str, exc: BaseException | None) -> None:
        for listener in list(self._listeners):
            try:
                listener(event, exc)
            except Exception:
                logger.exception("redis breaker listener failed")


breaker = _Breaker()


def redis_is_skipped() -> bool:
    """True while this process skips Redis after a failure."""
    return breaker.skipping()


def report_fallback(
    log: logging.Logger,
    level: int,
    message: str,
    *args: Any,
    where: str | None = None,
    exc_info: bool = False,
) -> None:
    """For a caller falling back from a failed Redis call, inside its ``except``: log
    ``message`` (and count it in the Redis error metric under ``where``), unless the breaker
    refused the call. A refusal (``RedisSkipped``) means the outage was logged when the breaker
    opened, so the log gets one line per outage, not one line per request and caller."""
    if isinstance(sys.exc_info()[1], RedisSkipped):
        return
    if where is not None:
        record_redis_error(where)
    log.log(level, message, *args, exc_info=exc_info)


def add_listener(listener: Listener) -> None:
    """Call ``listener(event, exc)`` on ``"redis_down"`` / ``"redis_up"`` (ops hooks)."""
    breaker.add_listener(listener)


def remove_listener(listener: Listener) -> None:
    breaker.remove_listener(listener)

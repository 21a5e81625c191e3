"""Give a worker's burst memory back to the system once the burst is over.

A worker serving 32 concurrent requests holds every one's decoded payloads, cards and
response bodies at once; objects over 512 bytes come from glibc's malloc, whose main heap
grows to that peak (measured in a served worker, ``malloc_stats``: 24 MB at start-up, 47 MB
after a burst of nested title queries, of which 28 MB still in use once it ended). glibc
hands freed pages inside the heap back only on ``malloc_trim``, so without it the worker keeps
its peak for good (~20 MB over the bare view in bench/signed_in_bench.py). The allocator
settings that need no code (``MALLOC_ARENA_MAX``, fixed ``MALLOC_TRIM_THRESHOLD_`` /
``MALLOC_MMAP_THRESHOLD_``) changed it by less than the noise: the free pages are not at the
top of the heap.

``malloc_trim(0)`` costs 2-11 ms on such a heap, too much to run under load, so it runs only
once a worker has started no request for MALLOC_TRIM_IDLE_SECONDS (default 1 s), once per idle
spell. Under sustained load the worker keeps its peak, as before. Not on a C library without
``malloc_trim`` (musl, macOS): then this does nothing.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import os
from collections.abc import Callable

from django.conf import settings

logger = logging.getLogger("cinemate.startup")

DEFAULT_IDLE_SECONDS = 1.0

requests_started = 0  # counted by the ASGI handler (backend.asgi_handler)
_task: asyncio.Task[None] | None = None  # asyncio keeps only weak references to tasks


def note_request() -> None:
    global requests_started
    requests_started += 1


def _malloc_trim() -> Callable[[], object] | None:
    """glibc's ``malloc_trim(0)``, or None where the C library has none."""
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    return lambda: trim(0)


class IdleTrimmer:
    """Calls ``trim`` after a tick in which no request started, once until the next request."""

    def __init__(self, trim: Callable[[], object], counter: Callable[[], int]) -> None:
        self._trim = trim
        self._counter = counter
        self._seen = counter()
        self._trimmed = False

    def tick(self) -> bool:
        """One look at the request count; True when it trimmed."""
        now = self._counter()
        if now != self._seen:
            self._seen, self._trimmed = now, False
            return False
        if self._trimmed:
            return False
        self._trim()
        self._trimmed = True
        return True


def idle_seconds() -> float:
    configured = getattr(settings, "MALLOC_TRIM_IDLE_SECONDS", None)
    if configured is None:
        configured = os.environ.get("MALLOC_TRIM_IDLE_SECONDS") or DEFAULT_IDLE_SECONDS
    return float(configured)


def start_idle_trimming() -> None:
    """At ASGI lifespan start-up: the worker's idle trimming (nothing when off or not glibc)."""
    global _task
    seconds = idle_seconds()
    trim = _malloc_trim()
    if seconds <= 0 or trim is None or _task is not None:
        return
    trimmer = IdleTrimmer(trim, lambda: requests_started)

    async def run() -> None:
        while True:
            await asyncio.sleep(seconds)
            trimmer.tick()

    logger.info("memory: freed heap returned after %.1f s without a new request", seconds)
    _task = asyncio.get_running_loop().create_task(run(), name="cinemate-idle-trim")


def stop_idle_trimming() -> None:
    """At shutdown."""
    global _task
    if _task is not None:
        _task.cancel()
        _task = None

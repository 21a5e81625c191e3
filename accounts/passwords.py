"""Password hashing off the event loop, in a small dedicated pool with a bounded queue.

Argon2 costs ~100 ms of CPU per hash in production. Run on the event loop it would freeze every
other request of the worker; run through ``sync_to_async`` it would queue behind (and block) the
ORM's thread. So hashing gets its own pool of ``AUTH_HASH_THREADS`` threads (argon2-cffi releases
the GIL), and at most ``AUTH_HASH_MAX_PENDING`` jobs per event loop may be running or queued:
a burst of logins waits its turn as cheap coroutines, and once the queue is full for
``AUTH_HASH_QUEUE_TIMEOUT`` seconds the caller gets 429 RATE_LIMITED instead of piling up.
The hash threads also run at a lower CPU priority (``AUTH_HASH_NICENESS``): when cores are
scarce, the event loop (every other request) goes first and logins absorb the wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import hashers

from core.exceptions import RateLimited
from core.loop_resources import get_resource

T = TypeVar("T")

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_dummy_hashes: dict[tuple[str, ...], str] = {}


def _lower_priority() -> None:
    """Hash threads yield the CPU to the event loop's thread (Linux: niceness is per thread)."""
    # Not Linux, or not allowed: the threads simply run at normal priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), settings.AUTH_HASH_NICENESS)


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        with _executor_lock:
            if _executor is None:
                _executor = ThreadPoolExecutor(
                    max_workers=settings.AUTH_HASH_THREADS,
                    thread_name_prefix="password-hash",
                    initializer=_lower_priority,
                )
    return _executor


async def _semaphore() -> asyncio.Semaphore:
    return await get_resource(
        "password-hash-slots", lambda: asyncio.Semaphore(settings.AUTH_HASH_MAX_PENDING)
    )


async def _run(func: Callable[..., T], *args: object) -> T:
    slots = await _semaphore()
    try:
        await asyncio.wait_for(slots.acquire(), timeout=settings.AUTH_HASH_QUEUE_TIMEOUT)
    except TimeoutError as exc:
        raise RateLimited(1, "The server is busy, please try again") from exc
    try:
        return await asyncio.get_running_loop().run_in_executor(_pool(), func, *args)
    finally:
        slots.release()


async def hash_password(raw: str) -> str:
    """The encoded hash for ``raw`` with the first of settings.PASSWORD_HASHERS."""
    return await _run(hashers.make_password, raw)


def _check(raw: str, encoded: str) -> tuple[bool, bool]:
    if not encoded or not hashers.is_password_usable(encoded):
        # Still spend the time of a real check: unusable passwords must not answer faster.
        hashers.check_password(raw, _dummy())
        return False, False
    ok = hashers.check_password(raw, encoded)
    return ok, ok and hashers.identify_hasher(encoded).must_update(encoded)


async def check_password(raw: str, encoded: str) -> tuple[bool, bool]:
    """(matches, needs rehash): the hash parameters changed since it was stored."""
    return await _run(_check, raw, encoded)


def _dummy() -> str:
    """A hash made with today's hasher settings, so checking against it costs a real check."""
    key = tuple(settings.PASSWORD_HASHERS)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = hashers.make_password(secrets.token_urlsafe(16))
    return _dummy_hashes[key]


async def check_dummy_password(raw: str) -> None:
    """Spend the time of one real check, so an unknown email answers like a wrong password."""
    await _run(_check, raw, "")

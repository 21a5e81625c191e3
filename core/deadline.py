"""The deadline of the current client request's upstream work (a contextvar set at the edge).

``core.middleware.ApiEdgeMiddleware`` opens a deadline of UPSTREAM_DEADLINE seconds for every API
request; the TMDb layer reads ``remaining()`` to size each attempt's timeout, to decide whether a
retry still fits, and to stop waiting for a shared fetch (serving a stale copy, or a 503, instead).
Work outside a request (background refreshes, management commands) has no deadline: ``None``.
Tasks inherit the contextvar from the context they were created in, so a fetch started for one
request carries that request's deadline; background jobs call ``clear()`` first.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("cinemate_upstream_deadline", default=None)


def set_in(seconds: float) -> object:
    """Start a deadline ``seconds`` from now (<= 0: none); returns the token for ``reset``."""
    return _deadline.set(time.monotonic() + seconds if seconds > 0 else None)


def reset(token: object) -> None:
    _deadline.reset(token)  # type: ignore[arg-type]


def clear() -> None:
    """No deadline for the rest of this context (a background task's own work)."""
    _deadline.set(None)


def at() -> float | None:
    """The deadline as a ``time.monotonic()`` instant, or None."""
    return _deadline.get()


def remaining() -> float | None:
    """Seconds left (never below 0), or None when there is no deadline."""
    deadline = _deadline.get()
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def expired() -> bool:
    left = remaining()
    return left is not None and left <= 0.0


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """A deadline for the block (tests, benchmarks, management commands)."""
    token = set_in(seconds)
    try:
        yield
    finally:
        reset(token)

"""The deadline of the current client request's upstream work (a contextvar set at the edge).

``core.middleware.ApiEdgeMiddleware`` gives every API request UPSTREAM_DEADLINE seconds of
upstream work; the clock starts at the request's first look at it (its first TMDb read), so
time spent before that (authentication, the database, a cold worker importing code) does not
eat the budget. The request's tasks share one budget object, so the start is seen by all of
them. The TMDb layer reads ``remaining()`` to size each attempt's timeout, to decide whether a
retry still fits, and to stop waiting for a shared fetch (serving a stale copy, or a 503, instead).
Work outside a request (background refreshes, management commands) has no deadline: ``None``.
Tasks inherit the contextvar from the context they were created in, so a fetch started for one
request carries that request's deadline; background jobs call ``clear()`` first.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token


class _Budget:
    """Seconds of upstream work, and the instant (time.monotonic) the clock started."""

    __slots__ = ("seconds", "started")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started: float | None = None

    def at(self) -> float:
        if self.started is None:
            self.started = time.monotonic()
        return self.started + self.seconds


_budget: ContextVar[_Budget | None] = ContextVar("cinemate_upstream_deadline", default=None)


def set_in(seconds: float) -> Token[_Budget | None]:
    """Give this context ``seconds`` of upstream work (<= 0: none); the token is for ``reset``."""
    return _budget.set(_Budget(seconds) if seconds > 0 else None)


def reset(token: Token[_Budget | None]) -> None:
    _budget.reset(token)


def clear() -> None:
    """No deadline for the rest of this context (a background task's own work)."""
    _budget.set(None)


def at() -> float | None:
    """The deadline as a ``time.monotonic()`` instant (starting the clock), or None."""
    budget = _budget.get()
    return None if budget is None else budget.at()


def remaining() -> float | None:
    """Seconds left (never below 0; starting the clock), or None when there is no deadline."""
    deadline = at()
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def expired() -> bool:
    left = remaining()
    return left is not None and left <= 0.0


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """A deadline for the block (tests, benchmarks, management commands); its clock starts now."""
    token = set_in(seconds)
    at()
    try:
        yield
    finally:
        reset(token)

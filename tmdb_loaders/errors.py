"""Typed TMDb failures, mapped onto the API's error codes (core.exceptions).

Callers only ever see two codes from this layer: NOT_FOUND (the title does not exist) and
UPSTREAM_UNAVAILABLE (TMDb could not give us an answer, 503 with ``Retry-After``). The
subclasses of TMDbUnavailable say *why* for logs and for the cache: every one of them may be
answered from a stale copy, a TMDbNotFound never is (it is an answer, and it is cached briefly).
"""

from __future__ import annotations

import math

from core.exceptions import NotFound, UpstreamUnavailable

DEFAULT_RETRY_AFTER = 5  # seconds a client is asked to wait after a 503 UPSTREAM_UNAVAILABLE


class TMDbNotFound(NotFound):
    """TMDb answered 404 / status_code 34: the id (or path) does not exist."""

    default_message = "This title was not found"


class TMDbUnavailable(UpstreamUnavailable):
    """No usable answer: timeouts, 5xx, 429, connection errors, bad bodies, an open breaker, or
    the request's deadline. Carries a ``Retry-After`` header."""

    def __init__(self, message: str | None = None, *, retry_after: float | None = None) -> None:
        seconds = max(1, math.ceil(retry_after)) if retry_after else DEFAULT_RETRY_AFTER
        super().__init__(message, headers={"Retry-After": str(seconds)})
        self.retry_after = seconds


class TMDbAuthError(TMDbUnavailable):
    """TMDb rejected our access token (401). An operator problem, logged at ERROR."""


class TMDbBadRequest(TMDbUnavailable):
    """TMDb refused the request itself (a 4xx other than 401/404/429): a bug on our side."""


class TMDbCircuitOpen(TMDbUnavailable):
    """The circuit breaker is open: no call was made (tmdb_loaders.breaker)."""


class TMDbDeadline(TMDbUnavailable):
    """The client request's deadline (core.deadline) passed before TMDb answered."""

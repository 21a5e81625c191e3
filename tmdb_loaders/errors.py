"""Typed TMDb failures, mapped onto the API's error codes (core.exceptions).

Callers only ever see two codes from this layer: NOT_FOUND (the title does not exist) and
UPSTREAM_UNAVAILABLE (TMDb could not give us an answer). The subclasses of TMDbUnavailable say
*why* for logs and for the cache: every one of them may be answered from a stale copy, a
TMDbNotFound never is (it is an answer, and it is cached briefly).
"""

from __future__ import annotations

from core.exceptions import NotFound, UpstreamUnavailable


class TMDbNotFound(NotFound):
    """TMDb answered 404 / status_code 34: the id (or path) does not exist."""

    default_message = "This title was not found"


class TMDbUnavailable(UpstreamUnavailable):
    """No usable answer after the retries: timeouts, 5xx, 429, connection errors, bad bodies."""


class TMDbAuthError(TMDbUnavailable):
    """TMDb rejected our access token (401). An operator problem, logged at ERROR."""


class TMDbBadRequest(TMDbUnavailable):
    """TMDb refused the request itself (a 4xx other than 401/404/429): a bug on our side."""

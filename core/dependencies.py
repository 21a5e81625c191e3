"""Dependency outages as API errors: a database that cannot be reached is a 503, not a 500.

``api_error_for`` is what every edge (the middleware, the REST views, the GraphQL error mapper)
asks about an exception it did not expect: a database connection or availability error becomes
``ServiceUnavailable`` (503 ``SERVICE_UNAVAILABLE`` with ``Retry-After``); anything else stays a
bug (None). Django drops a broken connection at the end of the request
(``close_if_unusable_or_obsolete`` on ``request_finished``), so the next request reconnects by
itself once the database is back.

``add_listener`` lets operations code (metrics, readiness) hear ``"database_unavailable"``
events, with the exception, without depending on the edges.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError

from core.exceptions import ApiError, ServiceUnavailable

logger = logging.getLogger("cinemate.database")

Listener = Callable[[str, BaseException], None]
_listeners: list[Listener] = []
_last_logged = 0.0


def add_listener(listener: Listener) -> None:
    """Call ``listener("database_unavailable", exc)`` whenever a request meets an outage."""
    _listeners.append(listener)


def remove_listener(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def is_database_outage(exc: BaseException) -> bool:
    """Connection lost/refused, server shutting down, timeouts: the database, not the request.

    Django wraps psycopg's errors in ``django.db`` classes; ``OperationalError`` and
    ``InterfaceError`` (a closed connection) are the outage family. Other ``DatabaseError``s
    (integrity, data) are bugs or bad input handled elsewhere.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, OperationalError | InterfaceError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def database_unavailable(exc: BaseException, *, notify: bool = True) -> ServiceUnavailable:
    """Log (at most every 10 s), tell the listeners, and return the 503 to answer."""
    if not notify:
        return ServiceUnavailable(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    global _last_logged
    now = time.monotonic()
    if now - _last_logged > 10:
        _last_logged = now
        logger.error("database unavailable: %s: %s", type(exc).__name__, exc)
    for listener in list(_listeners):
        try:
            listener("database_unavailable", exc)
        except Exception:
            logger.exception("database listener failed")
    return ServiceUnavailable(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)


def api_error_for(exc: BaseException, *, notify: bool = True) -> ApiError | None:
    """The typed API error an unexpected exception stands for, or None when it is a bug.
    ``notify=False`` for repeated look-ups of one exception (no second log or event)."""
    if isinstance(exc, ApiError):
        return exc
    if is_database_outage(exc):
        return database_unavailable(exc, notify=notify)
    return None

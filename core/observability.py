"""The outermost middleware: request duration by route and status, and the access log line.

It wraps everything else (guards included), so a 429 or a 403 from a guard is measured and
logged like any answer. The route label is the URL pattern Django resolved
(``movies/<int:movie_id>``), never the raw path: ids and typos must not become label values.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from core.metrics import observe_http_request

access_logger = logging.getLogger("cinemate.access")
UNMATCHED = "<unmatched>"
# Any token is a valid HTTP method: a client must not mint label values with made-up ones.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


# A named regex group, with at most one level of nested parentheses inside.
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")
_labels: dict[str, str] = {}


def _route_label(route: str) -> str:
    """``movies/<int:pk>`` stays; a regex route reads the same way: ``^movies/(?P<title_id>
    (?:tv-)?[1-9][0-9]*)$`` -> ``/movies/<title_id>``. Cached: one dict hit per request."""
    label = _labels.get(route)
    if label is None:
        readable = _NAMED_GROUP.sub(lambda m: f"<{m[1]}>", route).replace("^", "").replace("$", "")
        label = _labels[route] = "/" + readable
    return label


@functools.lru_cache(maxsize=1024)
def _route_of_path(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return UNMATCHED
    return _route_label(match.route) if match.route else (match.view_name or UNMATCHED)


def route_of(request: HttpRequest, status: int = 200) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return _route_label(match.route) if match.route else (match.view_name or UNMATCHED)
    if status == 404 or status >= 500:
        return UNMATCHED
    # Answered before URL resolution (the 304 shortcut, a guard's 429/403): resolve it here.
    # Only paths that got a non-404 answer reach the cache, and it is bounded.
    return _route_of_path(request.path_info)


class ObservabilityMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        self.access_log = bool(getattr(settings, "ACCESS_LOG", False))
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        started = time.perf_counter()
        response = self.get_response(request)
        self._record(request, response, time.perf_counter() - started)
        return response

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = await self.get_response(request)
        self._record(request, response, time.perf_counter() - started)
        return response

    def _record(self, request: HttpRequest, response: HttpResponse, seconds: float) -> None:
        status = response.status_code
        route = route_of(request, status)
        method = request.method if request.method in _METHODS else "other"
        observe_http_request(method, route, status, seconds)
        if self.access_log:
            log_request(request, route, status, seconds)


def log_request(request: HttpRequest, route: str, status: int, seconds: float) -> None:
    """One line per request: the JSON formatter turns the ``extra`` fields into keys."""
    user_id = getattr(request, "log_user_id", None)
    fields = {
        "request_id": getattr(request, "request_id", "-"),
        "user_id": str(user_id) if user_id is not None else None,
        "method": request.method,
        "route": route,
        "path": request.path,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
    }
    operation = getattr(request, "graphql_operation", None)
    if operation:
        fields["graphql_operation"] = operation
    access_logger.info(
        "%s %s %s %.1fms",
        request.method,
        request.path,
        status,
        seconds * 1000,
        extra=fields,
    )

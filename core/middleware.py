"""Edge middleware: request ids, request guards (e.g. the IP blacklist), JSON errors.

Both middlewares are sync- and async-capable, so under ASGI no request pays a thread hop for them.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

from core import deadline
from core.context import CONTEXT_ATTR
from core.dependencies import api_error_for
from core.edge_input import body_limit_for, is_graphql_path, too_large_message
from core.exceptions import ApiError, InternalError, PayloadTooLarge, ValidationFailed
from core.logging import request_id_var
from core.responses import error_response

logger = logging.getLogger("cinemate.errors")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

Guard = Callable[[HttpRequest], Awaitable[None]]


def release_request_context(request: HttpRequest) -> None:
    """Close the request's context, if one was made: the request and its context point at each
    other, and its loaders hold the request's payloads; closing breaks the cycle so all of it
    is freed by reference counting when the response is sent."""
    context = request.__dict__.pop(CONTEXT_ATTR, None)
    if context is not None:
        context.close()


def _release_unless_streaming(request: HttpRequest, response: HttpResponse | None) -> None:
    # A streaming response (e.g. a subscription) still needs its context after we return.
    if not getattr(response, "streaming", False):
        release_request_context(request)


def check_request_edge(request: HttpRequest) -> None:
    """400 for a Host we do not serve, 413 for a declared body over the endpoint's limit."""
    try:
        request.get_host()
    except DisallowedHost as exc:
        raise ValidationFailed("This host is not served here") from exc
    limit = body_limit_for(request.path)
    if limit is None:
        return
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as exc:
        raise ValidationFailed("Content-Length is not a number") from exc
    if declared > limit:
        raise PayloadTooLarge(too_large_message(limit), details={"limit_bytes": limit})


def client_error_for(exc: BaseException) -> ApiError | None:
    """Django's own refusals of a request (oversized upload, bad host, ...) as 4xx errors."""
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return PayloadTooLarge()
    if isinstance(exc, SuspiciousOperation):
        return ValidationFailed("The request was refused")
    return None


def _request_id(request: HttpRequest) -> str:
    supplied = request.headers.get("X-Request-ID", "")
    return supplied if _SAFE_REQUEST_ID.match(supplied) else uuid.uuid4().hex


class ApiEdgeMiddleware:
    """Tags the request with an id and an upstream deadline (core.deadline), runs the request
    guards, renders API errors as the envelope."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        self.guards: list[Guard] = [import_string(path) for path in settings.API_REQUEST_GUARDS]
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        return self._sync_call(request)

    async def _run_guards(self, request: HttpRequest) -> HttpResponse | None:
        try:
            for guard in self.guards:
                await guard(request)
        except ApiError as error:
            return error_response(error, graphql=is_graphql_path(request.path))
        return None

    def _check_edge(self, request: HttpRequest) -> HttpResponse | None:
        """Host and declared body size, before anything reads the request."""
        try:
            check_request_edge(request)
        except ApiError as error:
            return error_response(error, graphql=is_graphql_path(request.path))
        return None

    def _sync_call(self, request: HttpRequest) -> HttpResponse:
        """WSGI (and the sync test client): same behaviour, guards run in a short-lived loop."""
        from asgiref.sync import async_to_sync

        request_id = _request_id(request)
        token = request_id_var.set(request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        response = None
        budget = deadline.set_in(settings.UPSTREAM_DEADLINE)
        try:
            blocked = self._check_edge(request)
            if blocked is None and self.guards:
                blocked = async_to_sync(self._run_guards)(request)
            response = blocked or self.get_response(request)
        finally:
            deadline.reset(budget)
            request_id_var.reset(token)
            _release_unless_streaming(request, response)
        response["X-Request-ID"] = request_id
        return response

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        request_id = _request_id(request)
        token = request_id_var.set(request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        response = None
        budget = deadline.set_in(settings.UPSTREAM_DEADLINE)
        try:
            blocked = self._check_edge(request)
            if blocked is None and self.guards:
                blocked = await self._run_guards(request)
            response = blocked or await self.get_response(request)
        finally:
            deadline.reset(budget)
            request_id_var.reset(token)
            _release_unless_streaming(request, response)
        response["X-Request-ID"] = request_id
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Errors raised by plain Django views (DRF views render their own via its handler)."""
        error = api_error_for(exception) or client_error_for(exception)
        if error is not None:
            return error_response(error, graphql=is_graphql_path(request.path))
        logger.error(
            "unhandled error on %s %s",
            request.method,
            request.path,
            exc_info=exception,
            extra={"request_id": request_id_var.get()},
        )
        return error_response(InternalError())


class AdminOnlyMiddleware:
    """Runs Django's session, auth and messages middleware for /admin/ only.

    The API authenticates with bearer tokens; paying these middlewares' thread hops on every API
    request would buy nothing.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response
        self.admin_chain = SessionMiddleware(
            AuthenticationMiddleware(MessageMiddleware(get_response))
        )
        self.admin_prefix = "/admin/"
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if request.path.startswith(self.admin_prefix):
            return self.admin_chain(request)
        return self.get_response(request)

"""``ApiView``: the one request pipeline of every REST view (auth, catalogue, personal).

Why not DRF's request cycle: adrf's dispatch runs ``initial()`` (auth, permissions,
throttles, content negotiation) through ``sync_to_async`` - a thread hop per request for checks
these views do their own way - and serializers/renderers cost far more than the work itself.
``ApiView`` keeps adrf's APIView for drf-spectacular (the class and its ``@extend_schema``
methods are what the docs read) and dispatches straight to the async handler. Every failure,
whatever raised it, goes through one error handler (rest_compat.errors.to_api_error) into the
contract's envelope; caller identity comes from the request context, as in GraphQL.

The handful of things a view may differ in are class attributes and hooks, not a second
pipeline: ``handled_methods`` (405 with ``Allow`` otherwise), ``before_handler`` (checks before
the body is read), ``always_allow_header`` and ``answers_options`` (the auth views' DRF-era
``Allow`` header and OPTIONS description) and the two JSON body readers.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from adrf.views import APIView
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request

from accounts.validation import body_dict
from catalog.entries import Entry, EntryPage
from core.context import RequestContext
from core.edge_input import parse_json_object
from core.exceptions import ApiError, MethodNotAllowed
from core.responses import error_response, json_response, success
from rest_compat.errors import is_unexpected, to_api_error
from rest_compat.openapi import BearerAuthentication
from rest_compat.parsers import OrjsonParser
from schema.context import context_for

logger = logging.getLogger("cinemate.errors")
JSON_MEDIA_TYPES = ["application/json"]


def page_args(request: HttpRequest) -> tuple[str | None, str | None]:
    """The raw ``page`` and ``limit`` query parameters (the use case checks them)."""
    return request.GET.get("page"), request.GET.get("limit")


class ApiView(APIView):
    """adrf APIView, minus DRF's per-request machinery (see the module docstring)."""

    # Documentation only (the bearer scheme); the caller is resolved lazily through the
    # request context.
    authentication_classes = [BearerAuthentication]
    # Send ``Allow`` on every answer, not only on a 405 (the auth views always have).
    always_allow_header = False
    # Answer OPTIONS with the view's name and media types (the auth views always have).
    answers_options = False

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        """Django's ``setup()`` without its ``self.head = self.get``: a bound method of the view
        stored on the view is a reference cycle per request. HEAD falls back to GET in
        ``async_dispatch`` instead."""
        self.request, self.args, self.kwargs = request, args, kwargs  # type: ignore[assignment]

    def handled_methods(self) -> list[str]:
        """Lower-case methods this view answers; any other is 405 with their ``Allow``."""
        return list(self.http_method_names)

    def allow_header(self) -> str:
        methods = [m.upper() for m in self.handled_methods()]
        return ", ".join([*methods, "OPTIONS"] if self.answers_options else methods)

    async def before_handler(self, request: HttpRequest) -> None:
        """Checks run before the handler reads the request (none by default)."""

    async def async_dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.args, self.kwargs, self.request = args, kwargs, request  # type: ignore[assignment]
        response = await self._respond(request, *args, **kwargs)
        if self.always_allow_header:
            response["Allow"] = self.allow_header()
        return response

    async def _respond(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        method = (request.method or "").lower()
        allowed = self.handled_methods()
        handler = getattr(self, method, None) if method in allowed else None
        if handler is None and method == "head" and method in allowed:
            handler = getattr(self, "get", None)
        try:
            if method == "options" and self.answers_options:
                return self.describe()
            if handler is None:
                raise self.method_not_allowed_error(request)
            await self.before_handler(request)
            return await handler(request, *args, **kwargs)
        except Exception as exc:
            error = to_api_error(exc)
            if is_unexpected(exc):
                logger.error("unhandled error on %s %s", request.method, request.path, exc_info=exc)
            return error_response(error)

    def method_not_allowed_error(self, request: HttpRequest) -> ApiError:
        if self.answers_options:  # DRF's wording, which the auth views have always used
            return MethodNotAllowed(
                f'Method "{request.method}" not allowed.', headers={"Allow": self.allow_header()}
            )
        return MethodNotAllowed(headers={"Allow": self.allow_header()})

    def describe(self) -> HttpResponse:
        """OPTIONS: the view's name and the media types it reads and writes (DRF's metadata)."""
        return json_response(
            {
                "name": self.get_view_name(),
                "description": self.get_view_description(),
                "renders": JSON_MEDIA_TYPES,
                "parses": JSON_MEDIA_TYPES,
            }
        )

    @staticmethod
    def body(request: HttpRequest) -> dict[str, Any]:
        """The JSON object body, whatever its Content-Type; an empty body is ``{}``
        (400 VALIDATION_ERROR when malformed or not an object)."""
        raw = request.body
        if not raw.strip():
            return {}
        return parse_json_object(raw)  # malformed, not an object, too deep, NUL: 400

    @staticmethod
    def typed_body(request: HttpRequest) -> dict[str, Any]:
        """The JSON object body of a request that must say ``Content-Type: application/json``
        (400 for another media type); no body at all is ``{}``. DRF's parsing, for its exact
        messages."""
        return body_dict(Request(request, parsers=[OrjsonParser()]).data)

    @staticmethod
    def context(request: HttpRequest) -> RequestContext:
        return context_for(request)

    @classmethod
    async def card_page(
        cls,
        request: HttpRequest,
        fetch: Callable[[RequestContext, object, object], Awaitable[EntryPage]],
        cards: Callable[[RequestContext, Sequence[Entry]], Awaitable[list[dict[str, Any]]]],
    ) -> HttpResponse:
        """MOVIE_LIST of the page the use case ``fetch(ctx, page, limit)`` answers for the
        request's query string, its entries made cards by ``cards(ctx, entries)``."""
        ctx = cls.context(request)
        page = await fetch(ctx, *page_args(request))
        return success({"movies": await cards(ctx, page.entries), "pagination": page.pagination})

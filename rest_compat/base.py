"""``ApiView``: the base of the catalogue's and the personal REST views (rest_compat.movies,
.library and .profile).

Why not DRF's request cycle: adrf's dispatch runs ``initial()`` (auth, permissions,
throttles, content negotiation) through ``sync_to_async`` - a thread hop per request for checks
these views do their own way - and serializers/renderers cost far more than the work itself.
``ApiView`` keeps adrf's APIView for drf-spectacular (the class and its ``@extend_schema``
methods are what the docs read) and dispatches straight to the async handler. Errors are the
contract's envelope; caller identity comes from the request context, as in GraphQL.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from adrf.views import APIView
from django.http import HttpRequest, HttpResponse

from catalog.entries import Entry, EntryPage
from catalog.pagination import Window, parse_window
from core.dependencies import api_error_for
from core.exceptions import ApiError, InternalError, MethodNotAllowed
from core.responses import error_response, success
from rest_compat.openapi import BearerAuthentication
from schema.context import RequestContext, context_for

logger = logging.getLogger("cinemate.errors")


def request_window(request: HttpRequest) -> Window:
    """The page window of the ``page`` and ``limit`` query parameters (400 when invalid)."""
    return parse_window(request.GET.get("page"), request.GET.get("limit"))


class ApiView(APIView):
    """adrf APIView, minus DRF's per-request machinery (see the module docstring)."""

    # Documentation only (the bearer scheme); the caller is resolved lazily through the
    # request context.
    authentication_classes = [BearerAuthentication]

    def handled_methods(self) -> list[str]:
        """Lower-case methods this view answers; any other is 405 with their ``Allow``."""
        return list(self.http_method_names)

    async def before_handler(self, request: HttpRequest) -> None:
        """Checks run before the handler reads the request (none by default)."""

    async def async_dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.args, self.kwargs, self.request = args, kwargs, request  # type: ignore[assignment]
        method = (request.method or "").lower()
        allowed = self.handled_methods()
        handler = getattr(self, method, None) if method in allowed else None
        try:
            if handler is None:
                allow = ", ".join(m.upper() for m in allowed)
                raise MethodNotAllowed(headers={"Allow": allow})
            await self.before_handler(request)
            return await handler(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error)
        except Exception as exc:
            outage = api_error_for(exc)
            if outage is not None:
                return error_response(outage)
            logger.exception("unhandled error on %s %s", request.method, request.path)
            return error_response(InternalError())

    @staticmethod
    def context(request: HttpRequest) -> RequestContext:
        return context_for(request)

    window = staticmethod(request_window)

    @classmethod
    async def card_page(
        cls,
        request: HttpRequest,
        fetch: Callable[[RequestContext, Window], Awaitable[EntryPage]],
        cards: Callable[[RequestContext, Sequence[Entry]], Awaitable[list[dict[str, Any]]]],
    ) -> HttpResponse:
        """MOVIE_LIST of the page ``fetch(ctx, window)`` answers for the request's window, its
        entries made cards by ``cards(ctx, entries)``."""
        window = cls.window(request)
        ctx = cls.context(request)
        page = await fetch(ctx, window)
        return success({"movies": await cards(ctx, page.entries), "pagination": page.pagination})

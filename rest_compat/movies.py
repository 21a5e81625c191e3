"""REST /movies endpoints: thin async views over catalog.selectors (the same calls the GraphQL
resolvers make), answering with plain dicts dumped by orjson in the contract's envelope.

Why not DRF's request cycle: adrf's dispatch runs ``initial()`` (auth, permissions,
throttles, content negotiation) through ``sync_to_async`` - a thread hop per request for checks
these public, token-optional views do not use - and serializers/renderers cost far more than
the work itself. ``CatalogView`` keeps adrf's APIView for drf-spectacular (the class and its
``@extend_schema`` methods are what the docs read) and dispatches straight to the async
handler. Errors are the contract's envelope; caller identity comes from the request context.
"""

from __future__ import annotations

import logging
from typing import Any

from adrf.views import APIView
from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny

from catalog import selectors
from catalog.details import title_details
from catalog.ids import parse_id
from catalog.pagination import parse_window
from catalog.selectors import EntryPage
from core.exceptions import ApiError, InternalError, MethodNotAllowed
from core.responses import error_response, success
from rest_compat import movies_schema as docs
from rest_compat.openapi import BearerAuthentication
from schema.context import RequestContext

logger = logging.getLogger("cinemate.errors")

TAG = "Movies"


class CatalogView(APIView):
    """adrf APIView, minus DRF's per-request machinery (see the module docstring)."""

    # Documentation only (the optional bearer token); the caller is resolved lazily through
    # the request context, as in GraphQL.
    authentication_classes = [BearerAuthentication]
    # Documented as "token optional" (security: bearerAuth or none); never run per request.
    permission_classes = [AllowAny]
    http_method_names = ["get", "head"]

    async def async_dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.args, self.kwargs, self.request = args, kwargs, request  # type: ignore[assignment]
        method = (request.method or "").lower()
        handler = getattr(self, method, None) if method in self.http_method_names else None
        try:
            if handler is None:
                raise MethodNotAllowed(headers={"Allow": "GET, HEAD"})
            return await handler(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error)
        except Exception:
            logger.exception("unhandled error on %s %s", request.method, request.path)
            return error_response(InternalError())

    @staticmethod
    def context(request: HttpRequest) -> RequestContext:
        return RequestContext.for_request(request)

    @staticmethod
    async def list_response(ctx: RequestContext, page: EntryPage) -> HttpResponse:
        """MOVIE_LIST: cards with duration and genre names (details loaded concurrently, or the
        finished page from the page cache)."""
        cards = await selectors.page_cards(ctx, page)
        return success({"movies": cards, "pagination": page.pagination})


def _window(request: HttpRequest) -> Any:
    return parse_window(request.GET.get("page"), request.GET.get("limit"))


class PopularView(CatalogView):
    @extend_schema(
        operation_id="movies_popular",
        summary="Popular movies",
        description="TMDb's popular movies, filtered by the caller's maturity setting. "
        + docs.PERSONALISATION,
        tags=[TAG],
        parameters=[docs.PAGE, docs.LIMIT],
        responses=docs.list_responses(),
    )
    async def get(self, request: HttpRequest) -> HttpResponse:
        window = _window(request)
        ctx = self.context(request)
        return await self.list_response(ctx, await selectors.popular(ctx, window))


class ComingSoonView(CatalogView):
    @extend_schema(
        operation_id="movies_coming_soon",
        summary="Coming soon",
        description="Movies released today or later, most popular first. " + docs.PERSONALISATION,
        tags=[TAG],
        parameters=[docs.PAGE, docs.LIMIT],
        responses=docs.list_responses(),
    )
    async def get(self, request: HttpRequest) -> HttpResponse:
        window = _window(request)
        ctx = self.context(request)
        return await self.list_response(ctx, await selectors.coming_soon(ctx, window))


class TrendingView(CatalogView):
    @extend_schema(
        operation_id="movies_trending",
        summary="Trending movies and series",
        description="TMDb's trending titles of the day or week (people left out). Filtered by "
        "maturity after the page window is taken, so a page can hold fewer than `limit` items. "
        + docs.PERSONALISATION,
        tags=[TAG],
        parameters=[docs.WINDOW, docs.PAGE, docs.LIMIT],
        responses=docs.list_responses(docs.BAD_TRENDING),
    )
    async def get(self, request: HttpRequest) -> HttpResponse:
        time_window = selectors.parse_trending_window(request.GET.get("window"))
        window = _window(request)
        ctx = self.context(request)
        return await self.list_response(ctx, await selectors.trending(ctx, window, time_window))


class SearchView(CatalogView):
    @extend_schema(
        operation_id="movies_search",
        summary="Search movies and series",
        description="Matches titles (movies and series), people's names (their known titles) "
        "and genre names, merged without duplicates, best match first (weighted "
        "reciprocal-rank fusion: title matches weigh most, an exact title match first). "
        + docs.PERSONALISATION,
        tags=[TAG],
        parameters=[docs.QUERY, docs.PAGE, docs.LIMIT],
        responses=docs.list_responses(docs.BAD_SEARCH),
    )
    async def get(self, request: HttpRequest) -> HttpResponse:
        q = selectors.parse_query(request.GET.get("q"))
        window = _window(request)
        ctx = self.context(request)
        return await self.list_response(ctx, await selectors.search(ctx, q, window))


class GenresView(CatalogView):
    @extend_schema(
        operation_id="movies_genres",
        summary="All genres",
        description="TMDb's movie and TV genres (ids as strings), as stored in the genres "
        "table. Signup and profile accept these ids.",
        tags=[TAG],
        responses={
            200: OpenApiResponse(docs.GenresEnvelopeSerializer, examples=[docs.GENRES_EXAMPLE])
        },
    )
    async def get(self, request: HttpRequest) -> HttpResponse:
        return success({"genres": await selectors.genres(self.context(request))})


class TitleView(CatalogView):
    @extend_schema(
        operation_id="movies_details",
        summary="Movie or series details",
        description="MOVIE_DETAILS for a movie id (`19404`) or a series id (`tv-119051`): "
        "language as an English name, cast in billing order, reviews with avatar and rating, "
        "recommendations as cards and, for a series, its seasons with their episodes. "
        + docs.PERSONALISATION,
        tags=[TAG],
        parameters=[docs.TITLE_ID],
        responses=docs.details_responses(),
    )
    async def get(self, request: HttpRequest, title_id: str) -> HttpResponse:
        parsed = parse_id(title_id)
        ctx = self.context(request)
        entry = await selectors.title(ctx, parsed, full=parsed.is_series, record_view=True)
        recommendations = await selectors.page_cards(
            ctx, await selectors.recommendations_page(ctx, entry)
        )
        movie = title_details(
            entry.details or {},
            entry.kind,
            is_favorite=await selectors.is_favourite(ctx, entry.id),
            recommendations=recommendations,
        )
        return success({"movie": movie})

"""REST /movies endpoints: thin async views over usecases.catalog (the same use cases the
GraphQL resolvers call), answering with plain dicts dumped by orjson in the contract's envelope.
A view only translates: it reads the query string, calls its use case once and renders cards.

``CatalogView`` is rest_compat.base's ``ApiView`` (no DRF request cycle: these public,
token-optional views dispatch straight to the async handler), answering GET and HEAD.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny

from catalog.details import title_details
from catalog.entries import EntryPage
from core import http_cache
from core.context import RequestContext
from core.responses import success
from library import cards as viewer_cards
from rest_compat import movies_schema as docs
from rest_compat.base import ApiView, page_args
from usecases import catalog as use_cases

TAG = "Movies"


class CatalogView(ApiView):
    """The public catalogue views: the bearer token is optional."""

    # Documented as "token optional" (security: bearerAuth or none); never run per request.
    permission_classes = [AllowAny]
    http_method_names = ["get", "head"]

    @staticmethod
    async def list_response(ctx: RequestContext, page: EntryPage) -> HttpResponse:
        """MOVIE_LIST: cards with duration and genre names (details loaded concurrently, or the
        finished page from the page cache).

        An anonymous answer is a function of the cached page entry alone, so its ETag is that
        entry's digest: a matching If-None-Match is answered 304 before any card is rendered
        (core.http_cache adds the caching headers)."""
        request = ctx.request
        public = http_cache.public_request(request)
        if public and page.etag is not None:
            etag = http_cache.strong_etag("c", page.etag)
            if http_cache.matches(request, etag):
                return http_cache.not_modified(HttpResponse(), etag)
        cards = await viewer_cards.page_cards(ctx, page)
        response = success({"movies": cards, "pagination": page.pagination})
        if public and page.etag is not None:  # set by page_cards when it stored the page
            response["ETag"] = http_cache.strong_etag("c", page.etag)
        return response


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
        ctx = self.context(request)
        return await self.list_response(ctx, await use_cases.popular(ctx, *page_args(request)))


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
        ctx = self.context(request)
        return await self.list_response(ctx, await use_cases.coming_soon(ctx, *page_args(request)))


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
        ctx = self.context(request)
        page = await use_cases.trending(ctx, request.GET.get("window"), *page_args(request))
        return await self.list_response(ctx, page)


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
        ctx = self.context(request)
        page = await use_cases.search(ctx, request.GET.get("q"), *page_args(request))
        return await self.list_response(ctx, page)


class GenresView(CatalogView):
    @extend_schema(
        operation_id="movies_genres",
        summary="All genres",
        description="TMDb's movie and TV genres (ids as strings), as stored in the genres "
        "table. Signup and profile accept these ids. No token needed; a token that is sent "
        "must be valid (401 otherwise), as on every public endpoint.",
        tags=[TAG],
        responses={
            200: OpenApiResponse(docs.GenresEnvelopeSerializer, examples=[docs.GENRES_EXAMPLE]),
            **docs.COMMON_ERRORS,
        },
    )
    async def get(self, request: HttpRequest) -> HttpResponse:
        return success({"genres": await use_cases.genres(self.context(request))})


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
        ctx = self.context(request)
        opened = await use_cases.open_title(ctx, title_id)
        entry = opened.entry
        recommendations = await viewer_cards.page_cards(
            ctx, await use_cases.title_recommendations(ctx, entry)
        )
        movie = title_details(
            entry.details or {},
            entry.kind,
            is_favorite=bool(opened.is_favorite),
            recommendations=recommendations,
        )
        return success({"movie": movie})

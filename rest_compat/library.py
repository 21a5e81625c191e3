"""REST: /movies/favourites and /movies/recommendations, thin views over usecases.library
(the same use cases the GraphQL ``me`` resolvers call), plain dicts in the contract's envelope.

``PersonalView`` is the base of every personal endpoint (here and in rest_compat.profile): like
the catalogue's views it is rest_compat.base's ``ApiView`` (no DRF request cycle, no thread hop,
the bearer scheme documented); JSON bodies are read by ``ApiView.body``. Every handler requires
a signed-in caller, checked before the request is read (UNAUTHORIZED).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema

from core.exceptions import UpstreamUnavailable
from core.responses import success
from library import cards as viewer_cards
from library import favourites
from rest_compat import library_schema as docs
from rest_compat.base import ApiView
from rest_compat.movies_schema import LIMIT, PAGE
from usecases import library as use_cases

TAG_FAVOURITES = "Favourites"
TAG_RECOMMENDATIONS = "Recommendations"


class PersonalView(ApiView):
    """The personal views: a signed-in caller only."""

    permission_classes: list[Any] = []

    def handled_methods(self) -> list[str]:
        return [m for m in ("get", "post", "delete") if hasattr(self, m)]

    async def before_handler(self, request: HttpRequest) -> None:
        await self.context(request).require_user()  # before reading anything else


class FavouritesView(PersonalView):
    @extend_schema(
        operation_id="favourites_list",
        summary="List favourites",
        description="The caller's favourite movies and series as MOVIE_LIST, newest first "
        "(`total` = number of favourites). Favourites are not filtered by the maturity "
        "setting: they are the user's own choices. Titles TMDb no longer has are left out.",
        tags=[TAG_FAVOURITES],
        parameters=[PAGE, LIMIT],
        responses={
            200: docs.movie_list(docs.FAVOURITES_EXAMPLE),
            **docs.errors(docs.BAD_PAGINATION, UpstreamUnavailable()),
        },
    )
    async def get(self, request: HttpRequest) -> HttpResponse:
        return await self.card_page(request, use_cases.favourites_page, favourites.favourite_cards)

    @extend_schema(
        operation_id="favourites_add",
        summary="Add a favourite",
        description='Adds a movie (`"550"`) or series (`"tv-1399"`). 201 when added (and a '
        "`movie_added` notification is created), 200 when it already was a favourite "
        "(nothing changes). A malformed id is 400; an id TMDb does not know is 404.",
        tags=[TAG_FAVOURITES],
        request=docs.FavouriteRequestSerializer,
        examples=[*docs.ADD_REQUEST_EXAMPLES, docs.ADDED_EXAMPLE, docs.ALREADY_EXAMPLE],
        responses={
            201: OpenApiResponse(docs.FavouriteResponseSerializer, description="Added"),
            200: OpenApiResponse(
                docs.FavouriteResponseSerializer, description="Already a favourite"
            ),
            **docs.errors(docs.BAD_MOVIE_ID, docs.NO_SUCH_TITLE, UpstreamUnavailable()),
        },
    )
    async def post(self, request: HttpRequest) -> HttpResponse:
        data = self.body(request)
        ctx = self.context(request)
        result = await use_cases.add_favourite(ctx, data.get("movie_id"))
        (card,) = await favourites.favourite_cards(ctx, [result.entry])
        if result.created:
            return success({"movie": card}, "Added to favourites", status=201)
        return success({"movie": card}, "Already in favourites")

    @extend_schema(
        operation_id="favourites_remove",
        summary="Remove a favourite",
        description="Removes `movie_id` from the caller's favourites; 404 when it is not one "
        "of them, 400 when it is not a title id.",
        tags=[TAG_FAVOURITES],
        parameters=[docs.MOVIE_ID_PARAM],
        responses={
            200: OpenApiResponse(docs.RemovedResponseSerializer, examples=[docs.REMOVED_EXAMPLE]),
            **docs.errors(docs.BAD_MOVIE_ID, docs.NOT_A_FAVOURITE),
        },
    )
    async def delete(self, request: HttpRequest) -> HttpResponse:
        movie_id = request.GET.get("movie_id")
        if movie_id is None:  # tolerate clients that send it in a JSON body
            movie_id = self.body(request).get("movie_id")
        removed = await use_cases.remove_favourite(self.context(request), movie_id)
        return success({"movie_id": removed}, "Removed from favourites")


class RecommendationsView(PersonalView):
    @extend_schema(
        operation_id="movies_recommendations",
        summary="Personalised recommendations",
        description="MOVIE_LIST of titles for the caller, best first: TMDb recommendations of "
        "their favourites and recently viewed titles and popular titles of their genres, "
        "scored (several signals and matching genres first; see docs/personal.md), without "
        "their favourites, in their language and maturity setting. A new user gets their "
        "genres' popular titles, else what is trending. `total` is the length of the ranked "
        "list (at most 200); with maturity `teen` a page can hold fewer than `limit` cards.",
        tags=[TAG_RECOMMENDATIONS],
        parameters=[PAGE, LIMIT],
        responses={
            200: docs.movie_list(docs.RECOMMENDATIONS_EXAMPLE),
            **docs.errors(docs.BAD_PAGINATION, UpstreamUnavailable()),
        },
    )
    async def get(self, request: HttpRequest) -> HttpResponse:
        return await self.card_page(
            request, use_cases.recommendations_page, viewer_cards.card_dicts
        )

"""OpenAPI descriptions of the /movies endpoints: response serializers (documentation only:
the views dump plain dicts with orjson), parameters, examples and the error envelope."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from catalog.lists import TRENDING_WINDOWS, parse_trending_window
from catalog.pagination import DEFAULT_LIMIT, DEFAULT_PAGE, MAX_LIMIT, MAX_PAGE, parse_window
from catalog.search import MAX_QUERY_LENGTH, parse_query
from core.exceptions import (
    NotFound,
    RateLimited,
    SessionTerminated,
    TokenExpired,
    Unauthorized,
    UpstreamUnavailable,
)
from rest_compat.openapi import error_responses, raised, success_envelope

# --- shapes -----------------------------------------------------------------------------------


class CardSerializer(serializers.Serializer):
    id = serializers.CharField(help_text='Movie: TMDb id ("19404"); series: "tv-" + id.')
    title = serializers.CharField()
    poster = serializers.URLField(allow_null=True, help_text="Full URL (w500) or null.")
    backdrop = serializers.URLField(allow_null=True, help_text="Full URL (w500) or null.")
    synopsis = serializers.CharField(allow_blank=True)
    release_date = serializers.DateField(allow_null=True)
    duration = serializers.IntegerField(
        allow_null=True, help_text="Minutes: movie runtime or typical episode length."
    )
    genres = serializers.ListField(child=serializers.CharField(), help_text="Genre names.")
    rating = serializers.FloatField(help_text="TMDb vote average, 0-10.")
    is_favorite = serializers.BooleanField(help_text="Always false for anonymous callers.")
    is_series = serializers.BooleanField()


class PaginationSerializer(serializers.Serializer):
    page = serializers.IntegerField(min_value=1)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT)
    total = serializers.IntegerField(help_text="Capped at what TMDb serves (500 pages x 20).")
    total_pages = serializers.IntegerField()


def page_envelope(name: str, data_name: str, **items: serializers.Field) -> serializers.Serializer:
    """``{success, data: {**items, pagination}}``: one page of a paginated list, in the envelope
    (components ``name`` and ``data_name``)."""
    fields = {**items, "pagination": PaginationSerializer()}
    return success_envelope(name, type(data_name, (serializers.Serializer,), fields), message=False)


MovieListSerializer = page_envelope("MovieList", "MovieListData", movies=CardSerializer(many=True))


class CastMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    profile_path = serializers.URLField(allow_null=True)
    character = serializers.CharField(allow_blank=True)
    order = serializers.IntegerField(allow_null=True)


class ReviewSerializer(serializers.Serializer):
    id = serializers.CharField()
    author = serializers.CharField()
    avatar = serializers.URLField(allow_null=True)
    rating = serializers.FloatField(allow_null=True)
    content = serializers.CharField()
    created_at = serializers.DateTimeField(allow_null=True)


class EpisodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    overview = serializers.CharField(allow_blank=True)
    air_date = serializers.DateField(allow_null=True)
    episode_number = serializers.IntegerField()
    runtime = serializers.IntegerField(allow_null=True)
    season_number = serializers.IntegerField()
    still_path = serializers.URLField(allow_null=True)
    vote_average = serializers.FloatField()


class SeasonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    air_date = serializers.DateField(allow_null=True)
    episode_count = serializers.IntegerField()
    name = serializers.CharField()
    overview = serializers.CharField(allow_blank=True)
    poster_path = serializers.URLField(allow_null=True)
    season_number = serializers.IntegerField()
    vote_average = serializers.FloatField()
    episodes = EpisodeSerializer(many=True)


class MovieDetailsSerializer(serializers.Serializer):
    id = serializers.CharField()
    is_series = serializers.BooleanField()
    is_favorite = serializers.BooleanField()
    title = serializers.CharField()
    language = serializers.CharField(allow_null=True, help_text='English name, e.g. "English".')
    release_date = serializers.DateField(allow_null=True)
    rating = serializers.FloatField()
    runtime = serializers.IntegerField(allow_null=True, help_text="Minutes; null for a series.")
    network_logo = serializers.URLField(
        allow_null=True, help_text="Series: first network; movie: first studio with a logo."
    )
    backdrop_url = serializers.URLField(allow_null=True, help_text="w1280")
    poster_url = serializers.URLField(allow_null=True, help_text="w500")
    genres = serializers.ListField(child=serializers.CharField())
    synopsis = serializers.CharField(allow_blank=True)
    homepage = serializers.URLField(allow_null=True)
    seasons = SeasonSerializer(many=True, help_text="Empty for a movie.")
    cast = CastMemberSerializer(many=True, help_text="Billing order.")
    reviews = ReviewSerializer(many=True)
    recommendations = CardSerializer(many=True)


class MovieDetailsDataSerializer(serializers.Serializer):
    movie = MovieDetailsSerializer()


MovieDetailsEnvelopeSerializer = success_envelope(
    "MovieDetailsEnvelope", MovieDetailsDataSerializer, message=False
)


class GenreSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="TMDb genre id as a string.")
    name = serializers.CharField()


class GenresDataSerializer(serializers.Serializer):
    genres = GenreSerializer(many=True)


GenresEnvelopeSerializer = success_envelope("GenresEnvelope", GenresDataSerializer, message=False)


# --- examples ---------------------------------------------------------------------------------
CARD_EXAMPLE = {
    "id": "19404",
    "title": "Dilwale Dulhania Le Jayenge",
    "poster": "https://image.tmdb.org/t/p/w500/2CAL2433ZeIihfX1Hb2139CX0pW.jpg",
    "backdrop": "https://image.tmdb.org/t/p/w500/90ez6ArvpO8bvpyIngBuwXOqJm5.jpg",
    "synopsis": "Raj is a rich, carefree, happy-go-lucky second generation NRI...",
    "release_date": "1995-10-20",
    "duration": 189,
    "genres": ["Comedy", "Drama", "Romance"],
    "rating": 8.7,
    "is_favorite": False,
    "is_series": False,
}
SERIES_CARD_EXAMPLE = {
    **CARD_EXAMPLE,
    "id": "tv-119051",
    "title": "Wednesday",
    "release_date": "2022-11-23",
    "duration": 50,
    "genres": ["Sci-Fi & Fantasy", "Mystery", "Comedy"],
    "rating": 8.392,
    "is_series": True,
}
MOVIE_LIST_EXAMPLE = OpenApiExample(
    "A page of cards",
    value={
        "success": True,
        "data": {
            "movies": [CARD_EXAMPLE, SERIES_CARD_EXAMPLE],
            "pagination": {"page": 1, "limit": 20, "total": 1000, "total_pages": 50},
        },
    },
    response_only=True,
)
DETAILS_EXAMPLE = OpenApiExample(
    "A series",
    value={
        "success": True,
        "data": {
            "movie": {
                "id": "tv-119051",
                "is_series": True,
                "is_favorite": False,
                "title": "Wednesday",
                "language": "English",
                "release_date": "2022-11-23",
                "rating": 8.392,
                "runtime": None,
                "network_logo": "https://image.tmdb.org/t/p/w500/wwemzKWzjKYJFfCeiB57q3r4Bcm.png",
                "backdrop_url": "https://image.tmdb.org/t/p/w1280/iHSwvRVsRyxpX7FE7GbviaDvgGZ.jpg",
                "poster_url": "https://image.tmdb.org/t/p/w500/36xXlhEpQqVVPuiZhfoQuaY4OlA.jpg",
                "genres": ["Sci-Fi & Fantasy", "Mystery", "Comedy"],
                "synopsis": "Smart, sarcastic and a little dead inside...",
                "homepage": "https://www.netflix.com/title/81231974",
                "seasons": [
                    {
                        "id": 182137,
                        "air_date": "2022-11-23",
                        "episode_count": 8,
                        "name": "Season 1",
                        "overview": "",
                        "poster_path": "https://image.tmdb.org/t/p/w500/v9fNsN3WNXObKJjBWkiKMuT3XoR.jpg",
                        "season_number": 1,
                        "vote_average": 8.5,
                        "episodes": [
                            {
                                "id": 3637283,
                                "name": "Wednesday's Child Is Full of Woe",
                                "overview": "When a deliciously wicked prank gets Wednesday expelled...",
                                "air_date": "2022-11-23",
                                "episode_number": 1,
                                "runtime": 59,
                                "season_number": 1,
                                "still_path": "https://image.tmdb.org/t/p/w500/7fQdb4N8v9AocqlLsvwKlQNOUXr.jpg",
                                "vote_average": 8.1,
                            }
                        ],
                    }
                ],
                "cast": [
                    {
                        "id": 974169,
                        "name": "Jenna Ortega",
                        "profile_path": "https://image.tmdb.org/t/p/w128_and_h128_face/cV4x7jNmsGLdKZn5I6xVF3Ltnmg.jpg",
                        "character": "Wednesday Addams",
                        "order": 0,
                    }
                ],
                "reviews": [
                    {
                        "id": "63bd848cfc31d300a8df6ea2",
                        "author": "Nate Richardson",
                        "avatar": "https://image.tmdb.org/t/p/w64_and_h64_face/wBxPum8xMbwLHEFGLJcrUyGeHz8.png",
                        "rating": 9.0,
                        "content": "A sample review.",
                        "created_at": "2023-01-10T15:30:20.045Z",
                    }
                ],
                "recommendations": [SERIES_CARD_EXAMPLE],
            }
        },
    },
    response_only=True,
)
GENRES_EXAMPLE = OpenApiExample(
    "Genres",
    value={
        "success": True,
        "data": {"genres": [{"id": "28", "name": "Action"}, {"id": "35", "name": "Comedy"}]},
    },
    response_only=True,
)


LIMIT_TOO_BIG = raised(parse_window, DEFAULT_PAGE, MAX_LIMIT + 1)
BAD_PAGINATION = error_responses(LIMIT_TOO_BIG)[400]
BAD_SEARCH = error_responses(
    raised(parse_query, ""), raised(parse_window, MAX_PAGE + 1, DEFAULT_LIMIT)
)[400]
BAD_TRENDING = error_responses(raised(parse_trending_window, "month"), LIMIT_TOO_BIG)[400]
COMMON_ERRORS = error_responses(
    Unauthorized("The token is not valid"),
    TokenExpired,
    SessionTerminated,
    RateLimited,
    UpstreamUnavailable,
)
RATE_LIMIT_ONLY = error_responses(RateLimited)
NOT_FOUND = error_responses(NotFound("This title was not found"))[404]


def list_responses(bad_request: OpenApiResponse = BAD_PAGINATION) -> dict:
    """A MOVIE_LIST endpoint's responses: the list, and every error it can answer with (a bad
    token is an error even on public endpoints: clients should drop it, not be served as
    anonymous)."""
    return {
        200: OpenApiResponse(MovieListSerializer, examples=[MOVIE_LIST_EXAMPLE]),
        400: bad_request,
        **COMMON_ERRORS,
    }


def details_responses() -> dict:
    return {
        200: OpenApiResponse(MovieDetailsEnvelopeSerializer, examples=[DETAILS_EXAMPLE]),
        404: NOT_FOUND,
        **COMMON_ERRORS,
    }


# --- parameters -------------------------------------------------------------------------------
PAGE = OpenApiParameter(
    "page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    description=f"Page number, 1 to {MAX_PAGE} (default 1).",
)
LIMIT = OpenApiParameter(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    description=f"Items per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}).",
)
QUERY = OpenApiParameter(
    "q",
    # At least one non-space character; the text is trimmed and inner spaces collapsed.
    {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH, "pattern": r"\S"},
    required=True,
    allow_blank=False,
    description=f"Search text, 1 to {MAX_QUERY_LENGTH} characters: a title, a person's name "
    "(cast or crew) or a genre name.",
)
WINDOW = OpenApiParameter(
    "window",
    OpenApiTypes.STR,
    enum=list(TRENDING_WINDOWS),
    default=TRENDING_WINDOWS[0],
    description="Trending window.",
)
TITLE_ID = OpenApiParameter(
    "title_id",
    OpenApiTypes.STR,
    location=OpenApiParameter.PATH,
    pattern=r"^(tv-)?[0-9]+$",
    description='A movie id ("19404") or a series id ("tv-119051").',
    examples=[
        OpenApiExample("movie", value="19404"),
        OpenApiExample("series", value="tv-119051"),
    ],
)

PERSONALISATION = (
    "Optional `Authorization: Bearer <access_token>`: a signed-in caller gets `is_favorite`, "
    "their language (`preferred_language`) and their maturity filter; anonymous callers get "
    "English, maturity `all` and `is_favorite: false`."
)

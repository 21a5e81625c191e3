"""OpenAPI descriptions of the personal endpoints (favourites, recommendations, profile,
history, notifications): request/response serializers (documentation only: the views dump
plain dicts), parameters and examples. Error responses come from rest_compat.openapi."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from accounts.models import MaturityFilter
from accounts.validation import EMAIL_MAX, NAME_MAX
from core.exceptions import (
    InvalidCredentials,
    NotFound,
    RateLimited,
    SessionTerminated,
    TokenExpired,
    Unauthorized,
    ValidationFailed,
)
from library.favourites import parse_movie_id
from library.models import NotificationType
from library.notifications import MAX_MARK_IDS, parse_notification_ids
from rest_compat import fields_schema as fields
from rest_compat.movies_schema import (
    CARD_EXAMPLE,
    LIMIT_TOO_BIG,
    SERIES_CARD_EXAMPLE,
    CardSerializer,
    MovieListSerializer,
    page_envelope,
)
from rest_compat.openapi import error_responses, raised, success_envelope

USER_ID = "3f0c3a8e-8a8b-4c55-9a3e-2b7f4c1d9e10"
PAGINATION = {"page": 1, "limit": 20, "total": 2, "total_pages": 1}
AUTH_ERRORS = (
    Unauthorized(),
    TokenExpired(),
    SessionTerminated(),
    RateLimited(60),
)


def errors(*extra: object) -> dict[int, OpenApiResponse]:
    """The caller-side errors every personal endpoint has, plus ``extra``."""
    return error_responses(*extra, *AUTH_ERRORS)  # type: ignore[arg-type]


# --- favourites -------------------------------------------------------------------------------
class FavouriteRequestSerializer(serializers.Serializer):
    movie_id = fields.TitleIdField(
        help_text='A movie id ("550") or a series id ("tv-1399"); a number is accepted too.'
    )


class FavouriteDataSerializer(serializers.Serializer):
    movie = CardSerializer()


FavouriteResponseSerializer = success_envelope("FavouriteResponse", FavouriteDataSerializer)


class RemovedDataSerializer(serializers.Serializer):
    movie_id = serializers.CharField()


RemovedResponseSerializer = success_envelope("RemovedResponse", RemovedDataSerializer)


FAVOURITE_CARD = {**CARD_EXAMPLE, "is_favorite": True}
ADDED_EXAMPLE = OpenApiExample(
    "Added",
    value={"success": True, "message": "Added to favourites", "data": {"movie": FAVOURITE_CARD}},
    response_only=True,
    status_codes=["201"],
)
ALREADY_EXAMPLE = OpenApiExample(
    "Already a favourite",
    value={
        "success": True,
        "message": "Already in favourites",
        "data": {"movie": FAVOURITE_CARD},
    },
    response_only=True,
    status_codes=["200"],
)
ADD_REQUEST_EXAMPLES = [
    OpenApiExample("A movie", value={"movie_id": "550"}, request_only=True),
    OpenApiExample("A series", value={"movie_id": "tv-1399"}, request_only=True),
]
REMOVED_EXAMPLE = OpenApiExample(
    "Removed",
    value={"success": True, "message": "Removed from favourites", "data": {"movie_id": "550"}},
    response_only=True,
)
FAVOURITES_EXAMPLE = OpenApiExample(
    "Favourites, newest first",
    value={
        "success": True,
        "data": {
            "movies": [{**SERIES_CARD_EXAMPLE, "is_favorite": True}, FAVOURITE_CARD],
            "pagination": PAGINATION,
        },
    },
    response_only=True,
)
BAD_MOVIE_ID = raised(parse_movie_id, "abc")
MOVIE_ID_PARAM = OpenApiParameter(
    "movie_id",
    fields.TITLE_ID_SCHEMA,
    required=True,
    description='The favourite to remove: "550" (movie) or "tv-1399" (series).',
)
NOT_A_FAVOURITE = NotFound("This title is not in your favourites", {"movie_id": "550"})
NO_SUCH_TITLE = NotFound("This title was not found")
BAD_PAGINATION = LIMIT_TOO_BIG

RECOMMENDATIONS_EXAMPLE = OpenApiExample(
    "Recommendations, best first",
    value={
        "success": True,
        "data": {"movies": [CARD_EXAMPLE, SERIES_CARD_EXAMPLE], "pagination": PAGINATION},
    },
    response_only=True,
)


def movie_list(example: OpenApiExample) -> OpenApiResponse:
    return OpenApiResponse(MovieListSerializer, examples=[example])


# --- history ----------------------------------------------------------------------------------
class HistoryCardSerializer(CardSerializer):
    viewed_at = serializers.DateTimeField(help_text="ISO 8601 UTC with milliseconds.")


HistoryResponseSerializer = page_envelope(
    "HistoryResponse", "HistoryData", movies=HistoryCardSerializer(many=True)
)


HISTORY_EXAMPLE = OpenApiExample(
    "Viewed titles, newest first",
    value={
        "success": True,
        "data": {
            "movies": [
                {**SERIES_CARD_EXAMPLE, "viewed_at": "2023-01-10T15:30:20.045Z"},
                {**CARD_EXAMPLE, "viewed_at": "2023-01-09T08:02:11.512Z"},
            ],
            "pagination": PAGINATION,
        },
    },
    response_only=True,
)


# --- profile ----------------------------------------------------------------------------------
class ProfileUserSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(max_length=NAME_MAX)
    email = serializers.EmailField()
    genres = serializers.ListField(child=serializers.CharField(), help_text="Genre names.")
    maturity_filter = serializers.ChoiceField(choices=MaturityFilter.values)
    preferred_language = serializers.CharField(help_text="ISO 639-1, e.g. en.")


class ProfileDataSerializer(serializers.Serializer):
    user = ProfileUserSerializer()


class ProfileResponseSerializer(serializers.Serializer):
    success = serializers.BooleanField(default=True)
    data = ProfileDataSerializer()


class ProfileUpdatedSerializer(ProfileResponseSerializer):
    message = serializers.CharField()


class ProfileUpdateRequestSerializer(serializers.Serializer):
    name = fields.NonBlankCharField(
        required=False, max_length=NAME_MAX, help_text=f"1 to {NAME_MAX} characters."
    )
    email = serializers.EmailField(
        required=False,
        max_length=EMAIL_MAX,
        help_text="Unique, case-insensitive (409 EMAIL_TAKEN).",
    )
    genres = serializers.ListField(
        child=fields.GenreIdField(),
        required=False,
        help_text="Genre ids from GET /movies/genres (strings or numbers); replaces the "
        "current ones; [] clears them.",
    )
    maturity_filter = serializers.ChoiceField(
        choices=MaturityFilter.values,
        required=False,
        help_text="teen: up to PG-13 / TV-14; all: no adult titles; adult: everything.",
    )
    preferred_language = fields.LanguageField(
        required=False,
        help_text="ISO 639-1 code, two lowercase letters (en, es, fr...).",
    )


PROFILE = {
    "id": USER_ID,
    "name": "Joe Doe",
    "email": "example@mail.com",
    "genres": ["Action", "Comedy"],
    "maturity_filter": "all",
    "preferred_language": "en",
}
PROFILE_EXAMPLE = OpenApiExample(
    "Profile", value={"success": True, "data": {"user": PROFILE}}, response_only=True
)
PROFILE_UPDATE_EXAMPLE = OpenApiExample(
    "Update",
    value={
        "name": "Joe Doe",
        "email": "newemail@mail.com",
        "genres": [28, 35, 18],
        "maturity_filter": "teen",
        "preferred_language": "es",
    },
    request_only=True,
)
PROFILE_UPDATED_EXAMPLE = OpenApiExample(
    "Updated",
    value={
        "success": True,
        "message": "Profile updated successfully",
        "data": {
            "user": {
                **PROFILE,
                "email": "newemail@mail.com",
                "genres": ["Action", "Comedy", "Drama"],
                "maturity_filter": "teen",
                "preferred_language": "es",
            }
        },
    },
    response_only=True,
)
BAD_PROFILE = ValidationFailed(
    "The request is not valid",
    {
        "name": ["This field may not be blank."],
        "preferred_language": [
            "Must be an ISO 639-1 language code: two lowercase letters, e.g. en or es."
        ],
    },
)
UNKNOWN_GENRES = ValidationFailed(
    "Some genres do not exist",
    {"genres": ["Unknown genre id: 999."], "unknown": ["999"]},
)


class ChangePasswordRequestSerializer(serializers.Serializer):
    old_password = serializers.CharField()
    new_password = fields.PasswordField()


class NewTokenDataSerializer(serializers.Serializer):
    auth_token = serializers.CharField()


ChangePasswordResponseSerializer = success_envelope(
    "ChangePasswordResponse", NewTokenDataSerializer
)


CHANGE_PASSWORD_EXAMPLE = OpenApiExample(
    "Changed",
    value={
        "success": True,
        "message": "Password changed successfully",
        "data": {"auth_token": "<NEW_JWT_ACCESS_TOKEN>"},
    },
    response_only=True,
)
CHANGE_PASSWORD_REQUEST = OpenApiExample(
    "Change", value={"old_password": "OLDPASS123", "new_password": "NEWPASS123"}, request_only=True
)
WRONG_PASSWORD = InvalidCredentials(
    "The current password is not correct",
    {"old_password": ["The current password is not correct."]},
)
WEAK_PASSWORD = ValidationFailed(
    "The request is not valid", {"new_password": ["This password is too common."]}
)


# --- notifications ----------------------------------------------------------------------------
class NotificationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    message = serializers.CharField()
    type = serializers.ChoiceField(choices=NotificationType.values)
    read = serializers.BooleanField()
    created_at = serializers.DateTimeField(help_text="ISO 8601 UTC with milliseconds.")
    movie_id = serializers.CharField(allow_null=True)
    image = serializers.URLField(allow_null=True)


NotificationsResponseSerializer = page_envelope(
    "NotificationsResponse",
    "NotificationsData",
    notifications=NotificationSerializer(many=True),
    unread_count=serializers.IntegerField(),
)


class MarkReadRequestSerializer(serializers.Serializer):
    notification_id = fields.NotificationIdsField(
        help_text=f"One notification id, or a list of 1 to {MAX_MARK_IDS} ids."
    )


class MarkReadDataSerializer(serializers.Serializer):
    marked = serializers.IntegerField(
        help_text="How many of the given ids are the caller's notifications (all now read). "
        "Ids of other users' notifications and unknown ids are ignored alike."
    )
    unread_count = serializers.IntegerField()


MarkReadResponseSerializer = success_envelope("MarkReadResponse", MarkReadDataSerializer)


NOTIFICATIONS_EXAMPLE = OpenApiExample(
    "Notifications",
    value={
        "success": True,
        "data": {
            "notifications": [
                {
                    "id": "b0e5b6f2-54a4-4a2e-9a55-1d0c7a1c2f11",
                    "title": "New Movie Added",
                    "message": "A new movie 'The Dark Knight' has been added to your favorites",
                    "type": "movie_added",
                    "read": False,
                    "created_at": "2023-01-10T15:30:20.045Z",
                    "movie_id": "19404",
                    "image": "https://image.tmdb.org/t/p/w500/2CAL2433ZeIihfX1Hb2139CX0pW.jpg",
                },
                {
                    "id": "7c1d3b0a-0f5e-4d8b-8f61-5b2f7e0a9c33",
                    "title": "New Episode",
                    "message": "A new episode of 'Wednesday' is out: S2E1 'Here We Woe Again'",
                    "type": "favorite_update",
                    "read": True,
                    "created_at": "2023-01-09T08:00:00.000Z",
                    "movie_id": "tv-119051",
                    "image": "https://image.tmdb.org/t/p/w500/36xXlhEpQqVVPuiZhfoQuaY4OlA.jpg",
                },
            ],
            "unread_count": 1,
            "pagination": PAGINATION,
        },
    },
    response_only=True,
)
MARK_READ_REQUESTS = [
    OpenApiExample(
        "One", value={"notification_id": "b0e5b6f2-54a4-4a2e-9a55-1d0c7a1c2f11"}, request_only=True
    ),
    OpenApiExample(
        "Several",
        value={
            "notification_id": [
                "b0e5b6f2-54a4-4a2e-9a55-1d0c7a1c2f11",
                "7c1d3b0a-0f5e-4d8b-8f61-5b2f7e0a9c33",
            ]
        },
        request_only=True,
    ),
]
MARK_READ_EXAMPLE = OpenApiExample(
    "Marked",
    value={
        "success": True,
        "message": "Notifications marked as read",
        "data": {"marked": 2, "unread_count": 0},
    },
    response_only=True,
)
BAD_NOTIFICATION_IDS = raised(parse_notification_ids, ["N456"])
UNREAD_ONLY = OpenApiParameter(
    "unread_only",
    OpenApiTypes.BOOL,
    default=False,
    description="true: only unread notifications (then `total` counts unread ones).",
)

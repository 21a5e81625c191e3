"""REST: /profile, /profile/change-password, /profile/history, /profile/notifications and
/profile/notifications/read; thin views
(through usecases.library, the use cases the GraphQL ``me`` resolvers and mutations call)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema

from core.exceptions import EmailTaken, UpstreamUnavailable
from core.responses import success
from rest_compat import library_schema as docs
from rest_compat.base import page_args
from rest_compat.library import PersonalView
from rest_compat.movies_schema import LIMIT, PAGE
from usecases import library as use_cases

TAG = "Profile"


class ProfileView(PersonalView):
    @extend_schema(
        operation_id="profile_get",
        summary="Get profile",
        description="The caller's profile: id, name, email, genre names, maturity filter and "
        "preferred language.",
        tags=[TAG],
        responses={
            200: OpenApiResponse(docs.ProfileResponseSerializer, examples=[docs.PROFILE_EXAMPLE]),
            **docs.errors(),
        },
    )
    async def get(self, request: HttpRequest) -> HttpResponse:
        return success({"user": await use_cases.get_profile(self.context(request))})

    @extend_schema(
        operation_id="profile_update",
        summary="Update profile",
        description="Changes only the keys given among name, email, genres, maturity_filter "
        "and preferred_language; any other key is ignored. Every problem is reported at once "
        "(400 with details per field; unknown genre ids listed in `details.unknown`); an "
        "email used by another account (any letter case) is 409 EMAIL_TAKEN. Returns the "
        "updated profile. A new language or maturity filter applies from the very next "
        "request, on all the user's sessions.",
        tags=[TAG],
        request=docs.ProfileUpdateRequestSerializer,
        examples=[docs.PROFILE_UPDATE_EXAMPLE, docs.PROFILE_UPDATED_EXAMPLE],
        responses={
            200: OpenApiResponse(docs.ProfileUpdatedSerializer),
            **docs.errors(docs.BAD_PROFILE, docs.UNKNOWN_GENRES, EmailTaken()),
        },
    )
    async def post(self, request: HttpRequest) -> HttpResponse:
        data = self.body(request)
        user = await use_cases.update_profile(self.context(request), data)
        return success({"user": user}, "Profile updated successfully")


class ChangePasswordView(PersonalView):
    @extend_schema(
        operation_id="profile_change_password",
        summary="Change password",
        description="Checks the current password (401 INVALID_CREDENTIALS when wrong), "
        "validates the new one with the password rules (400), stores it, ends the caller's "
        "other sessions and returns a new access token for this session (use it from now on: "
        "the old one can no longer be refreshed).",
        tags=[TAG],
        request=docs.ChangePasswordRequestSerializer,
        examples=[docs.CHANGE_PASSWORD_REQUEST, docs.CHANGE_PASSWORD_EXAMPLE],
        responses={
            200: OpenApiResponse(docs.ChangePasswordResponseSerializer),
            **docs.errors(docs.WEAK_PASSWORD, docs.WRONG_PASSWORD),
        },
    )
    async def post(self, request: HttpRequest) -> HttpResponse:
        data = self.body(request)
        token = await use_cases.change_password(
            self.context(request), data.get("old_password"), data.get("new_password")
        )
        return success({"auth_token": token}, "Password changed successfully")


class HistoryView(PersonalView):
    @extend_schema(
        operation_id="profile_history",
        summary="Viewing history",
        description="Titles the caller opened (GET /movies/{id} or the GraphQL `title` "
        "query while signed in), newest first, as MOVIE_LIST cards with `viewed_at`. Opening "
        "the same title again within 30 minutes counts once. Not filtered by maturity.",
        tags=[TAG],
        parameters=[PAGE, LIMIT],
        responses={
            200: OpenApiResponse(docs.HistoryResponseSerializer, examples=[docs.HISTORY_EXAMPLE]),
            **docs.errors(docs.BAD_PAGINATION, UpstreamUnavailable()),
        },
    )
    async def get(self, request: HttpRequest) -> HttpResponse:
        ctx = self.context(request)
        page = await use_cases.history_page(ctx, *page_args(request))
        movies = await use_cases.history_cards(ctx, page)
        return success({"movies": movies, "pagination": page.pagination})


class NotificationsView(PersonalView):
    @extend_schema(
        operation_id="profile_notifications",
        summary="Notifications",
        description="The caller's notifications, newest first, with the unread count. "
        "Types: movie_added (a favourite was added), favorite_update (news about a "
        "favourite: new episode or season, release), movie_recommendation, system_update.",
        tags=[TAG],
        parameters=[PAGE, LIMIT, docs.UNREAD_ONLY],
        responses={
            200: OpenApiResponse(
                docs.NotificationsResponseSerializer, examples=[docs.NOTIFICATIONS_EXAMPLE]
            ),
            **docs.errors(docs.BAD_PAGINATION),
        },
    )
    async def get(self, request: HttpRequest) -> HttpResponse:
        page = await use_cases.notification_page(
            self.context(request), *page_args(request), request.GET.get("unread_only")
        )
        return success(
            {
                "notifications": page.items,
                "unread_count": page.unread_count,
                "pagination": page.pagination,
            }
        )


class NotificationsReadView(PersonalView):
    @extend_schema(
        operation_id="profile_notifications_read",
        summary="Mark notifications read",
        description="`notification_id`: one id or a list of 1 to 100. Only the caller's "
        "notifications are touched; ids of other users' notifications and unknown ids are "
        "ignored alike (no 404, nothing revealed): `marked` says how many were the caller's. "
        "A value that is not a uuid is 400 with the bad values in `details.invalid_ids`.",
        tags=[TAG],
        request=docs.MarkReadRequestSerializer,
        examples=[*docs.MARK_READ_REQUESTS, docs.MARK_READ_EXAMPLE],
        responses={
            200: OpenApiResponse(docs.MarkReadResponseSerializer),
            **docs.errors(docs.BAD_NOTIFICATION_IDS),
        },
    )
    async def post(self, request: HttpRequest) -> HttpResponse:
        data = self.body(request)
        result = await use_cases.mark_notifications_read(
            self.context(request), data.get("notification_id")
        )
        return success(
            {"marked": result.marked, "unread_count": result.unread_count},
            "Notifications marked as read",
        )

"""REST: /profile, /profile/change-password, /profile/history, /profile/notifications and
/profile/notifications/read; thin views over library.profile, .history and .notifications
(the services the GraphQL ``me`` resolvers and mutations call)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema

from core.exceptions import EmailTaken, UpstreamUnavailable
from core.responses import success
from library import cards as viewer_cards
from library import history, notifications, profile
from rest_compat import library_schema as docs
from rest_compat.library import PersonalView
from rest_compat.movies_schema import LIMIT, PAGE

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
        return success({"user": await profile.get_profile(await self.user_id(request))})

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
        user = await profile.update_profile(await self.user_id(request), data)
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
        token = await profile.change_password(
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
        window = self.window(request)
        ctx = self.context(request)
        page = await history.viewer_history(ctx, window)
        cards = await viewer_cards.card_dicts(ctx, [entry for entry, _ in page.items])
        movies = [
            {**card, "viewed_at": notifications.iso_ms(at)}
            for card, (_, at) in zip(cards, page.items, strict=True)
        ]
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
        window = self.window(request)
        unread_only = notifications.parse_unread_only(request.GET.get("unread_only"))
        user_id = await self.user_id(request)
        page = await notifications.notification_page(user_id, window, unread_only=unread_only)
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
        user_id = await self.user_id(request)
        ids = notifications.parse_notification_ids(data.get("notification_id"))
        marked = await notifications.mark_read(user_id, ids)
        unread = await notifications.unread_count(user_id)
        return success({"marked": marked, "unread_count": unread}, "Notifications marked as read")

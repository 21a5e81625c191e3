"""The personal side of the GraphQL API: the ``me`` root and its mutations.

``me`` is null for an anonymous caller (a client can ask "who am I?" without handling an
error); a token that is invalid, expired or whose session ended is an error (UNAUTHORIZED,
TOKEN_EXPIRED, SESSION_TERMINATED), as everywhere. Every mutation requires a signed-in caller
(UNAUTHORIZED otherwise). Resolvers are thin: each calls the use case its REST twin calls
(usecases.library), and cards come from the catalogue's shaping (schema.types.build_cards).
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from accounts.models import MaturityFilter
from catalog.pagination import DEFAULT_LIMIT, DEFAULT_PAGE
from library import history
from library.profile import EDITABLE
from schema.types import Card, Limit, MovieList, Page, Pagination, build_cards, selected
from usecases import library as use_cases

# The allowed values, from the model that enforces them: "all, teen or adult."
_LEVELS = MaturityFilter.values
MATURITY_HELP = f"{', '.join(_LEVELS[:-1])} or {_LEVELS[-1]}."


# --- types ------------------------------------------------------------------------------------
@strawberry.type(description="The signed-in user's profile (GET /profile).")
class Profile:
    id: strawberry.ID
    name: str
    email: str
    genres: list[str] = strawberry.field(description="Genre names.")
    maturity_filter: str = strawberry.field(description=MATURITY_HELP)
    preferred_language: str = strawberry.field(description="ISO 639-1 code, e.g. en.")


def _profile(data: dict[str, Any]) -> Profile:
    return Profile(**data)


@strawberry.type(description="A card of the viewing history, with when it was viewed.")
class HistoryCard(Card):
    viewed_at: str = strawberry.field(description="ISO 8601 UTC, e.g. 2023-01-10T15:30:20.045Z.")


@strawberry.type(description="A page of the viewing history, newest first.")
class HistoryList:
    pagination: Pagination
    page: strawberry.Private[history.HistoryPage]

    @strawberry.field(description="The titles of this page.")
    async def movies(self, info: Info) -> list[HistoryCard]:
        names = selected(info)
        cards = await use_cases.history_cards(
            info.context,
            self.page,
            with_details=False,  # loaded already
            with_genres="genres" in names,
            with_favourites="isFavorite" in names,
        )
        return [HistoryCard(**card) for card in cards]


@strawberry.type(description="A notification (NOTIFICATION_LIST item).")
class Notification:
    id: strawberry.ID
    title: str
    message: str
    type: str = strawberry.field(
        description="movie_added, movie_recommendation, system_update or favorite_update."
    )
    read: bool
    created_at: str = strawberry.field(description="ISO 8601 UTC with milliseconds.")
    movie_id: strawberry.ID | None
    image: str | None


@strawberry.type(description="A page of notifications, newest first.")
class NotificationList:
    notifications: list[Notification]
    unread_count: int
    pagination: Pagination


@strawberry.type(description="The signed-in user and everything personal.")
class Me:
    """Resolved per field through the use cases, which read the caller from the context."""

    @strawberry.field(description="Name, email, genres and settings.")
    async def profile(self, info: Info) -> Profile:
        return _profile(await use_cases.get_profile(info.context))

    @strawberry.field(description="Favourite movies and series, newest first.")
    async def favourites(
        self, info: Info, page: Page = DEFAULT_PAGE, limit: Limit = DEFAULT_LIMIT
    ) -> MovieList:
        return await MovieList.of(info, await use_cases.favourites_page(info.context, page, limit))

    @strawberry.field(description="Viewed titles, newest view first.")
    async def history(
        self, info: Info, page: Page = DEFAULT_PAGE, limit: Limit = DEFAULT_LIMIT
    ) -> HistoryList:
        result = await use_cases.history_page(info.context, page, limit)
        return HistoryList(pagination=Pagination(**result.pagination), page=result)

    @strawberry.field(
        description="Personalised recommendations (favourites, history, genres), best first."
    )
    async def recommendations(
        self, info: Info, page: Page = DEFAULT_PAGE, limit: Limit = DEFAULT_LIMIT
    ) -> MovieList:
        return await MovieList.of(
            info, await use_cases.recommendations_page(info.context, page, limit)
        )

    @strawberry.field(description="Notifications, newest first.")
    async def notifications(
        self,
        info: Info,
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
        unread_only: bool = False,
    ) -> NotificationList:
        result = await use_cases.notification_page(info.context, page, limit, unread_only)
        return NotificationList(
            notifications=[Notification(**item) for item in result.items],
            unread_count=result.unread_count,
            pagination=Pagination(**result.pagination),
        )

    @strawberry.field(description="How many notifications are unread.")
    async def unread_count(self, info: Info) -> int:
        return await use_cases.unread_count(info.context)


@strawberry.type
class MeQuery:
    @strawberry.field(
        description="The signed-in user; null for anonymous callers. An invalid or expired "
        "token is an error (UNAUTHORIZED / TOKEN_EXPIRED / SESSION_TERMINATED)."
    )
    async def me(self, info: Info) -> Me | None:
        viewer = await info.context.viewer()
        if viewer.user_id is None:
            return None
        return Me()


# --- mutations --------------------------------------------------------------------------------
@strawberry.type(description="The result of addFavourite.")
class AddFavouriteResult:
    added: bool = strawberry.field(description="False when it was a favourite already.")
    movie: Card


@strawberry.input(description="Profile changes: only the fields given change.")
class ProfileInput:
    name: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    genres: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Genre ids (GET /movies/genres); replaces them."
    )
    maturity_filter: str | None = strawberry.field(
        default=strawberry.UNSET, description=MATURITY_HELP
    )
    preferred_language: str | None = strawberry.field(
        default=strawberry.UNSET, description="ISO 639-1 code, e.g. es."
    )


@strawberry.type(description="The result of changePassword.")
class ChangePasswordResult:
    auth_token: str = strawberry.field(
        description="A new access token for this session; the other sessions are ended."
    )


@strawberry.type(description="The result of markNotificationsRead.")
class MarkReadResult:
    marked: int = strawberry.field(
        description="How many of the ids are the caller's notifications (now read); other "
        "ids are ignored."
    )
    unread_count: int


@strawberry.type
class MeMutation:
    @strawberry.mutation(description='Add a movie ("550") or series ("tv-1399") to favourites.')
    async def add_favourite(self, info: Info, movie_id: strawberry.ID) -> AddFavouriteResult:
        result = await use_cases.add_favourite(info.context, movie_id)
        (card,) = await build_cards(info, [result.entry], selected(info, "movie"))
        card.is_favorite = True
        return AddFavouriteResult(added=result.created, movie=card)

    @strawberry.mutation(description="Remove a title from favourites (NOT_FOUND if absent).")
    async def remove_favourite(self, info: Info, movie_id: strawberry.ID) -> strawberry.ID:
        return strawberry.ID(await use_cases.remove_favourite(info.context, movie_id))

    @strawberry.mutation(description="Update the profile; returns it as updated.")
    async def update_profile(self, info: Info, input: ProfileInput) -> Profile:
        data = {
            key: getattr(input, key)
            for key in EDITABLE
            if getattr(input, key) is not strawberry.UNSET
        }
        return _profile(await use_cases.update_profile(info.context, data))

    @strawberry.mutation(description="Change the password; returns a fresh access token.")
    async def change_password(
        self, info: Info, old_password: str, new_password: str
    ) -> ChangePasswordResult:
        token = await use_cases.change_password(info.context, old_password, new_password)
        return ChangePasswordResult(auth_token=token)

    @strawberry.mutation(description="Mark notifications read (only the caller's are touched).")
    async def mark_notifications_read(self, info: Info, ids: list[strawberry.ID]) -> MarkReadResult:
        result = await use_cases.mark_notifications_read(info.context, list(ids), field="ids")
        return MarkReadResult(marked=result.marked, unread_count=result.unread_count)

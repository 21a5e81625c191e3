"""The personal side of the GraphQL API: the ``me`` root and its mutations.

``me`` is null for an anonymous caller (a client can ask "who am I?" without handling an
error); a token that is invalid, expired or whose session ended is an error (UNAUTHORIZED,
TOKEN_EXPIRED, SESSION_TERMINATED), as everywhere. Every mutation requires a signed-in caller
(UNAUTHORIZED otherwise). Resolvers are thin: they call the same library services and readers
as the REST views (library.favourites, .history, .recommendations, .notifications, .profile),
and cards come from the catalogue's shaping (schema.types.build_cards).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from catalog.pagination import DEFAULT_LIMIT, DEFAULT_PAGE, parse_window
from library import cards as viewer_cards
from library import favourites, history, notifications, profile, recommendations
from schema.types import Card, MovieList, Pagination, build_cards, selected

Page = Annotated[int, strawberry.argument(description="Page number, 1 or more.")]
Limit = Annotated[int, strawberry.argument(description="Items per page, 1 to 50.")]


# --- types ------------------------------------------------------------------------------------
@strawberry.type(description="The signed-in user's profile (GET /profile).")
class Profile:
    id: strawberry.ID
    name: str
    email: str
    genres: list[str] = strawberry.field(description="Genre names.")
    maturity_filter: str = strawberry.field(description="all, teen or adult.")
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
        entries = [entry for entry, _ in self.page.items]
        cards = await viewer_cards.card_dicts(
            info.context,
            entries,
            with_details=False,  # loaded already
            with_genres="genres" in names,
            with_favourites="isFavorite" in names,
        )
        # Every entry has details (library.titles), so there is one card per item, in order.
        return [
            HistoryCard(**card, viewed_at=notifications.iso_ms(at))
            for card, (_, at) in zip(cards, self.page.items, strict=True)
        ]


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
    user_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="Name, email, genres and settings.")
    async def profile(self) -> Profile:
        return _profile(await profile.get_profile(self.user_id))

    @strawberry.field(description="Favourite movies and series, newest first.")
    async def favourites(
        self, info: Info, page: Page = DEFAULT_PAGE, limit: Limit = DEFAULT_LIMIT
    ) -> MovieList:
        window = parse_window(page, limit)
        return MovieList.of(await favourites.favourites_page(info.context, window))

    @strawberry.field(description="Viewed titles, newest view first.")
    async def history(
        self, info: Info, page: Page = DEFAULT_PAGE, limit: Limit = DEFAULT_LIMIT
    ) -> HistoryList:
        result = await history.viewer_history(info.context, parse_window(page, limit))
        return HistoryList(pagination=Pagination(**result.pagination), page=result)

    @strawberry.field(
        description="Personalised recommendations (favourites, history, genres), best first."
    )
    async def recommendations(
        self, info: Info, page: Page = DEFAULT_PAGE, limit: Limit = DEFAULT_LIMIT
    ) -> MovieList:
        window = parse_window(page, limit)
        return MovieList.of(await recommendations.recommendations_page(info.context, window))

    @strawberry.field(description="Notifications, newest first.")
    async def notifications(
        self,
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
        unread_only: bool = False,
    ) -> NotificationList:
        result = await notifications.notification_page(
            self.user_id, parse_window(page, limit), unread_only=unread_only
        )
        return NotificationList(
            notifications=[Notification(**item) for item in result.items],
            unread_count=result.unread_count,
            pagination=Pagination(**result.pagination),
        )

    @strawberry.field(description="How many notifications are unread.")
    async def unread_count(self) -> int:
        return await notifications.unread_count(self.user_id)


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
        return Me(user_id=viewer.user_id)


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
        default=strawberry.UNSET, description="all, teen or adult."
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


_INPUT_KEYS = {
    "name": "name",
    "email": "email",
    "genres": "genres",
    "maturity_filter": "maturity_filter",
    "preferred_language": "preferred_language",
}


@strawberry.type
class MeMutation:
    @strawberry.mutation(description='Add a movie ("550") or series ("tv-1399") to favourites.')
    async def add_favourite(self, info: Info, movie_id: strawberry.ID) -> AddFavouriteResult:
        result = await favourites.add_favourite(info.context, movie_id)
        (card,) = await build_cards(info, [result.entry], selected(info, "movie"))
        card.is_favorite = True
        return AddFavouriteResult(added=result.created, movie=card)

    @strawberry.mutation(description="Remove a title from favourites (NOT_FOUND if absent).")
    async def remove_favourite(self, info: Info, movie_id: strawberry.ID) -> strawberry.ID:
        return strawberry.ID(await favourites.remove_favourite(info.context, movie_id))

    @strawberry.mutation(description="Update the profile; returns it as updated.")
    async def update_profile(self, info: Info, input: ProfileInput) -> Profile:
        viewer = await info.context.require_user()
        data = {
            key: getattr(input, attr)
            for attr, key in _INPUT_KEYS.items()
            if getattr(input, attr) is not strawberry.UNSET
        }
        return _profile(await profile.update_profile(viewer.user_id, data))

    @strawberry.mutation(description="Change the password; returns a fresh access token.")
    async def change_password(
        self, info: Info, old_password: str, new_password: str
    ) -> ChangePasswordResult:
        token = await profile.change_password(info.context, old_password, new_password)
        return ChangePasswordResult(auth_token=token)

    @strawberry.mutation(description="Mark notifications read (only the caller's are touched).")
    async def mark_notifications_read(self, info: Info, ids: list[strawberry.ID]) -> MarkReadResult:
        viewer = await info.context.require_user()
        parsed = notifications.parse_notification_ids(list(ids), field="ids")
        marked = await notifications.mark_read(viewer.user_id, parsed)
        return MarkReadResult(
            marked=marked, unread_count=await notifications.unread_count(viewer.user_id)
        )

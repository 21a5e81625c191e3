"""The personal operations (favourites, recommendations, profile, history, notifications; the
GraphQL ``me`` fields and mutations): the signed-in caller comes from the request context
(resolved once per request, so asking again costs nothing), the raw input is validated once,
then the library answers."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from catalog.entries import EntryPage
from catalog.pagination import parse_window
from library import cards as viewer_cards
from library import favourites, history, notifications, profile, recommendations
from library.favourites import AddResult
from library.history import HistoryPage
from library.notifications import NotificationPage

if TYPE_CHECKING:
    from core.context import RequestContext


async def _user_id(ctx: RequestContext) -> uuid.UUID:
    viewer = await ctx.require_user()
    assert viewer.user_id is not None
    return viewer.user_id


# --- favourites and recommendations ---------------------------------------------------------
async def favourites_page(
    ctx: RequestContext, page: object = None, limit: object = None
) -> EntryPage:
    """The caller's favourites, newest first."""
    return await favourites.favourites_page(ctx, parse_window(page, limit))


async def add_favourite(ctx: RequestContext, movie_id: object) -> AddResult:
    """Add a title (``created`` false when it already was a favourite)."""
    return await favourites.add_favourite(ctx, movie_id)


async def remove_favourite(ctx: RequestContext, movie_id: object) -> str:
    """Remove a title; its id as stored. NOT_FOUND when it is not a favourite."""
    return await favourites.remove_favourite(ctx, movie_id)


async def recommendations_page(
    ctx: RequestContext, page: object = None, limit: object = None
) -> EntryPage:
    """The caller's ranked recommendations."""
    return await recommendations.recommendations_page(ctx, parse_window(page, limit))


# --- profile ----------------------------------------------------------------------------------
async def get_profile(ctx: RequestContext) -> dict[str, Any]:
    """The caller's profile (the contract's user object)."""
    return await profile.get_profile(await _user_id(ctx))


async def update_profile(ctx: RequestContext, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Apply the given keys (every problem reported at once); the updated profile."""
    return await profile.update_profile(await _user_id(ctx), changes)


async def change_password(ctx: RequestContext, old_password: object, new_password: object) -> str:
    """Check the current password, store the new one; a new access token for this session."""
    return await profile.change_password(ctx, old_password, new_password)


# --- history ----------------------------------------------------------------------------------
async def history_page(
    ctx: RequestContext, page: object = None, limit: object = None
) -> HistoryPage:
    """The caller's viewed titles, newest view first."""
    return await history.viewer_history(ctx, parse_window(page, limit))


async def history_cards(
    ctx: RequestContext,
    page: HistoryPage,
    *,
    with_details: bool = True,
    with_genres: bool = True,
    with_favourites: bool = True,
) -> list[dict[str, Any]]:
    """The page's cards, each with ``viewed_at`` (ISO 8601 with milliseconds), in order. The
    switches are library.cards.card_dicts' (GraphQL turns off what its query does not select)."""
    cards = await viewer_cards.card_dicts(
        ctx,
        [entry for entry, _ in page.items],
        with_details=with_details,
        with_genres=with_genres,
        with_favourites=with_favourites,
    )
    # Every entry has details (library.titles), so there is one card per item, in order.
    return [
        {**card, "viewed_at": notifications.iso_ms(at)}
        for card, (_, at) in zip(cards, page.items, strict=True)
    ]


# --- notifications ----------------------------------------------------------------------------
async def notification_page(
    ctx: RequestContext, page: object = None, limit: object = None, unread_only: object = None
) -> NotificationPage:
    """The caller's notifications, newest first, with the unread count."""
    window = parse_window(page, limit)
    only_unread = notifications.parse_unread_only(unread_only)
    return await notifications.notification_page(
        await _user_id(ctx), window, unread_only=only_unread
    )


async def unread_count(ctx: RequestContext) -> int:
    return await notifications.unread_count(await _user_id(ctx))


@dataclass(frozen=True, slots=True)
class MarkedRead:
    marked: int  # how many of the ids were the caller's
    unread_count: int


async def mark_notifications_read(
    ctx: RequestContext, ids: object, *, field: str = "notification_id"
) -> MarkedRead:
    """Mark the caller's notifications among ``ids`` (one id or a list) read; others' and
    unknown ids are ignored alike. ``field``: the input's name in error details."""
    user_id = await _user_id(ctx)
    parsed = notifications.parse_notification_ids(ids, field=field)
    marked = await notifications.mark_read(user_id, parsed)
    return MarkedRead(marked, await notifications.unread_count(user_id))

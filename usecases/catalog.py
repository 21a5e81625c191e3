"""The catalogue's operations (GET /movies/...; GraphQL popular, comingSoon, trending, search,
title, genres): validate the raw input once, then read the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalog import genres as catalog_genres
from catalog import lists, titles
from catalog import search as catalog_search
from catalog.entries import Entry, EntryPage
from catalog.ids import parse_id
from catalog.pagination import parse_window
from library import cards as viewer_cards
from library import history

if TYPE_CHECKING:
    from core.context import RequestContext


async def popular(ctx: RequestContext, page: object = None, limit: object = None) -> EntryPage:
    """TMDb's popular movies, in the caller's language and maturity setting."""
    return await lists.popular(ctx, parse_window(page, limit))


async def coming_soon(ctx: RequestContext, page: object = None, limit: object = None) -> EntryPage:
    """Movies released today or later, most popular first."""
    return await lists.coming_soon(ctx, parse_window(page, limit))


async def trending(
    ctx: RequestContext, window: object = None, page: object = None, limit: object = None
) -> EntryPage:
    """Trending titles of the day or week (the window is checked before the page)."""
    time_window = lists.parse_trending_window(window)
    return await lists.trending(ctx, parse_window(page, limit), time_window)


async def search(
    ctx: RequestContext, q: object, page: object = None, limit: object = None
) -> EntryPage:
    """Titles, people's titles and genres matching ``q`` (checked before the page)."""
    text = catalog_search.parse_query(q)
    return await catalog_search.search(ctx, text, parse_window(page, limit))


async def genres(ctx: RequestContext) -> list[dict[str, str]]:
    """Every genre of the genres table. No token needed, but a token that is sent must be
    valid: a bad one is an error, not "anonymous" (docs/catalogue.md)."""
    await ctx.viewer()
    return await catalog_genres.genres(ctx)


@dataclass(frozen=True, slots=True)
class OpenedTitle:
    entry: Entry
    is_favorite: bool | None  # None: not asked for
    with_episodes: bool  # a series, loaded with its seasons' episodes


async def open_title(
    ctx: RequestContext,
    title_id: object,
    *,
    with_episodes: bool = True,
    with_favourite: bool = True,
) -> OpenedTitle:
    """One movie or series (NOT_FOUND for a malformed or unknown id), recorded in the signed-in
    caller's history. ``with_episodes``: a series' seasons come with their episodes (one more
    TMDb round); ``with_favourite``: say whether it is one of the caller's favourites."""
    parsed = parse_id(title_id)
    full = parsed.is_series and with_episodes
    entry = await titles.title(ctx, parsed, full=full)
    await history.record_title_view(ctx, entry)
    favourite = await viewer_cards.is_favourite(ctx, entry.id) if with_favourite else None
    return OpenedTitle(entry, favourite, full)


async def title_recommendations(ctx: RequestContext, entry: Entry) -> EntryPage:
    """TMDb's recommendations of an opened title, as one page of cards to be."""
    return await titles.recommendations_page(ctx, entry)

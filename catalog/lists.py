"""TMDb's lists (popular, coming soon, trending) and windows over our own id lists, as entry
pages. Lists take a ``pagination.Window``; TMDb pages that cover it are fetched concurrently.
How the maturity filter meets pagination is described in catalog.maturity. A finished card page
is read from catalog.page_cache here and stored by library.cards once built."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from catalog import card_cache, page_cache
from catalog import maturity as mat
from catalog.entries import Entry, EntryPage, entries_for_ids, entries_from_items
from catalog.ids import Kind
from catalog.pagination import Window
from catalog.prefs import Prefs, viewer_prefs
from catalog.titles import apply_maturity, load_details
from core.context import RequestContext
from core.exceptions import ValidationFailed
from tmdb_loaders.keys import ListKey

TRENDING_WINDOWS = ("day", "week")


async def fetch_window(
    ctx: RequestContext,
    window: Window,
    key_for_page: Callable[[int], ListKey],
    default_kind: Kind | None,
) -> tuple[list[Entry], int]:
    """The entries of TMDb's ranking positions in ``window`` and TMDb's total_results.

    The covering TMDb pages are loaded concurrently; a window past TMDb's 500th page loads
    page 1 only, for the total."""
    numbers = list(window.tmdb_pages()) or [1]
    payloads = await asyncio.gather(*(ctx.loaders.list_page.load(key_for_page(n)) for n in numbers))
    total = max((p.get("total_results") or 0 for p in payloads), default=0)
    if not window.tmdb_pages():
        return [], total
    by_page = {n: p.get("results") or () for n, p in zip(numbers, payloads, strict=True)}
    return entries_from_items(window.slice_pages(by_page), default_kind), total


def list_key(path: str, page: int, language: str, **params: str) -> ListKey:
    return ListKey.of(path, page, language, **params)


async def _tmdb_list(
    ctx: RequestContext,
    window: Window,
    path: str,
    default_kind: Kind | None,
    prefs: Prefs,
    params: Mapping[str, str] | None = None,
) -> EntryPage:
    extra = dict(params or {})
    key = page_cache.page_key(
        path, extra, window.page, window.limit, prefs.language, prefs.maturity
    )
    cached, etag = await page_cache.read_page(key)
    if cached is not None:
        return EntryPage([], cached["pagination"], window, cards=cached["cards"], etag=etag)

    def key_for_page(page: int) -> ListKey:
        return list_key(path, page, prefs.language, **extra)

    entries, total = await fetch_window(ctx, window, key_for_page, default_kind)
    certified = prefs.maturity == mat.TEEN and "certification.lte" in extra
    entries = await apply_maturity(ctx, entries, prefs, certified=certified)
    return EntryPage(
        entries,
        window.tmdb_pagination(total),
        window,
        cache_key=key,
        cache_ttl=page_cache.list_ttl(),
    )


def _teen_discover(**params: str) -> dict[str, str]:
    return {**dict(mat.TEEN_MOVIE_DISCOVER), "sort_by": "popularity.desc", **params}


async def popular(ctx: RequestContext, window: Window) -> EntryPage:
    """TMDb's popular movies; for ``teen`` the same ranking from discover with the US
    certification cap, so windows stay exact."""
    prefs = await viewer_prefs(ctx)
    if prefs.maturity == mat.TEEN:
        return await _tmdb_list(ctx, window, "discover/movie", "movie", prefs, _teen_discover())
    return await _tmdb_list(ctx, window, "movie/popular", "movie", prefs)


def today_utc() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


async def coming_soon(ctx: RequestContext, window: Window) -> EntryPage:
    """Movies released today or later (decisions.md section 5), most popular first.

    Asked of discover/movie (``primary_release_date.gte=today``, by popularity) rather than
    movie/upcoming, whose date range starts before today: filtering afterwards would break the
    page windows. ``teen`` adds the certification cap."""
    prefs = await viewer_prefs(ctx)
    params = {"primary_release_date.gte": today_utc(), "sort_by": "popularity.desc"}
    if prefs.maturity == mat.TEEN:
        params = _teen_discover(**params)
    return await _tmdb_list(ctx, window, "discover/movie", "movie", prefs, params)


def parse_trending_window(value: object) -> str:
    if value is None or value == "":
        return "day"
    if value not in TRENDING_WINDOWS:
        raise ValidationFailed("window must be day or week", {"window": "must be day or week"})
    return str(value)


async def trending(ctx: RequestContext, window: Window, time_window: str = "day") -> EntryPage:
    """Trending movies and series (TMDb trending/all), people left out; filtered afterwards."""
    prefs = await viewer_prefs(ctx)
    time_window = parse_trending_window(time_window)
    return await _tmdb_list(ctx, window, f"trending/all/{time_window}", None, prefs)


async def id_list(ctx: RequestContext, window: Window, ids: Sequence[str]) -> EntryPage:
    """A window over a list of our title ids (e.g. recommendations), each with its finished
    card (card cache) or its details; titles TMDb does not have are left out."""
    prefs = await viewer_prefs(ctx)
    entries = entries_for_ids(window.slice_list(ids))
    await card_cache.read_into(entries, prefs.language)
    await load_details(ctx, [e for e in entries if e.card is None], prefs.language)
    await card_cache.store_from_details(entries, prefs.language)
    entries = [e for e in entries if e.card is not None]
    return EntryPage(entries, window.pagination(len(ids)), window)

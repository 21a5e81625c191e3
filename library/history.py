"""Viewing history: what a signed-in user opened, newest first.

``record_title_view`` is called by the title details view (REST ``/movies/{id}`` and GraphQL
``title``) after the title was found. A repeat view of the same title within
HISTORY_DEDUP_WINDOW seconds adds no row: a Redis ``SET NX`` with that TTL per user and title
decides, so a repeat costs one Redis round trip and no query. Without Redis (local mode)
Django's cache ``add`` does the same; if Redis fails, the database decides instead (one query).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import RedisError

from catalog.entries import Entry
from catalog.pagination import Window
from catalog.prefs import viewer_prefs
from core.context import RequestContext
from core.redis_async import get_redis, make_key
from core.redis_breaker import report_fallback
from library.models import UserHistory
from library.titles import load_entries

logger = logging.getLogger("cinemate.library")

# Seconds during which a repeat view of one title by one user is the same view.
HISTORY_DEDUP_WINDOW: int = getattr(settings, "HISTORY_DEDUP_WINDOW", 30 * 60)


def _seen_key(user_id: uuid.UUID | str, title_id: str) -> str:
    return f"library:viewed:{user_id}:{title_id}"


async def _first_view_in_window(user_id: uuid.UUID | str, title_id: str) -> bool:
    """True when no view of this title by this user was recorded within the window."""
    key = _seen_key(user_id, title_id)
    client = await get_redis()
    if client is None:
        return bool(cache.add(key, 1, HISTORY_DEDUP_WINDOW))
    try:
        return bool(await client.set(make_key(key), b"1", ex=HISTORY_DEDUP_WINDOW, nx=True))
    except (RedisError, OSError):
        report_fallback(
            logger, logging.WARNING, "redis unavailable for the history window; asking the database"
        )
        since = timezone.now() - dt.timedelta(seconds=HISTORY_DEDUP_WINDOW)
        return not await UserHistory.objects.filter(
            user_id=user_id, movie_id=title_id, created_at__gte=since
        ).aexists()


async def record_view(user_id: uuid.UUID | str | None, title_id: object) -> bool:
    """Record that the user viewed ``title_id`` ("550", "tv-1399" or a catalog TitleId).

    Returns True when a row was added, False for anonymous callers and repeat views within
    the window. Call it only after the title was found (a 404 is not a view)."""
    if user_id is None:
        return False
    movie_id = str(title_id)
    if not await _first_view_in_window(user_id, movie_id):
        return False
    await UserHistory.objects.acreate(user_id=user_id, movie_id=movie_id)
    return True


async def record_title_view(ctx: RequestContext, entry: Entry) -> None:
    """The caller opened ``entry``: a signed-in caller's view goes to their history. History is
    a side effect, so a failure is logged and the title is still shown."""
    viewer = await ctx.viewer()
    if not viewer.is_authenticated:
        return
    try:
        await record_view(viewer.user_id, entry.id)
    except Exception:
        logger.exception("could not record the view of %s", entry.id)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    movie_id: str
    viewed_at: dt.datetime


async def history_page(user_id: uuid.UUID | str, window: Window) -> tuple[list[HistoryRow], int]:
    """One window of the user's history, newest first, and the total number of rows."""
    rows = UserHistory.objects.filter(user_id=user_id)
    page = [
        HistoryRow(movie_id, created_at)
        async for movie_id, created_at in rows.order_by("-created_at", "-id").values_list(
            "movie_id", "created_at"
        )[window.start : window.end]
    ]
    total = await rows.acount() if page or window.page > 1 else 0
    return page, total


async def recent_titles(
    user_id: uuid.UUID | str, *, limit: int = 20
) -> list[tuple[str, dt.datetime]]:
    """The user's most recently viewed distinct titles with their latest view (one query)."""
    seen: dict[str, dt.datetime] = {}
    async for movie_id, created_at in (
        UserHistory.objects.filter(user_id=user_id)
        .order_by("-created_at")
        .values_list("movie_id", "created_at")[: limit * 5]
    ):
        if movie_id not in seen:
            seen[movie_id] = created_at
            if len(seen) >= limit:
                break
    return list(seen.items())


@dataclass(slots=True)
class HistoryPage:
    items: list[tuple[Entry, dt.datetime]]  # (title with details, when it was viewed)
    pagination: dict[str, int]


async def viewer_history(ctx: RequestContext, window: Window) -> HistoryPage:
    """The caller's history window (auth required): titles with details, newest view first.
    Like favourites, one's own history is not filtered by maturity."""
    viewer = await ctx.require_user()
    assert viewer.user_id is not None
    rows, total = await history_page(viewer.user_id, window)
    prefs = await viewer_prefs(ctx)
    entries = await load_entries(ctx, [row.movie_id for row in rows], prefs.language)
    items = [(entry, row.viewed_at) for entry, row in zip(entries, rows, strict=True) if entry]
    return HistoryPage(items, window.pagination(total))

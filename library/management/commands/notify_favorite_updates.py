"""``manage.py notify_favorite_updates``: tell users about news on the titles they favourited.

Each run: every distinct favourited title is read from TMDb once (concurrently, in chunks),
compared with what the previous run saw (library.models.TitleWatchState), and each piece
of news (a new episode, a new season, a scheduled episode, a movie's release; see
library.favourite_updates) becomes one ``favorite_update`` notification for every user who
favourites that title. Notifications are written before the new state, with a dedup key per
event, so a crash in between or a second run never repeats one. A title seen for the first time
only records its state (the baseline). Schedule it hourly (cron: ``0 * * * *``).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from typing import Any

from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from catalog.ids import TitleId, try_parse_id
from library.favourite_updates import News, Snapshot, news_since, snapshot, state_fields
from library.jobs import chunks, fetch_details
from library.models import NotificationType, TitleWatchState, UserFavourite, UserNotification
from library.notifications import create_deduplicated

logger = logging.getLogger("cinemate.library.jobs")


class Command(BaseCommand):
    help = "Create favorite_update notifications for news on favourited titles (run hourly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk-size", type=int, default=100, help="Titles read from TMDb per round."
        )
        parser.add_argument(
            "--max-age",
            type=float,
            default=900.0,
            help="Seconds a cached TMDb copy of a title may be old to count as current.",
        )
        parser.add_argument(
            "--language",
            default=settings.TMDB_DEFAULT_LANGUAGE,
            help="Language of the titles in the messages.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        stats = async_to_sync(run)(
            chunk_size=max(1, options["chunk_size"]),
            max_age=options["max_age"],
            language=options["language"],
        )
        seconds = round(time.monotonic() - started, 2)
        summary = " ".join(f"{k}={v}" for k, v in {**stats, "seconds": seconds}.items())
        logger.info("notify_favorite_updates done: %s", summary)
        self.stdout.write(f"notify_favorite_updates: {summary}")


async def _favourited_titles() -> list[TitleId]:
    ids = [
        movie_id
        async for movie_id in UserFavourite.objects.order_by()
        .values_list("movie_id", flat=True)
        .distinct()
    ]
    parsed = [try_parse_id(movie_id) for movie_id in sorted(ids)]
    return [t for t in parsed if t is not None]


def _notifications(news: list[News]) -> list[UserNotification]:
    """One notification per piece of news and follower of the title."""
    by_title: dict[str, list[News]] = defaultdict(list)
    for item in news:
        by_title[item.title_id].append(item)
    followers = UserFavourite.objects.filter(movie_id__in=list(by_title)).values_list(
        "user_id", "movie_id"
    )
    return [
        UserNotification(
            user_id=user_id,
            type=NotificationType.FAVORITE_UPDATE,
            title=item.title,
            message=item.message,
            image=item.image,
            movie_id=item.title_id,
            dedup_key=item.dedup_key,
        )
        for user_id, movie_id in followers.iterator(chunk_size=2000)
        for item in by_title[movie_id]
    ]


def _save(snaps: list[Snapshot], news: list[News]) -> int:
    """Notifications first, then the new states (a crash in between repeats nothing)."""
    created = create_deduplicated(_notifications(news)) if news else 0
    now = timezone.now()
    TitleWatchState.objects.bulk_create(
        [TitleWatchState(title_id=s.title_id, checked_at=now, **state_fields(s)) for s in snaps],
        update_conflicts=True,
        unique_fields=["title_id"],
        update_fields=[
            "number_of_seasons",
            "last_episode_id",
            "next_episode_id",
            "released",
            "checked_at",
        ],
    )
    return created


async def run(*, chunk_size: int, max_age: float, language: str) -> dict[str, int]:
    titles = await _favourited_titles()
    stats = {"titles": len(titles), "fetched": 0, "failed": 0, "news": 0, "notifications": 0}
    logger.info("notify_favorite_updates: %d favourited titles to check", len(titles))
    today = dt.datetime.now(dt.UTC).date()
    for chunk in chunks(titles, chunk_size):
        ids = [str(t) for t in chunk]
        states = {
            state.title_id: state
            async for state in TitleWatchState.objects.filter(title_id__in=ids)
        }
        results = await fetch_details(chunk, language, max_age=max_age)
        snaps: list[Snapshot] = []
        news: list[News] = []
        for title_id, result in zip(chunk, results, strict=True):
            if isinstance(result, BaseException):
                stats["failed"] += 1
                logger.warning("could not read %s from TMDb: %r", title_id, result)
                continue
            snap = snapshot(str(title_id), title_id.kind, result, today)
            snaps.append(snap)
            news.extend(news_since(states.get(snap.title_id), snap))
        stats["fetched"] += len(snaps)
        stats["news"] += len(news)
        stats["notifications"] += await sync_to_async(_save)(snaps, news)
        logger.info(
            "notify_favorite_updates: %d/%d titles checked, %d news so far",
            stats["fetched"] + stats["failed"],
            len(titles),
            stats["news"],
        )
    return stats

"""``manage.py notify_recommendations``: announce each user's new top recommendations.

For every active user with at least one signal (a favourite, a viewed title or a chosen genre),
the recommendations are ranked exactly as ``/movies/recommendations`` ranks them
(library.recommendations, in the user's language and maturity filter), and the titles of the user's
current top ``--top`` that were never announced to them become ``movie_recommendation``
notifications (dedup key ``rec:<title id>``). So a title is announced to a user once, a run
announces only what *entered* the top (a new favourite, new views, TMDb's lists moving), and a
second run adds nothing. Users are processed in batches, concurrently within a batch; every distinct title
and list page is read from TMDb once per run (library.jobs.FetchSource). Schedule it hourly or
daily (cron: ``30 * * * *``).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync, sync_to_async
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Exists, OuterRef, Q

from accounts.models import User, UserGenre
from catalog import maturity as mat
from catalog.ids import try_parse_id
from catalog.images import POSTER, image_url
from library.jobs import FetchSource, chunks
from library.models import NotificationType, UserFavourite, UserHistory, UserNotification
from library.notifications import create_deduplicated
from library.recommendations import Candidate, load_signals, rank

logger = logging.getLogger("cinemate.library.jobs")

DEDUP_PREFIX = "rec:"
# How far down the ranking a teen user's announcements may reach (certifications need details).
TEEN_LOOKAHEAD = 4


@dataclass(frozen=True, slots=True)
class _User:
    id: uuid.UUID
    language: str
    maturity: str


class Command(BaseCommand):
    help = "Create movie_recommendation notifications for users' new top recommendations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--top", type=int, default=3, help="Size of the top that is announced.")
        parser.add_argument("--batch-size", type=int, default=100, help="Users per batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        stats = async_to_sync(run)(
            top=max(1, options["top"]), batch_size=max(1, options["batch_size"])
        )
        seconds = round(time.monotonic() - started, 2)
        summary = " ".join(f"{k}={v}" for k, v in {**stats, "seconds": seconds}.items())
        logger.info("notify_recommendations done: %s", summary)
        self.stdout.write(f"notify_recommendations: {summary}")


async def _users() -> list[_User]:
    """Active users with at least one signal."""
    signal = (
        Q(Exists(UserFavourite.objects.filter(user_id=OuterRef("pk"))))
        | Q(Exists(UserHistory.objects.filter(user_id=OuterRef("pk"))))
        | Q(Exists(UserGenre.objects.filter(user_id=OuterRef("pk"))))
    )
    rows = (
        User.objects.filter(signal, is_active=True)
        .order_by("id")
        .values_list("id", "preferred_language", "maturity_filter")
    )
    return [_User(uid, lang or "en", mat.normalize(m)) async for uid, lang, m in rows]


async def _announced(user_ids: list[uuid.UUID]) -> dict[uuid.UUID, set[str]]:
    seen: dict[uuid.UUID, set[str]] = defaultdict(set)
    rows = UserNotification.objects.filter(
        user_id__in=user_ids, dedup_key__startswith=DEDUP_PREFIX
    ).values_list("user_id", "dedup_key")
    async for user_id, key in rows:
        if key is not None:
            seen[user_id].add(key)
    return seen


async def _top(
    user: _User, ranked: list[Candidate], top: int, source: FetchSource
) -> list[Candidate]:
    """The user's current top ``top`` (``teen``: of the titles certified for them)."""
    if user.maturity != mat.TEEN:
        return ranked[:top]
    pool = ranked[: top * TEEN_LOOKAHEAD]
    ids = [try_parse_id(c.title_id) for c in pool]
    details = await source.details([t for t in ids if t is not None], user.language)
    allowed = [
        c
        for c, d in zip(pool, details, strict=True)
        if not isinstance(d, BaseException) and mat.allows_details(user.maturity, d, c.kind)
    ]
    return allowed[:top]


def _notification(user: _User, candidate: Candidate) -> UserNotification:
    because = f"Because you liked '{candidate.because}', w" if candidate.because else "W"
    return UserNotification(
        user_id=user.id,
        type=NotificationType.MOVIE_RECOMMENDATION,
        title="Recommended for You",
        message=f"{because}e think you'll enjoy '{candidate.name}'",
        image=image_url(candidate.item.get("poster_path"), POSTER),
        movie_id=candidate.title_id,
        dedup_key=f"{DEDUP_PREFIX}{candidate.title_id}",
    )


async def _for_user(
    user: _User, announced: set[str], top: int, source: FetchSource
) -> list[UserNotification]:
    signals = await load_signals(user.id)
    ranked = (await rank(signals, source, user.language, user.maturity)).candidates
    best = await _top(user, ranked, top, source)
    return [_notification(user, c) for c in best if f"{DEDUP_PREFIX}{c.title_id}" not in announced]


async def run(*, top: int, batch_size: int) -> dict[str, int]:
    users = await _users()
    stats = {"users": len(users), "notifications": 0, "tmdb_reads": 0}
    logger.info("notify_recommendations: %d users with signals", len(users))
    source = FetchSource()
    done = 0
    for batch in chunks(users, batch_size):
        announced = await _announced([u.id for u in batch])
        per_user = await asyncio.gather(
            *(_for_user(u, announced.get(u.id, set()), top, source) for u in batch)
        )
        new = [n for notifications in per_user for n in notifications]
        stats["notifications"] += await sync_to_async(create_deduplicated)(new)
        done += len(batch)
        logger.info(
            "notify_recommendations: %d/%d users, %d notifications so far",
            done,
            len(users),
            stats["notifications"],
        )
    stats["tmdb_reads"] = source.reads
    return stats

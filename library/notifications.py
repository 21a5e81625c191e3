"""A user's notifications: reading them, marking them read, and creating them.

Every read and write is scoped by the caller's user id in the query itself, so an id that
belongs to someone else is neither shown nor touched, and is indistinguishable from an id that
does not exist (marking returns how many of the caller's notifications were marked).

Generated notifications (management commands) carry a ``dedup_key``; they are written with
``bulk_create(ignore_conflicts=True)``, i.e. ``INSERT ... ON CONFLICT DO NOTHING`` against the
partial unique index (user, dedup_key): a second run of a job, or two at once, adds nothing.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from accounts.models import User
from catalog.pagination import Window
from core.exceptions import ValidationFailed
from library.models import NotificationType, UserNotification
from library.notification_items import FIELDS as _FIELDS
from library.notification_items import as_item, iso_ms
from library.notification_push import push_after_commit

__all__ = ["as_item", "iso_ms"]  # re-exported: the edges format history times with it

logger = logging.getLogger("cinemate.library.jobs")
MAX_MARK_IDS = 100
BULK_BATCH = 1000


# --- reading --------------------------------------------------------------------------------


def parse_unread_only(value: object) -> bool:
    """``unread_only``: true/false (also 1/0, yes/no); missing is false; else 400."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise ValidationFailed(
        "unread_only must be true or false", {"unread_only": ["Must be true or false."]}
    )


@dataclass(frozen=True, slots=True)
class NotificationPage:
    items: list[dict[str, Any]]
    unread_count: int
    pagination: dict[str, int]


async def counts(user_id: uuid.UUID | str) -> tuple[int, int]:
    """(all, unread) notifications of the user, in one query."""
    totals = await UserNotification.objects.filter(user_id=user_id).aaggregate(
        total=Count("id"), unread=Count("id", filter=Q(read=False))
    )
    return totals["total"], totals["unread"]


async def unread_count(user_id: uuid.UUID | str) -> int:
    return await UserNotification.objects.filter(user_id=user_id, read=False).acount()


async def notification_page(
    user_id: uuid.UUID | str, window: Window, *, unread_only: bool = False
) -> NotificationPage:
    """One window of the user's notifications, newest first (two queries: rows, counts)."""
    rows = UserNotification.objects.filter(user_id=user_id)
    if unread_only:
        rows = rows.filter(read=False)
    items = [
        as_item(row)
        async for row in rows.order_by("-created_at", "-id").values(*_FIELDS)[
            window.start : window.end
        ]
    ]
    total, unread = await counts(user_id)
    return NotificationPage(items, unread, window.pagination(unread if unread_only else total))


# --- marking read -----------------------------------------------------------------------------


def parse_notification_ids(value: object, field: str = "notification_id") -> list[uuid.UUID]:
    """One uuid or a non-empty list of them (at most MAX_MARK_IDS); anything else is 400 with
    the offending values in ``details``."""
    values: Sequence[object]
    if isinstance(value, str):
        values = [value]
    elif isinstance(value, list):
        values = value
    else:
        raise ValidationFailed(
            f"{field} must be a notification id or a list of them",
            {field: ["Must be a notification id or a list of notification ids."]},
        )
    if not values:
        raise ValidationFailed(f"{field} must not be empty", {field: ["Give at least one id."]})
    if len(values) > MAX_MARK_IDS:
        raise ValidationFailed(
            f"At most {MAX_MARK_IDS} ids at once", {field: [f"At most {MAX_MARK_IDS} ids."]}
        )
    ids: list[uuid.UUID] = []
    invalid: list[str] = []
    for item in values:
        try:
            if not isinstance(item, str):
                raise ValueError
            ids.append(uuid.UUID(item.strip()))
        except ValueError:
            invalid.append(str(item)[:64])
    if invalid:
        raise ValidationFailed(
            "Some notification ids are not valid ids",
            {field: [f"Not a valid id: {bad}." for bad in invalid], "invalid_ids": invalid},
        )
    return list(dict.fromkeys(ids))


async def mark_read(user_id: uuid.UUID | str, ids: Iterable[uuid.UUID]) -> int:
    """Mark the caller's notifications among ``ids`` read; returns how many of the ids are the
    caller's (others' and unknown ids are ignored alike, one UPDATE)."""
    return await UserNotification.objects.filter(user_id=user_id, id__in=list(ids)).aupdate(
        read=True
    )


# --- creating ---------------------------------------------------------------------------------


def movie_added(
    user_id: uuid.UUID | str, title_id: str, name: str, poster: str | None, *, is_series: bool
) -> UserNotification:
    """The ``movie_added`` notification for a new favourite (unsaved)."""
    what = "series" if is_series else "movie"
    return UserNotification(
        user_id=user_id,
        type=NotificationType.MOVIE_ADDED,
        title="New Movie Added",
        message=f"A new {what} '{name}' has been added to your favorites",
        image=poster,
        movie_id=title_id,
    )


def create_deduplicated(notifications: Sequence[UserNotification]) -> int:
    """Insert generated notifications, skipping any whose (user, dedup_key) exists; sync.

    Returns how many were inserted (PostgreSQL's ON CONFLICT DO NOTHING hides which ones, so
    the count is taken before and after within the affected users)."""
    if not notifications:
        return 0
    users = {n.user_id for n in notifications}
    keys = {n.dedup_key for n in notifications}
    scope = UserNotification.objects.filter(user_id__in=users, dedup_key__in=keys)
    before = scope.count()
    UserNotification.objects.bulk_create(
        notifications, batch_size=BULK_BATCH, ignore_conflicts=True
    )
    # Ids are made in Python (uuid4): those of skipped duplicates match no row, so only the
    # inserted ones are pushed.
    push_after_commit([n.id for n in notifications])
    return scope.count() - before


SYSTEM_BATCH = 1000
TITLE_MAX = 200


def send_system_update(
    title: str,
    message: str,
    *,
    image: str | None = None,
    key: str | None = None,
    emails: Sequence[str] = (),
) -> tuple[int, int, str]:
    """A staff notice to every active user (or to ``emails``): (users, created, dedup key).

    The dedup key is ``system:<key>`` (default: a hash of title and message), so sending the same
    announcement twice, or resuming an interrupted one, reaches nobody twice. Used by
    ``manage.py send_system_update`` and the admin's "Send a system update" page.
    """
    title, message = title.strip(), message.strip()
    if not title or not message:
        raise ValueError("the title and the message must not be empty")
    if len(title) > TITLE_MAX:
        raise ValueError(f"the title is at most {TITLE_MAX} characters")
    key = key or hashlib.sha256(f"{title}\n{message}".encode()).hexdigest()[:24]
    dedup_key = f"system:{key}"[:200]
    users = User.objects.filter(is_active=True).order_by("id")
    if emails:
        users = users.filter(email__in=[email.strip().lower() for email in emails])
    ids = list(users.values_list("id", flat=True))
    created = 0
    for start in range(0, len(ids), SYSTEM_BATCH):
        created += create_deduplicated(
            [
                UserNotification(
                    user_id=user_id,
                    type=NotificationType.SYSTEM_UPDATE,
                    title=title,
                    message=message,
                    image=image or None,
                    dedup_key=dedup_key,
                )
                for user_id in ids[start : start + SYSTEM_BATCH]
            ]
        )
        logger.info(
            "system update: %d/%d users done", min(start + SYSTEM_BATCH, len(ids)), len(ids)
        )
    logger.info(
        "system update sent: users=%d notifications=%d key=%s", len(ids), created, dedup_key
    )
    return len(ids), created, dedup_key

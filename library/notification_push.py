"""Live delivery of new notifications to open ``notifications`` subscriptions.

Every place that stores notifications (a favourite add, ``notify_favorite_updates``,
``notify_recommendations``, ``send_system_update``, the admin) goes through
``library.notifications`` or ``library.favourites``, which call ``push_after_commit`` with the
ids they inserted (``push_one_after_commit`` with the one row they saved). After the commit, two queries read those rows and their users' unread counts
(one grouped query, whatever the batch size), and each notification is published to its user's
group (core.push). A rolled-back write publishes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db.models import Count

from core import push
from library.models import UserNotification
from library.notification_items import FIELDS as _FIELDS
from library.notification_items import as_item


def notification_messages(ids: Sequence[uuid.UUID]) -> list[push.Message]:
    """One NOTIFICATION_EVENT per stored notification among ``ids`` (sync; two queries)."""
    rows = list(
        UserNotification.objects.filter(id__in=list(ids))
        .order_by("created_at", "id")
        .values(*_FIELDS, "user_id")
    )
    if not rows:
        return []
    unread = dict(
        UserNotification.objects.filter(user_id__in={row["user_id"] for row in rows}, read=False)
        .values("user_id")
        .annotate(count=Count("id"))
        .values_list("user_id", "count")
    )
    return [
        (
            push.user_group(row["user_id"]),
            {
                "type": push.NOTIFICATION_EVENT,
                "notification": as_item(row),
                "unread_count": unread.get(row["user_id"], 0),
            },
        )
        for row in rows
    ]


def push_one_after_commit(notification: UserNotification) -> None:
    """Publish one saved notification after the commit; its row is in hand, so this costs one
    query (the unread count), not two."""
    item = as_item({name: getattr(notification, name) for name in _FIELDS})
    user_id = notification.user_id

    def build() -> list[push.Message]:
        count = UserNotification.objects.filter(user_id=user_id, read=False).count()
        message = {"type": push.NOTIFICATION_EVENT, "notification": item, "unread_count": count}
        return [(push.user_group(user_id), message)]

    push.publish_on_commit(build)


def push_after_commit(ids: Sequence[uuid.UUID]) -> None:
    """Publish these notifications to their users' sockets once the transaction commits."""
    ids = list(ids)
    if ids:
        push.publish_on_commit(lambda: notification_messages(ids))

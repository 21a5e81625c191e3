"""Pushing events to open websockets, from any process, through the channel layer.

The layer is channels-redis' pub/sub layer when ``REDIS_URL`` is set (``settings.CHANNEL_LAYERS``):
a publish from a web worker, a management command or the admin reaches the worker that holds the
subscriber's socket. Without Redis (local mode) it is Channels' in-memory layer: only events
published by the serving process itself arrive.

Two kinds of groups:
- ``notif.<user>``: every socket of a user with a ``notifications`` subscription open;
- ``session.<session>``: every socket authenticated by that login session, closed when it ends.

Publishing is best effort by design: the notification is already stored (callers publish after
commit), so a slow or absent Redis costs at most ``PUSH_PUBLISH_TIMEOUT`` and a log line, never
the write; clients re-read ``/profile/notifications`` on (re)connect.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import transaction

logger = logging.getLogger("cinemate.push")

NOTIFICATION_EVENT = "notification.event"  # consumed by schema.subscriptions
SESSION_ENDED = "session.ended"  # consumed by schema.websocket

Message = tuple[str, dict[str, Any]]  # (group, message)


def user_group(user_id: uuid.UUID | str) -> str:
    return f"notif.{uuid.UUID(str(user_id)).hex}"


def session_group(session_id: uuid.UUID | str) -> str:
    return f"session.{uuid.UUID(str(session_id)).hex}"


def _layer() -> Any:
    from channels.layers import get_channel_layer

    return get_channel_layer()


async def publish(messages: Sequence[Message]) -> int:
    """Send each message to its group; returns how many were sent (0 when the layer failed)."""
    if not messages:
        return 0
    layer = _layer()
    if layer is None:
        return 0
    sent = 0
    try:
        async with asyncio.timeout(settings.PUSH_PUBLISH_TIMEOUT):
            for group, message in messages:
                await layer.group_send(group, message)
                sent += 1
    except Exception:  # noqa: BLE001  (Redis down or slow: stored data stays the truth)
        logger.warning("push: %d of %d events not published", len(messages) - sent, len(messages))
    return sent


def publish_sync(messages: Sequence[Message]) -> int:
    """``publish`` from sync code (a thread of an async request, a management command)."""
    if not messages:
        return 0
    return async_to_sync(publish)(messages)


def publish_on_commit(build: Callable[[], Sequence[Message]]) -> None:
    """Publish what ``build()`` returns once the current transaction commits (at once in
    autocommit), from sync code. ``build`` runs after the commit, so it may read what was
    written; nothing is published for a rolled-back transaction."""
    transaction.on_commit(lambda: publish_sync(build()))


def session_ended_messages(session_ids: Sequence[uuid.UUID | str]) -> list[Message]:
    return [(session_group(sid), {"type": SESSION_ENDED}) for sid in session_ids]

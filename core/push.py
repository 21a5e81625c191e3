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


def _pubsub_frames(layer: Any, messages: Sequence[Message]) -> list[tuple[str, bytes]] | None:
    """(Redis channel, payload) per message when ``layer`` is channels-redis' pub/sub layer
    (its group naming and serializer), else None.

    Publishing those frames ourselves lets a batch go out in ONE pipelined round trip: the
    layer's ``group_send`` awaits one PUBLISH at a time behind a lock, which for a system update
    to 1,000 users is 1,000 sequential round trips."""
    from channels_redis.pubsub import RedisPubSubChannelLayer

    if not isinstance(layer, RedisPubSubChannelLayer):
        return None
    prefix = layer._kwargs.get("prefix", "asgi")
    return [(f"{prefix}__group__{group}", layer.serialize(message)) for group, message in messages]


async def publish(messages: Sequence[Message]) -> int:
    """Send each message to its group; returns how many were sent (0 when the layer failed)."""
    if not messages:
        return 0
    layer = _layer()
    if layer is None:
        return 0
    try:
        async with asyncio.timeout(settings.PUSH_PUBLISH_TIMEOUT):
            frames = _pubsub_frames(layer, messages)
            if frames is not None:
                from core.redis_async import get_redis

                client = await get_redis()
                if client is not None:
                    async with client.pipeline(transaction=False) as pipe:
                        for channel, payload in frames:
                            pipe.publish(channel, payload)
                        await pipe.execute()
                    return len(frames)
            for group, message in messages:
                await layer.group_send(group, message)
    except Exception:  # noqa: BLE001  (Redis down or slow: stored data stays the truth)
        logger.warning("push: %d events not published", len(messages))
        return 0
    return len(messages)


def publish_sync(messages: Sequence[Message]) -> int:
    """``publish`` from sync code (a thread of an async request, a management command): one
    pipelined round trip on the cache's Redis connection pool, no event loop needed."""
    if not messages:
        return 0
    layer = _layer()
    frames = _pubsub_frames(layer, messages) if layer is not None else None
    if frames is None:
        return async_to_sync(publish)(messages)  # the in-memory layer (local mode)
    try:
        from django_redis import get_redis_connection

        pipe = get_redis_connection("default").pipeline(transaction=False)
        for channel, payload in frames:
            pipe.publish(channel, payload)
        pipe.execute()
    except Exception:  # noqa: BLE001
        logger.warning("push: %d events not published", len(messages))
        return 0
    return len(frames)


def publish_on_commit(build: Callable[[], Sequence[Message]]) -> None:
    """Publish what ``build()`` returns once the current transaction commits (at once in
    autocommit), from sync code. ``build`` runs after the commit, so it may read what was
    written; nothing is published for a rolled-back transaction."""
    transaction.on_commit(lambda: publish_sync(build()))


def session_ended_messages(session_ids: Sequence[uuid.UUID | str]) -> list[Message]:
    return [(session_group(sid), {"type": SESSION_ENDED}) for sid in session_ids]

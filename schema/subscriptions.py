"""The ``Subscription`` root: live notifications over graphql-transport-ws (docs/realtime.md).

``notifications`` first yields the current unread count (``notification: null``), so a badge is
right from the start, then one event per new notification of the signed-in user, each with the
unread count after it. Events come through the channel layer (core.push) from whichever process
stored the notification (library.notification_push). The socket was authenticated at
``connection_init`` (schema.websocket), so the viewer is known before any subscription starts.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import strawberry
from strawberry.types import Info

from core import push
from core.exceptions import Unauthorized
from library import notifications
from schema.me import Notification


@strawberry.type(
    description="A new notification (or none, in the first event) and the unread count."
)
class NotificationEvent:
    notification: Notification | None = strawberry.field(
        description="The new notification; null in the first event of a subscription."
    )
    unread_count: int = strawberry.field(description="Unread notifications after this event.")


def _event(message: dict[str, Any]) -> NotificationEvent:
    item = message.get("notification")
    return NotificationEvent(
        notification=Notification(**item) if item else None,
        unread_count=int(message.get("unread_count", 0)),
    )


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="The signed-in user's new notifications, live (websocket only)."
    )
    async def notifications(self, info: Info) -> AsyncGenerator[NotificationEvent, None]:
        socket = getattr(info.context, "socket", None)
        viewer = getattr(socket, "viewer", None)
        if socket is None or viewer is None or viewer.user_id is None:
            raise Unauthorized("Subscriptions need a signed-in websocket (see connection_init)")
        group = push.user_group(viewer.user_id)
        async with socket.listen_to_channel(push.NOTIFICATION_EVENT, groups=[group]) as events:
            # Joined first, counted second: nothing created in between is missed.
            count = await notifications.unread_count(viewer.user_id)
            yield NotificationEvent(notification=None, unread_count=count)
            async for message in events:
                yield _event(message)

"""Fixtures of the live side: signed-in members (tests.library's) and a graphql-transport-ws
client speaking to the production ASGI application in process, over the real Redis channel
layer and the real database."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from django.db import connections

from backend.asgi import application
from core.ratelimit import memory_limiter
from tests.library.conftest import Member, make_member, member  # noqa: F401

PROTOCOL = "graphql-transport-ws"
SUBSCRIPTION = (
    "subscription { notifications { unreadCount"
    " notification { id type title message movieId read createdAt image } } }"
)


class GqlSocket:
    """A graphql-transport-ws client driving the ASGI app in process (asgiref's communicator;
    channels.testing needs daphne)."""

    def __init__(self, client: str = "127.0.0.1") -> None:
        self.scope = {
            "type": "websocket",
            "path": "/graphql",
            "query_string": b"",
            "headers": [(b"host", b"testserver")],
            "subprotocols": [PROTOCOL],
            "client": (client, 50000),
        }
        self.ws = ApplicationCommunicator(application, self.scope)

    async def open(self) -> bool:
        await self.ws.send_input({"type": "websocket.connect"})
        answer = await self.ws.receive_output(5)
        return answer["type"] == "websocket.accept"

    async def init(self, payload: dict[str, Any] | None) -> dict[str, Any]:
        await self.send({"type": "connection_init", "payload": payload or {}})
        return await self.ws.receive_output(5)

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send_input({"type": "websocket.receive", "text": json.dumps(message)})

    async def subscribe(self, op_id: str = "1", query: str = SUBSCRIPTION) -> None:
        await self.send({"id": op_id, "type": "subscribe", "payload": {"query": query}})

    async def next(self, timeout: float = 1.0) -> dict[str, Any]:
        answer = await self.ws.receive_output(timeout)
        assert answer["type"] == "websocket.send", answer
        return json.loads(answer["text"])

    async def receive_output(self, timeout: float = 1.0) -> dict[str, Any]:
        return await self.ws.receive_output(timeout)

    async def receive_nothing(self, timeout: float = 0.3) -> bool:
        return await self.ws.receive_nothing(timeout)

    async def close(self) -> None:
        await self.ws.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.ws.wait(5)


@pytest.fixture
async def sockets() -> AsyncIterator[Callable[..., GqlSocket]]:
    opened: list[GqlSocket] = []

    def make(**kwargs: Any) -> GqlSocket:
        socket = GqlSocket(**kwargs)
        opened.append(socket)
        return socket

    yield make
    for socket in opened:
        with contextlib.suppress(Exception):  # some were closed by the server already
            await asyncio.wait_for(socket.close(), 5)
    await application.close_database_connections()
    await sync_to_async(connections.close_all)()


@pytest.fixture(autouse=True)
def fresh_memory_limiter() -> None:
    memory_limiter.reset()


async def signed_in(sockets: Callable[..., GqlSocket], who: Member) -> GqlSocket:
    """An acknowledged socket of ``who`` with the notifications subscription started (its
    first event, the unread count, consumed)."""
    socket = sockets()
    assert await socket.open()
    ack = await socket.init({"authorization": f"Bearer {who.token}"})
    assert json.loads(ack["text"]) == {"type": "connection_ack"}, ack
    await socket.subscribe()
    first = await socket.next(timeout=5)
    assert first["payload"]["data"]["notifications"]["notification"] is None
    return socket

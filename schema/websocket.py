"""GraphQL over websockets (graphql-transport-ws) at ``/graphql``: Strawberry's Channels consumer
with our authentication, limits and session tracking (docs/realtime.md).

- The handshake is one ``general`` rate-limit hit for the client IP; over the limit, the
  handshake is refused (HTTP 403) before anything is allocated.
- ``connection_init`` must carry an access token (``{"authorization": "Bearer <token>"}``, or
  ``{"token": "<token>"}``); it is checked like a request's (signature, expiry, session active)
  and is one ``general`` hit for the user. Missing, invalid, expired or revoked: the socket is
  closed with 4403 (graphql-ws retries, asking ``connectionParams`` again, i.e. a fresh token).
- The socket joins its session's group: logout, a password change or reset (every path that
  calls ``accounts.sessions.mark_sessions_ended``) closes it with 4401, in whatever worker.
- Only subscriptions are served here; queries and mutations go over HTTP.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from types import SimpleNamespace
from typing import Any

import orjson
from django.conf import settings
from strawberry.channels import GraphQLWSConsumer
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from core import push
from core.client_ip import client_ip
from core.context import Viewer
from core.exceptions import ApiError
from schema.socket_context import SocketContext

CLOSE_SESSION_ENDED = 4401


def _token(params: dict[str, Any]) -> str | None:
    for name in ("authorization", "Authorization", "token", "accessToken"):
        value = params.get(name)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            return value[7:].strip() if value.lower().startswith("bearer ") else value
    return None


def _scope_ip(scope: dict[str, Any]) -> str:
    """The client IP by core.client_ip's rules (X-Forwarded-For only from trusted proxies)."""
    meta = {"REMOTE_ADDR": (scope.get("client") or ("", 0))[0]}  # "": core.client_ip default
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-for":
            meta["HTTP_X_FORWARDED_FOR"] = value.decode("latin1")
    return client_ip(SimpleNamespace(META=meta))  # type: ignore[arg-type]


async def _allowed(identity: str) -> bool:
    """One ``general`` rate-limit hit for ``identity``."""
    if not settings.RATE_LIMIT_ENABLED:
        return True
    from core.ratelimit import GENERAL, hit

    return (await hit(GENERAL, identity)).allowed


class CinemateWSConsumer(GraphQLWSConsumer):
    viewer: Viewer | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            schema=kwargs.pop("schema"),
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=dt.timedelta(seconds=settings.WS_CONNECTION_INIT_TIMEOUT),
            max_subscriptions_per_connection=settings.WS_MAX_SUBSCRIPTIONS,
        )

    async def connect(self) -> None:
        if not await _allowed(f"ip:{_scope_ip(self.scope)}"):
            await self.close()  # before accept: the handshake answers 403
            return
        await super().connect()

    def encode_json(self, data: object) -> str:
        return orjson.dumps(data).decode()  # as the HTTP view: ~10x the stdlib encoder

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    async def get_context(self, request: Any, response: Any) -> SocketContext:  # type: ignore[override]
        return SocketContext(socket=self)

    async def on_ws_connect(self, context: Any) -> UnsetType | dict[str, object] | None:
        from accounts.authentication import resolve_token
        from accounts.sessions import session_state

        token = _token(context.connection_params or {})
        if token is None:
            raise ConnectionRejectionError({"code": "UNAUTHORIZED"})
        try:
            viewer = await resolve_token(token)
        except ApiError as error:
            raise ConnectionRejectionError({"code": error.code}) from error
        if not await _allowed(f"user:{viewer.user_id}"):
            raise ConnectionRejectionError({"code": "RATE_LIMITED"})
        assert viewer.session_id is not None
        await self.channel_layer.group_add(push.session_group(viewer.session_id), self.channel_name)
        # Joined, then checked again: a logout between the first check and the join is seen.
        if not (await session_state(viewer.session_id)).active:
            raise ConnectionRejectionError({"code": "SESSION_TERMINATED"})
        self.viewer = viewer
        return UNSET

    async def dispatch(self, message: dict[str, Any]) -> None:
        if message.get("type") == push.SESSION_ENDED:
            await self.close(code=CLOSE_SESSION_ENDED, reason="Session ended")
            return
        await super().dispatch(message)  # type: ignore[arg-type]

    async def disconnect(self, code: int) -> None:
        if self.viewer is not None and self.viewer.session_id is not None:
            with contextlib.suppress(Exception):
                await self.channel_layer.group_discard(
                    push.session_group(self.viewer.session_id), self.channel_name
                )
        await super().disconnect(code)


def _build() -> Any:
    from schema.schema import schema

    return CinemateWSConsumer.as_asgi(schema=schema)


_consumer_app: Any = None


async def websocket_application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The ASGI app for websocket scopes (backend.asgi_handler routes them here)."""
    global _consumer_app
    if scope.get("path", "").rstrip("/") != "/graphql":
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": 1000})  # handshake refused: 403
        return
    if _consumer_app is None:
        _consumer_app = _build()
    await _consumer_app(scope, receive, send)

"""What operations over a websocket run with: their ``info.context`` (``SocketContext``) and the
rule that only subscriptions run there (``SubscriptionsOnlyOnSockets``). Separate from
schema.websocket so the schema can name them without importing the consumer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType


@dataclass
class SocketContext:
    """``info.context`` of operations over the socket (``request`` None: counted per socket)."""

    socket: Any  # schema.websocket.CinemateWSConsumer
    connection_params: dict[str, Any] = field(default_factory=dict)
    request: None = None
    response: None = None


class SubscriptionsOnlyOnSockets(SchemaExtension):
    """Queries and mutations over the socket are refused (VALIDATION_ERROR): they go over HTTP,
    where the request guards, caching and the per-request context apply."""

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        if (
            isinstance(context.context, SocketContext)
            and context.operation_type != OperationType.SUBSCRIPTION
        ):
            context.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        "Only subscriptions are served over the websocket; "
                        "send queries and mutations over HTTP",
                        extensions={"code": "VALIDATION_ERROR"},
                    )
                ],
            )
        yield

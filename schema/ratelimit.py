"""GraphQL rate limiting: the same Redis buckets as REST (core.ratelimit), chosen by root fields.

One count per HTTP request, not per field: the operation's root fields pick the bucket --
an auth mutation (signup, login, ...) -> ``auth`` per IP; ``search`` -> ``search`` per user;
anything else -> ``general`` per user (anonymous callers per IP). When a document mixes them, the
strictest bucket counts it. The count happens once the document is parsed (so invalid documents
count too); an over-limit operation is not executed and answers an error with
``extensions.code = RATE_LIMITED`` (and ``details.retry_after``) plus a ``Retry-After`` header.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    SelectionSetNode,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from accounts.guards import limit_request
from core.exceptions import RateLimited
from core.ratelimit import AUTH, GENERAL, SEARCH

AUTH_FIELDS = frozenset(
    {
        "signup",
        "login",
        "refreshToken",
        "logout",
        "forgotPassword",
        "verifyResetOtp",
        "resetPassword",
    }
)
SEARCH_FIELDS = frozenset({"search"})


def _collect(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    names: set[str],
    seen: set[str],
) -> None:
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            _collect(selection.selection_set, fragments, names, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in seen and name in fragments:
                seen.add(name)
                _collect(fragments[name].selection_set, fragments, names, seen)


def root_fields(document: DocumentNode, operation_name: str | None) -> set[str]:
    """Names of the root fields the executed operation selects (fragments followed)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return set()
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    names: set[str] = set()
    _collect(operation.selection_set, fragments, names, set())
    return names


def bucket_for(fields: set[str]) -> str:
    if fields & AUTH_FIELDS:
        return AUTH
    if fields & SEARCH_FIELDS:
        return SEARCH
    return GENERAL


def _request_of(context: Any) -> Any:
    if isinstance(context, dict):
        return context.get("request")
    return getattr(context, "request", None)


class RateLimitExtension(SchemaExtension):
    _limited: RateLimited | None = None

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        request = _request_of(context.context)
        if request is not None and context.graphql_document is not None:
            bucket = bucket_for(root_fields(context.graphql_document, context.operation_name))
            try:
                await limit_request(request, bucket)
            except RateLimited as error:
                self._limited = error
        yield

    async def on_execute(self) -> AsyncIterator[None]:
        error = self._limited
        if error is not None:
            self.execution_context.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        error.message,
                        original_error=error,
                        extensions={"code": error.code, "details": error.details},
                    )
                ],
            )
            response = getattr(self.execution_context.context, "response", None)
            if response is not None:
                for name, value in error.headers.items():
                    response[name] = value
        yield

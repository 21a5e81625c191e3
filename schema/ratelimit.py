"""GraphQL rate limiting: the same Redis buckets as REST (core.ratelimit), chosen by root fields.

- Auth mutations (signup, login, forgotPassword, ...) count in the ``auth`` bucket (per IP) once
  per executed field, aliases included, just before each runs (``AuthFieldLimit``): fifteen
  aliased ``forgotPassword`` in one document are fifteen calls, as over REST, so the sixth and
  later answer RATE_LIMITED (in ``errors``, with ``path``) and send no mail.
- The document itself counts once, weighted by its upstream cost (schema.cost:
  ``ceil(cost / 10)`` counts): ``search`` -> ``search`` per user; any other non-auth root
  field -> ``general`` per user (anonymous callers per IP); a document of auth fields only is
  not counted again. Invalid documents count once in the strictest bucket of their fields
  (auth when they name one), documents that do not even parse in ``general``: errors are not
  a way around the limits.
- An over-limit document is not executed: it answers one error with
  ``extensions.code = RATE_LIMITED`` (and ``details.retry_after``) plus a ``Retry-After`` header.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from django.conf import settings
from graphql import (
    DocumentNode,
    GraphQLError,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.utilities import get_operation_ast
from strawberry.extensions import FieldExtension, SchemaExtension
from strawberry.types import Info

from accounts.guards import limit_request, request_identity
from core.exceptions import RateLimited
from core.ratelimit import AUTH, GENERAL, SEARCH, hit, raise_if_limited
from schema.cost import cost_of, fragments_of, rate_weight, selected_fields

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


def root_fields(document: DocumentNode, operation_name: str | None) -> set[str]:
    """Names of the root fields the executed operation selects (fragments followed)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return set()
    return {f.name.value for f in selected_fields(operation.selection_set, fragments_of(document))}


def bucket_for(fields: set[str]) -> str:
    if fields & AUTH_FIELDS:
        return AUTH
    if fields & SEARCH_FIELDS:
        return SEARCH
    return GENERAL


def document_bucket(fields: set[str], valid: bool) -> str | None:
    """Where a whole document counts (auth fields of a valid one count apart), None: nowhere."""
    if not valid:
        return bucket_for(fields)
    others = fields - AUTH_FIELDS
    return bucket_for(others) if others or not fields else None


def _request_of(context: Any) -> Any:
    if isinstance(context, dict):
        return context.get("request")
    return getattr(context, "request", None)


def set_headers(context: Any, error: RateLimited) -> None:
    response = getattr(context, "response", None)
    if response is not None:
        for name, value in error.headers.items():
            response[name] = value


def as_graphql_error(error: RateLimited) -> GraphQLError:
    return GraphQLError(
        error.message,
        original_error=error,
        extensions={"code": error.code, "details": error.details},
    )


async def count_unparsable(context: Any) -> None:
    """Count a document that does not parse (syntax, too many tokens) in ``general``; raise the
    RATE_LIMITED error (headers set) in place of its syntax error once over the limit."""
    request = _request_of(context.context)
    if request is None:
        return
    try:
        await limit_request(request, GENERAL)
    except RateLimited as error:
        set_headers(context.context, error)
        raise as_graphql_error(error) from error


class AuthFieldLimit(FieldExtension):
    """One ``auth`` count per executed auth mutation field, before its resolver runs."""

    async def resolve_async(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        request = _request_of(info.context)
        if request is not None and settings.RATE_LIMIT_ENABLED:
            decision = await hit(AUTH, request_identity(request, AUTH))
            try:
                raise_if_limited(decision)
            except RateLimited as error:
                set_headers(info.context, error)
                raise
        return await next_(source, info, **kwargs)


class RateLimitExtension(SchemaExtension):
    _limited: RateLimited | None = None

    async def _count(self, bucket: str, weight: int) -> None:
        request = _request_of(self.execution_context.context)
        if request is None:
            return
        try:
            await limit_request(request, bucket, weight=weight)
        except RateLimited as error:
            self._limited = error

    async def on_validate(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context
        if context.graphql_document is not None:
            fields = root_fields(context.graphql_document, context.operation_name)
            valid = not context.pre_execution_errors
            bucket = document_bucket(fields, valid=valid)
            if bucket is not None:
                # A valid document weighs by its upstream cost (schema.cost); a refused one is 1.
                weight = rate_weight(cost_of(context), settings.GRAPHQL_MAX_COST) if valid else 1
                await self._count(bucket, weight)

    async def on_execute(self) -> AsyncIterator[None]:
        error = self._limited
        if error is not None:
            self.execution_context.result = GraphQLExecutionResult(
                data=None, errors=[as_graphql_error(error)]
            )
            set_headers(self.execution_context.context, error)
        yield

    def on_operation(self) -> Iterator[None]:
        yield
        # A document that failed to parse or validate never reached on_execute: answer the
        # limit instead of its errors once the caller is over it.
        error = self._limited
        result = self.execution_context.result
        if error is not None and result is not None:
            errors = getattr(result, "errors", None) or []
            if not any(getattr(e, "original_error", None) is error for e in errors):
                result.data = None
                result.errors = [as_graphql_error(error)]
                set_headers(self.execution_context.context, error)

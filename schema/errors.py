"""GraphQL errors in the API's vocabulary (decisions.md section 8).

- An ``ApiError`` raised by a resolver keeps its message and gets ``extensions.code`` (and
  ``extensions.details`` when it has any), exactly the code REST would put in its envelope.
- Errors in the query itself (syntax, unknown fields, bad variables, depth/alias/token limits)
  carry ``VALIDATION_ERROR``.
- Anything else is a bug or an outage we did not type: it is logged with its stack trace and the
  client sees only "An unexpected error occurred" with ``INTERNAL_ERROR`` (nothing leaks).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from core.dependencies import api_error_for
from core.exceptions import ApiError, InternalError, ServiceUnavailable

logger = logging.getLogger("cinemate.errors")

VALIDATION_ERROR = "VALIDATION_ERROR"


def original_of(error: GraphQLError) -> BaseException | None:
    """The exception a resolver raised (graphql-core may wrap it more than once); a dependency
    outage (core.dependencies) comes back as its typed API error."""
    original = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    if original is not None and not isinstance(original, ApiError | GraphQLError):
        return api_error_for(original, notify=False) or original
    return original


def is_unexpected(error: GraphQLError) -> bool:
    """True for resolver exceptions that are not typed API errors (they get masked)."""
    original = original_of(error)
    return original is not None and not isinstance(original, ApiError | GraphQLError)


def to_api_graphql_error(error: GraphQLError) -> GraphQLError:
    """``error`` with our code in ``extensions.code``; unexpected ones masked."""
    original = original_of(error)
    if isinstance(original, ServiceUnavailable) and not isinstance(error.original_error, ApiError):
        api_error_for(error.original_error or original)  # log it and tell the listeners once
    if isinstance(original, ApiError):
        extensions = {**(error.extensions or {}), "code": original.code}
        if original.details:
            extensions["details"] = original.details
        message = original.message
    elif original is not None and not isinstance(original, GraphQLError):
        masked = InternalError()
        extensions = {"code": masked.code}
        message = masked.message
    else:
        extensions = {**(error.extensions or {})}
        extensions.setdefault("code", VALIDATION_ERROR)
        message = error.message
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=original if isinstance(original, ApiError) else None,
        extensions=extensions,
    )


class ApiErrorsExtension(SchemaExtension):
    """Rewrites every error of a result into our codes (and masks the unexpected ones)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [to_api_graphql_error(error) for error in errors]  # type: ignore[union-attr]
            copy_error_headers(result.errors, self.execution_context.context)


def copy_error_headers(errors: list[GraphQLError], context: object) -> None:
    """HTTP headers the errors ask for (e.g. ``Retry-After`` of a 503) onto the response."""
    response = getattr(context, "response", None)
    if response is None:
        return
    for error in errors:
        if isinstance(error.original_error, ApiError):
            for name, value in error.original_error.headers.items():
                response[name] = value


def log_unexpected(errors: list[GraphQLError]) -> None:
    """Log what will be masked, with its stack; typed API errors are the client's business."""
    for error in errors:
        if is_unexpected(error):
            original = original_of(error)
            logger.error(
                "unhandled error in GraphQL resolver at %s",
                ".".join(str(part) for part in error.path or ()),
                exc_info=(type(original), original, original.__traceback__)
                if original is not None
                else None,
            )

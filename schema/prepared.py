"""Prepared operations: a query text this process has already run goes straight to graphql-core.

Why: every GraphQL request paid ~440 us of CPU in per-operation machinery before its first
field (served, `{ __typename }` against the bare view; bench/signed_in_bench.py): Strawberry's
execution context, ten extensions' parse/validate/execute hooks and their exit stacks, the
view's request adapter and result processing. For a query text that already parsed, validated
(under the same rule set), passed the cost limit and reached execution, all of that decides
the same thing again. So the last extension (``Remember``) records the operation when its
execution begins, and the view serves the next request with the same text and
``operationName`` through ``execute_prepared``, which keeps every per-request decision of the
full path, in the same order:

- the cost under this request's variables: over GRAPHQL_MAX_COST -> the full path refuses it;
- one count in the document's rate-limit bucket, weighted by that cost (schema.ratelimit);
  over the limit -> RATE_LIMITED with its headers, nothing executed;
- graphql-core's ``execute`` with the schema's execution context class (variables coerced
  there, as on the full path);
- errors logged (``log_unexpected``), rewritten into our codes, their headers copied;
- the operation counted in Prometheus and named on the request for the access log.

Only queries (mutations and subscriptions keep the full path), over a JSON POST or a GET, by
full text or by persisted-query hash (the view resolves the hash first, allow-list mode
included, and keeps public caching of persisted GETs). The entries are bounded (``CACHE_SIZE``)
and keyed by the introspection setting too, since it changes the rules. graphql-core runs with
no field middleware: no schema extension may implement ``resolve`` (a test checks it).
tests/graphql/test_prepared.py runs documents through both paths and compares the answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from graphql import DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, execute
from graphql.utilities import get_operation_ast
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import SchemaExtension
from strawberry.schema._graphql_core import execution_context_class_kwargs
from strawberry.types.execution import ExecutionContext
from strawberry.types.graphql import OperationType
from strawberry.utils.await_maybe import await_maybe

from accounts.guards import limit_request
from core.exceptions import RateLimited
from core.metrics import graphql_operation_label, record_graphql_operation
from schema.cost import cost_of, document_cost, rate_weight
from schema.errors import copy_error_headers, log_unexpected, to_api_graphql_error
from schema.execution import CinemateExecutionContext
from schema.metrics import outcome_of
from schema.ratelimit import as_graphql_error, document_bucket, root_fields, set_headers

CACHE_SIZE = 256
ENABLED = True  # tests switch it off to compare with the full path


@dataclass(frozen=True, slots=True)
class PreparedOperation:
    document: DocumentNode
    operation_name: str | None  # as the client sent it
    name: str | None  # the operation's own name (metrics, access log)
    label: str
    bucket: str | None  # where the document counts against the rate limit
    cost: int | None  # None: it depends on the variables


_prepared: dict[tuple[str, str | None, bool], PreparedOperation] = {}


def _key(query: str, operation_name: str | None) -> tuple[str, str | None, bool]:
    return (query, operation_name, bool(settings.GRAPHQL_INTROSPECTION))


def remember(context: ExecutionContext) -> None:
    """Record an operation that reached execution on the full path (a valid query)."""
    document, query = context.graphql_document, context.query
    if document is None or query is None or context.operation_type is not OperationType.QUERY:
        return
    operation_name = context._provided_operation_name
    operation = get_operation_ast(document, operation_name)
    has_variables = operation is None or bool(operation.variable_definitions)
    name = context.operation_name
    if len(_prepared) >= CACHE_SIZE:
        _prepared.clear()
    _prepared[_key(query, operation_name)] = PreparedOperation(
        document=document,
        operation_name=operation_name,
        name=name,
        label=graphql_operation_label(name),
        bucket=document_bucket(root_fields(document, operation_name), valid=True),
        cost=None if has_variables else cost_of(context),
    )


class Remember(SchemaExtension):
    """The last extension: an operation whose execution begins passed every check before it
    (parse, validation, cost, one operation, rate limit: none set a result)."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.result is None:
            remember(context)
        yield


def prepared_for(query: str, operation_name: str | None) -> PreparedOperation | None:
    if not ENABLED:
        return None
    return _prepared.get(_key(query, operation_name))


def cost_for(prepared: PreparedOperation, variables: dict[str, Any] | None) -> int:
    if prepared.cost is not None:
        return prepared.cost
    return document_cost(prepared.document, prepared.operation_name, variables)


async def execute_prepared(
    graphql_schema: GraphQLSchema,
    prepared: PreparedOperation,
    request: HttpRequest,
    context: Any,
    variables: dict[str, Any] | None,
    cost: int,
) -> dict[str, Any]:
    """The operation's response body, after the full path's per-request steps (module doc)."""
    result: ExecutionResult
    try:
        if prepared.bucket is not None:
            weight = rate_weight(cost, settings.GRAPHQL_MAX_COST)
            await limit_request(request, prepared.bucket, weight=weight)
        result = await await_maybe(
            execute(
                graphql_schema,
                prepared.document,
                context_value=context,
                variable_values=variables,
                operation_name=prepared.operation_name,
                is_awaitable=optimized_is_awaitable,
                **execution_context_class_kwargs(CinemateExecutionContext),
            )
        )
    except RateLimited as error:
        set_headers(context, error)
        result = ExecutionResult(data=None, errors=[as_graphql_error(error)])
    except Exception as error:  # noqa: BLE001 - as Strawberry's execute: an error, never a 500
        result = ExecutionResult(data=None, errors=[GraphQLError(str(error), original_error=error)])
    errors: list[GraphQLError] | None = result.errors
    if errors:
        log_unexpected(errors)
        errors = [to_api_graphql_error(error) for error in errors]
        copy_error_headers(errors, context)
    record_graphql_operation(prepared.name, outcome_of(errors))
    request.graphql_operation = prepared.label  # type: ignore[attr-defined]
    if errors:
        return {"data": result.data, "errors": [error.formatted for error in errors]}
    return {"data": result.data}

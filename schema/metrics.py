"""GraphQL operations in Prometheus: ``cinemate_graphql_operations_total{operation, outcome}``.

Listed first in the schema's extensions, so its ``on_operation`` wraps the others and sees the
result after ApiErrorsExtension gave every error its code. The outcome is ``ok`` or the first
error's code (a small fixed set, decisions.md section 8); the operation name is bounded by
core.metrics. The name also goes on the request for the access log line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from core.metrics import graphql_operation_label, record_graphql_operation
from schema.errors import to_api_graphql_error


def outcome_of(errors: Any) -> str:
    """``ok``, or the code of the first error (after or before ApiErrorsExtension)."""
    if not errors:
        return "ok"
    extensions = to_api_graphql_error(errors[0]).extensions or {}
    return str(extensions.get("code") or "INTERNAL_ERROR")


class OperationMetricsExtension(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        try:
            name = context.operation_name
        except Exception:  # noqa: BLE001 - an unparsable document has no operation name
            name = None
        errors = getattr(context.result, "errors", None) or context.pre_execution_errors
        record_graphql_operation(name, outcome_of(errors))
        request = getattr(context.context, "request", None)
        if request is not None:
            request.graphql_operation = graphql_operation_label(name)

"""GraphQL cost analysis: what a document may cost TMDb, worked out before anything executes.

Each field that can reach TMDb has a cost in upstream calls, counted cold and per alias (the
analysis cannot know what the cache holds, and aliases are exactly how one request asks for the
same expensive thing many times):

- ``popular`` / ``comingSoon`` / ``trending``: the TMDb pages covering the page/limit window
  (20 titles each), plus the background filler's share for the cards' facts
  (``ceil(limit / 10)``: a cold title's runtime/certification is fetched once, in the background);
- ``search``: its sources, 3 title pages + 1 people page + 2 pages for each of two genre kinds,
  plus the filler's share;
- ``title``: 1 (one call brings the details and the recommendation cards), 2 with
  ``seasons { episodes }`` (series_full may need a second call for long series);
- ``me.favourites`` / ``me.history``: ``limit`` (a details read per title, cold);
  ``me.recommendations``: 4 pages plus the filler's share.

A document over GRAPHQL_MAX_COST is refused before execution with QUERY_TOO_COMPLEX (no
upstream call, no resolver runs). The cost also counts against the caller's rate limit: a
document counts as ``ceil(cost / COST_PER_REQUEST)`` requests (at least one) in its bucket.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    SelectionSetNode,
)
from graphql.utilities import get_operation_ast, value_from_ast_untyped
from strawberry.extensions import SchemaExtension

from catalog.pagination import DEFAULT_LIMIT, DEFAULT_PAGE, MAX_LIMIT, Window

COST_PER_REQUEST = 10  # cost units that count as one request against the rate limit
SEARCH_PAGES = 3 + 1 + 2 * 2
PERSONAL_RECOMMENDATION_PAGES = 4
LIST_FIELDS = frozenset({"popular", "comingSoon", "trending"})


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def selected_fields(
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    seen: frozenset[str] = frozenset(),
) -> list[FieldNode]:
    """The fields of a selection set, fragments inlined (each fragment once per path)."""
    found: list[FieldNode] = []
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            found.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            found.extend(selected_fields(selection.selection_set, fragments, seen))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in seen and name in fragments:
                found.extend(
                    selected_fields(fragments[name].selection_set, fragments, seen | {name})
                )
    return found


def _int_arg(field: FieldNode, name: str, default: int, variables: Mapping[str, Any]) -> int:
    for argument in field.arguments or ():
        if argument.name.value == name:
            value = value_from_ast_untyped(argument.value, variables)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            return default
    return default


def _window(field: FieldNode, variables: Mapping[str, Any]) -> tuple[int, int]:
    page = max(1, _int_arg(field, "page", DEFAULT_PAGE, variables))
    limit = min(MAX_LIMIT, max(1, _int_arg(field, "limit", DEFAULT_LIMIT, variables)))
    return page, limit


def _fill_share(limit: int) -> int:
    return math.ceil(limit / 10)


def _selects(field: FieldNode, fragments: Mapping[str, FragmentDefinitionNode], *path: str) -> bool:
    nodes = [field]
    for name in path:
        nodes = [
            f
            for node in nodes
            for f in selected_fields(node.selection_set, fragments)
            if f.name.value == name
        ]
        if not nodes:
            return False
    return True


def field_cost(
    field: FieldNode, fragments: Mapping[str, FragmentDefinitionNode], variables: Mapping[str, Any]
) -> int:
    """The upstream cost of one field and everything under it."""
    name = field.name.value
    if name in LIST_FIELDS:
        page, limit = _window(field, variables)
        pages = len(Window(page, limit).tmdb_pages()) or 1
        return pages + _fill_share(limit)
    if name == "search":
        _page, limit = _window(field, variables)
        return SEARCH_PAGES + _fill_share(limit)
    if name == "title":
        return 2 if _selects(field, fragments, "seasons", "episodes") else 1
    if name in ("favourites", "history"):
        return _window(field, variables)[1]
    if name == "recommendations" and field.arguments:
        _page, limit = _window(field, variables)
        return PERSONAL_RECOMMENDATION_PAGES + _fill_share(limit)
    return _sum_merged(selected_fields(field.selection_set, fragments), fragments, variables)


def _sum_merged(
    fields: list[FieldNode],
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> int:
    """Fields with one response key (alias or name) are merged by GraphQL: counted once."""
    by_key: dict[str, int] = {}
    for field in fields:
        key = field.alias.value if field.alias else field.name.value
        by_key[key] = max(by_key.get(key, 0), field_cost(field, fragments, variables))
    return sum(by_key.values())


def document_cost(
    document: DocumentNode, operation_name: str | None, variables: Mapping[str, Any] | None
) -> int:
    """The cost of the operation that would run (0 when there is none to run)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    fragments = fragments_of(document)
    return _sum_merged(
        selected_fields(operation.selection_set, fragments), fragments, variables or {}
    )


def cost_of(context: Any) -> int:
    """The cost of a Strawberry ExecutionContext's document, worked out once per request."""
    cached = getattr(context, "_cinemate_cost", None)
    if cached is None:
        document = context.graphql_document
        cached = (
            0
            if document is None
            else document_cost(document, context.operation_name, context.variables)
        )
        context._cinemate_cost = cached
    return cached


def rate_weight(cost: int, max_cost: int) -> int:
    """How many requests a document counts as in its rate-limit bucket."""
    if cost > max_cost:
        return 1  # refused before execution: it costs TMDb nothing
    return max(1, math.ceil(cost / COST_PER_REQUEST))


QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"


def too_complex(message: str, **details: Any) -> GraphQLError:
    return GraphQLError(message, extensions={"code": QUERY_TOO_COMPLEX, "details": details})


class CostLimitExtension(SchemaExtension):
    """Refuses a valid document whose cost is over GRAPHQL_MAX_COST, before execution.

    Runs after ``Validated`` (schema.schema) has put the document's validation errors in
    ``pre_execution_errors`` and before Strawberry reads them, inside the validation step."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors == [] and context.graphql_document is not None:
            cost, limit = cost_of(context), int(settings.GRAPHQL_MAX_COST)
            if cost > limit:
                context.pre_execution_errors = [
                    too_complex(
                        f"This query may cost {cost} upstream calls; the limit is {limit}",
                        cost=cost,
                        max_cost=limit,
                    )
                ]
        yield

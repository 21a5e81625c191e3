"""A faster completion of plain data objects (cards, cast, episodes, pagination ...).

graphql-core completes every field of every object on its own: a path object, resolver
lookup, resolve call, awaitable check and value completion per field, plus half a dozen calls
per list item. For a page of 20 cards that is ~240 field completions: measured here, most of a
warm GraphQL list request.

Most of our objects are plain data: every selected field is a Strawberry *basic* field (no
resolver, no arguments: it reads an attribute) of a scalar, enum or list-of-scalars type. For
those, ``CinemateExecutionContext`` builds a small plan per selection set (cached across
requests: the parser cache hands back the same document nodes) and completes each object, or a
whole list of them, in one loop: read the attribute, serialize it with the field type's own
serializer. Anything it is not sure about (a resolver field, an object-typed field, a null in a
non-null position, a value a serializer rejects, an exception, an installed field middleware,
a directive other than @include/@skip) hands the object or list back to graphql-core, which
then produces exactly the result or error it always would: the fast path never decides an
error, it only skips work where nothing can go wrong. tests/graphql/test_execution.py runs
queries through both paths and compares.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import ExecutionResult, GraphQLNonNull, GraphQLObjectType, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.plans import (
    INT32_MAX,
    INT32_MIN,
    PLAN_CACHE_SIZE,
    FiniteFloat,
    Int32,
    Nested,
    Plan,
    build_plan,
    cached_plan,
    has_directives,
    plans_by_parent,
)

__all__ = ["CinemateExecutionContext", "build_plan", "complete_plain"]


def complete_plain(plan: Plan, source: Any) -> dict[str, Any] | None:
    """The completed object, or None when graphql-core must do it (see the module doc)."""
    out: dict[str, Any] = {}
    try:
        for response_name, getter, serialize, is_list, non_null, non_null_items, as_is in plan:
            if getter is None:
                out[response_name] = serialize  # __typename: the type name
                continue
            value = getter(source)
            if value is None:
                if non_null:
                    return None
                out[response_name] = None
            elif as_is is Nested:
                completed = _complete_nested(serialize, value, is_list, non_null_items)
                if completed is None:
                    return None
                out[response_name] = completed
            elif is_list:
                if not isinstance(value, list | tuple):
                    return None
                items = []
                for item in value:
                    if type(item) is as_is:
                        items.append(item)
                        continue
                    if item is None:
                        if non_null_items:
                            return None
                        items.append(None)
                        continue
                    serialized = serialize(item)
                    if serialized is None or serialized is Undefined:
                        return None
                    items.append(serialized)
                out[response_name] = items
            elif (
                type(value) is as_is
                or (as_is is Int32 and type(value) is int and INT32_MIN <= value <= INT32_MAX)
                or (as_is is FiniteFloat and type(value) is float and value - value == 0.0)
            ):  # (value - value is nan for inf and nan)
                out[response_name] = value
            else:
                serialized = serialize(value)
                if serialized is None or serialized is Undefined:
                    return None
                out[response_name] = serialized
    except Exception:  # noqa: BLE001 - graphql-core reports it, with its wording and location
        return None
    return out


def _complete_nested(plan: Plan, value: Any, is_list: bool, non_null_items: bool) -> Any:
    """A plain object (or list of them) by its own plan; None: graphql-core must do it."""
    if not is_list:
        return complete_plain(plan, value)
    if not isinstance(value, list | tuple):
        return None
    items: list[Any] = []
    for item in value:
        if item is None:
            if non_null_items:
                return None
            items.append(None)
            continue
        completed = complete_plain(plan, item)
        if completed is None:
            return None
        items.append(completed)
    return items


class CinemateExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context plus the plain-object fast path (module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = getattr(self, "middleware_manager", None)
        self._fast = not (manager is not None and getattr(manager, "middlewares", None))

    def build_response(self, data: dict[str, Any] | None) -> Any:
        """The result; then the context lets go of its bound-method helpers (graphql-core's
        ``async_helpers`` hold methods of this object: a reference cycle that would leave the
        whole operation, its plans and results to the cyclic collector)."""
        result = super().build_response(data)
        if isinstance(result, ExecutionResult):
            self.async_helpers = None  # type: ignore[assignment]
        return result

    def _plain_plan(self, object_type: Any, field_details_list: Any) -> Plan | None:
        if not isinstance(object_type, GraphQLObjectType) or object_type.is_type_of:
            return None
        parents = tuple(details.node for details in field_details_list)
        key = (object_type.name, tuple(map(id, parents)))
        hit = plans_by_parent.get(key)
        if hit is not None:
            return hit[1]
        grouped, new_defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages:
            return None
        plan = cached_plan(object_type, grouped, self._plain_subfields)
        if not any(has_directives(node.selection_set, self.fragments) for node in parents):
            if len(plans_by_parent) >= PLAN_CACHE_SIZE:
                plans_by_parent.clear()
            plans_by_parent[key] = (parents, plan)
        return plan

    def _plain_subfields(self, object_type: Any, field_details_list: Any) -> Any:
        """A nested object's grouped sub-fields for a plan kept across requests: only where no
        directive under them can change the selection with the variables."""
        if any(has_directives(d.node.selection_set, self.fragments) for d in field_details_list):
            return None
        grouped, new_defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        return None if new_defer_usages else grouped

    def complete_list_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if self._fast and isinstance(result, list | tuple):
            item_type = return_type.of_type
            if isinstance(item_type, GraphQLNonNull):
                item_type = item_type.of_type
            plan = self._plain_plan(item_type, field_details_list)
            if plan is not None:
                completed = _complete_items(plan, result)
                if completed is not None:
                    return completed
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def complete_object_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if self._fast:
            plan = self._plain_plan(return_type, field_details_list)
            if plan is not None:
                completed = complete_plain(plan, result)
                if completed is not None:
                    return completed
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )


def _complete_items(plan: Plan, items: Sequence[Any]) -> list[dict[str, Any]] | None:
    completed = []
    for item in items:
        if item is None:
            return None  # null items: graphql-core decides (error or null)
        value = complete_plain(plan, item)
        if value is None:
            return None
        completed.append(value)
    return completed

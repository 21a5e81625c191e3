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

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from graphql import (
    ExecutionResult,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLString,
    Undefined,
)
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

_BUILTIN_DIRECTIVES = frozenset({"include", "skip"})
_DEFINITION = "strawberry-definition"
_PLAN_CACHE_SIZE = 1024

# One selected field: (response name, getter, serialize, is_list, non_null, non_null_items,
# as_is). A getter of None marks __typename (serialize then holds the type name). ``as_is``: a
# value of exactly this type is what ``serialize`` would return anyway (String, ID and Boolean
# return their own str / bool unchanged), so the call is skipped: most card fields are strings.
Step = tuple[str, Callable[[Any], Any] | None, Any, bool, bool, bool, type | None]
_AS_IS: dict[Any, type] = {
    GraphQLString.serialize: str,
    GraphQLID.serialize: str,
    GraphQLBoolean.serialize: bool,
}
Plan = tuple[Step, ...]


class Nested:
    """``as_is`` of a step for a plain object field (or list of them): its ``serialize`` slot
    holds the object type's own plan. A list page (``MovieList``: pagination and cards) is then
    completed in one pass."""


# How a plan reaches a plain object field's sub-selection: (object type, the field's details)
# -> graphql-core's grouped sub-fields, or None when they cannot be planned once for all
# requests (see CinemateExecutionContext._plain_subfields).
Collect = Callable[[Any, Any], Mapping[str, Any] | None]

# (type name, field node ids) -> (the nodes, kept alive so ids stay unique; plan or None).
_plans: dict[tuple[str, tuple[int, ...]], tuple[tuple[Any, ...], Plan | None]] = {}
# The same, keyed by the *parent* field nodes: a hit skips graphql-core's collect_subfields
# (~10 us per object or list). Only for selections without directives, whose collected fields
# cannot change with the variables (@include/@skip/@defer).
_plans_by_parent: dict[tuple[str, tuple[int, ...]], tuple[tuple[Any, ...], Plan | None]] = {}


def _unwrap(graphql_type: Any) -> tuple[Any, bool, bool, bool] | None:
    """(leaf type, is_list, non_null, non_null_items) for scalars/enums (lists), else None."""
    non_null = isinstance(graphql_type, GraphQLNonNull)
    if non_null:
        graphql_type = graphql_type.of_type
    if isinstance(graphql_type, GraphQLScalarType | GraphQLEnumType):
        return graphql_type, False, non_null, False
    if not isinstance(graphql_type, GraphQLList):
        return None
    item = graphql_type.of_type
    non_null_items = isinstance(item, GraphQLNonNull)
    if non_null_items:
        item = item.of_type
    if isinstance(item, GraphQLScalarType | GraphQLEnumType):
        return item, True, non_null, non_null_items
    return None


def _unwrap_object(graphql_type: Any) -> tuple[Any, bool, bool, bool] | None:
    """(object type, is_list, non_null, non_null_items) for a concrete object type (or a list
    of one), else None (interfaces and unions resolve their type at run time)."""
    non_null = isinstance(graphql_type, GraphQLNonNull)
    if non_null:
        graphql_type = graphql_type.of_type
    is_list = isinstance(graphql_type, GraphQLList)
    non_null_items = False
    if is_list:
        graphql_type = graphql_type.of_type
        non_null_items = isinstance(graphql_type, GraphQLNonNull)
        if non_null_items:
            graphql_type = graphql_type.of_type
    if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.is_type_of:
        return None
    return graphql_type, is_list, non_null, non_null_items


def _getter(field: Any) -> Callable[[Any], Any] | None:
    """How to read a basic field: its attribute directly when Strawberry's default resolver is
    plain getattr, else through the field's own resolver; None if it is not a basic field."""
    resolve = field.resolve
    if resolve is None or not getattr(resolve, "_is_default", False):
        return None
    definition = (field.extensions or {}).get(_DEFINITION)
    if definition is not None and getattr(definition, "default_resolver", None) is getattr:
        return operator.attrgetter(definition.python_name)
    return lambda source: resolve(source, None)


def build_plan(
    parent_type: GraphQLObjectType, fields: Mapping[str, Any], collect: Collect | None = None
) -> Plan | None:
    """The plan of a selection on ``parent_type``, or None when some field needs graphql-core
    (a resolver, an argument, an abstract type...). With ``collect``, plain object fields get
    nested plans."""
    steps: list[Step] = []
    for response_name, details in fields.items():
        nodes = [detail.node for detail in details]
        for node in nodes:
            if any(d.name.value not in _BUILTIN_DIRECTIVES for d in node.directives or ()):
                return None
            if node.arguments:
                return None
        name = nodes[0].name.value
        if name == "__typename":
            steps.append((response_name, None, parent_type.name, False, True, False, None))
            continue
        field = parent_type.fields.get(name)
        if field is None or field.args:
            return None
        getter = _getter(field)
        if getter is None:
            return None  # a resolver (maybe async, needing Info)
        shape = _unwrap(field.type)
        if shape is None:
            nested = _nested_step(response_name, getter, field.type, details, collect)
            if nested is None:
                return None
            steps.append(nested)
            continue
        leaf, is_list, non_null, non_null_items = shape
        as_is = _AS_IS.get(leaf.serialize)
        steps.append(
            (response_name, getter, leaf.serialize, is_list, non_null, non_null_items, as_is)
        )
    return tuple(steps)


def _nested_step(
    response_name: str, getter: Any, field_type: Any, details: Any, collect: Collect | None
) -> Step | None:
    shape = _unwrap_object(field_type)
    if shape is None or collect is None:
        return None
    object_type, is_list, non_null, non_null_items = shape
    grouped = collect(object_type, details)
    plan = None if grouped is None else build_plan(object_type, grouped, collect)
    if plan is None:
        return None
    return (response_name, getter, plan, is_list, non_null, non_null_items, Nested)


def _has_directives(
    selection_set: Any, fragments: Mapping[str, Any], seen: frozenset[str] = frozenset()
) -> bool:
    """Whether any selection anywhere under ``selection_set`` (sub-fields and fragments
    followed) has a directive."""
    for selection in selection_set.selections if selection_set else ():
        if selection.directives:
            return True
        if isinstance(selection, FieldNode | InlineFragmentNode):
            if _has_directives(selection.selection_set, fragments, seen):
                return True
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)  # graphql-core's FragmentDetails
            if fragment is None or name in seen:
                continue
            if getattr(selection, "arguments", None) or fragment.variable_signatures:
                return True  # fragment arguments: the selection depends on them
            definition = fragment.definition
            if definition.directives or _has_directives(
                definition.selection_set, fragments, seen | {name}
            ):
                return True
    return False


def cached_plan(
    parent_type: GraphQLObjectType, fields: Mapping[str, Any], collect: Collect | None = None
) -> Plan | None:
    nodes = tuple(detail.node for details in fields.values() for detail in details)
    key = (parent_type.name, tuple(map(id, nodes)))
    hit = _plans.get(key)
    if hit is not None:
        return hit[1]
    plan = build_plan(parent_type, fields, collect)
    if len(_plans) >= _PLAN_CACHE_SIZE:
        _plans.clear()
    _plans[key] = (nodes, plan)
    return plan


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
            elif type(value) is as_is:
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
        hit = _plans_by_parent.get(key)
        if hit is not None:
            return hit[1]
        grouped, new_defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages:
            return None
        plan = cached_plan(object_type, grouped, self._plain_subfields)
        if not any(_has_directives(node.selection_set, self.fragments) for node in parents):
            if len(_plans_by_parent) >= _PLAN_CACHE_SIZE:
                _plans_by_parent.clear()
            _plans_by_parent[key] = (parents, plan)
        return plan

    def _plain_subfields(self, object_type: Any, field_details_list: Any) -> Any:
        """A nested object's grouped sub-fields for a plan kept across requests: only where no
        directive under them can change the selection with the variables."""
        if any(_has_directives(d.node.selection_set, self.fragments) for d in field_details_list):
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

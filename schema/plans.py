"""Plans for the plain-object fast path (schema.execution): what to read and how to serialize
each selected field of an object whose fields are all plain data, built once per selection
(document nodes) and kept across requests."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLString,
)
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode

_BUILTIN_DIRECTIVES = frozenset({"include", "skip"})
_DEFINITION = "strawberry-definition"
PLAN_CACHE_SIZE = 1024

# One selected field: (response name, getter, serialize, is_list, non_null, non_null_items,
# as_is). A getter of None marks __typename (serialize then holds the type name). ``as_is``: a
# value of exactly this type is what ``serialize`` would return anyway (String, ID and Boolean
# return their own str / bool unchanged), so the call is skipped: most card fields are strings.
# Int32 / FiniteFloat (below) do the same for single Int and Float values after their checks.
Step = tuple[str, Callable[[Any], Any] | None, Any, bool, bool, bool, type | None]
_AS_IS: dict[Any, type] = {
    GraphQLString.serialize: str,
    GraphQLID.serialize: str,
    GraphQLBoolean.serialize: bool,
}


class Int32:
    """``as_is`` of a single Int field: an ``int`` within 32 bits is its own serialization
    (what GraphQLInt.serialize checks and returns); anything else goes to the serializer."""


class FiniteFloat:
    """``as_is`` of a single Float field: a finite ``float`` is its own serialization."""


# Only for single values (a list item is compared by type alone, so lists keep the serializer).
_AS_IS_SINGLE: dict[Any, type] = {GraphQLInt.serialize: Int32, GraphQLFloat.serialize: FiniteFloat}
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
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
plans_by_parent: dict[tuple[str, tuple[int, ...]], tuple[tuple[Any, ...], Plan | None]] = {}


def _shape(graphql_type: Any) -> tuple[Any, bool, bool, bool]:
    """(the type inside, is_list, non_null, non_null_items), through one level of list (a list
    of lists keeps a list inside, which no plan handles)."""
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
        inner, is_list, non_null, non_null_items = _shape(field.type)
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            serialize: Any = inner.serialize
            as_is = _AS_IS.get(serialize)
            if as_is is None and not is_list:
                as_is = _AS_IS_SINGLE.get(serialize)
            step: Step = (
                response_name,
                getter,
                serialize,
                is_list,
                non_null,
                non_null_items,
                as_is,
            )
        else:
            nested = _nested_plan(inner, details, collect)
            if nested is None:
                return None  # an interface, a union, a list of lists, or not plannable
            step = (response_name, getter, nested, is_list, non_null, non_null_items, Nested)
        steps.append(step)
    return tuple(steps)


def _nested_plan(object_type: Any, details: Any, collect: Collect | None) -> Plan | None:
    """A concrete object type's own plan for a field's sub-selection (interfaces and unions
    resolve their type at run time: graphql-core)."""
    if collect is None or not isinstance(object_type, GraphQLObjectType):
        return None
    if object_type.is_type_of:
        return None
    grouped = collect(object_type, details)
    return None if grouped is None else build_plan(object_type, grouped, collect)


def has_directives(
    selection_set: Any, fragments: Mapping[str, Any], seen: frozenset[str] = frozenset()
) -> bool:
    """Whether any selection anywhere under ``selection_set`` (sub-fields and fragments
    followed) has a directive."""
    for selection in selection_set.selections if selection_set else ():
        if selection.directives:
            return True
        if isinstance(selection, FieldNode | InlineFragmentNode):
            if has_directives(selection.selection_set, fragments, seen):
                return True
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)  # graphql-core's FragmentDetails
            if fragment is None or name in seen:
                continue
            if getattr(selection, "arguments", None) or fragment.variable_signatures:
                return True  # fragment arguments: the selection depends on them
            definition = fragment.definition
            if definition.directives or has_directives(
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
    if len(_plans) >= PLAN_CACHE_SIZE:
        _plans.clear()
    _plans[key] = (nodes, plan)
    return plan

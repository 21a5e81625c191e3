"""The plain-object fast path (schema.execution) gives exactly graphql-core's results and
errors: every query runs through both execution contexts and the answers are compared."""

from __future__ import annotations

import enum
from typing import Any

import pytest
import strawberry
from strawberry.extensions import ParserCache
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.execution import CinemateExecutionContext, build_plan

pytestmark = pytest.mark.django_db


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"


@strawberry.type
class Item:
    id: strawberry.ID
    name: str
    score: float | None
    tags: list[str]
    maybe_tags: list[str | None] | None
    colour: Colour
    count: int

    @strawberry.field
    async def doubled(self) -> int:
        return self.count * 2


@strawberry.type
class Box:
    items: list[Item]
    optional_items: list[Item | None]
    first: Item


def item(**overrides: Any) -> Item:
    values = {
        "id": "1",
        "name": "a",
        "score": 1.5,
        "tags": ["x", "y"],
        "maybe_tags": ["p", None],
        "colour": Colour.RED,
        "count": 3,
    }
    values.update(overrides)
    return Item(**values)


BOXES = {
    "good": lambda: Box(
        items=[item(), item(id="2", score=None)], optional_items=[item()], first=item()
    ),
    "null_in_non_null": lambda: Box(items=[item(name=None)], optional_items=[], first=item()),
    "bad_int": lambda: Box(items=[item(count="many")], optional_items=[], first=item()),
    "null_item": lambda: Box(items=[item()], optional_items=[None, item()], first=item()),
    "null_tag": lambda: Box(items=[item(tags=["x", None])], optional_items=[], first=item()),
    "int_over_32_bits": lambda: Box(items=[item(count=2**31)], optional_items=[], first=item()),
    "infinite_float": lambda: Box(
        items=[item(score=float("inf"))], optional_items=[], first=item()
    ),
    "nan_float": lambda: Box(items=[item()], optional_items=[], first=item(score=float("nan"))),
    "float_as_int": lambda: Box(items=[item(count=3.0)], optional_items=[], first=item(score=2)),
}


@strawberry.type
class Query:
    @strawberry.field
    def box(self, kind: str) -> Box:
        return BOXES[kind]()


FAST = strawberry.Schema(Query, execution_context_class=CinemateExecutionContext)
PLAIN = strawberry.Schema(Query, execution_context_class=StrawberryGraphQLCoreExecutionContext)
# A repeated query text reuses its document nodes (as in the app): plans keyed by node hit.
FAST_PARSED_ONCE = strawberry.Schema(
    Query, execution_context_class=CinemateExecutionContext, extensions=[ParserCache]
)

FIELDS = "id name score tags maybeTags colour count __typename"
QUERIES = [
    f"{{ box(kind: $kind) {{ items {{ {FIELDS} }} optionalItems {{ id }} first {{ {FIELDS} }} }} }}",
    "{ box(kind: $kind) { items { i: id n: name ...F } first { ... on Item { tags } } } }"
    " fragment F on Item { count score }",
    "{ box(kind: $kind) { items { id doubled name @include(if: true) count @skip(if: true) } } }",
]


async def run(schema: strawberry.Schema, query: str, kind: str) -> tuple[Any, list[Any]]:
    operation, _, fragments = query.partition(" fragment ")
    document = f"query Q($kind: String!) {operation}"
    if fragments:
        document += f" fragment {fragments}"
    result = await schema.execute(document, variable_values={"kind": kind})
    return result.data, [(e.message, e.path) for e in result.errors or []]


@pytest.mark.parametrize("kind", list(BOXES))
@pytest.mark.parametrize("query", QUERIES)
async def test_fast_path_matches_graphql_core(kind: str, query: str) -> None:
    fast = await run(FAST, query, kind)
    plain = await run(PLAIN, query, kind)
    assert fast == plain


async def test_errors_keep_graphql_cores_wording_and_path() -> None:
    data, errors = await run(FAST, QUERIES[0], "null_in_non_null")
    assert data is None
    assert errors == [
        ("Cannot return null for non-nullable field Item.name.", ["box", "items", 0, "name"])
    ]


async def test_plans_cover_plain_fields_only() -> None:
    result = await FAST.execute('{ box(kind: "good") { items { id doubled } } }')
    assert result.data == {"box": {"items": [{"id": "1", "doubled": 6}, {"id": "2", "doubled": 6}]}}
    item_type = FAST._schema.get_type("Item")

    class Detail:
        def __init__(self, node: Any) -> None:
            self.node = node

    from graphql import parse

    nodes = parse("{ id doubled }").definitions[0].selection_set.selections
    assert build_plan(item_type, {"id": [Detail(nodes[0])]}) is not None
    assert build_plan(item_type, {"doubled": [Detail(nodes[1])]}) is None


async def test_the_fast_path_is_taken_for_plain_objects(monkeypatch) -> None:
    import schema.execution as execution

    completed = []
    real = execution.complete_plain

    def counting(plan: Any, source: Any) -> Any:
        result = real(plan, source)
        completed.append(result is not None)
        return result

    monkeypatch.setattr(execution, "complete_plain", counting)
    data, errors = await run(FAST, QUERIES[0], "good")
    assert not errors
    assert (
        completed.count(True) == 5
    )  # the box (its object fields nested), 2 items, 1 optional, first
    assert data == (await run(PLAIN, QUERIES[0], "good"))[0]


@pytest.mark.parametrize(
    "items",
    [
        "items { id name @include(if: $show) }",
        "items { id ...F @include(if: $show) }",
        "items { id ...F }",  # the directive inside the fragment
    ],
)
async def test_a_selection_that_depends_on_variables_is_collected_per_request(items: str) -> None:
    fragment = "name" if "@include" in items else "name @include(if: $show)"
    query = (
        f"query Q($kind: String!, $show: Boolean!) {{ box(kind: $kind) {{ {items} }} }}"
        f" fragment F on Item {{ {fragment} }}"
    )
    if "...F" not in items:
        query = query.partition(" fragment ")[0]
    for show in (True, False, True):  # the same document nodes, different selections
        variables = {"kind": "good", "show": show}
        fast = await FAST_PARSED_ONCE.execute(query, variable_values=variables)
        plain = await PLAIN.execute(query, variable_values=variables)
        assert not fast.errors and fast.data == plain.data
        assert ("name" in fast.data["box"]["items"][0]) is show


@pytest.mark.parametrize(
    "first", ["first @include(if: $show) { id }", "first { id name @include(if: $show) }"]
)
async def test_a_nested_object_under_a_directive_is_planned_per_selection(first: str) -> None:
    query = f"query Q($kind: String!, $show: Boolean!) {{ box(kind: $kind) {{ {first} items {{ id }} }} }}"
    for show in (True, False, True):
        variables = {"kind": "good", "show": show}
        fast = await FAST_PARSED_ONCE.execute(query, variable_values=variables)
        plain = await PLAIN.execute(query, variable_values=variables)
        assert not fast.errors and fast.data == plain.data
        assert (
            fast.data["box"]
            != (await PLAIN.execute(query, variable_values={**variables, "show": not show})).data[
                "box"
            ]
        )

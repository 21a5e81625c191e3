"""The harness itself: it sees every SQL statement, it names what moved, and the table covers
every REST route of the contract and every root field of the GraphQL schema."""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, resolve
from graphql import OperationType, parse

from tests.helpers import cold_start
from tests.parity.harness import GRAPHQL, REST, Cost, SqlCounter, World, costs, differences
from tests.parity.operations import OPERATIONS
from tests.parity.runner import run

# Routes under the contract's prefixes that have no GraphQL twin (with the reason), and
# GraphQL root fields that are not a REST operation of their own.
REST_ONLY: dict[tuple[str, str], str] = {}  # (route name, method): reason
GRAPHQL_ONLY = {
    "Query.me": "the container of the personal fields below, not an operation",
    "Me.unread_count": "REST answers it inside GET /profile/notifications",
}
CONTRACT_PREFIXES = ("auth/", "movies/", "profile")
METHODS = ("get", "post", "put", "patch", "delete")


def _routes() -> set[tuple[str, str]]:
    """(route name, method) of every view under the contract's prefixes."""

    def walk(patterns: list[Any], prefix: str = "") -> Any:
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern).lstrip("^"), pattern

    found = set()
    for path, pattern in walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", None)
        if view is None or not path.startswith(CONTRACT_PREFIXES):
            continue
        found |= {(pattern.name, m.upper()) for m in METHODS if hasattr(view, m)}
    return found


def test_every_rest_route_of_the_contract_has_a_row() -> None:
    declared = set()
    for op in OPERATIONS:
        assert isinstance(op.rest.path, str), f"{op.name}: give a literal path"
        declared.add((resolve(op.rest.path.split("?")[0]).url_name, op.rest.method))
    routes = _routes()
    assert ("movies-favourites", "DELETE") in routes  # the walk does find the contract
    missing = routes - declared - set(REST_ONLY)
    assert not missing, f"REST operations without a row in tests/parity/operations.py: {missing}"


def _root_fields(document: str) -> set[str]:
    fields = set()
    for definition in parse(document).definitions:
        root = "Mutation" if definition.operation == OperationType.MUTATION else "Query"
        for selection in definition.selection_set.selections:
            fields.add(f"{root}.{selection.name.value}")
            if selection.name.value == "me":
                fields |= {f"Me.{s.name.value}" for s in selection.selection_set.selections}
    return fields


def test_every_root_field_of_the_graphql_schema_has_a_row(client: Any, db: None, settings) -> None:
    settings.GRAPHQL_INTROSPECTION = True  # off by default in production (and these tests)
    introspection = client.post(
        "/graphql",
        {
            "query": "{ __schema { queryType { fields { name } } mutationType { fields { name } } }"
            ' me: __type(name: "Me") { fields { name } } }'
        },
        content_type="application/json",
    ).json()["data"]
    schema = {f"Query.{f['name']}" for f in introspection["__schema"]["queryType"]["fields"]}
    schema |= {f"Mutation.{f['name']}" for f in introspection["__schema"]["mutationType"]["fields"]}
    schema |= {f"Me.{f['name']}" for f in introspection["me"]["fields"]}
    declared = set().union(*(_root_fields(op.graphql.query) for op in OPERATIONS))
    camel = {k.split(".")[0] + "." + _camel(k.split(".")[1]) for k in GRAPHQL_ONLY}
    assert {"Query.popular", "Mutation.addFavourite", "Me.history"} <= schema
    missing = schema - declared - camel
    assert not missing, f"GraphQL fields without a row in tests/parity/operations.py: {missing}"


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def test_the_counter_sees_statements_on_other_threads(db: None) -> None:
    """The async ORM may run queries on a worker thread with its own connection."""

    def elsewhere() -> None:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        connections.close_all()

    counter = SqlCounter()
    with counter.counting():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 2")
        worker = threading.Thread(target=elsewhere)
        worker.start()
        worker.join()
    assert counter.statements == ["SELECT 2", "SELECT 1"]


def test_the_counter_agrees_with_capture_queries_context(world: World, fake_tmdb: Any) -> None:
    cold_start()
    with CaptureQueriesContext(connection) as captured, SqlCounter().counting() as counter:
        response = world.client.get("/profile", headers=world.bearer())
    assert response.status_code == 200
    assert len(counter.statements) == len(captured)
    assert len(counter.statements) >= 2  # the session check and the profile, at least


def test_a_moved_baseline_names_the_operation_edge_phase_and_numbers(
    world: World, fake_tmdb: Any
) -> None:
    genres = next(op for op in OPERATIONS if op.name == "genres")
    want = genres.cost[REST]
    assert want.cold.sql > 0
    lowered = dataclasses.replace(
        genres,
        cost={
            REST: costs((want.cold.sql - 1, want.cold.tmdb), (0, 0)),
            GRAPHQL: dataclasses.replace(genres.cost[GRAPHQL], warm=Cost(sql=0, tmdb=1)),
        },
    )
    problems = run(lowered, world, fake_tmdb).problems
    assert len(problems) == 2, problems
    assert problems[0].startswith(
        f"genres [rest, cold]: {want.cold.sql} SQL queries, baseline {want.cold.sql - 1}:"
    )
    assert "genres" in problems[0].lower()  # the statements themselves are listed
    assert problems[1] == "genres [graphql, warm]: 0 TMDb calls, baseline 1"


def test_differences_name_the_field_that_differs() -> None:
    rest = {"data": {"movies": [{"id": "1", "title": "A", "poster": None}]}}
    graphql = {"data": {"movies": [{"id": "1", "title": "B"}]}}
    assert differences(rest, graphql) == [
        "data.movies[0].poster: only on REST",
        "data.movies[0].title: 'A' != 'B'",
    ]

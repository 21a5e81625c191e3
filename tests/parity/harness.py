"""The parity and cost harness: one declaration per documented operation, run over both edges.

Why: REST and GraphQL are two translations of the same use cases, and TMDb calls and SQL
queries are what a request costs. Each :class:`Operation` says how to call one operation over
REST and over GraphQL, how the GraphQL data maps onto the REST data, and what each edge pays,
cold (empty caches) and warm (the second identical call). ``test_parity`` runs every
declaration on both edges, compares the data and asserts every cost exactly; a change that adds
a query or an upstream call fails with the operation, the edge and both numbers.

Modelled on NetBox's ``utilities/testing`` API test cases (one declarative class per endpoint,
shared test methods) and their ``assertNumQueries`` baselines. Only the public HTTP API, the
ORM models (looked up by app label) and test fixtures are used, so the harness survives moving
modules around.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.backends.signals import connection_created
from django.test import Client

REST = "rest"
GRAPHQL = "graphql"
EDGES = (REST, GRAPHQL)


@dataclass(frozen=True)
class Cost:
    """What one request costs: SQL statements on any thread, requests to TMDb."""

    sql: int
    tmdb: int


@dataclass(frozen=True)
class Costs:
    """One edge's baseline. ``warm=None`` only for one-shot operations (say why in ``note``)."""

    cold: Cost
    warm: Cost | None


def costs(cold: tuple[int, int], warm: tuple[int, int] | None) -> Costs:
    """``costs((sql, tmdb), (sql, tmdb))``: the compact form the table uses."""
    return Costs(Cost(*cold), Cost(*warm) if warm is not None else None)


@dataclass
class World:
    """The starting point both edges share: a signed-in user (token from a real login), what
    the row's ``prepare`` kept (ids, tokens), and the client that speaks for the user."""

    client: Client
    user: Any
    email: str
    password: str
    token: str
    state: dict[str, Any] = field(default_factory=dict)

    def bearer(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}


@dataclass(frozen=True)
class Rest:
    """How to call the operation over REST. ``path``/``body``/``params`` may be callables of
    the world (for ids made by ``prepare``); ``bearer`` picks the token (None: anonymous)."""

    method: str
    path: str | Callable[[World], str]
    body: dict[str, Any] | Callable[[World], dict[str, Any]] | None = None
    params: dict[str, Any] | None = None
    status: int = 200
    warm_status: int | None = None  # when the second call answers differently (say, 200 vs 201)
    bearer: Callable[[World], str | None] | None = lambda w: w.token


@dataclass(frozen=True)
class GraphQL:
    """How to call it over GraphQL: the document, its variables, and ``to_rest`` which turns
    ``data`` (keys already snake_cased) into the REST result (see :func:`envelope`)."""

    query: str
    to_rest: Callable[[dict[str, Any]], Any]
    variables: dict[str, Any] | Callable[[World], dict[str, Any]] | None = None
    bearer: Callable[[World], str | None] | None = lambda w: w.token


@dataclass(frozen=True)
class Operation:
    """One documented operation: one row of the table in ``operations.py``."""

    name: str
    rest: Rest
    graphql: GraphQL
    cost: dict[str, Costs]  # {REST: ..., GRAPHQL: ...}
    # Runs once before both edges (their writes are rolled back, so both start from it);
    # may keep ids or tokens in ``world.state``.
    prepare: Callable[[World], None] | None = None
    # Dotted paths into the result ("data.movie.seasons", "message") that only one edge
    # answers: dropped on both sides before comparing.
    rest_only: tuple[str, ...] = ()
    graphql_only: tuple[str, ...] = ()
    # Paths whose value differs on every call (tokens, new ids): compared as "present".
    volatile: tuple[str, ...] = ()
    # What the operation stored, read after the cold call; must match across edges and
    # satisfy ``expect_stored`` (if given).
    stored: Callable[[World], Any] | None = None
    expect_stored: Callable[[Any], bool] | None = None
    note: str = ""

    def __str__(self) -> str:
        return self.name


# ----------------------------------------------------------------------------- SQL counting
class SqlCounter:
    """Counts SQL statements on this thread's connections and on every connection opened while
    counting, on any thread (a query that leaves the test thread is counted, not missed).
    Under the sync test client the async ORM's thread-sensitive calls run on the test thread;
    a connection another thread opened *before* counting would not be seen."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self._lock = threading.Lock()
        self._wrapped: list[Any] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        with self._lock:
            self.statements.append(sql)
        return execute(sql, params, many, context)

    def _wrap(self, connection: Any) -> None:
        if self not in connection.execute_wrappers:
            connection.execute_wrappers.append(self)
            self._wrapped.append(connection)

    def _on_created(self, sender: Any, connection: Any, **kwargs: Any) -> None:
        self._wrap(connection)

    @contextmanager
    def counting(self) -> Iterator[SqlCounter]:
        for connection in connections.all():
            self._wrap(connection)
        connection_created.connect(self._on_created, weak=False)
        try:
            yield self
        finally:
            connection_created.disconnect(self._on_created)
            for connection in self._wrapped:
                if self in connection.execute_wrappers:
                    connection.execute_wrappers.remove(self)
            self._wrapped.clear()


# ----------------------------------------------------------------------------- calls
def _value(spec: Any, world: World) -> Any:
    return spec(world) if callable(spec) else spec


def call_rest(op: Operation, world: World, *, warm: bool) -> Any:
    spec = op.rest
    token = spec.bearer(world) if spec.bearer else None
    headers = world.bearer(token) if token else {}
    path = _value(spec.path, world)
    method = spec.method.lower()
    if method == "get":
        response = world.client.get(path, spec.params or {}, headers=headers)
    elif method == "delete":
        response = world.client.delete(path, headers=headers)
    else:
        body = _value(spec.body, world) or {}
        response = world.client.post(
            path, json.dumps(body), content_type="application/json", headers=headers
        )
    expected = spec.warm_status if warm and spec.warm_status else spec.status
    assert response.status_code == expected, (
        f"{op.name} [rest]: {spec.method} {path} answered {response.status_code}, "
        f"expected {expected}: {response.content[:400]!r}"
    )
    body = response.json()
    assert body.get("success") is True, f"{op.name} [rest]: {body}"
    return envelope(body.get("data"), body.get("message"))


def call_graphql(op: Operation, world: World) -> Any:
    spec = op.graphql
    token = spec.bearer(world) if spec.bearer else None
    headers = world.bearer(token) if token else {}
    response = world.client.post(
        "/graphql",
        json.dumps({"query": spec.query, "variables": _value(spec.variables, world) or {}}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, f"{op.name} [graphql]: {response.content[:400]!r}"
    result = response.json()
    assert not result.get("errors"), f"{op.name} [graphql]: {result['errors']}"
    return spec.to_rest(snake(result["data"]))


# ----------------------------------------------------------------------------- comparing
def envelope(data: Any, message: str | None = None) -> dict[str, Any]:
    """The comparable result of either edge: REST's ``data`` and ``message``; ``to_rest``
    builds the same from GraphQL (message None where GraphQL has none: declare it rest_only)."""
    return {"data": data, "message": message}


_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def snake(value: Any) -> Any:
    """GraphQL's camelCase keys as REST's snake_case ones, recursively."""
    if isinstance(value, dict):
        return {_CAMEL.sub("_", k).lower(): snake(v) for k, v in value.items()}
    if isinstance(value, list):
        return [snake(v) for v in value]
    return value


def drop(data: Any, dotted: str) -> None:
    """Remove ``a.b.c`` from ``data`` (lists are walked: the path applies to every item)."""
    head, _, rest = dotted.partition(".")
    if isinstance(data, list):
        for item in data:
            drop(item, dotted)
    elif isinstance(data, dict) and head in data:
        if rest:
            drop(data[head], rest)
        else:
            del data[head]


def mask(data: Any, dotted: str) -> None:
    """Replace a volatile value by a marker of whether it was there and non-empty."""
    head, _, rest = dotted.partition(".")
    if isinstance(data, list):
        for item in data:
            mask(item, dotted)
    elif isinstance(data, dict) and head in data:
        if rest:
            mask(data[head], rest)
        else:
            data[head] = "<present>" if data[head] else "<empty>"


def differences(rest: Any, graphql: Any, path: str = "") -> list[str]:
    """Where two results differ, as ``path: rest value != graphql value`` lines."""
    if isinstance(rest, dict) and isinstance(graphql, dict):
        out: list[str] = []
        for key in sorted(set(rest) | set(graphql)):
            where = f"{path}.{key}" if path else key
            if key not in graphql:
                out.append(f"{where}: only on REST")
            elif key not in rest:
                out.append(f"{where}: only on GraphQL")
            else:
                out += differences(rest[key], graphql[key], where)
        return out
    if isinstance(rest, list) and isinstance(graphql, list) and len(rest) == len(graphql):
        return [
            d
            for i, (r, g) in enumerate(zip(rest, graphql, strict=True))
            for d in differences(r, g, f"{path}[{i}]")
        ]
    return [] if rest == graphql else [f"{path}: {rest!r:.120} != {graphql!r:.120}"]

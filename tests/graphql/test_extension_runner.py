"""schema.extension_runner: the cached hook lookup runs exactly what Strawberry's own runner
runs (same hooks, same order, same results and errors), and builds nothing new per request."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import strawberry
from strawberry.extensions import SchemaExtension

from schema import extension_runner
from schema import schema as schema_module
from schema.schema import CinemateSchema

pytestmark = pytest.mark.django_db

log: list[str] = []


class SyncHooks(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        log.append("sync operation in")
        yield
        log.append("sync operation out")

    def on_execute(self) -> Iterator[None]:
        log.append("sync execute in")
        yield
        log.append("sync execute out")


class AsyncHooks(SchemaExtension):
    async def on_parse(self) -> AsyncIterator[None]:
        log.append("async parse in")
        yield
        log.append("async parse out")

    async def on_validate(self) -> AsyncIterator[None]:
        log.append("async validate in")
        yield
        log.append("async validate out")


class PlainHook(SchemaExtension):
    def on_validate(self) -> None:  # type: ignore[override]  # a plain callable hook
        log.append("plain validate")


class RefusesBigLimits(SchemaExtension):
    """Sets an error before execution, as our cost and rate guards do."""

    def on_validate(self) -> Iterator[None]:
        yield
        if "999" in (self.execution_context.query or ""):
            from graphql import GraphQLError

            self.execution_context.pre_execution_errors = [GraphQLError("too big")]


@strawberry.type
class Query:
    @strawberry.field
    def echo(self, limit: int) -> int:
        log.append("resolver")
        return limit


test_schema = CinemateSchema(
    query=Query, extensions=[SyncHooks, AsyncHooks, PlainHook, RefusesBigLimits]
)


async def _run(query: str, cached: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[object, list]:
    monkeypatch.setattr(schema_module, "USE_CACHED_HOOKS", cached)
    log.clear()
    result = await test_schema.execute(query)
    errors = [e.message for e in result.errors or ()]
    return (result.data, errors), list(log)


@pytest.mark.parametrize("query", ["{ echo(limit: 3) }", "{ echo(limit: 999) }", "{ nope }"])
async def test_cached_hooks_run_what_strawberry_runs(query, monkeypatch) -> None:
    cached = await _run(query, True, monkeypatch)
    strawberry_own = await _run(query, False, monkeypatch)
    assert cached == strawberry_own
    assert cached[1][0] == "sync operation in" and cached[1][-1] == "sync operation out"


async def test_a_second_request_builds_no_new_hook_wrappers(monkeypatch) -> None:
    await _run("{ echo(limit: 1) }", True, monkeypatch)
    wrappers = dict(extension_runner._factories)
    result, hooks = await _run("{ echo(limit: 2) }", True, monkeypatch)
    assert result == ({"echo": 2}, [])
    assert "resolver" in hooks
    assert extension_runner._factories == wrappers  # the very same wrapper objects

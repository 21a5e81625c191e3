"""The production ASGI application itself (the test client goes through WSGI): requests run
their sync work on the pooled threads, concurrently, and lifespan shutdown closes the loop's
TMDb and Redis clients."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import orjson
import pytest

from backend.asgi import application
from core import loop_resources
from core.redis_async import get_redis
from tests.asgi import asgi_request
from tests.fresh_process import run_code, settings_test_env

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
async def close_pooled_connections():
    """The pooled threads keep persistent connections; close them so the test DB can go."""
    yield
    await application.close_database_connections()


async def _call(path: str) -> tuple[int, dict[str, Any]]:
    status, _, body = await asgi_request("GET", path)
    return status, orjson.loads(body)


async def test_concurrent_requests_use_the_pooled_sync_threads(fake_tmdb) -> None:
    threads_before = {t.name for t in threading.enumerate()}
    results = await asyncio.gather(*(_call("/system/health") for _ in range(12)))
    assert [status for status, _ in results] == [200] * 12
    assert all(body["checks"]["database"]["status"] == "up" for _, body in results)
    new_threads = {t.name for t in threading.enumerate()} - threads_before
    # Sync work (the database check, closing responses) ran on the long-lived pool: no thread
    # per request, at most the pool's own threads were started.
    assert all(name.startswith("django-sync-") for name in new_threads), new_threads
    assert len(new_threads) <= 4


async def test_unknown_route_through_asgi_is_the_envelope() -> None:
    status, body = await _call("/nope")
    assert status == 404 and body["error"]["code"] == "NOT_FOUND"


async def test_lifespan_shutdown_closes_this_loops_clients() -> None:
    client = await get_redis()
    assert client is not None and await client.ping()
    loop = asyncio.get_running_loop()
    assert "redis" in loop_resources._states[loop].resources

    events = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent: list[str] = []

    async def receive() -> dict[str, Any]:
        return next(events)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message["type"])

    await application({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert loop not in loop_resources._states  # closed and forgotten
    assert await get_redis() is not client  # the next use opens a fresh client


def test_lifespan_startup_imports_the_routes_before_the_first_request(tmp_path) -> None:
    """A fresh worker imports its URLconf (REST views, GraphQL schema) at start-up, not on its
    first request: a burst reaching it after a deploy would queue behind that import."""
    code = (
        "import asyncio, sys\n"
        "from backend.asgi import application\n"
        "before = 'schema.schema' in sys.modules or 'rest_compat.urls' in sys.modules\n"
        "events = iter([{'type': 'lifespan.startup'}, {'type': 'lifespan.shutdown'}])\n"
        "async def receive(): return next(events)\n"
        "async def send(message): pass\n"
        "asyncio.run(application({'type': 'lifespan', 'asgi': {'version': '3.0'}}, receive, send))\n"
        "print(before, 'schema.schema' in sys.modules, 'rest_compat.urls' in sys.modules)\n"
    )
    result = run_code(code, settings_test_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]

"""A request leaves nothing for the cyclic garbage collector: its context, dataloaders, futures
and decoded payloads are freed by reference counting when the response is sent. Otherwise every
request adds thousands of objects to the collector's generations, and full collections (hundreds
of milliseconds on a busy worker) land on random requests as p99 latency.

Measured on the production ASGI application (backend.asgi), each endpoint called once to warm
caches and lazy imports, then again with the collector off: ``gc.collect()`` afterwards must find
no unreachable object.
"""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from typing import Any

import orjson
import pytest

from backend.asgi import application
from library.models import UserFavourite

pytestmark = pytest.mark.django_db(transaction=True)

NESTED_TITLE = """query($id: ID!) { title(id: $id) { id title isFavorite genres
  cast { name } reviews { author } recommendations { id title duration isFavorite }
  ... on SeriesDetails { seasons { name episodes { name } } } } }"""
POPULAR = "{ popular(limit: 20) { movies { id title duration genres isFavorite } } }"


@pytest.fixture(autouse=True)
async def close_pooled_connections():
    yield
    await application.close_database_connections()


async def _call(
    method: str, path: str, token: str | None = None, body: Any = None
) -> tuple[int, Any]:
    path, _, query = path.partition("?")
    headers = [(b"host", b"testserver")]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    raw = b""
    if body is not None:
        raw = orjson.dumps(body)
        headers.append((b"content-type", b"application/json"))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": headers,
        "client": ("127.0.0.1", 5555),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []
    first = True

    async def receive() -> dict[str, Any]:
        nonlocal first
        if first:
            first = False
            return {"type": "http.request", "body": raw, "more_body": False}
        await asyncio.Event().wait()
        return {}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await application(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    data = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, orjson.loads(data)


async def _garbage_of(method: str, path: str, token: str | None, body: Any = None) -> Counter:
    """What the cyclic collector finds after one warm request: {type name: count}."""
    status, answer = await _call(method, path, token, body)  # warm: caches, lazy imports
    assert status == 200, answer
    gc.collect()
    gc.disable()
    try:
        status, answer = await _call(method, path, token, body)
        assert status == 200, answer
        await asyncio.sleep(0)  # let the loop run callbacks scheduled by the request
        gc.set_debug(gc.DEBUG_SAVEALL)  # keep what it finds, to name it
        gc.collect()
        return Counter(type(found).__qualname__ for found in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


@pytest.fixture
def signed_in(make_member) -> str:
    member = make_member()
    for movie_id in ("550", "tv-1399", "13", "680"):
        UserFavourite.objects.create(user=member.user, movie_id=movie_id)
    return member.token


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/movies/popular?limit=20", None),
        ("GET", "/movies/favourites", None),
        ("GET", "/profile", None),
        ("GET", "/movies/recommendations?limit=10", None),
        ("GET", "/movies/tv-1399", None),
        ("POST", "/graphql", {"query": POPULAR}),
        ("POST", "/graphql", {"query": NESTED_TITLE, "variables": {"id": "tv-1399"}}),
    ],
)
async def test_a_signed_in_request_leaves_no_cyclic_garbage(
    fake_tmdb, signed_in, method, path, body
) -> None:
    assert await _garbage_of(method, path, signed_in, body) == Counter()


async def test_an_anonymous_request_leaves_no_cyclic_garbage(fake_tmdb) -> None:
    assert await _garbage_of("GET", "/movies/popular?limit=20", None) == Counter()

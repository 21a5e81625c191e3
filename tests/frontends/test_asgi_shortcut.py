"""The 304 shortcut through the production ASGI application (the test client is WSGI): a hot
GraphQL GET persisted query revalidates without running the schema, and still counts for the
rate limit."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlencode

import pytest
from asgiref.sync import sync_to_async
from django.db import connections
from django.test import Client

from backend.asgi import application
from core.ratelimit import memory_limiter
from schema.schema import Validated
from tests.asgi import asgi_request

pytestmark = pytest.mark.django_db(transaction=True)

QUERY = "query G { genres { id name } }"
EXTENSIONS = {
    "persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(QUERY.encode()).hexdigest()}
}


async def get(path: str, query: dict[str, str], headers: dict[str, str]) -> tuple[int, dict, bytes]:
    pairs = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return await asgi_request("GET", path, query_string=urlencode(query).encode(), headers=pairs)


@pytest.fixture(autouse=True)
async def close_connections():
    memory_limiter.reset()
    yield
    await application.close_database_connections()
    await sync_to_async(connections.close_all)()


async def test_a_hot_graphql_get_revalidates_in_the_shortcut_and_is_counted(fake_tmdb, settings):
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 4  # the test client shares the IP 127.0.0.1
    register = {"query": QUERY, "extensions": EXTENSIONS}
    await sync_to_async(Client().post)(
        "/graphql", json.dumps(register), content_type="application/json"
    )  # count 1
    params = {"extensions": json.dumps(EXTENSIONS)}
    accept = {"Accept": "application/json"}

    status, headers, body = await get("/graphql", params, accept)  # count 2
    assert status == 200 and "errors" not in json.loads(body)  # genres may be empty here
    etag = headers["ETag"]
    executions = Validated.hits + Validated.misses  # one per operation the schema runs
    for _ in range(2):  # counts 3 and 4
        status, headers, body = await get("/graphql", params, {**accept, "If-None-Match": etag})
        assert status == 304 and body == b""
        assert headers["Cache-Control"].startswith("public, max-age=")
    assert Validated.hits + Validated.misses == executions  # the schema did not run
    status, headers, body = await get("/graphql", params, {**accept, "If-None-Match": etag})
    assert status == 200  # over the limit: the normal path answers, in the GraphQL shape
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert headers["Cache-Control"] == "private, no-store"

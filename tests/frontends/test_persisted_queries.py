"""Automatic persisted queries (Apollo's protocol) on /graphql: not found, register, then the
hash alone over POST and GET; the hash is checked; the allow-list mode."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from core.redis_async import make_key
from schema import persisted_queries

pytestmark = pytest.mark.django_db

QUERY = "query Genres { genres { id name } }"
HASH = hashlib.sha256(QUERY.encode()).hexdigest()


def persisted(digest: str = HASH) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def post(client: Client, body: dict[str, Any], **headers: str) -> Any:
    return client.post("/graphql", json.dumps(body), content_type="application/json", **headers)


def get(client: Client, digest: str = HASH, **headers: str) -> Any:
    params = {"operationName": "Genres", "extensions": json.dumps(persisted(digest))}
    return client.get("/graphql", params, HTTP_ACCEPT="application/json", **headers)


def stored(digest: str = HASH) -> bytes | None:
    import redis

    return redis.Redis.from_url(settings.REDIS_URL).get(make_key(f"apq:{digest}"))


def test_round_trip_not_found_register_then_hash_only_over_post_and_get(client, fake_tmdb):
    miss = post(client, {"extensions": persisted()})
    assert miss.status_code == 200
    assert miss.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert miss.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert stored() is None

    registered = post(client, {"query": QUERY, "extensions": persisted()})
    assert registered.status_code == 200
    assert "errors" not in registered.json()
    assert isinstance(registered.json()["data"]["genres"], list)
    assert stored() == QUERY.encode()  # in Redis, for every worker

    persisted_queries.clear_l1()  # as another worker would: from Redis, not from memory
    by_post = post(client, {"extensions": persisted(), "operationName": "Genres"})
    assert by_post.json() == registered.json()
    by_get = get(client)
    assert by_get.status_code == 200
    assert by_get.json() == registered.json()


def test_a_hash_that_is_not_the_querys_is_refused_and_nothing_is_stored(client):
    wrong = "0" * 64
    answer = post(client, {"query": QUERY, "extensions": persisted(wrong)})
    assert answer.json()["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    assert answer.json()["errors"][0]["message"] == "provided sha does not match query"
    assert stored(wrong) is None


@pytest.mark.parametrize(
    "extension",
    [{"version": 2, "sha256Hash": HASH}, {"version": 1, "sha256Hash": "abc"}, "yes"],
    ids=["version", "short-hash", "not-an-object"],
)
def test_a_malformed_persisted_query_extension_is_a_validation_error(client, extension):
    answer = post(client, {"extensions": {"persistedQuery": extension}})
    assert answer.status_code == 200
    assert answer.json()["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"


def test_mutations_by_hash_over_get_are_refused(client):
    mutation = 'mutation { login(email: "a@b.c", password: "x") { accessToken } }'
    digest = hashlib.sha256(mutation.encode()).hexdigest()
    post(client, {"query": mutation, "extensions": persisted(digest)})  # registered (and run)
    params = {"extensions": json.dumps(persisted(digest))}
    answer = client.get("/graphql", params, HTTP_ACCEPT="application/json")
    assert answer.status_code in (400, 405)  # Strawberry: no mutations over GET


@pytest.fixture
def manifest(tmp_path, settings):
    path = tmp_path / "manifest.json"
    path.write_text(
        json.dumps(
            {
                "format": "apollo-persisted-query-manifest",
                "version": 1,
                "operations": [{"id": HASH, "name": "Genres", "type": "query", "body": QUERY}],
            }
        )
    )
    settings.GRAPHQL_PERSISTED_QUERIES_MANIFEST = str(path)
    settings.GRAPHQL_PERSISTED_QUERIES = "allowlist"
    return path


def test_allowlist_mode_runs_only_the_manifests_operations(client, manifest, fake_tmdb):
    by_hash = get(client).json()  # by hash, never registered by a client
    assert "errors" not in by_hash and "genres" in by_hash["data"]
    full_text = post(client, {"query": QUERY}).json()  # a listed operation's full text runs too
    assert "errors" not in full_text and "genres" in full_text["data"]

    other = "{ genres { id } }"
    digest = hashlib.sha256(other.encode()).hexdigest()
    for body in ({"query": other}, {"query": other, "extensions": persisted(digest)}):
        refused = post(client, body).json()
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert refused["data"] is None
    assert stored(digest) is None  # clients cannot register anything
    unknown = post(client, {"extensions": persisted(digest)}).json()
    assert unknown["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_a_manifest_with_a_wrong_hash_is_refused(tmp_path, settings):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"0" * 64: QUERY}))
    settings.GRAPHQL_PERSISTED_QUERIES_MANIFEST = str(path)
    with pytest.raises(ValueError, match="not the hash"):
        persisted_queries.manifest()

"""schema.prepared: a repeated query skips Strawberry's per-operation machinery and answers
exactly what the full path answers, with the same per-request checks (rate limit, cost under
the request's variables, introspection), metrics and headers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from schema import prepared
from schema.schema import EXTENSIONS, Validated
from tests.library.conftest import Member, make_member, member  # noqa: F401  (fixtures)
from tests.ops.test_metrics import sample
from usecases import catalog as catalog_use_cases

pytestmark = pytest.mark.django_db

CARD = "id title poster backdrop synopsis releaseDate duration genres rating isFavorite isSeries"


def schema_runs() -> int:
    """Operations the schema ran through its extensions (every full-path one validates)."""
    return Validated.hits + Validated.misses


def post(client: Client, body: dict[str, Any], **headers: str) -> Any:
    return client.post("/graphql", json.dumps(body), content_type="application/json", **headers)


def full_then_prepared(
    client: Client, body: dict[str, Any], monkeypatch: pytest.MonkeyPatch, **headers: str
) -> tuple[Any, Any]:
    """The answer of the full path, then of the prepared path, to the same POST."""
    return both_paths(lambda: post(client, body, **headers), monkeypatch)


def both_paths(send: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """``send()`` on the full path (which prepares the operation), then on the prepared one."""
    monkeypatch.setattr(prepared, "ENABLED", False)
    full = send()
    monkeypatch.setattr(prepared, "ENABLED", True)
    runs = schema_runs()
    fast = send()
    assert schema_runs() == runs, "the prepared path was not taken"
    return full, fast


CASES = {
    "list of cards": {"query": f"{{ popular(limit: 5) {{ movies {{ {CARD} }} }} }}"},
    "variables, fragment, alias, typename": {
        "query": "query One($id: ID!) { title(id: $id) { ...Head again: title } __typename } "
        "fragment Head on Title { __typename id title cast { name order } }",
        "variables": {"id": "550"},
    },
    "a resolver's NOT_FOUND": {"query": '{ title(id: "999999999") { id } }'},
    "a variable that does not coerce": {
        "query": "query($id: ID!) { title(id: $id) { id } }",
        "variables": {"id": {"not": "an id"}},
    },
    "one of several operations": {
        "query": "query A { genres { id } } query B { popular(limit: 2) { movies { id } } }",
        "operationName": "B",
    },
}


@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_a_prepared_query_answers_what_the_full_path_answers(body, client, monkeypatch, fake_tmdb):
    full, fast = full_then_prepared(client, body, monkeypatch)
    assert fast.status_code == full.status_code == 200
    assert fast["Content-Type"] == full["Content-Type"] == "application/json"
    assert fast.json() == full.json()


def test_an_unexpected_failure_is_masked_and_logged_on_both_paths(
    client, monkeypatch, caplog, fake_tmdb
):
    async def broken(context: Any) -> list[dict[str, Any]]:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(catalog_use_cases, "genres", broken)
    full, fast = full_then_prepared(client, {"query": "{ genres { id } }"}, monkeypatch)
    assert fast.json() == full.json()
    error = fast.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert "secret" not in error["message"]
    logged = [r for r in caplog.records if "unhandled error in GraphQL resolver" in r.getMessage()]
    assert len(logged) == 2  # once per path, with the stack
    assert all(r.exc_info and r.exc_info[0] is RuntimeError for r in logged)


PERSISTED_TEXT = "query Genres { genres { id name } }"
PERSISTED = {
    "persistedQuery": {
        "version": 1,
        "sha256Hash": hashlib.sha256(PERSISTED_TEXT.encode()).hexdigest(),
    }
}


def get(client: Client, params: dict[str, Any]) -> Any:
    return client.get("/graphql", params, HTTP_ACCEPT="application/json")


def test_persisted_queries_and_gets_take_the_prepared_path_with_the_same_answers(
    client, monkeypatch, fake_tmdb
):
    registered = post(client, {"query": PERSISTED_TEXT, "extensions": PERSISTED})
    assert "errors" not in registered.json()
    by_hash = {"operationName": "Genres", "extensions": json.dumps(PERSISTED)}
    full_text = {"query": "{ popular(limit: 2) { movies { id } } }"}
    for send in (
        lambda: post(client, {"extensions": PERSISTED, "operationName": "Genres"}),
        lambda: get(client, by_hash),
        lambda: get(client, full_text),
    ):
        full, fast = both_paths(send, monkeypatch)
        assert fast.status_code == full.status_code == 200
        assert fast.json() == full.json()
        for header in ("Cache-Control", "ETag", "Vary"):
            assert fast.get(header) == full.get(header), header
    # a public persisted GET stays cacheable by browsers and CDNs (docs/http-caching.md)
    assert get(client, by_hash)["Cache-Control"].startswith("public, max-age=")


def test_a_persisted_hash_that_is_unknown_is_still_not_found(client):
    unknown = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    answer = post(client, {"extensions": unknown}).json()
    assert answer["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_a_signed_in_query_is_personal_and_shows_a_new_favourite_at_once(
    member: Member,  # noqa: F811
    monkeypatch,
    fake_tmdb,
):
    body = {
        "query": f'{{ title(id: "550") {{ id isFavorite }} popular(limit: 3) {{ movies {{ {CARD} }} }} }}'
    }
    auth = {"HTTP_AUTHORIZATION": member.auth["Authorization"]}
    full, fast = full_then_prepared(member.client, body, monkeypatch, **auth)
    assert fast.json() == full.json()
    assert fast.json()["data"]["title"] == {"id": "550", "isFavorite": False}

    added = member.gql('mutation { addFavourite(movieId: "550") { added } }')
    assert added["data"]["addFavourite"]["added"] is True
    runs = schema_runs()
    after = post(member.client, body, **auth).json()
    assert schema_runs() == runs  # prepared, and still this user's current data
    assert after["data"]["title"] == {"id": "550", "isFavorite": True}
    anonymous = post(Client(), body).json()
    assert anonymous["data"]["title"]["isFavorite"] is False


def test_every_prepared_request_counts_against_the_rate_limit(client, settings, fake_tmdb):
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 3
    body = {"query": "{ popular(limit: 3) { movies { id } } }"}
    for _ in range(3):  # the first one prepares it
        assert "errors" not in post(client, body).json()
    calls = fake_tmdb.calls()
    runs = schema_runs()
    limited = post(client, body)
    assert schema_runs() == runs
    assert limited.status_code == 200
    answer = limited.json()
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert answer["errors"][0]["extensions"]["details"]["retry_after"] >= 1
    assert int(limited["Retry-After"]) >= 1
    assert fake_tmdb.calls() == calls  # nothing executed


def test_the_cost_limit_applies_to_each_requests_variables(client, settings, fake_tmdb):
    settings.GRAPHQL_MAX_COST = 4  # popular: its TMDb pages + ceil(limit / 10)
    query = "query($limit: Int) { popular(limit: $limit) { movies { id } } }"
    for _ in range(2):  # prepared by the first
        small = post(client, {"query": query, "variables": {"limit": 5}}).json()
        assert len(small["data"]["popular"]["movies"]) == 5
    calls = fake_tmdb.calls()
    big = post(client, {"query": query, "variables": {"limit": 50}}).json()
    assert big["data"] is None
    assert big["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert big["errors"][0]["extensions"]["details"] == {"cost": 8, "max_cost": 4}
    assert fake_tmdb.calls() == calls


def test_an_invalid_document_is_never_prepared(client):
    body = {"query": "{ title(id: 1) { nope } }"}
    for _ in range(2):
        runs = schema_runs()
        assert post(client, body).json()["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
        assert schema_runs() == runs + 1


def test_mutations_always_take_the_full_path(member: Member, fake_tmdb):  # noqa: F811
    mutation = 'mutation { addFavourite(movieId: "550") { added } }'
    for added in (True, False):
        runs = schema_runs()
        assert member.gql(mutation)["data"]["addFavourite"]["added"] is added
        assert schema_runs() == runs + 1


def test_turning_introspection_off_refuses_a_query_prepared_while_it_was_on(client, settings):
    settings.GRAPHQL_INTROSPECTION = True
    body = {"query": "{ __schema { queryType { name } } }"}
    for _ in range(2):
        assert post(client, body).json()["data"]["__schema"]["queryType"]["name"] == "Query"
    settings.GRAPHQL_INTROSPECTION = False
    refused = post(client, body).json()
    assert refused["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    assert "introspection" in refused["errors"][0]["message"].lower()


def test_prepared_operations_are_counted_in_the_metrics(fake_tmdb):
    ok = ("PreparedPage", "ok")
    missing = ("PreparedTitle", "NOT_FOUND")
    before = {
        key: sample("cinemate_graphql_operations_total", operation=key[0], outcome=key[1])
        for key in (ok, missing)
    }
    page = {"query": "query PreparedPage { popular(limit: 2) { movies { id } } }"}
    title = {"query": 'query PreparedTitle { title(id: "999999999") { id } }'}
    for _ in range(3):
        assert "errors" not in post(Client(), page).json()
        assert post(Client(), title).json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    for key in (ok, missing):
        assert (
            sample("cinemate_graphql_operations_total", operation=key[0], outcome=key[1])
            == before[key] + 3
        )


def test_the_prepared_entries_are_bounded(client, monkeypatch):
    monkeypatch.setattr(prepared, "CACHE_SIZE", 3)
    monkeypatch.setattr(prepared, "_prepared", {})
    for index in range(5):
        assert "errors" not in post(client, {"query": f"query Q{index} {{ __typename }}"}).json()
    assert 1 <= len(prepared._prepared) <= 3


def test_no_schema_extension_hooks_into_every_field():
    """The prepared path calls graphql-core without Strawberry's field middleware: equivalent
    only while no extension implements ``resolve`` (one that does must disable it)."""
    assert [cls.__name__ for cls in EXTENSIONS if cls()._implements_resolve()] == []

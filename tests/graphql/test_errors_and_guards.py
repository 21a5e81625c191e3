"""Errors carry our codes; unexpected failures are masked; depth/alias/token limits hold;
validation is cached; the SDL file is current; GraphiQL opens in a browser."""

from __future__ import annotations

import pytest

from schema import prepared
from schema.export import SCHEMA_FILE, schema_sdl
from schema.schema import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, Validated

pytestmark = pytest.mark.django_db


def codes(result: dict) -> list[str]:
    return [error["extensions"]["code"] for error in result.get("errors", [])]


@pytest.mark.parametrize("title_id", ["abc", "tv-abc", "0", "987654321", "tv-987654321"])
def test_unknown_ids_are_not_found(graphql, fake_tmdb, title_id):
    result = graphql("query ($id: ID!) { title(id: $id) { title } }", {"id": title_id})
    assert result["data"] is None
    assert codes(result) == ["NOT_FOUND"]
    assert result["errors"][0]["path"] == ["title"]


@pytest.mark.parametrize(
    "query",
    [
        "{ popular(limit: 51) { movies { id } } }",
        "{ popular(page: 0) { movies { id } } }",
        '{ search(q: "") { movies { id } } }',
        '{ search(q: "' + "x" * 101 + '") { movies { id } } }',
    ],
)
def test_bad_arguments_are_validation_errors(graphql, fake_tmdb, query):
    result = graphql(query)
    assert codes(result) == ["VALIDATION_ERROR"]
    assert fake_tmdb.calls() == 0


@pytest.mark.parametrize(
    "query",
    [
        "{ popular { movies { id } }",
        "{ popular { nope } }",
        "{ trending(window: MONTH) { movies { id } } }",
    ],
)
def test_invalid_documents_are_validation_errors(graphql, query):
    result = graphql(query)
    assert result["errors"]
    assert set(codes(result)) == {"VALIDATION_ERROR"}


def test_unexpected_exceptions_are_masked_and_logged(graphql, monkeypatch, caplog):
    async def broken(ctx=None):
        raise RuntimeError("db password is hunter2")

    monkeypatch.setattr("catalog.genres.genres", broken)
    result = graphql("{ genres { id } }")
    assert codes(result) == ["INTERNAL_ERROR"]
    assert result["errors"][0]["message"] == "An unexpected error occurred"
    assert "hunter2" not in str(result)
    assert any("hunter2" in str(r.exc_info) for r in caplog.records if r.exc_info)


def test_upstream_outage_is_upstream_unavailable(graphql, fake_tmdb, settings):
    settings.TMDB_MAX_RETRIES = 0
    fake_tmdb.set_faults(status=503)
    result = graphql('{ title(id: "12") { title } }')
    assert codes(result) == ["UPSTREAM_UNAVAILABLE"]


def test_depth_limit(graphql):
    # Today's schema has no cycles (its deepest path is 4); the limit guards future ones and
    # is checked on the document itself, so unknown fields show it too (introspection is
    # exempt in Strawberry's rule).
    path = ["popular"] + [f"f{i}" for i in range(MAX_DEPTH + 1)]
    deep = "{ " + " { ".join(path) + " }" * len(path)
    result = graphql(deep)
    [depth] = [e for e in result["errors"] if "exceeds maximum operation depth" in e["message"]]
    assert depth["extensions"]["code"] == "QUERY_TOO_COMPLEX"  # decisions.md section 8
    assert set(codes(result)) == {"VALIDATION_ERROR", "QUERY_TOO_COMPLEX"}  # + unknown fields


def test_alias_limit(graphql):
    aliases = " ".join(f"a{i}: genres {{ id }}" for i in range(MAX_ALIASES + 1))
    result = graphql(f"{{ {aliases} }}")
    assert codes(result) == ["QUERY_TOO_COMPLEX"]  # decisions.md section 8
    assert "aliases found" in result["errors"][0]["message"]


def test_token_limit(graphql):
    fields = " ".join("__typename" for _ in range(MAX_TOKENS))
    result = graphql(f"{{ {fields} }}")
    assert codes(result) == ["VALIDATION_ERROR"]
    assert "token" in result["errors"][0]["message"].lower()


def test_validation_is_cached_across_requests(graphql, monkeypatch):
    monkeypatch.setattr(prepared, "ENABLED", False)  # the full path (prepared ones skip it)
    query = "{ genres { id name } __typename }"
    graphql(query)
    hits, misses = Validated.hits, Validated.misses
    graphql(query)
    assert Validated.hits == hits + 1  # same parsed document + the very same rule classes
    assert Validated.misses == misses
    graphql(query.replace("name", "id"))
    assert Validated.misses == misses + 1


def test_guard_rules_are_built_once(settings):
    from schema.schema import GUARD_RULES, GuardRules

    settings.GRAPHQL_INTROSPECTION = True  # off by default in production (and these tests)

    assert tuple(GuardRules().validation_rules) == GUARD_RULES
    assert tuple(GuardRules().validation_rules) == tuple(GuardRules().validation_rules)


def test_graphiql_opens_in_a_browser(client, settings):
    settings.GRAPHIQL_ENABLED = True  # off by default in production (and these tests)
    response = client.get("/graphql", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_queries_via_get(client):
    response = client.get("/graphql", {"query": "{ genres { id } }"})
    assert response.status_code == 200
    assert {"id": "28"} in response.json()["data"]["genres"]


def test_committed_sdl_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(), (
        "schema/schema.graphql is out of date: run `python manage.py export_graphql`"
    )

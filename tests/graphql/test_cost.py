"""GraphQL cost analysis (schema/cost.py): refused before execution over GRAPHQL_MAX_COST, and
counted against the caller's rate limit by cost."""

from __future__ import annotations

import pytest

from schema.cost import document_cost


def codes(result: dict) -> list[str]:
    return [error["extensions"]["code"] for error in result.get("errors", [])]


CARD = "movies { id title duration }"


def aliases(count: int, field: str = "popular(limit: 50)") -> str:
    return "{ " + " ".join(f"a{i}: {field} {{ {CARD} }}" for i in range(count)) + " }"


def test_fifteen_aliases_of_a_fifty_card_page_are_refused_with_no_upstream_call(graphql, fake_tmdb):
    result = graphql(aliases(15))

    assert result["data"] is None
    assert codes(result) == ["QUERY_TOO_COMPLEX"]
    details = result["errors"][0]["extensions"]["details"]
    assert details["cost"] > details["max_cost"]
    assert fake_tmdb.calls() == 0


def test_an_ordinary_home_screen_query_runs(graphql, fake_tmdb):
    result = graphql(
        "{ popular { " + CARD + " } comingSoon { " + CARD + " } trending { " + CARD + " }"
        " genres { id name } }"
    )

    assert "errors" not in result
    assert len(result["data"]["popular"]["movies"]) == 20


def test_variables_count_like_literals(graphql, fake_tmdb, settings):
    settings.GRAPHQL_MAX_COST = 20
    query = (
        "query($l: Int!) { a: popular(limit: $l) { "
        + CARD
        + ' } b: search(q: "x", limit: $l) { '
        + CARD
        + " } }"
    )

    assert codes(graphql(query, {"l": 50})) == ["QUERY_TOO_COMPLEX"]
    assert "errors" not in graphql(query, {"l": 5})


def test_the_costs_by_field():
    from graphql import parse

    def cost(text: str) -> int:
        return document_cost(parse(text), None, None)

    assert cost("{ genres { id } }") == 0
    assert cost("{ popular { movies { id } } }") == 1 + 2  # one TMDb page + the filler's share
    assert cost("{ popular(page: 2, limit: 30) { movies { id } } }") == 2 + 3  # positions 31-60
    assert cost('{ title(id: "550") { title recommendations { id } } }') == 1
    assert cost('{ title(id: "tv-1") { seasons { episodes { id } } } }') == 2
    assert cost('{ search(q: "x") { movies { id } } }') == 8 + 2
    assert cost("fragment F on Query { popular { movies { id } } } { ...F ...F }") == 3


@pytest.mark.django_db
def test_the_cost_counts_against_the_rate_limit(graphql, fake_tmdb, settings):
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 5
    assert "errors" not in graphql(aliases(5))  # cost 40: counts as 4 requests

    assert "errors" not in graphql("{ genres { id } }")  # the fifth
    assert codes(graphql("{ genres { id } }")) == ["RATE_LIMITED"]

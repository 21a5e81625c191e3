"""GraphQL test helpers: POST a query to /graphql over the Django test client."""

from __future__ import annotations

from typing import Any

import pytest


def gql(client: Any, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.post(
        "/graphql",
        {"query": query, "variables": variables or {}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content[:500]
    return response.json()


@pytest.fixture
def graphql(client):
    def run(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return gql(client, query, variables)

    return run


@pytest.fixture(autouse=True)
def _facts_table(request: pytest.FixtureRequest) -> None:
    """List pages read the title-facts table (catalog.facts): every test here may use the
    database (a test that asks for transactional_db keeps it)."""
    if "transactional_db" not in request.fixturenames:
        request.getfixturevalue("db")

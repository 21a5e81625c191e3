"""GraphQL states the same input limits the validators enforce (docs/usecases.md): its
arguments, enums and descriptions come from the declarations, and a value past a limit gets the
validator's own error."""

from __future__ import annotations

import pytest

from catalog.lists import TRENDING_WINDOWS
from catalog.pagination import MAX_LIMIT
from catalog.search import MAX_QUERY_LENGTH
from schema.export import schema_sdl
from schema.types import TrendingWindow


def test_the_trending_enum_is_the_catalogues_windows() -> None:
    assert [window.value for window in TrendingWindow] == list(TRENDING_WINDOWS)


def test_the_documented_bounds_are_the_enforced_ones() -> None:
    sdl = schema_sdl()
    assert f'"""Items per page, 1 to {MAX_LIMIT}."""' in sdl
    assert f'"""1 to {MAX_QUERY_LENGTH} characters."""' in sdl


@pytest.mark.django_db
def test_a_limit_past_the_bound_is_the_validators_error(client) -> None:
    response = client.post(
        "/graphql",
        {"query": f"{{ popular(limit: {MAX_LIMIT + 1}) {{ pagination {{ limit }} }} }}"},
        content_type="application/json",
    )
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "VALIDATION_ERROR"
    assert error["extensions"]["details"] == {"limit": f"must be between 1 and {MAX_LIMIT}"}

"""Helpers for the catalogue tests: raw TMDb answers from the offline server (the truth our
responses are compared with) and request contexts for a chosen viewer."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.http import HttpRequest

from accounts.authentication import resolve_viewer_prefetching
from core.context import RequestContext, Viewer
from tmdb_loaders.loaders import TMDbLoaders


def tmdb(fake: Any, path: str, **params: Any) -> dict[str, Any]:
    """A TMDb answer straight from the offline server (not counted against our calls: tests
    take counts only after reset)."""
    response = fake.get(path, params or None)
    assert response.status == 200, (path, response.status, response.body[:200])
    return response.json()


def tmdb_ids(fake: Any, path: str, pages: range | list[int], **params: Any) -> list[int]:
    ids: list[int] = []
    for page in pages:
        ids.extend(item["id"] for item in tmdb(fake, path, page=page, **params)["results"])
    return ids


def viewer_context(
    *, maturity: str = "all", language: str = "en", user_id: uuid.UUID | None = None
) -> RequestContext:
    """A request context whose caller is already resolved (no token plumbing needed)."""
    viewer = Viewer(
        user_id=user_id,
        session_id=uuid.uuid4() if user_id else None,
        language=language,
        maturity=maturity,
    )
    return RequestContext(HttpRequest(), resolve_viewer_prefetching, TMDbLoaders, _viewer=viewer)


@pytest.fixture
def image_base(settings) -> str:
    return settings.TMDB_IMAGE_BASE_URL


def store_facts(fake: Any, title_ids: list[str]) -> None:
    """Store the facts of these titles (catalog.facts) as the background filler would, read
    from the offline server's details (call ``fake.reset()`` afterwards to count afresh)."""
    from asgiref.sync import async_to_sync

    from catalog import facts

    values = {}
    for title_id in title_ids:
        kind = "tv" if title_id.startswith("tv-") else "movie"
        number = title_id.removeprefix("tv-")
        appends = "content_ratings" if kind == "tv" else "release_dates"
        details = tmdb(fake, f"/{kind}/{number}", append_to_response=appends)
        values[title_id] = facts.facts_from_details(kind, details)
    async_to_sync(facts.store)(values)


@pytest.fixture(autouse=True)
def _facts_table(request: pytest.FixtureRequest) -> None:
    """List pages read the title-facts table (catalog.facts): every test here may use the
    database (a test that asks for transactional_db keeps it)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if not transactional and "transactional_db" not in request.fixturenames:
        request.getfixturevalue("db")

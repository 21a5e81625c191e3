"""Shared fixtures: real PostgreSQL (pytest-django's test database), real Redis under a test key
prefix, and the offline TMDb server over real HTTP (tests.fixtures.fake_tmdb)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers import clear_caches

pytest_plugins = ["tests.fixtures.fake_tmdb", "tests.fixtures.genres"]


@pytest.fixture(autouse=True)
def clean_cache() -> Iterator[None]:
    clear_caches()
    from core.redis_breaker import breaker

    breaker.reset()  # a test that pointed at a dead Redis must not make the next one skip it
    yield


@pytest.fixture(autouse=True)
def tmdb_points_at_fake(request: pytest.FixtureRequest, settings) -> Iterator[None]:
    """Point the TMDb client at the offline server for every test that asks for `fake_tmdb`."""
    if "fake_tmdb" in request.fixturenames:
        server = request.getfixturevalue("fake_tmdb")
        settings.TMDB_API_BASE_URL = server.base_url
    yield

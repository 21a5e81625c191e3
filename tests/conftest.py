"""Shared fixtures: real PostgreSQL (pytest-django's test database), real Redis under a test key
prefix, and the offline TMDb server over real HTTP (tests.fixtures.fake_tmdb)."""

from __future__ import annotations

import contextlib
import contextvars
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
def no_contextvars_leak_between_tests() -> Iterator[None]:
    """Put the main thread's contextvars back as they were before the test.

    ``async_to_sync`` (the sync test client, ``call_command``) copies the contextvars a
    coroutine set back into the calling thread, and pytest-asyncio starts each async test from
    a copy of that thread's context: a request deadline, a background-work flag or a request id
    left behind by one test would otherwise steer the next test of the same worker."""
    before = contextvars.copy_context()
    yield
    for var, value in contextvars.copy_context().items():
        if var in before:
            if before[var] is not value:
                var.set(before[var])
            continue
        with contextlib.suppress(LookupError):  # no default: nothing sensible to put back
            var.set(contextvars.Context().run(var.get))  # back to its default


@pytest.fixture(autouse=True)
def tmdb_points_at_fake(request: pytest.FixtureRequest, settings) -> Iterator[None]:
    """Point the TMDb client at the offline server for every test that asks for `fake_tmdb`."""
    if "fake_tmdb" in request.fixturenames:
        server = request.getfixturevalue("fake_tmdb")
        settings.TMDB_API_BASE_URL = server.base_url
    yield

"""Fixtures for the TMDb layer's tests: fast retries, and no process-wide state between tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tmdb_loaders import client, store


@pytest.fixture(autouse=True)
def forget_process_state() -> Iterator[None]:
    """The Redis breaker, the log throttles and the health memo are per process: reset them."""

    def clear() -> None:
        store._redis_log._last.clear()
        client._auth_log._last.clear()
        client._reachable_at.clear()

    clear()
    yield
    clear()


@pytest.fixture
def fast_retries(settings) -> None:
    """Retries keep their logic but not their real-world delays."""
    settings.TMDB_RETRY_BASE_DELAY = 0.01
    settings.TMDB_RETRY_MAX_DELAY = 2.0
    settings.TMDB_MAX_RETRIES = 2

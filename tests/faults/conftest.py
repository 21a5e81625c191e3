"""Fixtures of the fault suite: a throwaway Redis the tests pause (SIGSTOP) and resume, and the
app pointed at it with the production defaults for timeouts, skip window and session lease."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from catalog.models import Genre
from catalog.tmdb_genres import TMDB_GENRES
from core.ratelimit import memory_limiter
from core.redis_breaker import breaker
from tests.faults.processes import RedisProcess


@pytest.fixture(scope="session")
def redis_process() -> Iterator[RedisProcess]:
    server = RedisProcess().start()
    yield server
    server.stop()


@pytest.fixture
def own_redis(redis_process: RedisProcess, settings: Any) -> Iterator[RedisProcess]:
    """The app on the throwaway Redis, with production timeouts (the suite's are looser)."""
    if redis_process.paused:
        redis_process.resume()
    redis_process.flush()
    settings.REDIS_URL = redis_process.url
    settings.REDIS_ASYNC_SOCKET_TIMEOUT = 0.5
    settings.REDIS_ASYNC_CONNECT_TIMEOUT = 0.5
    settings.REDIS_SKIP_SECONDS = 2.0
    settings.SESSION_CACHE_LEASE = 0.6
    breaker.reset()
    memory_limiter.reset()
    yield redis_process
    if redis_process.paused:
        redis_process.resume()
    breaker.reset()
    memory_limiter.reset()


@pytest.fixture
def genres(django_db_setup: Any, django_db_blocker: Any) -> None:
    Genre.objects.bulk_create(
        [
            Genre(id=gid, name=name, for_movies=movies, for_series=series)
            for gid, name, movies, series in TMDB_GENRES
        ],
        ignore_conflicts=True,
    )


@pytest.fixture(autouse=True)
async def close_async_db_connections() -> AsyncIterator[None]:
    yield
    await sync_to_async(connections.close_all)()

"""The TMDb cache on real Redis: hits, single flight (in and across processes), stale fallback,
negative caching, language in the key, and Redis failures that must not fail requests."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator

import orjson
import pytest
import redis.asyncio as aioredis

from core.redis_async import get_redis, make_key
from tests.tmdb.processes import SecondProcess
from tmdb_loaders import entry, fetch, keys
from tmdb_loaders.errors import TMDbNotFound, TMDbUnavailable

pytestmark = pytest.mark.usefixtures("fast_retries")


async def _stored(key: str) -> tuple[dict | None, int]:
    client = await get_redis()
    assert client is not None
    raw = await client.get(make_key(key))
    return (orjson.loads(raw) if raw else None), await client.pttl(make_key(key))


async def test_a_cache_hit_makes_no_upstream_call(fake_tmdb, settings) -> None:
    first = await fetch.fetch_movie(550, "en")
    second = await fetch.fetch_movie(550, "en")

    assert second == first
    assert fake_tmdb.calls("/3/movie/550") == 1
    stored, pttl = await _stored(keys.movie_key(550, "en"))
    assert stored is not None and stored["data"]["id"] == 550
    assert time.time() - stored["fetched_at"] < 5
    # The entry outlives its freshness by TMDB_STALE_TTL: that is the stale fallback's copy.
    lifetime_ms = (settings.TMDB_CACHE_TTL_DETAIL + settings.TMDB_STALE_TTL) * 1000
    assert lifetime_ms - 5000 < pttl <= lifetime_ms


async def test_what_is_stored_is_trimmed(fake_tmdb) -> None:
    await fetch.fetch_movie(550, "en")

    stored, _ = await _stored(keys.movie_key(550, "en"))
    assert stored is not None
    movie = stored["data"]
    assert set(movie["credits"]) == {"cast"}
    assert 0 < len(movie["credits"]["cast"]) <= 20
    assert len(movie["reviews"]["results"]) <= 10
    assert [e["iso_3166_1"] for e in movie["release_dates"]["results"]] == ["US"]


async def test_100_concurrent_misses_cost_one_upstream_call(fake_tmdb) -> None:
    fake_tmdb.set_faults(latency_ms=300, path_prefix="/3/movie/680")

    movies = await asyncio.gather(*(fetch.fetch_movie(680, "en") for _ in range(100)))

    assert {m["id"] for m in movies} == {680}
    assert fake_tmdb.calls("/3/movie/680") == 1


async def test_two_processes_share_one_upstream_call(fake_tmdb) -> None:
    async with SecondProcess(
        "tests.tmdb.second_process", fake_tmdb.base_url, "603", "en", "20"
    ) as child:
        fake_tmdb.set_faults(latency_ms=800, path_prefix="/3/movie/603")
        child.go()
        mine = await asyncio.gather(*(fetch.fetch_movie(603, "en") for _ in range(20)))
        theirs = await child.output()

    assert json.loads(theirs) == [603] * 20
    assert {m["id"] for m in mine} == {603}
    assert fake_tmdb.calls("/3/movie/603") == 1


async def test_failing_upstream_serves_the_stale_copy(fake_tmdb, settings, caplog) -> None:
    settings.TMDB_CACHE_TTL_DETAIL = 0  # every copy is stale at once, but still stored
    settings.TMDB_SWR_WINDOW = 0  # too old to be served before asking TMDb
    fresh = await fetch.fetch_movie(550, "en")
    fake_tmdb.set_faults(status=503, path_prefix="/3/movie/550")
    caplog.set_level(logging.WARNING, logger="cinemate.tmdb.cache")

    served = await fetch.fetch_movie(550, "en")

    assert served == fresh
    # The first fetch, then one attempt: with a stale copy at hand there is no retry.
    assert fake_tmdb.calls("/3/movie/550") == 1 + 1
    [warning] = [r for r in caplog.records if "stale" in r.getMessage()]
    assert warning.levelno == logging.WARNING
    assert keys.movie_key(550, "en") in warning.getMessage()
    assert "age" in warning.getMessage()

    # Right after a failure the next reader gets the stale copy without asking TMDb again.
    assert await fetch.fetch_movie(550, "en") == fresh
    assert fake_tmdb.calls("/3/movie/550") == 2


async def test_no_stale_copy_means_upstream_unavailable(fake_tmdb) -> None:
    fake_tmdb.set_faults(status=500, path_prefix="/3/movie/550")

    with pytest.raises(TMDbUnavailable):
        await fetch.fetch_movie(550, "en")


async def test_not_found_is_cached_briefly(fake_tmdb) -> None:
    for _ in range(3):
        with pytest.raises(TMDbNotFound):
            await fetch.fetch_movie(987654321, "en")

    assert fake_tmdb.calls("/3/movie/987654321") == 1
    stored, pttl = await _stored(keys.movie_key(987654321, "en"))
    assert stored is not None and stored["missing"] is True
    assert 0 < pttl <= entry.NEGATIVE_TTL * 1000


async def test_language_is_part_of_the_key(fake_tmdb) -> None:
    english = await fetch.fetch_movie(1417, "en")
    spanish = await fetch.fetch_movie(1417, "es")
    await fetch.fetch_movie(1417, "en")
    await fetch.fetch_movie(1417, "es")

    assert english["title"] != spanish["title"]
    assert fake_tmdb.calls("/3/movie/1417") == 2
    assert [r["query"]["language"] for r in fake_tmdb.requests("/3/movie/1417")] == ["en", "es"]


async def test_a_leader_that_never_finishes_does_not_block_others(fake_tmdb, settings) -> None:
    """A lock left by a crashed process: readers wait at most TMDB_SINGLE_FLIGHT_WAIT."""
    settings.TMDB_SINGLE_FLIGHT_WAIT = 0.3
    client = await get_redis()
    assert client is not None
    await client.set(make_key(keys.lock_key(keys.movie_key(550, "en"))), b"dead", px=60_000)

    started = time.monotonic()
    movie = await fetch.fetch_movie(550, "en")

    assert movie["id"] == 550
    assert 0.3 <= time.monotonic() - started < 2.0
    assert fake_tmdb.calls("/3/movie/550") == 1


async def test_a_failed_leader_releases_its_waiters(fake_tmdb) -> None:
    fake_tmdb.set_faults(status=503, latency_ms=200, path_prefix="/3/movie/550")

    started = time.monotonic()
    outcomes = await asyncio.gather(
        *(fetch.fetch_movie(550, "en") for _ in range(10)), return_exceptions=True
    )

    assert all(isinstance(o, TMDbUnavailable) for o in outcomes)
    assert fake_tmdb.calls("/3/movie/550") == 3  # one flight: 1 + 2 retries
    assert time.monotonic() - started < 3.0
    client = await get_redis()
    assert client is not None
    assert await client.get(make_key(keys.lock_key(keys.movie_key(550, "en")))) == b"!failed"


async def test_redis_unreachable_still_serves(fake_tmdb, settings, caplog) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # this test's loop gets a client for it
    caplog.set_level(logging.WARNING, logger="cinemate.tmdb.cache")

    first = await fetch.fetch_movie(550, "en")
    second = await fetch.fetch_movie(550, "en")

    assert first["id"] == second["id"] == 550
    assert fake_tmdb.calls("/3/movie/550") == 2  # no cache, but no failure either
    warnings = [r for r in caplog.records if "Redis unavailable" in r.getMessage()]
    assert len(warnings) == 1  # rate-limited, not one per request


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """A TCP server that accepts connections and never answers (a hung Redis)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


async def test_hung_redis_costs_one_timeout_not_one_per_request(
    fake_tmdb, settings, silent_redis
) -> None:
    settings.REDIS_URL = silent_redis
    settings.REDIS_ASYNC_SOCKET_TIMEOUT = 0.2
    settings.REDIS_ASYNC_CONNECT_TIMEOUT = 0.2

    started = time.monotonic()
    await fetch.fetch_movie(550, "en")
    first = time.monotonic() - started
    started = time.monotonic()
    for _ in range(5):
        await fetch.fetch_movie(550, "en")
    next_five = time.monotonic() - started

    # The first call pays one 0.2 s timeout in each Redis user (cache, rate cap, breaker): ~0.6 s.
    # Had any of them kept trying, the next five would pay 5 x 0.2 = 1 s more; their own
    # work takes a small part of that, leaving a busy machine room.
    assert first < 1.5
    assert next_five < 1.0  # Redis is skipped for a while instead of timing out every time
    assert fake_tmdb.calls("/3/movie/550") == 6


async def test_without_redis_the_local_cache_is_used(fake_tmdb, settings) -> None:
    settings.REDIS_URL = ""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tmdb-tests",
            "KEY_PREFIX": settings.CACHE_KEY_PREFIX,
        }
    }
    fake_tmdb.set_faults(latency_ms=200, path_prefix="/3/movie/550")

    movies = await asyncio.gather(*(fetch.fetch_movie(550, "en") for _ in range(20)))
    again = await fetch.fetch_movie(550, "en")

    assert {m["id"] for m in movies} == {550} and again["id"] == 550
    assert fake_tmdb.calls("/3/movie/550") == 1


async def test_batch_reads_are_one_round_trip(fake_tmdb, monkeypatch) -> None:
    ids = [550, 680, 603, 862, 12]
    await fetch.fetch_many_movies(ids[:2], "en")
    mgets: list[int] = []
    real_mget = aioredis.Redis.mget

    async def counting_mget(self, keys, *args):  # type: ignore[no-untyped-def]
        mgets.append(len(keys))
        return await real_mget(self, keys, *args)

    monkeypatch.setattr(aioredis.Redis, "mget", counting_mget)

    movies = await fetch.fetch_many_movies(ids, "en")

    assert [m["id"] for m in movies] == ids
    assert mgets[0] == 5  # every key in the first (and only batch) read
    assert fake_tmdb.calls() == 5  # 2 earlier + the 3 misses

"""The upstream budget against the offline server's fault knobs: the request deadline, the
retry budget, the shared circuit breaker, stale-while-revalidate and the rate-cap leases.
(Timing targets live in bench/upstream_bench.py; these tests assert outcomes and call counts.)"""

from __future__ import annotations

import asyncio
import logging

import pytest

from core import deadline
from tmdb_loaders import breaker as breaker_module
from tmdb_loaders import cache, client, fetch, keys
from tmdb_loaders.breaker import OPEN, Breaker, breaker
from tmdb_loaders.budget import budget
from tmdb_loaders.errors import TMDbCircuitOpen, TMDbDeadline, TMDbNotFound, TMDbUnavailable

pytestmark = pytest.mark.usefixtures("fast_retries")


async def _settle() -> None:
    """Let background refreshes started by the last read land."""
    for _ in range(100):
        await asyncio.sleep(0.02)
        if not cache._pending and not (await _flights()):
            return


async def _flights() -> dict:
    from core.loop_resources import get_resource

    return await get_resource("tmdb-flights", dict)


# --- the deadline ---------------------------------------------------------------------------
async def test_a_cold_miss_past_the_deadline_is_unavailable_with_retry_after(fake_tmdb) -> None:
    fake_tmdb.set_faults(hang=True, hang_seconds=5, path_prefix="/3/movie/550")

    with deadline.within(0.3), pytest.raises(TMDbDeadline) as caught:
        await fetch.fetch_movie(550, "en")

    assert caught.value.code == "UPSTREAM_UNAVAILABLE"
    assert caught.value.status == 503
    assert int(caught.value.headers["Retry-After"]) >= 1
    assert fake_tmdb.calls("/3/movie/550") == 1  # no retry past the deadline


async def test_a_too_old_copy_is_served_at_the_deadline_when_tmdb_hangs(
    fake_tmdb, settings
) -> None:
    settings.TMDB_CACHE_TTL_DETAIL = 0
    settings.TMDB_SWR_WINDOW = 0  # not served before asking TMDb
    fresh = await fetch.fetch_movie(550, "en")
    fake_tmdb.set_faults(hang=True, hang_seconds=5, path_prefix="/3/movie/550")

    with deadline.within(0.3):
        served = await fetch.fetch_movie(550, "en")

    assert served == fresh
    assert fake_tmdb.calls("/3/movie/550") == 2


async def test_no_retry_when_the_deadline_leaves_no_room(fake_tmdb, settings) -> None:
    settings.TMDB_RETRY_BASE_DELAY = 1.0  # the first backoff does not fit in the deadline
    fake_tmdb.set_faults(status=500, path_prefix="/3/movie/550")

    with deadline.within(0.5), pytest.raises(TMDbUnavailable):
        await fetch.fetch_movie(550, "en")

    assert fake_tmdb.calls("/3/movie/550") == 1


@pytest.mark.django_db
def test_rest_cold_page_past_the_deadline_is_503_with_retry_after(
    client, fake_tmdb, settings
) -> None:
    settings.UPSTREAM_DEADLINE = 0.3
    fake_tmdb.set_faults(hang=True, hang_seconds=5, path_prefix="/3/movie/550")

    response = client.get("/movies/550")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert int(response["Retry-After"]) >= 1


# --- the retry budget -----------------------------------------------------------------------
async def test_retries_stay_within_a_tenth_of_calls(fake_tmdb, settings) -> None:
    settings.TMDB_MAX_RETRIES = 3
    settings.TMDB_BREAKER_THRESHOLD = 1000  # keep the breaker out of this count
    fake_tmdb.set_faults(status=500, path_prefix="/3/movie/")

    for tmdb_id in range(1, 41):
        with pytest.raises(TMDbUnavailable):
            await fetch.fetch_movie(tmdb_id, "en")

    calls = fake_tmdb.calls("/3/movie/")
    # 40 first attempts; retries: the reserve (2) plus a tenth of the calls (4), not 3 x 40.
    assert 40 <= calls <= 40 + 2 + 4
    assert budget.refused > 0


async def test_a_lone_blip_is_still_retried(fake_tmdb) -> None:
    fake_tmdb.set_faults(status=502, count=1, path_prefix="/3/movie/550")

    movie = await fetch.fetch_movie(550, "en")

    assert movie["id"] == 550
    assert fake_tmdb.calls("/3/movie/550") == 2


# --- the circuit breaker --------------------------------------------------------------------
async def _fail_three_movies(fake_tmdb) -> None:
    """TMDb answers 500 for movies; three different titles fail (small_breaker's threshold)."""
    fake_tmdb.set_faults(status=500, path_prefix="/3/movie/")
    for tmdb_id in (1, 2, 3):
        with pytest.raises(TMDbUnavailable):
            await fetch.fetch_movie(tmdb_id, "en")


@pytest.fixture
def small_breaker(settings) -> None:
    """Opens after 3 failures and stays open far longer than any test takes, however busy the
    machine; the tests of the half-open state shorten the period and sleep past it."""
    settings.TMDB_BREAKER_THRESHOLD = 3
    settings.TMDB_BREAKER_OPEN_SECONDS = 30
    settings.TMDB_MAX_RETRIES = 0


@pytest.mark.usefixtures("small_breaker")
async def test_breaker_opens_after_consecutive_failures_and_makes_no_call(fake_tmdb) -> None:
    await _fail_three_movies(fake_tmdb)
    assert breaker.state() == OPEN

    with pytest.raises(TMDbCircuitOpen) as caught:
        await fetch.fetch_movie(4, "en")

    assert fake_tmdb.calls("/3/movie/") == 3  # the fourth never left
    assert 29 <= int(caught.value.headers["Retry-After"]) <= 30  # what is left of the period
    assert TMDbCircuitOpen(retry_after=0.4).headers["Retry-After"] == "1"  # rounded up
    assert breaker.stats.opened == 1


@pytest.mark.usefixtures("small_breaker")
async def test_breaker_serves_stale_while_open(fake_tmdb, settings) -> None:
    settings.TMDB_CACHE_TTL_DETAIL = 0
    settings.TMDB_SWR_WINDOW = 0
    fresh = await fetch.fetch_movie(550, "en")
    await _fail_three_movies(fake_tmdb)

    assert await fetch.fetch_movie(550, "en") == fresh
    assert fake_tmdb.calls("/3/movie/550") == 1  # the stale copy, without asking


@pytest.mark.usefixtures("small_breaker")
async def test_half_open_probe_closes_the_breaker_when_tmdb_is_back(fake_tmdb, settings) -> None:
    settings.TMDB_BREAKER_OPEN_SECONDS = 0.4
    await _fail_three_movies(fake_tmdb)
    fake_tmdb.clear_faults()
    await asyncio.sleep(0.45)
    assert breaker.state() == breaker_module.HALF_OPEN

    movie = await fetch.fetch_movie(550, "en")

    assert movie["id"] == 550
    assert breaker.state() == breaker_module.CLOSED
    assert breaker.stats.probes == 1


@pytest.mark.usefixtures("small_breaker")
async def test_a_failed_probe_opens_the_breaker_again(fake_tmdb, settings) -> None:
    settings.TMDB_BREAKER_OPEN_SECONDS = 0.4
    await _fail_three_movies(fake_tmdb)
    await asyncio.sleep(0.45)
    settings.TMDB_BREAKER_OPEN_SECONDS = 30  # open again, for long enough to be seen

    with pytest.raises(TMDbUnavailable):
        await fetch.fetch_movie(550, "en")  # the probe, failing

    assert breaker.state() == OPEN
    assert fake_tmdb.calls("/3/movie/") == 4


@pytest.mark.usefixtures("small_breaker")
async def test_the_breaker_is_shared_by_processes_through_redis(fake_tmdb) -> None:
    await _fail_three_movies(fake_tmdb)

    other_process = Breaker()  # a fresh process' view: it knows only what Redis says
    with pytest.raises(breaker_module.CircuitOpen):
        await other_process.before_call()


@pytest.mark.usefixtures("small_breaker")
async def test_without_redis_the_breaker_works_per_process(fake_tmdb, settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    await _fail_three_movies(fake_tmdb)

    with pytest.raises(TMDbCircuitOpen):
        await fetch.fetch_movie(4, "en")
    assert fake_tmdb.calls("/3/movie/") == 3


async def test_not_found_does_not_trip_the_breaker(fake_tmdb, settings) -> None:
    settings.TMDB_BREAKER_THRESHOLD = 2
    for tmdb_id in (999_999_991, 999_999_992, 999_999_993):
        with pytest.raises(TMDbNotFound):
            await fetch.fetch_movie(tmdb_id, "en")
    assert breaker.state() == breaker_module.CLOSED


# --- stale-while-revalidate -----------------------------------------------------------------
async def test_an_expired_entry_is_served_at_once_and_refreshed_once(fake_tmdb, settings) -> None:
    settings.TMDB_CACHE_TTL_DETAIL = 0
    fresh = await fetch.fetch_movie(550, "en")
    before = await cache.get(keys.movie_key(550, "en"))
    fake_tmdb.set_faults(latency_ms=300, path_prefix="/3/movie/550")

    served = await asyncio.gather(*(fetch.fetch_movie(550, "en") for _ in range(5)))

    assert all(value == fresh for value in served)
    assert fake_tmdb.calls("/3/movie/550") <= 2  # the first fetch; the refresh may be on its way
    await _settle()
    assert fake_tmdb.calls("/3/movie/550") == 2  # one refresh for five readers
    after = await cache.get(keys.movie_key(550, "en"))
    assert after is not None and before is not None and after.fetched_at > before.fetched_at


async def test_a_failing_refresh_keeps_the_stale_copy(fake_tmdb, settings, caplog) -> None:
    settings.TMDB_CACHE_TTL_DETAIL = 0
    fresh = await fetch.fetch_movie(550, "en")
    fake_tmdb.set_faults(status=500, path_prefix="/3/movie/550")
    caplog.set_level(logging.WARNING, logger="cinemate.tmdb.cache")

    assert await fetch.fetch_movie(550, "en") == fresh
    await _settle()

    assert await fetch.fetch_movie(550, "en") == fresh
    assert fake_tmdb.calls("/3/movie/550") >= 2  # refreshes tried once each, never retried


async def test_hot_lists_refresh_ahead_of_expiry(fake_tmdb, settings) -> None:
    settings.TMDB_REFRESH_AHEAD = 0.0  # every read is "near expiry"
    key = keys.ListKey.of("movie/popular", 1, "en")
    await fetch.fetch_list(key)
    assert fake_tmdb.calls("/3/movie/popular") == 1

    await fetch.fetch_list(key)  # fresh: answered from the cache, renewed behind
    await _settle()

    assert fake_tmdb.calls("/3/movie/popular") == 2


# --- the shared rate cap takes leases -------------------------------------------------------
async def test_the_shared_rate_cap_takes_starts_in_leases(fake_tmdb, monkeypatch) -> None:
    from tmdb_loaders import ratecap

    monkeypatch.setattr(ratecap, "LEASE_SECONDS", 5.0)  # no lease lapses on a busy machine
    _base, state = await client._client_state()
    before = state.limiter.shared_round_trips

    await fetch.fetch_many_movies(range(1, 21), "en")

    trips = state.limiter.shared_round_trips - before
    assert fake_tmdb.calls("/3/movie/") == 20
    assert trips <= 6  # leases of 4 starts, not one Redis round trip per call


async def test_a_job_that_wants_news_is_not_served_a_stale_copy_first(fake_tmdb) -> None:
    import dataclasses

    spec = fetch.movie_spec(550, "en")
    await cache.load(spec)
    before = await cache.get(spec.key)

    news = dataclasses.replace(spec, ttl=0, serve_stale_first=False)  # library.jobs' max_age
    await cache.load(news)

    after = await cache.get(spec.key)
    assert fake_tmdb.calls("/3/movie/550") == 2  # asked TMDb before answering
    assert before is not None and after is not None and after.fetched_at > before.fetched_at


async def test_background_work_never_takes_the_starts_requests_need(fake_tmdb, settings) -> None:
    from tmdb_loaders.ratecap import RateLimiter

    settings.TMDB_MAX_RPS = 10  # background: while the window holds fewer than 5 starts
    limiter = RateLimiter()
    for _ in range(5):
        await asyncio.wait_for(limiter.acquire(background=True), 1)

    with pytest.raises(TimeoutError):  # the sixth background start waits for the window
        await asyncio.wait_for(limiter.acquire(background=True), 0.3)
    for _ in range(5):  # while requests still get theirs at once
        await asyncio.wait_for(limiter.acquire(), 0.3)

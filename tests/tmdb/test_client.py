"""The TMDb HTTP client against the offline server over real HTTP: auth, retries, errors, limits."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from tests.tmdb.processes import SecondProcess
from tmdb_loaders import client, fetch, flight
from tmdb_loaders.errors import TMDbAuthError, TMDbBadRequest, TMDbNotFound, TMDbUnavailable
from tmdb_loaders.keys import ListKey

pytestmark = pytest.mark.usefixtures("fast_retries")


async def test_sends_bearer_token_language_and_appends(fake_tmdb) -> None:
    movie = await fetch.fetch_movie(550, "es")

    assert movie["id"] == 550
    [request] = fake_tmdb.requests("/3/movie/550")
    assert request["auth"] == "Bearer test-token"
    assert request["query"]["language"] == "es"
    assert request["query"]["append_to_response"] == "credits,reviews,recommendations,release_dates"


async def test_429_is_retried_after_retry_after(fake_tmdb) -> None:
    fake_tmdb.set_faults(status=429, retry_after=1, count=1, path_prefix="/3/movie/550")

    started = time.monotonic()
    movie = await fetch.fetch_movie(550, "en")
    elapsed = time.monotonic() - started

    assert movie["id"] == 550
    assert elapsed >= 1.0
    assert fake_tmdb.calls("/3/movie/550") == 2


async def test_retry_after_beyond_the_cap_fails_fast(fake_tmdb, settings) -> None:
    settings.TMDB_RETRY_MAX_DELAY = 0.5
    fake_tmdb.set_faults(status=429, retry_after=30, path_prefix="/3/movie/550")

    started = time.monotonic()
    with pytest.raises(TMDbUnavailable) as caught:
        await fetch.fetch_movie(550, "en")

    assert caught.value.code == "UPSTREAM_UNAVAILABLE"
    assert time.monotonic() - started < 1.0
    assert fake_tmdb.calls("/3/movie/550") == 1


async def test_5xx_is_retried_then_upstream_unavailable(fake_tmdb) -> None:
    fake_tmdb.set_faults(status=503, path_prefix="/3/movie/550")

    with pytest.raises(TMDbUnavailable) as caught:
        await fetch.fetch_movie(550, "en")

    assert caught.value.code == "UPSTREAM_UNAVAILABLE"
    assert caught.value.status == 503
    assert fake_tmdb.calls("/3/movie/550") == 3  # 1 + TMDB_MAX_RETRIES


async def test_a_transient_5xx_is_invisible(fake_tmdb) -> None:
    fake_tmdb.set_faults(status=502, count=1, path_prefix="/3/movie/550")

    movie = await fetch.fetch_movie(550, "en")

    assert movie["title"]
    assert fake_tmdb.calls("/3/movie/550") == 2


async def test_timeout_is_retried_then_upstream_unavailable(fake_tmdb, settings) -> None:
    settings.TMDB_TOTAL_TIMEOUT = 0.3
    settings.TMDB_MAX_RETRIES = 1
    fake_tmdb.set_faults(hang=True, path_prefix="/3/movie/550")

    started = time.monotonic()
    with pytest.raises(TMDbUnavailable) as caught:
        await fetch.fetch_movie(550, "en")

    assert caught.value.code == "UPSTREAM_UNAVAILABLE"
    assert fake_tmdb.calls("/3/movie/550") == 2
    assert time.monotonic() - started < 2.0


async def test_connection_refused_is_upstream_unavailable(settings) -> None:
    settings.TMDB_API_BASE_URL = "http://127.0.0.1:9/3"
    settings.TMDB_MAX_RETRIES = 1

    with pytest.raises(TMDbUnavailable):
        await fetch.fetch_movie(550, "en")


async def test_404_is_not_found_without_retries(fake_tmdb) -> None:
    with pytest.raises(TMDbNotFound) as caught:
        await fetch.fetch_movie(987654321, "en")

    assert caught.value.code == "NOT_FOUND"
    assert caught.value.status == 404
    assert fake_tmdb.calls("/3/movie/987654321") == 1


async def test_malformed_body_is_upstream_unavailable(fake_tmdb) -> None:
    fake_tmdb.set_faults(malformed=True, path_prefix="/3/movie/550")

    with pytest.raises(TMDbUnavailable) as caught:
        await fetch.fetch_movie(550, "en")
    assert caught.value.code == "UPSTREAM_UNAVAILABLE"

    fake_tmdb.clear_faults()
    # For a moment the failure is remembered (no stampede on a failing TMDb)...
    with pytest.raises(TMDbUnavailable):
        await fetch.fetch_movie(550, "en")
    assert fake_tmdb.calls("/3/movie/550") == 1
    # ...but nothing bad was cached: then the next read gets the real title.
    await asyncio.sleep(flight.FAILED_MARK_MS / 1000 + 0.05)
    assert (await fetch.fetch_movie(550, "en"))["id"] == 550
    assert fake_tmdb.calls("/3/movie/550") == 2


async def test_wrong_shape_body_is_upstream_unavailable(fake_tmdb) -> None:
    # /configuration is well-formed JSON, but not a list page (no `results`).
    with pytest.raises(TMDbUnavailable):
        await fetch.fetch_list(ListKey("configuration", 1, "en"))


async def test_rejected_token_is_unavailable_and_logged_for_the_operator(
    fake_tmdb, settings, caplog
) -> None:
    settings.TMDB_ACCESS_TOKEN = ""
    caplog.set_level(logging.ERROR, logger="cinemate.tmdb")

    with pytest.raises(TMDbAuthError) as caught:
        await fetch.fetch_movie(550, "en")

    assert caught.value.code == "UPSTREAM_UNAVAILABLE"
    assert fake_tmdb.calls("/3/movie/550") == 1  # a bad token is not retried
    assert any("check TMDB_ACCESS_TOKEN" in r.getMessage() for r in caplog.records)


async def test_page_past_500_is_a_bad_request_not_retried(fake_tmdb) -> None:
    with pytest.raises(TMDbBadRequest) as caught:
        await fetch.fetch_list(ListKey("movie/popular", 501, "en"))

    assert caught.value.code == "UPSTREAM_UNAVAILABLE"
    assert fake_tmdb.calls("/3/movie/popular") == 1


# The cap counts starts where they are admitted; the fake server stamps them on arrival, which a
# busy machine delays by a varying amount. Windows shortened by this much absorb that delay and
# still catch two processes each keeping a cap of their own (their bursts coincide).
DELIVERY_JITTER = 0.4


def max_in_window(starts: list[float], seconds: float) -> int:
    """The most starts (server clock, sorted) that any window of ``seconds`` holds."""
    return max(sum(1 for t in starts[i:] if t - first < seconds) for i, first in enumerate(starts))


async def test_request_rate_stays_under_the_cap(fake_tmdb, settings) -> None:
    settings.TMDB_MAX_RPS = 10
    keys = [ListKey("discover/movie", page, "en") for page in range(1, 16)]

    started = time.monotonic()
    pages = await fetch.fetch_many_lists(keys)
    elapsed = time.monotonic() - started

    assert all(isinstance(p, dict) for p in pages)
    starts = sorted(r["t"] for r in fake_tmdb.requests("/3/discover/movie"))
    assert len(starts) == 15
    assert elapsed >= 1.0  # 15 requests at 10 per second
    assert max_in_window(starts, 1.0 - DELIVERY_JITTER) <= 10


async def test_two_processes_share_the_rate_cap(fake_tmdb, settings) -> None:
    """Two workers together stay under TMDB_MAX_RPS: the window lives in Redis."""
    settings.TMDB_MAX_RPS = 10
    async with SecondProcess(
        "tests.tmdb.rate_process", fake_tmdb.base_url, "10", "101", "12"
    ) as child:
        child.go()
        keys = [ListKey("discover/movie", page, "en") for page in range(1, 13)]
        mine = await fetch.fetch_many_lists(keys)
        assert await child.output() == "12"

    assert all(isinstance(page, dict) for page in mine)
    starts = sorted(r["t"] for r in fake_tmdb.requests("/3/discover/movie"))
    assert len(starts) == 24  # 12 from each process
    # 24 starts at 10 per second, shared: the 21st is admitted over 2 seconds after the first.
    assert starts[-1] - starts[0] >= 2.0 - DELIVERY_JITTER
    assert max_in_window(starts, 1.0 - DELIVERY_JITTER) <= 10  # two uncapped bursts hold 20


async def test_concurrency_is_bounded(fake_tmdb, settings) -> None:
    settings.TMDB_MAX_CONCURRENCY = 3
    fake_tmdb.set_faults(latency_ms=100)

    pages = await fetch.fetch_many_lists(ListKey("tv/popular", p, "en") for p in range(1, 10))

    assert all(isinstance(p, dict) for p in pages)
    stats = fake_tmdb.stats()
    assert stats["total"] == 9
    assert stats["peak_in_flight"] <= 3


async def test_one_pooled_session_per_loop(fake_tmdb) -> None:
    await fetch.fetch_movie(550, "en")
    _, first = await client._client_state()
    await fetch.fetch_series(1399, "en")
    _, second = await client._client_state()

    assert first is second
    assert not first.session.closed


async def test_check_reachable(fake_tmdb) -> None:
    await client.check_reachable(timeout=2.0)
    await client.check_reachable(timeout=2.0)  # remembered for a few seconds

    assert fake_tmdb.calls("/3/configuration") == 1


async def test_check_reachable_fails_within_its_timeout(fake_tmdb) -> None:
    fake_tmdb.set_faults(hang=True, path_prefix="/3/configuration")

    started = time.monotonic()
    with pytest.raises(TMDbUnavailable):
        await client.check_reachable(timeout=0.3)

    assert time.monotonic() - started < 1.0
    assert fake_tmdb.calls("/3/configuration") == 1  # no retries


async def test_check_reachable_reports_a_dead_upstream(settings) -> None:
    settings.TMDB_API_BASE_URL = "http://127.0.0.1:9/3"

    with pytest.raises(TMDbUnavailable):
        await asyncio.wait_for(client.check_reachable(timeout=1.0), 2.0)

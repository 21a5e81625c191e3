"""The per-request dataloaders: batching, per-key errors, series with seasons, lists, genres."""

from __future__ import annotations

import asyncio

import pytest

from core.redis_async import get_redis, make_key
from tmdb_loaders import keys
from tmdb_loaders.errors import TMDbNotFound, TMDbUnavailable
from tmdb_loaders.loaders import ListKey, TMDbLoaders
from tmdb_offline.catalog import FIXED_IDS, TV_LONG_SEASONS

pytestmark = pytest.mark.usefixtures("fast_retries")
SIX_SEASONS = FIXED_IDS["tv"]
LONG = FIXED_IDS["tv_long"]


async def test_duplicates_in_one_request_cost_one_call(fake_tmdb) -> None:
    loaders = TMDbLoaders()

    first, second = await asyncio.gather(
        loaders.movie.load((550, "en")), loaders.movie.load((550, "en"))
    )
    third = await loaders.movie.load((550, "en"))

    assert first is second is third
    assert fake_tmdb.calls("/3/movie/550") == 1


async def test_a_new_request_is_served_from_the_cache(fake_tmdb) -> None:
    await TMDbLoaders().movie.load((550, "en"))
    movie = await TMDbLoaders().movie.load((550, "en"))

    assert movie["id"] == 550
    assert fake_tmdb.calls() == 1


async def test_one_bad_id_fails_only_its_own_load(fake_tmdb) -> None:
    loaders = TMDbLoaders()

    good, bad, other = await asyncio.gather(
        loaders.movie.load((550, "en")),
        loaders.movie.load((987654321, "en")),
        loaders.movie.load((680, "en")),
        return_exceptions=True,
    )

    assert good["id"] == 550 and other["id"] == 680
    assert isinstance(bad, TMDbNotFound) and bad.code == "NOT_FOUND"


async def test_an_unavailable_title_fails_only_its_own_load(fake_tmdb) -> None:
    fake_tmdb.set_faults(status=503, path_prefix="/3/movie/680")
    loaders = TMDbLoaders()

    good, bad = await asyncio.gather(
        loaders.movie.load((550, "en")), loaders.movie.load((680, "en")), return_exceptions=True
    )

    assert good["id"] == 550
    assert isinstance(bad, TMDbUnavailable) and bad.code == "UPSTREAM_UNAVAILABLE"


async def test_movie_and_series_ids_are_separate(fake_tmdb) -> None:
    loaders = TMDbLoaders()

    movie, series = await asyncio.gather(
        loaders.movie.load((1399, "en")), loaders.series.load((1399, "en"))
    )

    assert movie["title"] != series["name"]
    assert fake_tmdb.calls("/3/movie/1399") == 1 and fake_tmdb.calls("/3/tv/1399") == 1


async def test_series_has_its_appends_but_no_episodes(fake_tmdb) -> None:
    series = await TMDbLoaders().series.load((SIX_SEASONS, "en"))

    assert {"credits", "reviews", "recommendations", "content_ratings"} <= set(series)
    assert "season_details" not in series
    assert not any(k.startswith("season/") for k in series)
    [request] = fake_tmdb.requests(f"/3/tv/{SIX_SEASONS}")
    assert (
        request["query"]["append_to_response"] == "credits,reviews,recommendations,content_ratings"
    )


async def test_series_with_six_seasons_costs_one_call(fake_tmdb) -> None:
    loaders = TMDbLoaders()

    full = await loaders.series_full.load((SIX_SEASONS, "en"))

    assert fake_tmdb.calls(f"/3/tv/{SIX_SEASONS}") == 1
    listed = [s["season_number"] for s in full["seasons"]]
    assert [s["season_number"] for s in full["season_details"]] == sorted(listed)
    assert 0 in listed and max(listed) == 6  # Specials are listed, so they are included
    for season in full["season_details"]:
        assert season["episodes"]
        assert all("crew" not in e and "guest_stars" not in e for e in season["episodes"])

    # series_full primed `series`: in this request and in the cache for the next ones.
    plain = await loaders.series.load((SIX_SEASONS, "en"))
    assert "season_details" not in plain and plain["id"] == SIX_SEASONS
    assert (await TMDbLoaders().series.load((SIX_SEASONS, "en")))["id"] == SIX_SEASONS
    assert fake_tmdb.calls(f"/3/tv/{SIX_SEASONS}") == 1


async def test_series_with_more_than_20_seasons_costs_the_minimum(fake_tmdb) -> None:
    full = await TMDbLoaders().series_full.load((LONG, "en"))

    # 4 appends + 25 seasons (0..24) = 29 appends: two calls of at most 20 is the minimum.
    requests = fake_tmdb.requests(f"/3/tv/{LONG}")
    assert len(requests) == 2
    assert all(len(r["query"]["append_to_response"].split(",")) <= 20 for r in requests)
    numbers = [s["season_number"] for s in full["season_details"]]
    assert numbers == list(range(TV_LONG_SEASONS + 1))


async def test_series_full_is_cached(fake_tmdb) -> None:
    await TMDbLoaders().series_full.load((LONG, "en"))
    again = await TMDbLoaders().series_full.load((LONG, "en"))

    assert len(again["season_details"]) == TV_LONG_SEASONS + 1
    assert fake_tmdb.calls(f"/3/tv/{LONG}") == 2


async def test_list_page_is_tmdb_json_and_params_reach_tmdb(fake_tmdb) -> None:
    key = ListKey.of("search/multi", 1, "en", query="the")

    page = await TMDbLoaders().list_page.load(key)

    assert {"page", "results", "total_pages", "total_results"} <= set(page)
    assert page["page"] == 1
    [request] = fake_tmdb.requests("/3/search/multi")
    assert request["query"] == {"query": "the", "page": "1", "language": "en"}


async def test_list_ttl_depends_on_the_kind(fake_tmdb, settings) -> None:
    settings.TMDB_CACHE_TTL_SEARCH = 100
    settings.TMDB_CACHE_TTL_LIST = 1000
    settings.TMDB_STALE_TTL = 10
    search = ListKey.of("search/movie", 1, "en", query="the")
    popular = ListKey("movie/popular", 1, "en")

    await asyncio.gather(
        TMDbLoaders().list_page.load(search), TMDbLoaders().list_page.load(popular)
    )

    client = await get_redis()
    assert client is not None
    assert 100_000 < await client.pttl(make_key(keys.list_key(search))) <= 110_000
    assert 1_000_000 < await client.pttl(make_key(keys.list_key(popular))) <= 1_010_000


async def test_upcoming_keeps_its_dates(fake_tmdb) -> None:
    page = await TMDbLoaders().list_page.load(ListKey("movie/upcoming", 1, "en"))

    assert "dates" in page


async def test_genres_by_kind_and_language(fake_tmdb) -> None:
    loaders = TMDbLoaders()

    movie_en, tv_en, movie_es = await asyncio.gather(
        loaders.genres.load(("movie", "en")),
        loaders.genres.load(("tv", "en")),
        loaders.genres.load(("movie", "es")),
    )
    again = await TMDbLoaders().genres.load(("movie", "en"))

    assert again == movie_en
    assert all(isinstance(k, int) and isinstance(v, str) for k, v in movie_en.items())
    assert movie_en[28] == "Action" and movie_es[28] != "Action"
    assert 10759 in tv_en  # Action & Adventure, a TV-only genre
    assert fake_tmdb.calls("/3/genre/movie/list") == 2
    assert fake_tmdb.calls("/3/genre/tv/list") == 1


async def test_one_batch_reads_the_cache_once_and_fetches_misses_concurrently(
    fake_tmdb,
) -> None:
    await TMDbLoaders().movie.load((550, "en"))
    fake_tmdb.reset()
    fake_tmdb.set_faults(latency_ms=300)
    ids = [550, 680, 603, 862, 12, 10098]
    loaders = TMDbLoaders()

    loop = asyncio.get_running_loop()
    started = loop.time()
    movies = await asyncio.gather(*(loaders.movie.load((i, "en")) for i in ids))
    elapsed = loop.time() - started

    assert [m["id"] for m in movies] == ids
    assert fake_tmdb.calls() == 5  # 550 was cached
    assert fake_tmdb.stats()["peak_in_flight"] == 5
    assert elapsed < 0.9  # concurrent, not 5 x 300 ms

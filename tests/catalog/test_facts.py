"""Title facts (catalog.facts) and their background filler (catalog.facts_filler): a list page
is one upstream call; what it lacked is filled behind it, bounded; the teen rule on facts."""

from __future__ import annotations

import time

import pytest
from asgiref.sync import async_to_sync

from catalog import facts, facts_filler
from catalog import lists as catalog_lists
from catalog.ids import TitleId
from catalog.models import TitleFacts
from catalog.pagination import Window
from tests.catalog.conftest import store_facts, tmdb, viewer_context
from tmdb_loaders import breaker

TEEN_MOVIE = {"G", "PG", "PG-13"}


@pytest.fixture
async def thread_connections():
    """The async tests' ORM work runs on asgiref's sync thread: close its connection after,
    or the test database cannot be dropped."""
    yield
    from asgiref.sync import sync_to_async
    from django.db import connections

    await sync_to_async(connections.close_all)()


TEEN_ANY = TEEN_MOVIE | {"TV-Y", "TV-Y7", "TV-Y7-FV", "TV-G", "TV-PG", "TV-14"}


def us_cert(fake, entry_id: str) -> str | None:
    kind = "tv" if entry_id.startswith("tv-") else "movie"
    appends = "content_ratings" if kind == "tv" else "release_dates"
    raw = tmdb(fake, f"/{kind}/{entry_id.removeprefix('tv-')}", append_to_response=appends)
    from catalog import maturity

    return maturity.us_certification(raw, kind)


@pytest.mark.django_db(transaction=True)
async def test_a_cold_page_is_filled_behind_and_the_next_one_has_durations(
    async_client, fake_tmdb, settings, thread_connections
):
    settings.TMDB_FACTS_FILL_BATCH = 20

    cold = (await async_client.get("/movies/popular")).json()["data"]["movies"]
    assert fake_tmdb.calls() == 1
    assert all(card["duration"] is None for card in cold)

    await facts_filler.drain()
    assert fake_tmdb.calls("/3/movie/") == 1 + 20  # the filler: each title's details, once
    assert await TitleFacts.objects.acount() == 20

    fake_tmdb.reset()
    warm = (await async_client.get("/movies/popular")).json()["data"]["movies"]
    assert fake_tmdb.calls() == 0  # list page cached; facts from the database
    raw = tmdb(fake_tmdb, f"/movie/{warm[0]['id']}")
    assert warm[0]["duration"] == (raw["runtime"] or None)
    assert [c["id"] for c in warm] == [c["id"] for c in cold]


@pytest.mark.django_db(transaction=True)
async def test_the_filler_is_bounded_per_page(
    async_client, fake_tmdb, settings, thread_connections
):
    settings.TMDB_FACTS_FILL_BATCH = 5

    await async_client.get("/movies/popular")
    await facts_filler.drain()

    assert fake_tmdb.calls("/3/movie/") == 1 + 5
    assert await TitleFacts.objects.acount() == 5


@pytest.mark.django_db(transaction=True)
async def test_the_filler_waits_while_the_breaker_is_open(fake_tmdb, settings, thread_connections):
    settings.TMDB_FACTS_FILL_BATCH = 20
    breaker.breaker._trip(30)

    scheduled = facts_filler.fill_later([TitleId("movie", 550)], "en")
    await facts_filler.drain()

    assert scheduled == 0
    assert fake_tmdb.calls() == 0


@pytest.mark.django_db
def test_facts_for_returns_what_is_stored(fake_tmdb):
    store_facts(fake_tmdb, ["550", "tv-1399"])

    found = async_to_sync(facts.facts_for)(["550", "tv-1399", "12"])

    assert set(found) == {"550", "tv-1399"}  # 12: unknown
    movie = tmdb(fake_tmdb, "/movie/550")
    assert found["550"].duration == movie["runtime"]
    assert found["550"].certification == us_cert(fake_tmdb, "550")
    assert found["550"].genre_ids == tuple(g["id"] for g in movie["genres"])
    assert not found["550"].is_stale()


def test_the_teen_rule_on_facts():
    def of(certification: str | None, adult: bool = False) -> facts.Facts:
        return facts.Facts(90, certification, adult, (), time.time())

    assert facts.allows("teen", of("PG-13"), "movie")
    assert not facts.allows("teen", of("R"), "movie")
    assert not facts.allows("teen", of("NC-17"), "movie")
    assert not facts.allows("teen", of(None), "movie")  # unrated: held back
    assert not facts.allows("teen", None, "movie")  # unknown: held back
    assert facts.allows("teen", of("TV-14"), "tv")
    assert not facts.allows("teen", of("TV-MA"), "tv")
    assert facts.allows("all", None, "movie")
    assert not facts.allows("all", of("PG", adult=True), "movie")
    assert facts.allows("adult", of("PG", adult=True), "movie")


@pytest.mark.django_db
def test_teen_trending_shows_only_titles_of_known_allowed_certification(fake_tmdb):
    everyone = async_to_sync(catalog_lists.trending)(viewer_context(), Window(1, 20), "week")
    ids = [e.id for e in everyone.entries]
    store_facts(fake_tmdb, ids[1:])  # the first one's certification stays unknown
    fake_tmdb.reset()

    teen = async_to_sync(catalog_lists.trending)(
        viewer_context(maturity="teen"), Window(1, 20), "week"
    )

    shown = [e.id for e in teen.entries]
    assert fake_tmdb.calls() == 0  # the list is cached; certifications come from facts
    assert shown, "some trending titles are teen-safe"
    assert ids[0] not in shown
    assert all(us_cert(fake_tmdb, i) in TEEN_ANY for i in shown)
    expected = [i for i in ids[1:] if us_cert(fake_tmdb, i) in TEEN_ANY]
    assert shown == expected


@pytest.mark.django_db
def test_teen_popular_needs_no_facts(fake_tmdb):
    teen = async_to_sync(catalog_lists.popular)(viewer_context(maturity="teen"), Window(1, 20))

    assert len(teen.entries) == 20  # TMDb's certified discover: nothing held back
    assert fake_tmdb.calls() == 1
    assert all(us_cert(fake_tmdb, e.id) in TEEN_MOVIE for e in teen.entries[:5])


@pytest.mark.django_db
def test_warm_catalog_keeps_the_hot_lists_warm(client, fake_tmdb):
    from django.core.management import call_command

    call_command("warm_catalog")
    assert fake_tmdb.calls() == 2 * 6 + 2  # two pages of six hot lists, two genre lists
    fake_tmdb.reset()

    for path in ("/movies/popular", "/movies/coming-soon", "/movies/trending"):
        assert client.get(path, {"limit": 40}).status_code == 200
    assert client.get("/movies/trending", {"window": "week"}).status_code == 200
    assert fake_tmdb.calls() == 0  # every first screen was warm

    call_command("warm_catalog")
    assert fake_tmdb.calls() == 0  # nothing near expiry yet


@pytest.mark.django_db
def test_warm_catalog_leaves_its_callers_upstream_calls_in_front(fake_tmdb):
    """The warm job is background work for the rate cap only while it runs: the thread that
    ran it (a scheduler, a shell) still makes its own upstream calls as requests."""
    from django.core.management import call_command

    from tmdb_loaders import client as tmdb_client

    call_command("warm_catalog")
    assert fake_tmdb.calls() > 0
    assert tmdb_client._background.get() is False

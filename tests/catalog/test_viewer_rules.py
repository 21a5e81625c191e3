"""What depends on the caller: maturity filter, language, is_favorite (decisions.md s3, s6).

The caller is set directly on the request context (resolving tokens is the auth layer's job,
tested there); everything below it - selectors, loaders, TMDb over HTTP, PostgreSQL - is real.
"""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync

import library.selectors as library_selectors
from catalog import lists as catalog_lists
from catalog import maturity
from catalog import search as catalog_search
from catalog import titles as catalog_titles
from catalog.ids import TitleId
from catalog.pagination import Window
from library import cards as viewer_cards
from tests.catalog.conftest import store_facts, tmdb, tmdb_ids, viewer_context

pytestmark = pytest.mark.django_db

TEEN_MOVIE = {"G", "PG", "PG-13"}


def run(coro_fn, *args, **kwargs):
    return async_to_sync(coro_fn)(*args, **kwargs)


def us_cert(fake, entry_id: str) -> str | None:
    if entry_id.startswith("tv-"):
        raw = tmdb(fake, f"/tv/{entry_id[3:]}", append_to_response="content_ratings")
        return maturity.us_certification(raw, "tv")
    raw = tmdb(fake, f"/movie/{entry_id}", append_to_response="release_dates")
    return maturity.us_certification(raw, "movie")


def test_teen_popular_is_an_exact_window_of_certified_titles(fake_tmdb):
    ctx = viewer_context(maturity="teen")
    page = run(catalog_lists.popular, ctx, Window(2, 10))
    expected = tmdb_ids(
        fake_tmdb,
        "/discover/movie",
        [1],
        sort_by="popularity.desc",
        certification_country="US",
        **{"certification.lte": "PG-13"},
    )[10:20]
    assert [e.id for e in page.entries] == [str(i) for i in expected]
    assert len(page.entries) == 10
    assert all(us_cert(fake_tmdb, e.id) in TEEN_MOVIE for e in page.entries)
    anonymous = run(catalog_lists.popular, viewer_context(), Window(1, 20))
    assert any(us_cert(fake_tmdb, e.id) not in TEEN_MOVIE for e in anonymous.entries)


def test_teen_trending_drops_titles_above_pg13_and_tv14(fake_tmdb):
    ctx = viewer_context(maturity="teen")
    page = run(catalog_lists.trending, ctx, Window(1, 20), "week")
    everyone = run(catalog_lists.trending, viewer_context(), Window(1, 20), "week")
    assert len(page.entries) < len(everyone.entries)
    allowed = TEEN_MOVIE | {"TV-Y", "TV-Y7", "TV-G", "TV-PG", "TV-14"}
    assert all(us_cert(fake_tmdb, e.id) in allowed for e in page.entries)
    assert {e.id for e in page.entries} <= {e.id for e in everyone.entries}


def test_adult_titles_only_for_adult_viewers(fake_tmdb):
    q = "Afterhours Confidential"  # adult movie 90001
    for level, visible in (("all", False), ("teen", False), ("adult", True)):
        page = run(catalog_search.search, viewer_context(maturity=level), q, Window(1, 20))
        assert ("90001" in {e.id for e in page.entries}) is visible, level


def test_language_reaches_tmdb_and_the_titles(fake_tmdb):
    ctx = viewer_context(language="es")
    entry = run(catalog_titles.title, ctx, TitleId("movie", 1417))
    assert entry.details["title"] == "El laberinto del relojero"

    async def cards():
        page = await catalog_lists.popular(ctx, Window(1, 5))
        return await viewer_cards.card_dicts(ctx, page.entries, with_details=False)

    es_cards = run(cards)
    requests = fake_tmdb.requests("/3/movie/popular")
    assert requests
    assert all(r["query"].get("language") == "es" for r in requests)
    names = {
        g["id"]: g["name"] for g in tmdb(fake_tmdb, "/genre/movie/list", language="es")["genres"]
    }
    items = tmdb(fake_tmdb, "/movie/popular", language="es")["results"][:5]
    assert [c["genres"] for c in es_cards] == [[names[g] for g in i["genre_ids"]] for i in items]
    assert [c["title"] for c in es_cards] == [i["title"] for i in items]


def test_is_favorite_costs_one_query_per_request_for_any_number_of_lists(
    fake_tmdb, django_user_model, monkeypatch
):
    user = django_user_model.objects.create_user(email="fan@example.com", password="x" * 12)
    popular_ids = [str(i) for i in tmdb_ids(fake_tmdb, "/movie/popular", [1])]
    from library.models import UserFavourite

    UserFavourite.objects.create(user=user, movie_id=popular_ids[1])
    UserFavourite.objects.create(user=user, movie_id="tv-1399")
    queries = []
    real = library_selectors.ordered_favourite_ids  # the per-user cache, else one query

    async def counting(user_id, prefetched=None):
        queries.append(user_id)
        return await real(user_id, prefetched)

    monkeypatch.setattr(library_selectors, "ordered_favourite_ids", counting)
    ctx = viewer_context(user_id=user.id)

    async def two_lists():
        popular = await catalog_lists.popular(ctx, Window(1, 20))
        trending = await catalog_lists.trending(ctx, Window(1, 20), "week")
        return (
            await viewer_cards.card_dicts(ctx, popular.entries, with_details=False),
            await viewer_cards.card_dicts(ctx, trending.entries, with_details=False),
            await viewer_cards.is_favourite(ctx, "tv-1399"),
        )

    popular_cards, _trending_cards, series_favourite = run(two_lists)
    assert [c["id"] for c in popular_cards if c["is_favorite"]] == [popular_ids[1]]
    assert series_favourite is True
    assert len(queries) == 1

    queries.clear()
    anonymous = viewer_context()

    async def anonymous_list():
        page = await catalog_lists.popular(anonymous, Window(1, 20))
        return await viewer_cards.card_dicts(anonymous, page.entries, with_details=False)

    assert not any(c["is_favorite"] for c in run(anonymous_list))
    assert queries == []


def test_cached_card_pages_keep_favourites_and_maturity_per_caller(fake_tmdb, django_user_model):
    from library.models import UserFavourite

    user = django_user_model.objects.create_user(email="fan2@example.com", password="x" * 12)
    first_id = str(tmdb_ids(fake_tmdb, "/movie/popular", [1])[0])
    UserFavourite.objects.create(user=user, movie_id=first_id)
    # A page is cached once its cards are final: every title's facts known.
    store_facts(fake_tmdb, [str(i) for i in tmdb_ids(fake_tmdb, "/movie/popular", [1])])

    async def cards(ctx):
        page = await catalog_lists.popular(ctx, Window(1, 20))
        return page.cards is not None, await viewer_cards.page_cards(ctx, page)

    from_cache, anonymous = run(cards, viewer_context())
    assert not from_cache
    from_cache, anonymous_again = run(cards, viewer_context())
    assert from_cache
    assert anonymous_again == anonymous
    assert not any(c["is_favorite"] for c in anonymous_again)

    from_cache, signed_in = run(cards, viewer_context(user_id=user.id))
    assert from_cache
    assert [c["id"] for c in signed_in if c["is_favorite"]] == [first_id]

    fake_tmdb.reset()
    from_cache, teen = run(cards, viewer_context(maturity="teen"))
    assert not from_cache  # another maturity level is another cache entry
    assert fake_tmdb.calls("/3/discover/movie") == 1
    assert all(us_cert(fake_tmdb, c["id"]) in TEEN_MOVIE for c in teen)

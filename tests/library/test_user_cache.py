"""The per-user cache (library.user_cache): warm signed-in reads make no query, and every write
shows in the very next request."""

from __future__ import annotations

import asyncio

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library import user_cache
from library.models import UserFavourite

pytestmark = pytest.mark.django_db


def favourite_ids(member) -> list[str]:
    response = member.get("/movies/favourites")
    assert response.status_code == 200
    return [m["id"] for m in response.json()["data"]["movies"]]


def test_warm_profile_and_favourites_make_no_query(member, fake_tmdb):
    member.post("/movies/favourites", {"movie_id": "550"})
    assert member.get("/profile").status_code == 200  # fills the caches
    assert favourite_ids(member) == ["550"]

    with CaptureQueriesContext(connection) as queries:
        profile = member.get("/profile")
        favourites = favourite_ids(member)
    assert profile.json()["data"]["user"]["email"] == member.user.email
    assert favourites == ["550"]
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_adding_and_removing_a_favourite_shows_in_the_next_request(member, fake_tmdb):
    assert favourite_ids(member) == []  # cached: "no favourites"
    assert member.get("/movies/550").json()["data"]["movie"]["is_favorite"] is False

    assert member.post("/movies/favourites", {"movie_id": "550"}).status_code == 201
    assert favourite_ids(member) == ["550"]
    assert member.get("/movies/550").json()["data"]["movie"]["is_favorite"] is True
    assert member.post("/movies/favourites", {"movie_id": "tv-1399"}).status_code == 201
    assert favourite_ids(member) == ["tv-1399", "550"]  # newest first

    assert member.delete("/movies/favourites?movie_id=550").status_code == 200
    assert favourite_ids(member) == ["tv-1399"]
    assert member.get("/movies/550").json()["data"]["movie"]["is_favorite"] is False


def test_a_favourite_added_over_graphql_shows_in_rest_at_once(member, fake_tmdb):
    assert favourite_ids(member) == []
    result = member.gql('mutation { addFavourite(movieId: "550") { added } }')
    assert result["data"]["addFavourite"]["added"] is True
    assert favourite_ids(member) == ["550"]
    me = member.gql("{ me { favourites { movies { id isFavorite } } } }")
    assert me["data"]["me"]["favourites"]["movies"] == [{"id": "550", "isFavorite": True}]


def test_a_profile_change_shows_in_the_next_request(member, fake_tmdb):
    before = member.get("/profile").json()["data"]["user"]
    assert before["preferred_language"] == "en"

    changed = member.post("/profile", {"name": "Renamed", "preferred_language": "es"})
    assert changed.status_code == 200
    after = member.get("/profile").json()["data"]["user"]
    assert after["name"] == "Renamed" and after["preferred_language"] == "es"
    gql = member.gql("{ me { profile { name preferredLanguage } } }")
    assert gql["data"]["me"]["profile"] == {"name": "Renamed", "preferredLanguage": "es"}
    # The language applies to the very next list too (Spanish titles from TMDb).
    spanish = member.get("/movies/550").json()["data"]["movie"]
    english = fake_tmdb.get("/movie/550", {"language": "en"}).json()
    assert spanish["title"] != english["title"]


def test_a_reader_that_loaded_before_a_write_cannot_store_the_old_rows(member, fake_tmdb):
    async def race() -> bytes | None:
        user_id = member.user.id
        _, seen = await user_cache.read(user_id, user_cache.FAVOURITES)  # a reader misses...
        await user_cache.invalidate(user_id, user_cache.FAVOURITES)  # ...a write commits...
        await user_cache.fill(user_id, user_cache.FAVOURITES, seen, b"v1:old")  # ...too late
        value, _ = await user_cache.read(user_id, user_cache.FAVOURITES)
        return value

    assert asyncio.run(race()) is None
    UserFavourite.objects.create(user=member.user, movie_id="550")
    # (The row was written behind the services' back: the cache knows nothing of it until
    # its first read, which is a miss, so it is read from the database.)
    assert favourite_ids(member) == ["550"]


def test_warm_personal_lists_read_finished_cards_not_details(member, fake_tmdb, monkeypatch):
    from catalog import card_cache
    from tmdb_loaders import cache as tmdb_cache

    for movie_id in ("550", "tv-1399"):
        assert member.post("/movies/favourites", {"movie_id": movie_id}).status_code == 201
    cold_rest = favourite_ids(member)
    query = "{ me { favourites { movies { id duration genres isFavorite } } } }"
    cold_gql = member.gql(query)["data"]["me"]["favourites"]["movies"]
    recommendations = member.get("/movies/recommendations", limit=5).json()["data"]["movies"]

    loads: list[int] = []
    real = tmdb_cache.load_many

    async def counting(specs):
        loads.append(len(specs))
        return await real(specs)

    monkeypatch.setattr(tmdb_cache, "load_many", counting)
    assert favourite_ids(member) == cold_rest
    assert member.gql(query)["data"]["me"]["favourites"]["movies"] == cold_gql
    again = member.get("/movies/recommendations", limit=5).json()["data"]["movies"]
    assert again == recommendations
    assert loads == []  # no details read (not even from the TMDb cache): cards only
    assert all(card["isFavorite"] and card["duration"] for card in cold_gql)

    # One card per title and language, the same in every list.
    stored = asyncio.run(_stored_card(card_cache.card_key("550", "en")))
    assert stored is not None and stored["is_favorite"] is False  # per caller, applied on read
    listed = member.get("/movies/favourites").json()["data"]["movies"]
    assert {**stored, "is_favorite": True} == next(c for c in listed if c["id"] == "550")


async def _stored_card(key: str):
    import orjson

    from core.redis_async import get_redis, make_key

    client = await get_redis()
    raw = await client.get(make_key(key))
    return None if raw is None else orjson.loads(raw)


def test_warm_favourite_ids_come_with_the_session_state(member, fake_tmdb, monkeypatch):
    """One Redis round trip reads the session state and the favourite ids together
    (accounts.authentication.PREFETCH): the per-user cache then needs no call of its own."""
    member.post("/movies/favourites", {"movie_id": "550"})
    assert favourite_ids(member) == ["550"]  # warm
    own_calls: list[str] = []
    real = user_cache.get_redis

    async def counting():
        own_calls.append("get_redis")
        return await real()

    monkeypatch.setattr(user_cache, "get_redis", counting)
    assert favourite_ids(member) == ["550"]
    popular = member.get("/movies/popular").json()["data"]["movies"]
    assert [c["id"] for c in popular if c["is_favorite"]] == [
        c["id"] for c in popular if c["id"] == "550"
    ]
    assert own_calls == []

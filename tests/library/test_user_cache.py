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
        popular = member.get("/movies/popular")
    assert profile.json()["data"]["user"]["email"] == member.user.email
    assert favourites == ["550"]
    assert popular.status_code == 200
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

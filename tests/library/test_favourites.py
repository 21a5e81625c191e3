"""Favourites over REST: add / list / remove, their rules, their notifications, and what a
page of them costs upstream and in the database."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import TitleWatchState, UserFavourite, UserNotification
from tests.helpers import CARD_KEYS

pytestmark = pytest.mark.django_db


def popular_movie_ids(fake_tmdb, count: int) -> list[str]:
    ids: list[str] = []
    page = 1
    while len(ids) < count:
        body = fake_tmdb.get("/movie/popular", {"page": page}).json()
        ids.extend(str(item["id"]) for item in body["results"])
        page += 1
    return ids[:count]


def test_add_returns_the_card_and_notifies(member, fake_tmdb):
    response = member.post("/movies/favourites", {"movie_id": "550"})

    assert response.status_code == 201
    body = response.json()
    assert body["success"] is True
    assert body["message"] == "Added to favourites"
    card = body["data"]["movie"]
    assert set(card) == set(CARD_KEYS)
    assert card["id"] == "550"
    assert card["title"] == "Midnight Soap Society"
    assert card["is_favorite"] is True
    assert card["is_series"] is False
    assert card["duration"] and card["genres"] == ["Drama", "Thriller"]
    assert list(
        UserFavourite.objects.filter(user=member.user).values_list("movie_id", flat=True)
    ) == ["550"]
    note = UserNotification.objects.get(user=member.user)
    assert note.type == "movie_added"
    assert note.title == "New Movie Added"
    assert note.message == "A new movie 'Midnight Soap Society' has been added to your favorites"
    assert note.image == card["poster"] and note.image.startswith(
        "https://image.tmdb.org/t/p/w500/"
    )
    assert note.movie_id == "550"
    # The baseline for the favourite-updates job is recorded with it.
    assert TitleWatchState.objects.filter(title_id="550", released=True).exists()


def test_adding_twice_is_not_an_error_and_changes_nothing(member, fake_tmdb):
    assert member.post("/movies/favourites", {"movie_id": "tv-1399"}).status_code == 201
    again = member.post("/movies/favourites", {"movie_id": "tv-1399"})

    assert again.status_code == 200
    assert again.json()["message"] == "Already in favourites"
    assert again.json()["data"]["movie"]["is_series"] is True
    assert UserFavourite.objects.filter(user=member.user).count() == 1
    assert UserNotification.objects.filter(user=member.user).count() == 1


def test_movie_and_series_with_the_same_number_are_two_favourites(member, fake_tmdb):
    assert member.post("/movies/favourites", {"movie_id": "1399"}).status_code == 201
    assert member.post("/movies/favourites", {"movie_id": "tv-1399"}).status_code == 201

    titles = {
        m["id"]: m["title"] for m in member.get("/movies/favourites").json()["data"]["movies"]
    }
    assert titles == {"1399": "Harbor of Quiet Lanterns", "tv-1399": "Crowns of the Ashen Realm"}
    series_note = UserNotification.objects.get(user=member.user, movie_id="tv-1399")
    assert series_note.message.startswith("A new series 'Crowns of the Ashen Realm'")


def test_a_title_tmdb_does_not_have_is_404(member, fake_tmdb):
    response = member.post("/movies/favourites", {"movie_id": "999999"})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
    assert fake_tmdb.calls("/3/movie/999999") == 1
    assert not UserFavourite.objects.exists()
    assert not UserNotification.objects.exists()


@pytest.mark.parametrize("movie_id", ["abc", "tv-", "0", "-5", "tv-abc", "550.0", "", None, True])
def test_a_malformed_id_is_400(member, fake_tmdb, movie_id):
    response = member.post("/movies/favourites", {"movie_id": movie_id})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "movie_id" in response.json()["error"]["details"]
    assert fake_tmdb.calls() == 0


def test_a_number_is_accepted_as_a_movie_id(member, fake_tmdb):
    response = member.post("/movies/favourites", {"movie_id": 550})
    assert response.status_code == 201
    assert response.json()["data"]["movie"]["id"] == "550"


def test_malformed_json_is_400(member, fake_tmdb):
    response = member.client.post(
        "/movies/favourites", b"{nope", content_type="application/json", headers=member.auth
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/movies/favourites"),
        ("post", "/movies/favourites"),
        ("delete", "/movies/favourites?movie_id=550"),
    ],
)
def test_anonymous_callers_are_401(client, fake_tmdb, method, path):
    response = getattr(client, method)(path, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


def test_list_is_newest_first_and_paginated_over_the_rows(member, fake_tmdb):
    for movie_id in ("550", "680", "603", "tv-1399", "862"):
        assert member.post("/movies/favourites", {"movie_id": movie_id}).status_code == 201

    first = member.get("/movies/favourites", page=1, limit=2).json()["data"]
    second = member.get("/movies/favourites", page=2, limit=2).json()["data"]
    last = member.get("/movies/favourites", page=3, limit=2).json()["data"]
    beyond = member.get("/movies/favourites", page=4, limit=2).json()["data"]

    assert [m["id"] for m in first["movies"]] == ["862", "tv-1399"]
    assert [m["id"] for m in second["movies"]] == ["603", "680"]
    assert [m["id"] for m in last["movies"]] == ["550"]
    assert beyond["movies"] == []
    assert first["pagination"] == {"page": 1, "limit": 2, "total": 5, "total_pages": 3}
    assert all(m["is_favorite"] for m in first["movies"] + second["movies"] + last["movies"])
    assert all(set(m) == set(CARD_KEYS) for m in first["movies"])


def test_empty_list(member, fake_tmdb):
    body = member.get("/movies/favourites").json()
    assert body == {
        "success": True,
        "data": {
            "movies": [],
            "pagination": {"page": 1, "limit": 20, "total": 0, "total_pages": 0},
        },
    }


@pytest.mark.parametrize("params", [{"page": "0"}, {"limit": "51"}, {"limit": "x"}])
def test_bad_pagination_is_400(member, fake_tmdb, params):
    response = member.get("/movies/favourites", **params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_remove(member, fake_tmdb):
    member.post("/movies/favourites", {"movie_id": "550"})
    member.post("/movies/favourites", {"movie_id": "680"})

    response = member.delete("/movies/favourites?movie_id=550")

    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "message": "Removed from favourites",
        "data": {"movie_id": "550"},
    }
    assert [m["id"] for m in member.get("/movies/favourites").json()["data"]["movies"]] == ["680"]
    again = member.delete("/movies/favourites?movie_id=550")
    assert again.status_code == 404
    assert again.json()["error"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("query", ["", "?movie_id=", "?movie_id=abc"])
def test_remove_without_a_valid_id_is_400(member, fake_tmdb, query):
    response = member.delete(f"/movies/favourites{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_is_favorite_shows_in_catalogue_lists_and_details(member, fake_tmdb):
    popular = member.get("/movies/popular", limit=5).json()["data"]["movies"]
    chosen = popular[1]["id"]
    member.post("/movies/favourites", {"movie_id": chosen})

    again = member.get("/movies/popular", limit=5).json()["data"]["movies"]
    assert {m["id"]: m["is_favorite"] for m in again} == {
        m["id"]: m["id"] == chosen for m in popular
    }
    assert member.get(f"/movies/{chosen}").json()["data"]["movie"]["is_favorite"] is True
    member.delete(f"/movies/favourites?movie_id={chosen}")
    assert member.get(f"/movies/{chosen}").json()["data"]["movie"]["is_favorite"] is False


def test_a_page_of_50_is_one_concurrent_round_upstream_and_nothing_when_warm(member, fake_tmdb):
    ids = popular_movie_ids(fake_tmdb, 50)
    UserFavourite.objects.bulk_create(UserFavourite(user=member.user, movie_id=i) for i in ids)
    member.get("/profile")  # warm the session cache: the measured requests are steady-state
    fake_tmdb.reset()
    fake_tmdb.set_faults(latency_ms=300, path_prefix="/3/movie/")

    started = time.monotonic()
    cold = member.get("/movies/favourites", limit=50)
    elapsed = time.monotonic() - started

    assert cold.status_code == 200
    assert {m["id"] for m in cold.json()["data"]["movies"]} == set(ids)
    stats = fake_tmdb.stats()
    assert fake_tmdb.calls("/3/movie/") == 50  # one details call per title, nothing else
    assert stats["total"] == 50
    assert stats["peak_in_flight"] >= 10  # issued concurrently, not one after the other
    # One after the other would take at least 50 x 0.3 = 15 s; concurrently about 1.4 s
    # (TMDB_MAX_RPS admits 35 at once, the rest a second later), with room for a busy machine.
    assert elapsed < 50 * 0.300 / 2

    fake_tmdb.reset()
    with CaptureQueriesContext(connection) as queries:
        warm = member.get("/movies/favourites", limit=50)
    assert warm.json() == cold.json()
    assert fake_tmdb.calls() == 0
    # The ordered favourite ids come from the per-user cache: no query at all when warm.
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_the_caller_is_checked_before_the_body_is_read(client, fake_tmdb):
    response = client.post("/movies/favourites", b"{nope", content_type="application/json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


def test_favourites_are_not_filtered_by_maturity(make_member, fake_tmdb):
    """A teen profile still sees (and can remove) what it chose: the filter is for discovery."""
    teen = make_member(maturity="teen")
    assert teen.post("/movies/favourites", {"movie_id": "680"}).status_code == 201  # R-rated
    listed = teen.get("/movies/favourites").json()["data"]["movies"]
    assert [m["id"] for m in listed] == ["680"]
    assert teen.delete("/movies/favourites?movie_id=680").status_code == 200

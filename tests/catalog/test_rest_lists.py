"""REST lists: /movies/popular, coming-soon, trending, genres - shapes, windows, errors and
the number of TMDb calls they cost (counted by the offline server)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from tests.catalog.conftest import store_facts, tmdb, tmdb_ids
from tests.helpers import CARD_KEYS

pytestmark = pytest.mark.django_db


def assert_list_envelope(body: dict, *, page: int, limit: int) -> list[dict]:
    assert body["success"] is True
    assert list(body["data"]) == ["movies", "pagination"]
    pagination = body["data"]["pagination"]
    assert (pagination["page"], pagination["limit"]) == (page, limit)
    assert pagination["total_pages"] == math.ceil(pagination["total"] / limit)
    movies = body["data"]["movies"]
    for card in movies:
        assert list(card) == CARD_KEYS
    return movies


def test_popular_page_is_tmdb_popular_with_every_card_field(client, fake_tmdb, image_base):
    response = client.get("/movies/popular")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    movies = assert_list_envelope(response.json(), page=1, limit=20)

    raw = tmdb(fake_tmdb, "/movie/popular", page=1)
    assert [m["id"] for m in movies] == [str(item["id"]) for item in raw["results"]]
    assert response.json()["data"]["pagination"]["total"] == min(raw["total_results"], 10_000)
    first, item = movies[0], raw["results"][0]
    names = {g["id"]: g["name"] for g in tmdb(fake_tmdb, "/genre/movie/list")["genres"]}
    assert first == {
        "id": str(item["id"]),
        "title": item["title"],
        "poster": f"{image_base}/w500{item['poster_path']}" if item["poster_path"] else None,
        "backdrop": f"{image_base}/w500{item['backdrop_path']}" if item["backdrop_path"] else None,
        "synopsis": item["overview"],
        "release_date": item["release_date"] or None,
        "duration": None,  # cold: not known yet (decisions.md section 3), filled behind
        "genres": [names[i] for i in item["genre_ids"]],
        "rating": round(item["vote_average"], 3),
        "is_favorite": False,
        "is_series": False,
    }


def test_known_facts_fill_duration_and_the_page_is_cached(client, fake_tmdb):
    ids = [str(i["id"]) for i in tmdb(fake_tmdb, "/movie/popular", page=1)["results"]]
    store_facts(fake_tmdb, ids)
    fake_tmdb.reset()

    movies = client.get("/movies/popular").json()["data"]["movies"]

    assert fake_tmdb.calls() == 1  # the list page; the facts come from the database
    for card in movies:
        details = tmdb(fake_tmdb, f"/movie/{card['id']}")
        assert card["duration"] == (details["runtime"] or None)
        assert sorted(card["genres"]) == sorted(g["name"] for g in details["genres"])
    fake_tmdb.reset()
    assert client.get("/movies/popular").json()["data"]["movies"] == movies
    assert fake_tmdb.calls() == 0


def test_page_2_limit_50_is_tmdb_positions_51_to_100(client, fake_tmdb):
    response = client.get("/movies/popular", {"page": 2, "limit": 50})
    assert response.status_code == 200
    movies = assert_list_envelope(response.json(), page=2, limit=50)
    expected = tmdb_ids(fake_tmdb, "/movie/popular", range(3, 6))  # positions 41..100
    assert [m["id"] for m in movies] == [str(i) for i in expected[10:60]]
    assert len(movies) == 50


def test_window_inside_a_tmdb_page(client, fake_tmdb):
    response = client.get("/movies/popular", {"page": 3, "limit": 7})
    movies = assert_list_envelope(response.json(), page=3, limit=7)
    expected = tmdb_ids(fake_tmdb, "/movie/popular", [1, 2])[14:21]
    assert [m["id"] for m in movies] == [str(i) for i in expected]


def test_window_past_the_end_is_empty_with_the_real_total(client, fake_tmdb):
    body = client.get("/movies/popular", {"page": 400, "limit": 50}).json()
    assert body["data"]["movies"] == []
    assert body["data"]["pagination"]["total"] == tmdb(fake_tmdb, "/movie/popular")["total_results"]


@pytest.mark.parametrize(
    "query",
    [
        {"page": 0},
        {"page": -1},
        {"page": "abc"},
        {"limit": 0},
        {"limit": 51},
        {"limit": "1.5"},
    ],
)
def test_bad_page_or_limit_is_400(client, fake_tmdb, query):
    response = client.get("/movies/popular", query)
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert fake_tmdb.calls() == 0  # rejected before any upstream work


def test_warm_list_makes_no_tmdb_call(client, fake_tmdb):
    first = client.get("/movies/popular", {"limit": 5})
    assert first.status_code == 200
    assert fake_tmdb.calls() > 0
    fake_tmdb.reset()
    second = client.get("/movies/popular", {"limit": 5})
    assert second.json() == first.json()
    assert fake_tmdb.calls() == 0


def test_cold_page_is_one_list_call(client, fake_tmdb):
    response = client.get("/movies/popular")

    assert response.status_code == 200
    assert fake_tmdb.calls() == 1  # issue 10: the list call alone (was 1 + 20 details)
    assert all(card["duration"] is None for card in response.json()["data"]["movies"])


def test_coming_soon_is_movies_released_today_or_later(client, fake_tmdb):
    response = client.get("/movies/coming-soon", {"limit": 50})
    assert response.status_code == 200
    movies = assert_list_envelope(response.json(), page=1, limit=50)
    assert movies, "the offline catalog has upcoming movies"
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert all(m["release_date"] and m["release_date"] >= today for m in movies)
    assert all(not m["is_series"] for m in movies)
    assert "1100001" in {m["id"] for m in movies}  # "Starfall Protocol", today + 30 days


@pytest.mark.parametrize("window", ["day", "week"])
def test_trending_mixes_movies_and_series_without_people(client, fake_tmdb, window):
    response = client.get("/movies/trending", {"window": window})
    assert response.status_code == 200
    movies = assert_list_envelope(response.json(), page=1, limit=20)
    raw = tmdb(fake_tmdb, f"/trending/all/{window}")
    expected = [
        (f"tv-{i['id']}" if i["media_type"] == "tv" else str(i["id"]))
        for i in raw["results"]
        if i["media_type"] in ("movie", "tv")
    ]
    assert [m["id"] for m in movies] == expected
    assert {m["is_series"] for m in movies} == {True, False}
    series = next(m for m in movies if m["is_series"])
    assert series["id"].startswith("tv-")
    total = response.json()["data"]["pagination"]["total"]
    assert total == min(raw["total_results"], 10_000)


def test_trending_defaults_to_day_and_rejects_other_windows(client, fake_tmdb):
    assert (
        client.get("/movies/trending").json()
        == client.get("/movies/trending", {"window": "day"}).json()
    )
    response = client.get("/movies/trending", {"window": "month"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_genres_come_from_the_genres_table(client, fake_tmdb):
    from catalog.models import Genre

    response = client.get("/movies/genres")
    assert response.status_code == 200
    genres = response.json()["data"]["genres"]
    assert response.json()["success"] is True
    assert {"id": "28", "name": "Action"} in genres
    assert {"id": "10765", "name": "Sci-Fi & Fantasy"} in genres
    assert len(genres) == Genre.objects.count()
    assert all(isinstance(g["id"], str) and list(g) == ["id", "name"] for g in genres)
    assert fake_tmdb.calls() == 0


def test_list_routes_refuse_other_methods(client, fake_tmdb):
    response = client.post("/movies/popular")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"

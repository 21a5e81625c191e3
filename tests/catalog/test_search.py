"""GET /movies/search: by title, by a person's name, by genre name; merged, deduplicated,
best match first; q validated."""

from __future__ import annotations

import pytest

from tests.catalog.conftest import tmdb, tmdb_ids

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    response = client.get("/movies/search", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()["data"]


def test_exact_title_match_comes_first(client, fake_tmdb):
    data = search(client, "Midnight Soap Society")
    assert data["movies"][0]["id"] == "550"
    assert data["movies"][0]["title"] == "Midnight Soap Society"


def test_title_search_finds_movies_and_series(client, fake_tmdb):
    data = search(client, "Crowns of the Ashen Realm")
    assert data["movies"][0]["id"] == "tv-1399"
    assert data["movies"][0]["is_series"] is True


def test_search_by_a_cast_members_name_returns_their_titles(client, fake_tmdb):
    people = tmdb(fake_tmdb, "/search/person", query="Zendaya Quill")["results"]
    known = {
        (f"tv-{i['id']}" if i["media_type"] == "tv" else str(i["id"]))
        for i in people[0]["known_for"]
    }
    assert known
    ids = [m["id"] for m in search(client, "Zendaya Quill")["movies"]]
    assert known <= set(ids)
    assert "8100" not in ids  # the person herself is not a title


def test_search_by_a_genre_name_returns_titles_of_that_genre(client, fake_tmdb):
    movies = tmdb_ids(
        fake_tmdb, "/discover/movie", [1, 2], with_genres=99, sort_by="popularity.desc"
    )
    series = tmdb_ids(fake_tmdb, "/discover/tv", [1], with_genres=99, sort_by="popularity.desc")
    data = search(client, "documentary", limit=50)
    ids = [m["id"] for m in data["movies"]]
    assert set(ids) == {str(i) for i in movies} | {f"tv-{i}" for i in series}
    assert data["pagination"]["total"] == len(ids)
    assert all("Documentary" in m["genres"] for m in data["movies"])
    assert ids.index(str(movies[0])) < ids.index(str(movies[-1]))  # most popular first


def test_results_are_merged_without_duplicates_and_pages_are_stable(client, fake_tmdb):
    everything = search(client, "the", limit=50)
    ids = [m["id"] for m in everything["movies"]]
    assert len(ids) == len(set(ids))
    second = search(client, "the", page=2, limit=10)
    assert [m["id"] for m in second["movies"]] == ids[10:20]
    assert everything["pagination"]["total"] >= len(ids)


@pytest.mark.parametrize("query", [{}, {"q": ""}, {"q": "   "}, {"q": "x" * 101}])
def test_missing_empty_or_too_long_q_is_400(client, fake_tmdb, query):
    response = client.get("/movies/search", query)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "q" in response.json()["error"]["details"]
    assert fake_tmdb.calls() == 0


def test_q_of_100_characters_is_accepted(client, fake_tmdb):
    response = client.get("/movies/search", {"q": "y" * 100})
    assert response.status_code == 200
    assert response.json()["data"]["movies"] == []
    assert response.json()["data"]["pagination"]["total"] == 0


def test_bad_pagination_on_search_is_400(client, fake_tmdb):
    response = client.get("/movies/search", {"q": "the", "limit": 80})
    assert response.status_code == 400


def test_a_cold_search_asks_every_source_at_once(client, fake_tmdb):
    fake_tmdb.set_faults(latency_ms=800)  # long enough to overlap on a busy machine

    response = client.get("/movies/search", {"q": "drama"})

    assert response.status_code == 200
    stats = fake_tmdb.stats()
    calls = sum(stats["by_path"].values())
    # 3 title pages + 1 people page + 2 pages per matching genre kind; no details call.
    assert calls == fake_tmdb.calls("/3/search/") + fake_tmdb.calls("/3/discover/")
    assert calls in (4, 6, 8)
    assert stats["peak_in_flight"] == calls  # one round trip, not first pages then the rest

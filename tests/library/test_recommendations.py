"""GET /movies/recommendations: what it draws on, what it leaves out, maturity and language,
and its per-user cache."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import UserFavourite, UserHistory

pytestmark = pytest.mark.django_db
TEEN_OK = {"G", "PG", "PG-13", "TV-Y", "TV-Y7", "TV-Y7-FV", "TV-G", "TV-PG", "TV-14"}


def recommendations_of(fake_tmdb, path: str) -> set[str]:
    """Our ids of TMDb's recommendations of a title (first page, as the details append)."""
    kind = "tv" if path.startswith("/tv/") else "movie"
    items = fake_tmdb.get(path, {"append_to_response": "recommendations"}).json()
    return {
        (f"tv-{i['id']}" if kind == "tv" else str(i["id"]))
        for i in items["recommendations"]["results"]
    }


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [m["id"] for m in response.json()["data"]["movies"]]


def test_anonymous_is_401(client, fake_tmdb):
    response = client.get("/movies/recommendations")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


def test_draws_on_a_favourites_tmdb_recommendations_without_favourites(member, fake_tmdb):
    from_550 = recommendations_of(fake_tmdb, "/movie/550")
    member.post("/movies/favourites", {"movie_id": "550"})
    member.post("/movies/favourites", {"movie_id": sorted(from_550)[0]})

    response = member.get("/movies/recommendations", limit=50)

    found = ids(response)
    assert found and set(found) <= from_550 | recommendations_of(
        fake_tmdb, f"/movie/{sorted(from_550)[0]}"
    )
    assert "550" not in found and sorted(from_550)[0] not in found
    body = response.json()["data"]
    assert body["pagination"]["total"] == len(found)
    assert all(m["is_favorite"] is False for m in body["movies"])
    assert all(m["duration"] is None or m["duration"] > 0 for m in body["movies"])


def test_titles_recommended_by_several_favourites_come_first(member, fake_tmdb):
    # Two favourites whose TMDb recommendations overlap: the shared titles rank first.
    popular = [str(m["id"]) for m in fake_tmdb.get("/movie/popular").json()["results"]]
    pairs = [
        (
            a,
            b,
            recommendations_of(fake_tmdb, f"/movie/{a}")
            & recommendations_of(fake_tmdb, f"/movie/{b}"),
        )
        for a in popular[:6]
        for b in popular[:6]
        if a < b
    ]
    a, b, shared = max(pairs, key=lambda p: len(p[2]))
    assert shared, "no two popular titles share a recommendation"
    UserFavourite.objects.create(user=member.user, movie_id=a)
    UserFavourite.objects.create(user=member.user, movie_id=b)

    found = ids(member.get("/movies/recommendations", limit=50))

    shared -= {a, b}
    assert set(found[: len(shared)]) == shared


def test_the_ranked_list_is_cached_and_a_new_favourite_invalidates_it(member, fake_tmdb):
    member.post("/movies/favourites", {"movie_id": "550"})
    first = ids(member.get("/movies/recommendations"))
    fake_tmdb.reset()

    with CaptureQueriesContext(connection) as queries:
        again = ids(member.get("/movies/recommendations"))

    assert again == first
    assert fake_tmdb.calls() == 0
    assert not any("user_history" in q["sql"] or "user_genres" in q["sql"] for q in queries)

    added = first[0]
    member.post("/movies/favourites", {"movie_id": added})
    after = ids(member.get("/movies/recommendations", limit=50))
    assert added not in after
    assert set(after) & recommendations_of(fake_tmdb, f"/movie/{added}")


def test_recent_views_count_too(member, fake_tmdb):
    UserHistory.objects.create(user=member.user, movie_id="tv-1399")
    found = ids(member.get("/movies/recommendations", limit=50))
    assert found and set(found) <= recommendations_of(fake_tmdb, "/tv/1399")


def test_a_new_user_gets_their_genres_popular_titles(make_member, fake_tmdb):
    member = make_member(genres=("16",))  # Animation (movies and series)

    found = ids(member.get("/movies/recommendations", limit=10))

    discovers = [r for r in fake_tmdb.requests() if r["path"].startswith("/3/discover/")]
    assert {r["path"] for r in discovers} == {"/3/discover/movie", "/3/discover/tv"}
    assert all(r["query"]["with_genres"] == "16" for r in discovers)
    for title_id in found:
        path = f"/tv/{title_id[3:]}" if title_id.startswith("tv-") else f"/movie/{title_id}"
        assert 16 in [g["id"] for g in fake_tmdb.get(path).json()["genres"]]


def test_a_user_without_any_signal_gets_trending(member, fake_tmdb):
    trending = fake_tmdb.get("/trending/all/day").json()["results"]
    expected = [
        f"tv-{i['id']}" if i["media_type"] == "tv" else str(i["id"])
        for i in trending
        if i["media_type"] in ("movie", "tv")
    ]

    found = ids(member.get("/movies/recommendations", limit=5))

    assert found and set(found) <= set(expected)
    assert fake_tmdb.calls("/3/trending/all/day") >= 1


def _certification(fake_tmdb, title_id: str) -> str | None:
    if title_id.startswith("tv-"):
        ratings = fake_tmdb.get(f"/tv/{title_id[3:]}/content_ratings").json()["results"]
        return next((r["rating"] for r in ratings if r["iso_3166_1"] == "US"), None)
    dates = fake_tmdb.get(f"/movie/{title_id}/release_dates").json()["results"]
    us = [d["certification"] for c in dates if c["iso_3166_1"] == "US" for d in c["release_dates"]]
    return next((c for c in us if c), None)


def test_a_teen_user_gets_no_r_or_nc17_titles(make_member, fake_tmdb):
    teen = make_member(maturity="teen", genres=("80", "53", "10765"))  # crime, thriller, sci-fi
    for title_id in ("680", "10098", "tv-1399"):  # R, NC-17, TV-MA favourites as seeds
        UserFavourite.objects.create(user=teen.user, movie_id=title_id)

    found = ids(teen.get("/movies/recommendations", limit=50))
    adult_view = make_member(genres=("80", "53", "10765"))
    for title_id in ("680", "10098", "tv-1399"):
        UserFavourite.objects.create(user=adult_view.user, movie_id=title_id)
    unfiltered = ids(adult_view.get("/movies/recommendations", limit=50))

    assert found
    certifications = {_certification(fake_tmdb, t) for t in found}
    assert certifications <= TEEN_OK
    assert {_certification(fake_tmdb, t) for t in unfiltered} - TEEN_OK  # the filter did work
    teen_discover = [
        r for r in fake_tmdb.requests("/3/discover/movie") if r["query"].get("certification.lte")
    ]
    assert teen_discover and all(r["query"]["certification.lte"] == "PG-13" for r in teen_discover)


def test_preferred_language_reaches_tmdb(make_member, fake_tmdb):
    member = make_member(language="es", genres=("35",))
    member.get("/movies/recommendations", limit=5)
    languages = {r["query"].get("language") for r in fake_tmdb.requests()}
    assert languages == {"es"}


def test_a_ranking_missing_a_source_is_served_but_not_kept(member, fake_tmdb, settings):
    settings.TMDB_MAX_RETRIES = 0
    UserFavourite.objects.create(user=member.user, movie_id="550")
    fake_tmdb.set_faults(status=503, path_prefix="/3/movie/550")

    during = member.get("/movies/recommendations", limit=50)

    assert during.status_code == 200  # what could be read: here, what is trending
    assert fake_tmdb.calls("/3/trending/all/day") >= 1
    fake_tmdb.clear_faults()
    after = ids(member.get("/movies/recommendations", limit=50))
    assert after and set(after) <= recommendations_of(fake_tmdb, "/movie/550")

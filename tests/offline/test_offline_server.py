"""The offline TMDb server answers like TMDb: shapes against recorded samples, error bodies.

No Django and no database: only the ``fake_tmdb`` fixtures and real HTTP.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.fixtures.fake_tmdb import FakeTMDb
from tests.offline.helpers import MOVIE, TV, all_pages, keys, ok_json, sample
from tmdb_offline.catalog import (
    FIXED_IDS,
)


# --------------------------------------------------------------------------- shapes vs samples
def test_movie_popular_page_and_item_shapes(fake_tmdb: FakeTMDb) -> None:
    ref = sample("jdrouet-tmdb-api/movie-popular.json")
    body = ok_json(fake_tmdb, "/movie/popular")
    assert keys(body) >= keys(ref)
    assert len(body["results"]) == 20
    assert body["total_results"] >= 500 and body["total_pages"] == -(-body["total_results"] // 20)
    for item in body["results"]:
        assert keys(item) >= keys(ref["results"][0])
    pops = [r["popularity"] for r in body["results"]]
    assert pops == sorted(pops, reverse=True)


def test_upcoming_has_dates_and_future_titles(fake_tmdb: FakeTMDb) -> None:
    ref = sample("jdrouet-tmdb-api/movie-upcoming.json")
    body = ok_json(fake_tmdb, "/movie/upcoming")
    assert keys(body) >= keys(ref)
    assert keys(body["dates"]) == keys(ref["dates"]) == {"maximum", "minimum"}
    today = dt.datetime.now(dt.UTC).date().isoformat()
    results = all_pages(fake_tmdb, "/movie/upcoming")
    assert len(results) >= 30
    assert all(r["release_date"] > today for r in results)
    assert FIXED_IDS["movie_upcoming"] in {r["id"] for r in results}


def test_movie_details_with_appends_shapes(fake_tmdb: FakeTMDb) -> None:
    details_ref = sample("jdrouet-tmdb-api/movie-details.json")
    appended_ref = sample("adamayoung-TMDb/movie-details-append-response.json")
    reviews_ref = sample("chiiya-tmdb-php/movie-550-appends-2.json")["reviews"]
    body = ok_json(
        fake_tmdb,
        f"/movie/{MOVIE}",
        append_to_response="credits,reviews,recommendations,release_dates",
    )
    assert keys(body) >= keys(details_ref)
    assert body["id"] == MOVIE and body["title"] == "Midnight Soap Society"
    assert keys(body["genres"][0]) == {"id", "name"}
    assert keys(body["spoken_languages"][0]) >= keys(details_ref["spoken_languages"][0])
    assert keys(body["production_companies"][0]) >= keys(details_ref["production_companies"][0])

    credits = body["credits"]
    assert "id" not in credits  # appended blocks carry no id
    assert keys(credits["cast"][0]) >= keys(appended_ref["credits"]["cast"][0])
    assert keys(credits["crew"][0]) >= keys(appended_ref["credits"]["crew"][0])
    assert [c["order"] for c in credits["cast"]] == list(range(len(credits["cast"])))
    assert FIXED_IDS["person"] in {c["id"] for c in credits["cast"]}

    reviews = body["reviews"]
    assert "id" not in reviews and keys(reviews) >= keys(reviews_ref)
    assert len(reviews["results"]) == reviews["total_results"] == 7
    assert keys(reviews["results"][0]) >= keys(reviews_ref["results"][0])
    assert keys(reviews["results"][0]["author_details"]) >= keys(
        reviews_ref["results"][0]["author_details"]
    )

    recs = body["recommendations"]
    assert keys(recs) >= keys(appended_ref["recommendations"])
    assert recs["total_results"] == 40 and recs["total_pages"] == 2 and len(recs["results"]) == 20
    assert keys(recs["results"][0]) >= keys(appended_ref["recommendations"]["results"][0])
    assert all(r["media_type"] == "movie" for r in recs["results"])
    own_genres = {g["id"] for g in body["genres"]}
    assert all(own_genres & set(r["genre_ids"]) for r in recs["results"])

    release = body["release_dates"]
    assert "id" not in release
    ref_block = appended_ref["release_dates"]["results"][0]
    us = [b for b in release["results"] if b["iso_3166_1"] == "US"]
    assert len(us) == 1 and keys(us[0]) >= keys(ref_block)
    assert keys(us[0]["release_dates"][0]) >= keys(ref_block["release_dates"][0])
    assert next(e["certification"] for e in us[0]["release_dates"] if e["certification"]) == "R"


def test_standalone_movie_subresources(fake_tmdb: FakeTMDb) -> None:
    credits = ok_json(fake_tmdb, f"/movie/{MOVIE}/credits")
    assert (
        keys(credits) >= keys(sample("jdrouet-tmdb-api/movie-credits.json"))
        and credits["id"] == MOVIE
    )
    reviews = ok_json(fake_tmdb, f"/movie/{MOVIE}/reviews")
    assert keys(reviews) >= keys(sample("jdrouet-tmdb-api/movie-reviews.json"))
    recs = ok_json(fake_tmdb, f"/movie/{MOVIE}/recommendations", page=2)
    assert keys(recs) >= keys(sample("jdrouet-tmdb-api/movie-recommendations.json"))
    assert recs["page"] == 2 and len(recs["results"]) == 20
    release = ok_json(fake_tmdb, f"/movie/{MOVIE}/release_dates")
    assert keys(release) >= keys(sample("jdrouet-tmdb-api/movie-release-dates.json"))
    assert fake_tmdb.get(f"/movie/{MOVIE}/no_such_thing").status == 404
    no_reviews = ok_json(fake_tmdb, f"/movie/{FIXED_IDS['movie_no_reviews']}/reviews")
    assert no_reviews["results"] == [] and no_reviews["total_results"] == 0


def test_tv_details_with_season_append_shapes(fake_tmdb: FakeTMDb) -> None:
    ref = sample("jdrouet-tmdb-api/tv-details.json")
    season_ref = sample("jdrouet-tmdb-api/tv-season-details.json")
    ratings_ref = sample("jdrouet-tmdb-api/tv-content-ratings.json")
    body = ok_json(fake_tmdb, f"/tv/{TV}", append_to_response="season/1,content_ratings,credits")
    assert keys(body) >= keys(ref)
    assert body["number_of_seasons"] == 6
    assert [s["season_number"] for s in body["seasons"]] == [0, 1, 2, 3, 4, 5, 6]
    assert body["seasons"][0]["name"] == "Specials"
    assert keys(body["seasons"][1]) >= keys(ref["seasons"][1])
    assert (
        keys(body["networks"][0]) >= keys(ref["networks"][0]) and body["networks"][0]["logo_path"]
    )
    assert keys(body["last_episode_to_air"]) >= keys(ref["last_episode_to_air"])
    assert keys(body["created_by"][0]) >= keys(ref["created_by"][0])

    season = body["season/1"]
    assert keys(season) >= keys(season_ref) and season["_id"] and season["id"]
    assert season["season_number"] == 1 and 4 <= len(season["episodes"]) <= 12
    ep_ref = season_ref["episodes"][0]
    for ep in season["episodes"]:
        assert keys(ep) >= keys(ep_ref)
    assert [e["episode_number"] for e in season["episodes"]] == list(
        range(1, len(season["episodes"]) + 1)
    )

    ratings = body["content_ratings"]
    assert "id" not in ratings and keys(ratings["results"][0]) >= keys(ratings_ref["results"][0])
    assert [r["rating"] for r in ratings["results"] if r["iso_3166_1"] == "US"] == ["TV-MA"]
    assert "id" not in body["credits"] and body["credits"]["cast"]

    standalone = ok_json(fake_tmdb, f"/tv/{TV}/season/1")
    assert standalone == season
    assert fake_tmdb.get(f"/tv/{TV}/season/99").status == 404


def test_search_multi_item_shapes_per_media_type(fake_tmdb: FakeTMDb) -> None:
    ref = sample("jdrouet-tmdb-api/search-multi.json")
    ref_items = {r["media_type"]: r for r in ref["results"]}
    body = ok_json(fake_tmdb, "/search/multi", query="the")
    assert keys(body) >= keys(ref)
    by_type: dict[str, dict[str, Any]] = {}
    for page_items in (
        body["results"],
        *(ok_json(fake_tmdb, "/search/multi", query="the", page=p)["results"] for p in (2, 3)),
    ):
        for item in page_items:
            by_type.setdefault(item["media_type"], item)
    assert {"movie", "tv"} <= set(by_type)
    for media_type in ("movie", "tv"):
        assert keys(by_type[media_type]) >= keys(ref_items[media_type])
    person = ok_json(fake_tmdb, "/search/multi", query="Zendaya Quill")["results"][0]
    assert person["media_type"] == "person" and person["id"] == FIXED_IDS["person"]
    assert {"known_for", "known_for_department", "profile_path", "name", "gender"} <= keys(person)
    assert person["known_for"] and all("media_type" in k for k in person["known_for"])


def test_genre_lists_equal_samples(fake_tmdb: FakeTMDb) -> None:
    for kind in ("movie", "tv"):
        ours = {g["id"]: g["name"] for g in ok_json(fake_tmdb, f"/genre/{kind}/list")["genres"]}
        for source in ("jdrouet-tmdb-api", "chiiya-tmdb-php"):
            theirs = {
                g["id"]: g["name"] for g in sample(f"{source}/genre-{kind}-list.json")["genres"]
            }
            assert ours == theirs
    assert len(ours) == 16


def test_configuration_shape(fake_tmdb: FakeTMDb) -> None:
    ref = sample("chiiya-tmdb-php/configuration.json")
    body = ok_json(fake_tmdb, "/configuration")
    assert keys(body) >= keys(ref)
    assert body["images"] == ref["images"]


def test_error_bodies_match_tmdb(fake_tmdb: FakeTMDb) -> None:
    unauthorized = fake_tmdb.get("/movie/popular", token=None)
    assert unauthorized.status == 401
    assert unauthorized.json() == sample("adamayoung-TMDb/error-status-401.json")
    assert (
        fake_tmdb.get("/movie/popular", {"api_key": "k"}, token=None).status == 200
    )  # TMDb's v3 key
    for path in ("/no/such/path", "/movie/999999999", "/tv/999999999", "/person/1"):
        missing = fake_tmdb.get(path)
        assert missing.status == 404, path
        assert missing.json() == sample("adamayoung-TMDb/error-status-response.json")
    for page in ("501", "0", "abc", "-1"):
        bad = fake_tmdb.get("/movie/popular", {"page": page})
        assert bad.status == 400, page
        assert bad.json() == sample("adamayoung-TMDb/error-status-400.json")
    assert fake_tmdb.get("/movie/popular", {"page": 500}).status == 200
    assert "application/json" in unauthorized.headers["Content-Type"]


def test_trending_all_week_reports_more_than_500_pages(fake_tmdb: FakeTMDb) -> None:
    ref = sample("chiiya-tmdb-php/trending-all-week.json")
    body = ok_json(fake_tmdb, "/trending/all/week")
    assert keys(body) >= keys(ref)
    assert body["total_pages"] == ref["total_pages"] == 1000
    assert {r["media_type"] for r in body["results"]} == {"movie", "tv"}
    assert ok_json(fake_tmdb, "/trending/all/week", page=500)["results"] == []
    assert fake_tmdb.get("/trending/all/week", {"page": 501}).status == 400
    people = ok_json(fake_tmdb, "/trending/person/day")["results"]
    assert people and all(p["media_type"] == "person" for p in people)

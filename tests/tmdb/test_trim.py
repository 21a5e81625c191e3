"""Payload trimming on TMDb-shaped payloads (raw answers of the offline server)."""

from __future__ import annotations

from typing import Any

from tmdb_loaders.trim import appended_seasons, trim_movie, trim_season, trim_series
from tmdb_offline.catalog import FIXED_IDS


def _raw(fake_tmdb, path: str, appends: str) -> dict[str, Any]:
    response = fake_tmdb.get(path, {"append_to_response": appends, "language": "en"})
    assert response.status == 200
    return response.json()


def _person(order: int) -> dict[str, Any]:
    return {
        "id": order,
        "name": f"Person {order}",
        "character": "Someone",
        "order": order,
        "profile_path": None,
        "known_for_department": "Acting",
        "credit_id": "x",
        "popularity": 1.0,
        "gender": 2,
    }


def test_movie_keeps_details_and_only_what_the_api_shows(fake_tmdb) -> None:
    raw = _raw(fake_tmdb, "/movie/550", "credits,reviews,recommendations,release_dates")

    movie = trim_movie(raw)

    for field in ("genres", "runtime", "spoken_languages", "original_language", "poster_path"):
        assert movie[field] == raw[field]
    assert set(movie["credits"]) == {"cast"}
    assert movie["credits"]["cast"][0] == {
        f: raw["credits"]["cast"][0][f]
        for f in ("id", "name", "character", "order", "profile_path", "known_for_department")
    }
    assert movie["recommendations"]["results"] == raw["recommendations"]["results"]
    assert movie["reviews"]["total_results"] == raw["reviews"]["total_results"]
    review = movie["reviews"]["results"][0]
    assert set(review) == {"author", "author_details", "content", "created_at", "id", "url"}
    assert set(review["author_details"]) == {"name", "username", "avatar_path", "rating"}
    countries = {e["iso_3166_1"] for e in movie["release_dates"]["results"]}
    assert "US" in countries and countries <= {"US", *raw.get("origin_country", [])}


def test_cast_is_the_first_20_in_billing_order() -> None:
    raw = {"id": 1, "credits": {"cast": [_person(o) for o in reversed(range(30))], "crew": [{}]}}

    cast = trim_movie(raw)["credits"]["cast"]

    assert [p["order"] for p in cast] == list(range(20))


def test_reviews_are_capped_at_10() -> None:
    reviews = [{"id": str(i), "author": "a", "content": "c"} for i in range(15)]
    raw = {"id": 1, "reviews": {"results": reviews, "total_results": 15}}

    trimmed = trim_movie(raw)["reviews"]

    assert [r["id"] for r in trimmed["results"]] == [str(i) for i in range(10)]
    assert trimmed["total_results"] == 15


def test_certifications_keep_us_and_the_origin_country() -> None:
    raw = {
        "id": 1,
        "origin_country": ["ES"],
        "release_dates": {
            "results": [{"iso_3166_1": c, "release_dates": []} for c in ("DE", "ES", "US", "FR")]
        },
    }

    trimmed = trim_movie(raw)["release_dates"]["results"]

    assert [e["iso_3166_1"] for e in trimmed] == ["ES", "US"]


def test_series_and_its_seasons(fake_tmdb) -> None:
    tv = FIXED_IDS["tv"]
    raw = _raw(
        fake_tmdb, f"/tv/{tv}", "credits,reviews,recommendations,content_ratings,season/1,season/2"
    )

    series = trim_series(raw)
    seasons = appended_seasons(raw)

    assert not any(k.startswith("season/") for k in series)
    assert series["seasons"] == raw["seasons"] and series["networks"] == raw["networks"]
    assert {e["iso_3166_1"] for e in series["content_ratings"]["results"]} >= {"US"}
    assert sorted(seasons) == [1, 2]
    assert seasons[1]["episodes"][0]["name"] == raw["season/1"]["episodes"][0]["name"]


def test_season_episodes_lose_crew_and_guest_stars() -> None:
    season = {"season_number": 1, "episodes": [{"id": 1, "crew": [{}], "guest_stars": [{}]}]}

    assert trim_season(season) == {"season_number": 1, "episodes": [{"id": 1}]}

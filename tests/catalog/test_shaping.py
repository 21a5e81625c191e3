"""Card, details and maturity shaping against real recorded TMDb responses (samples/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from catalog import maturity
from catalog.cards import CARD_FIELDS, card_from_details, card_from_item, duration_of
from catalog.details import cast_of, reviews_of, seasons_of, title_details
from catalog.images import avatar_url
from catalog.languages import language_name

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "tmdb"
IMG = "https://image.tmdb.org/t/p"


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text())


@pytest.fixture(autouse=True)
def image_base(settings) -> None:
    settings.TMDB_IMAGE_BASE_URL = IMG


def test_movie_card_from_a_popular_list_item() -> None:
    item = sample("jdrouet-tmdb-api/movie-popular.json")["results"][0]  # Wonka
    names = {35: "Comedy", 10751: "Family", 14: "Fantasy"}
    card = card_from_item(item, "movie", genre_names=names)
    assert tuple(card) == CARD_FIELDS
    assert card == {
        "id": "787699",
        "title": "Wonka",
        "poster": f"{IMG}/w500/qhb1qOilapbapxWQn9jtRCMwXJF.jpg",
        "backdrop": f"{IMG}/w500/yOm993lsJyPmBodlYjgpPwBjXP9.jpg",
        "synopsis": item["overview"],
        "release_date": "2023-12-06",
        "duration": None,
        "genres": ["Comedy", "Family", "Fantasy"],
        "rating": 7.193,
        "is_favorite": False,
        "is_series": False,
    }


def test_series_card_from_trending_uses_name_first_air_date_and_tv_prefix() -> None:
    item = sample("chiiya-tmdb-php/trending-all-week.json")["results"][0]  # Stranger Things (tv)
    card = card_from_item(item, "tv", genre_names={18: "Drama"}, is_favorite=True)
    assert card["id"] == "tv-66732"
    assert card["title"] == "Stranger Things"
    assert card["release_date"] == "2016-07-15"
    assert card["is_series"] is True
    assert card["is_favorite"] is True
    assert card["genres"] == ["Drama"]  # unknown ids are skipped, not invented


def test_card_from_details_fills_duration_and_genre_names() -> None:
    details = sample("adamayoung-TMDb/movie-details-append-response.json")
    card = card_from_details(details, "movie")
    assert card["id"] == "550"
    assert card["duration"] == 139
    assert card["genres"] == ["Drama"]
    assert card["poster"] is None  # poster_path null -> null, not a broken URL
    assert card["backdrop"] == f"{IMG}/w500/fCayJrkfRaCRCTh8GqN30f8oyQF.jpg"


def test_series_duration_is_the_typical_episode_length() -> None:
    with_runtime = sample("adamayoung-TMDb/tv-series-details-append-response.json")
    assert duration_of(with_runtime, "tv") == 60  # episode_run_time [60]
    empty_runtime = sample("jdrouet-tmdb-api/tv-details.json")  # episode_run_time [] (today's TMDb)
    assert duration_of(empty_runtime, "tv") == 80  # last_episode_to_air.runtime
    assert duration_of({"episode_run_time": []}, "tv") is None


def test_movie_details_shape() -> None:
    details = sample("adamayoung-TMDb/movie-details-append-response.json")
    rec = card_from_item(details["recommendations"]["results"][0], "movie")
    shaped = title_details(details, "movie", is_favorite=True, recommendations=[rec])
    assert list(shaped) == [
        "id", "is_series", "is_favorite", "title", "language", "release_date", "rating",
        "runtime", "network_logo", "backdrop_url", "poster_url", "genres", "synopsis",
        "homepage", "seasons", "cast", "reviews", "recommendations",
    ]  # fmt: skip
    assert shaped["id"] == "550"
    assert shaped["is_series"] is False
    assert shaped["is_favorite"] is True
    assert shaped["title"] == "Fight Club"
    assert shaped["language"] == "English"
    assert shaped["runtime"] == 139
    assert shaped["backdrop_url"] == f"{IMG}/w1280/fCayJrkfRaCRCTh8GqN30f8oyQF.jpg"
    assert shaped["poster_url"] is None
    assert shaped["homepage"] is None
    assert shaped["seasons"] == []
    assert shaped["cast"] == [
        {
            "id": 819,
            "name": "Edward Norton",
            "profile_path": f"{IMG}/w128_and_h128_face/5XBzD5WuTyVQZeS4nbcA3Yoimg.jpg",
            "character": "The Narrator",
            "order": 0,
        }
    ]
    assert shaped["recommendations"][0]["id"] == "680"


def test_series_details_shape_with_network_logo_and_seasons() -> None:
    details = sample("adamayoung-TMDb/tv-series-details-append-response.json")
    season_one = sample("chiiya-tmdb-php/tv-1399-season-1.json")
    details = {**details, "season_details": [season_one]}
    shaped = title_details(details, "tv")
    assert shaped["id"] == "tv-1399"
    assert shaped["is_series"] is True
    assert shaped["runtime"] is None
    assert shaped["release_date"] == "2011-04-17"
    assert shaped["network_logo"] == f"{IMG}/w500/tuomPhY2UtuPTqqFnKMVHvSb724.png"
    assert shaped["genres"][0] == "Sci-Fi & Fantasy"
    [season] = shaped["seasons"]
    assert season["season_number"] == 1
    assert season["poster_path"] == f"{IMG}/w500/zwaj4egrhnXOBIit1tyb4Sbt3KP.jpg"
    assert len(season["episodes"]) == len(season_one["episodes"]) == 10
    first = season["episodes"][0]
    assert set(first) == {
        "id", "name", "overview", "air_date", "episode_number", "runtime", "season_number",
        "still_path", "vote_average",
    }  # fmt: skip
    assert first["episode_number"] == 1
    assert first["still_path"].startswith(f"{IMG}/w500/")


def test_seasons_without_episode_payloads() -> None:
    details = sample("jdrouet-tmdb-api/tv-details.json")
    seasons = seasons_of(details, with_episodes=False)
    assert [s["season_number"] for s in seasons] == list(range(9))  # Specials first, as TMDb
    assert all("episodes" not in s for s in seasons)
    with_missing = seasons_of(details, with_episodes=True)
    assert all(s["episodes"] == [] for s in with_missing)  # listed but not fetched: empty


def test_cast_is_in_billing_order() -> None:
    details = {
        "credits": {
            "cast": [
                {"id": 2, "name": "B", "order": 3, "character": "y", "profile_path": None},
                {"id": 1, "name": "A", "order": 1, "character": "x", "profile_path": "/a.jpg"},
            ]
        }
    }
    assert [m["name"] for m in cast_of(details)] == ["A", "B"]


def test_reviews_with_gravatar_urls_behind_a_slash_and_ratings() -> None:
    details = sample("chiiya-tmdb-php/movie-550-appends-2.json")
    reviews = reviews_of(details)
    assert reviews[0]["author"] == "Goddard"  # author_details.name empty -> author
    assert reviews[0]["avatar"] == (
        "https://www.gravatar.com/avatar/f248ec34f953bc62cafcbdd81fddd6b6.jpg"
    )
    assert reviews[0]["rating"] is None
    assert reviews[1]["author"] == "Brett Pascoe"
    assert reviews[1]["rating"] == 9.0
    recorded = reviews_of({"reviews": sample("jdrouet-tmdb-api/movie-reviews.json")})
    with_avatar = [r for r in recorded if r["avatar"]]
    assert with_avatar[0]["avatar"] == f"{IMG}/w64_and_h64_face/4KVM1VkqmXLOuwj1jjaSdxbvBDk.jpg"
    assert set(recorded[0]) == {"id", "author", "avatar", "rating", "content", "created_at"}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (None, None),
        ("", None),
        ("/https://secure.gravatar.com/avatar/x.jpg", "https://secure.gravatar.com/avatar/x.jpg"),
        ("/http://example.com/a.png", "http://example.com/a.png"),
        ("/abc.jpg", f"{IMG}/w64_and_h64_face/abc.jpg"),
    ],
)
def test_avatar_url(path: str | None, expected: str | None) -> None:
    assert avatar_url(path) == expected


def test_language_names() -> None:
    assert language_name("en") == "English"
    assert language_name("ja") == "Japanese"
    assert language_name("xx") == "No Language"
    assert language_name("qq", [{"iso_639_1": "qq", "english_name": "Made-up"}]) == "Made-up"
    assert language_name("qq") == "qq"
    assert language_name(None) is None


def test_us_certifications_from_recorded_payloads() -> None:
    movie = {"release_dates": sample("jdrouet-tmdb-api/movie-release-dates.json")}
    assert maturity.us_certification(movie, "movie") == "R"
    series = {"content_ratings": sample("jdrouet-tmdb-api/tv-content-ratings.json")}
    assert maturity.us_certification(series, "tv") == "TV-MA"
    assert maturity.us_certification({}, "movie") is None


@pytest.mark.parametrize(
    ("level", "details", "kind", "allowed"),
    [
        ("teen", {"release_dates": {"results": [{"iso_3166_1": "US", "release_dates": [{"certification": "PG-13", "type": 3}]}]}}, "movie", True),
        ("teen", {"release_dates": {"results": [{"iso_3166_1": "US", "release_dates": [{"certification": "R", "type": 3}]}]}}, "movie", False),
        ("teen", {"release_dates": {"results": []}}, "movie", False),  # unrated: left out
        ("teen", {"content_ratings": {"results": [{"iso_3166_1": "US", "rating": "TV-14"}]}}, "tv", True),
        ("teen", {"content_ratings": {"results": [{"iso_3166_1": "US", "rating": "TV-MA"}]}}, "tv", False),
        ("all", {"adult": True}, "movie", False),
        ("all", {"adult": False}, "movie", True),
        ("adult", {"adult": True}, "movie", True),
    ],
)  # fmt: skip
def test_maturity_rule(level: str, details: dict, kind: str, allowed: bool) -> None:
    assert maturity.allows_details(level, details, kind) is allowed

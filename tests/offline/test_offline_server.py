"""The offline TMDb server answers like TMDb (shapes, errors, quirks) and its knobs work.

No Django and no database: only the ``fake_tmdb`` fixtures and real HTTP.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.fixtures.fake_tmdb import FakeTMDb, start_server, stop_server
from tmdb_offline.catalog import (
    ADULT_MOVIE_IDS,
    FIXED_IDS,
    TV_LONG_SEASONS,
    build_catalog,
)
from tmdb_offline.server import OfflineTMDb

# Real recorded TMDb responses, kept in the repo with their sources and licences.
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "tmdb"

MOVIE = FIXED_IDS["movie"]
TV = FIXED_IDS["tv"]


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text())


def keys(obj: dict[str, Any]) -> set[str]:
    return set(obj)


def ok_json(fake: FakeTMDb, path: str, **params: Any) -> Any:
    resp = fake.get(path, params or None)
    assert resp.status == 200, (path, resp.status, resp.body[:300])
    return resp.json()


def all_pages(fake: FakeTMDb, path: str, **params: Any) -> list[dict[str, Any]]:
    first = ok_json(fake, path, **params)
    results = list(first["results"])
    for page in range(2, min(first["total_pages"], 500) + 1):
        results += ok_json(fake, path, page=page, **params)["results"]
    return results


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


# --------------------------------------------------------------------------- catalog behaviour
def test_overlapping_movie_and_tv_ids_are_different_titles(fake_tmdb: FakeTMDb) -> None:
    movie = ok_json(fake_tmdb, f"/movie/{FIXED_IDS['movie_overlap']}")
    tv = ok_json(fake_tmdb, f"/tv/{FIXED_IDS['movie_overlap']}")
    assert movie["id"] == tv["id"] == 1399
    assert (
        movie["title"] == "Harbor of Quiet Lanterns" and tv["name"] == "Crowns of the Ashen Realm"
    )
    assert "name" not in movie and "title" not in tv


def test_search_finds_titles_by_word_and_hides_adult(fake_tmdb: FakeTMDb) -> None:
    found = ok_json(fake_tmdb, "/search/movie", query="lattice")["results"]
    assert found[0]["id"] == FIXED_IDS["movie_pg13"]
    assert ok_json(fake_tmdb, "/search/movie", query="PROTOCOL lattice")["results"][0]["id"] == 603
    assert ok_json(fake_tmdb, "/search/tv", query="ashen")["results"][0]["id"] == TV
    assert (
        ok_json(fake_tmdb, "/search/movie", query="湯屋")["results"][0]["id"]
        == FIXED_IDS["movie_ja"]
    )
    assert (
        ok_json(fake_tmdb, "/search/movie", query="laberinto relojero")["results"][0]["id"] == 1417
    )
    adult_query = {"query": "Afterhours Confidential"}
    assert ok_json(fake_tmdb, "/search/movie", **adult_query)["results"] == []
    shown = ok_json(fake_tmdb, "/search/movie", include_adult="true", **adult_query)["results"]
    assert [r["id"] for r in shown] == [FIXED_IDS["movie_adult"]] and shown[0]["adult"] is True
    empty = ok_json(fake_tmdb, "/search/movie", query="")
    assert empty == {"page": 1, "results": [], "total_pages": 1, "total_results": 0}
    assert (
        ok_json(fake_tmdb, "/search/person", query="zendaya")["results"][0]["id"]
        == FIXED_IDS["person"]
    )


def test_discover_movie_filters(fake_tmdb: FakeTMDb) -> None:
    both = all_pages(fake_tmdb, "/discover/movie", with_genres="16,10751")
    assert both and all({16, 10751} <= set(r["genre_ids"]) for r in both)
    either = all_pages(fake_tmdb, "/discover/movie", with_genres="16|10751")
    assert len(either) > len(both) and all({16, 10751} & set(r["genre_ids"]) for r in either)

    capped = all_pages(
        fake_tmdb, "/discover/movie", certification_country="US", **{"certification.lte": "PG-13"}
    )
    capped_ids = {r["id"] for r in capped}
    assert {FIXED_IDS["movie_pg"], FIXED_IDS["movie_pg13"], FIXED_IDS["movie_g"]} <= capped_ids
    assert not {FIXED_IDS["movie_r"], FIXED_IDS["movie_nc17"], FIXED_IDS["movie"]} & capped_ids
    assert not set(ADULT_MOVIE_IDS) & capped_ids
    for item in capped[:: max(1, len(capped) // 8)]:
        rel = ok_json(fake_tmdb, f"/movie/{item['id']}/release_dates")["results"]
        us = [
            e["certification"]
            for b in rel
            if b["iso_3166_1"] == "US"
            for e in b["release_dates"]
            if e["certification"]
        ]
        assert us[0] in {"G", "PG", "PG-13"}
    exact = all_pages(fake_tmdb, "/discover/movie", certification_country="US", certification="R")
    assert FIXED_IDS["movie_r"] in {r["id"] for r in exact} and FIXED_IDS["movie_pg"] not in {
        r["id"] for r in exact
    }

    with_cast = all_pages(fake_tmdb, "/discover/movie", with_cast=str(FIXED_IDS["person"]))
    assert {MOVIE, FIXED_IDS["movie_overlap"], FIXED_IDS["movie_pg13"]} <= {
        r["id"] for r in with_cast
    }
    for item in with_cast:
        cast = ok_json(fake_tmdb, f"/movie/{item['id']}/credits")["cast"]
        assert FIXED_IDS["person"] in {c["id"] for c in cast}

    spanish = ok_json(fake_tmdb, "/discover/movie", with_original_language="es")["results"]
    assert spanish and all(r["original_language"] == "es" for r in spanish)
    by_votes = ok_json(
        fake_tmdb, "/discover/movie", sort_by="vote_average.desc", **{"vote_count.gte": 200}
    )["results"]
    averages = [r["vote_average"] for r in by_votes]
    assert averages == sorted(averages, reverse=True) and all(
        r["vote_count"] >= 200 for r in by_votes
    )
    newest = ok_json(fake_tmdb, "/discover/movie", sort_by="primary_release_date.desc")["results"]
    dates = [r["release_date"] for r in newest]
    assert dates == sorted(dates, reverse=True) and dates[0] > dt.date.today().isoformat()
    tv = ok_json(fake_tmdb, "/discover/tv", with_genres="10765")["results"]
    assert TV in {r["id"] for r in tv} and all(10765 in r["genre_ids"] for r in tv)


def test_language_param_reaches_the_server(fake_tmdb: FakeTMDb) -> None:
    en = ok_json(fake_tmdb, f"/movie/{MOVIE}")
    es = ok_json(fake_tmdb, f"/movie/{MOVIE}", language="es-ES")
    assert es["title"] == "La sociedad del jabón de medianoche" != en["title"]
    assert es["overview"] != en["overview"] and es["original_title"] == en["original_title"]
    fr = ok_json(fake_tmdb, f"/movie/{MOVIE}", language="fr-FR")
    assert fr["overview"].startswith("[fr] ")
    genres_es = {
        g["id"]: g["name"] for g in ok_json(fake_tmdb, "/genre/movie/list", language="es")["genres"]
    }
    assert genres_es[28] == "Acción"
    popular_es = ok_json(fake_tmdb, "/movie/popular", language="es")["results"]
    popular_en = ok_json(fake_tmdb, "/movie/popular")["results"]
    assert [r["id"] for r in popular_es] == [r["id"] for r in popular_en]
    assert [r["overview"] for r in popular_es] != [r["overview"] for r in popular_en]
    season_es = ok_json(fake_tmdb, f"/tv/{TV}/season/1", language="es")
    assert season_es["name"] == "Temporada 1"


def test_long_series_needs_append_chunks_of_20(fake_tmdb: FakeTMDb) -> None:
    tv_id = FIXED_IDS["tv_long"]
    details = ok_json(fake_tmdb, f"/tv/{tv_id}")
    assert details["number_of_seasons"] == TV_LONG_SEASONS > 20
    seasons = [f"season/{n}" for n in range(1, TV_LONG_SEASONS + 1)]
    too_many = fake_tmdb.get(f"/tv/{tv_id}", {"append_to_response": ",".join(seasons)})
    assert too_many.status == 400 and too_many.json()["status_code"] == 27
    got: dict[str, Any] = {}
    for chunk in (seasons[:20], seasons[20:]):
        body = ok_json(fake_tmdb, f"/tv/{tv_id}", append_to_response=",".join(chunk))
        got.update({k: v for k, v in body.items() if k.startswith("season/")})
    assert sorted(got, key=lambda k: int(k.split("/")[1])) == seasons
    assert all(got[f"season/{n}"]["season_number"] == n for n in range(1, TV_LONG_SEASONS + 1))
    six = ok_json(fake_tmdb, f"/tv/{TV}", append_to_response="season/1,season/6,season/7")
    assert "season/6" in six and "season/7" not in six


def test_person_details_with_credits(fake_tmdb: FakeTMDb) -> None:
    body = ok_json(
        fake_tmdb, f"/person/{FIXED_IDS['person']}", append_to_response="movie_credits,tv_credits"
    )
    assert body["name"] == "Zendaya Quill" and body["known_for_department"] == "Acting"
    assert MOVIE in {c["id"] for c in body["movie_credits"]["cast"]}
    assert TV in {c["id"] for c in body["tv_credits"]["cast"]}
    assert "id" not in body["movie_credits"]
    assert all("character" in c for c in body["movie_credits"]["cast"])


# --------------------------------------------------------------------------- determinism
DETERMINISM_PATHS: list[tuple[str, dict[str, str]]] = [
    ("/movie/popular", {"page": "3"}),
    (
        f"/movie/{MOVIE}",
        {
            "append_to_response": "credits,reviews,recommendations,release_dates,videos,images,keywords,similar"
        },
    ),
    (
        f"/tv/{TV}",
        {
            "append_to_response": "season/1,season/0,credits,aggregate_credits,content_ratings,reviews"
        },
    ),
    ("/search/multi", {"query": "night", "language": "es"}),
    ("/discover/movie", {"with_genres": "18", "sort_by": "vote_count.desc", "page": "2"}),
    ("/trending/all/day", {}),
    (f"/person/{FIXED_IDS['person']}", {"append_to_response": "combined_credits"}),
]


def test_two_catalog_builds_are_identical_and_fast() -> None:
    start = time.process_time()  # CPU time: robust to other processes loading the machine
    first = OfflineTMDb(build_catalog(7, "2026-01-15"))
    elapsed = time.process_time() - start
    second = OfflineTMDb(build_catalog(7, "2026-01-15"))
    for path, params in DETERMINISM_PATHS:
        assert first.handle(path, params) == second.handle(path, params), path
    other = OfflineTMDb(build_catalog(8, "2026-01-15"))
    assert other.handle("/movie/popular", {}) != first.handle("/movie/popular", {})
    assert elapsed < 1.5  # ~0.4 s on a quiet machine; slack for slow CI runners


def test_two_server_processes_serve_identical_json(fake_tmdb: FakeTMDb, tmp_path: Path) -> None:
    info = fake_tmdb.catalog()
    second = start_server(
        tmp_path / "second.log", ["--seed", str(info["seed"]), "--today", info["today"]]
    )
    try:
        for path, params in DETERMINISM_PATHS:
            a, b = fake_tmdb.get(path, params), second.get(path, params)
            assert a.status == b.status == 200
            assert a.body == b.body, path
    finally:
        assert second.process is not None
        stop_server(second.process)
    local = OfflineTMDb(build_catalog(info["seed"], info["today"]))
    assert (
        local.handle("/movie/popular", {"page": "2"})[1]
        == fake_tmdb.get("/movie/popular", {"page": 2}).body
    )


def test_another_process_hits_the_same_server(fake_tmdb: FakeTMDb) -> None:
    code = (
        "import sys, urllib.request\n"
        "req = urllib.request.Request(sys.argv[1], headers={'Authorization': 'Bearer other'})\n"
        "print(urllib.request.urlopen(req, timeout=10).status)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, f"{fake_tmdb.base_url}/movie/{MOVIE}"],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "200"
    assert fake_tmdb.calls(f"/movie/{MOVIE}") == 1
    assert fake_tmdb.requests(f"/3/movie/{MOVIE}")[0]["auth"] == "Bearer other"


# --------------------------------------------------------------------------- knobs and counters
def test_stats_count_every_request(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.get("/movie/popular")
    fake_tmdb.get("/movie/popular", {"page": 2, "language": "es"})
    fake_tmdb.get("/movie/popular", token=None)
    fake_tmdb.get("/nope")
    stats = fake_tmdb.stats()
    assert stats["total"] == 4 and stats["ok"] == 2 and stats["errors"] == 2
    assert stats["by_path"] == {"/3/movie/popular": 3, "/3/nope": 1}
    assert stats["by_status"] == {"200": 2, "401": 1, "404": 1}
    assert stats["requests"][1]["query"] == {"page": "2", "language": "es"}
    assert (
        stats["requests"][0]["auth"].startswith("Bearer ") and stats["requests"][2]["auth"] is None
    )
    assert stats["in_flight"] == 0 and stats["peak_in_flight"] == 1
    assert fake_tmdb.calls("/movie") == 3 and fake_tmdb.calls() == 4
    fake_tmdb.reset()
    assert fake_tmdb.stats()["total"] == 0 and fake_tmdb.stats()["requests"] == []


def test_latency_fault(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(latency_ms=250)
    slow = fake_tmdb.get("/genre/movie/list")
    assert slow.status == 200 and slow.elapsed >= 0.25
    fake_tmdb.clear_faults()
    assert fake_tmdb.get("/genre/movie/list").status == 200
    stats = fake_tmdb.stats()
    assert stats["ok"] == 2 and stats["faulted"] == 0  # latency alone is not a failure
    assert stats["faults"] is None


def test_status_fault_with_count_then_clears(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(status=503, count=2)
    first, second, third = (fake_tmdb.get("/movie/popular") for _ in range(3))
    assert first.status == second.status == 503
    assert first.json() == {
        "success": False,
        "status_code": 9,
        "status_message": "Service offline: This service is temporarily offline, try again later.",
    }
    assert third.status == 200
    stats = fake_tmdb.stats()
    assert stats["total"] == 3 and stats["by_path"]["/3/movie/popular"] == 3
    assert stats["faulted"] == 2 and stats["ok"] == 1 and stats["faults"] is None


def test_error_rate_and_path_prefix(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(status=500, error_rate=0.5, path_prefix="/3/movie/popular")
    statuses = [fake_tmdb.get("/movie/popular").status for _ in range(4)]
    assert statuses == [500, 200, 500, 200]
    assert fake_tmdb.get("/tv/popular").status == 200
    fake_tmdb.set_faults(status=500, path_prefix="/tv/")  # a prefix without /3 matches too
    assert fake_tmdb.get("/tv/popular").status == 500
    assert fake_tmdb.get("/movie/popular").status == 200


def test_429_with_retry_after(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(status=429, retry_after=1, count=1)
    limited = fake_tmdb.get("/movie/popular")
    assert limited.status == 429 and limited.headers["Retry-After"] == "1"
    assert limited.json()["status_code"] == 25
    assert fake_tmdb.get("/movie/popular").status == 200


def test_malformed_body(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(malformed=True, count=1)
    broken = fake_tmdb.get("/movie/popular")
    assert broken.status == 200 and broken.body.startswith(b"{")
    with pytest.raises(json.JSONDecodeError):
        broken.json()
    assert fake_tmdb.stats()["faulted"] == 1 and fake_tmdb.stats()["ok"] == 0
    assert fake_tmdb.get("/movie/popular").json()["page"] == 1


def test_hang_until_client_timeout(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(hang=True, path_prefix="/3/movie/upcoming")
    start = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        fake_tmdb.get("/movie/upcoming", timeout=0.4)
    assert 0.35 <= time.monotonic() - start < 3
    assert fake_tmdb.get("/movie/popular").status == 200  # other paths unaffected
    assert fake_tmdb.calls("/movie/upcoming") == 1
    fake_tmdb.reset()
    assert fake_tmdb.stats()["in_flight"] == 0
    assert fake_tmdb.get("/movie/upcoming").status == 200


def test_peak_in_flight_and_exact_counters_under_concurrency(fake_tmdb: FakeTMDb) -> None:
    async def burst(n: int, path: str) -> list[int]:
        headers = {"Authorization": "Bearer t"}
        async with aiohttp.ClientSession(headers=headers) as session:

            async def one(i: int) -> int:
                async with session.get(
                    f"{fake_tmdb.base_url}{path}", params={"page": str(i % 5 + 1)}
                ) as r:
                    await r.read()
                    return r.status

            return await asyncio.gather(*(one(i) for i in range(n)))

    fake_tmdb.set_faults(latency_ms=400)
    assert asyncio.run(burst(8, "/movie/popular")) == [200] * 8
    stats = fake_tmdb.stats()
    assert stats["peak_in_flight"] == 8 and stats["in_flight"] == 0 and stats["total"] == 8

    fake_tmdb.reset()
    statuses = asyncio.run(burst(120, "/movie/top_rated"))
    assert statuses == [200] * 120
    stats = fake_tmdb.stats()
    assert stats["total"] == stats["ok"] == stats["by_path"]["/3/movie/top_rated"] == 120
    assert 1 <= stats["peak_in_flight"] <= 120


def test_control_rejects_unknown_fault_keys(fake_tmdb: FakeTMDb) -> None:
    with pytest.raises(RuntimeError, match="unknown fault keys"):
        fake_tmdb.set_faults(latncy_ms=10)
    assert fake_tmdb.stats()["faults"] is None

"""The offline TMDb's catalogue behaves like TMDb's (ids, search, discover, languages, long
series, people) and is deterministic across builds and processes.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.fixtures.fake_tmdb import FakeTMDb, start_server, stop_server
from tests.offline.helpers import MOVIE, TV, all_pages, ok_json
from tmdb_offline.catalog import (
    ADULT_MOVIE_IDS,
    FIXED_IDS,
    TV_LONG_SEASONS,
    build_catalog,
)
from tmdb_offline.server import OfflineTMDb


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

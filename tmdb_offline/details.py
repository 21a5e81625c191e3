"""The offline TMDb's details endpoints: movies, series, seasons, episodes, people (a mixin
of tmdb_offline.api.OfflineTMDb)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tmdb_offline.catalog import (
    Movie,
    Series,
    normalize_language,
)
from tmdb_offline.errors import ApiError
from tmdb_offline.query import _page


class DetailEndpoints:
    """/movie/{id}, /tv/{id}, seasons, episodes and /person/{id} (mixed into OfflineTMDb)."""

    # ---- movie details
    def _movie(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        movie = self._movie_obj(m.group(1))
        lang = normalize_language(q.get("language"))
        appends = self._appends(q)
        body = dict(self.cat.movie_details(movie, lang))
        for name in appends:
            block = self._movie_sub(movie, name, lang, 1)
            if block is not None:
                block.pop("id", None)
                body[name] = block
        return body

    def _movie_sub_route(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        movie = self._movie_obj(m.group(1))
        block = self._movie_sub(movie, m.group(2), normalize_language(q.get("language")), _page(q))
        if block is None:
            raise ApiError(34)
        return block

    def _movie_sub(self, movie: Movie, name: str, lang: str, page: int) -> dict[str, Any] | None:
        cat = self.cat
        if name == "credits":
            return {"id": movie.id, **cat.movie_credits(movie)}
        if name == "reviews":
            return {"id": movie.id, **self._paged(movie.reviews, page, lambda r: r, empty_pages=0)}
        if name in ("recommendations", "similar"):
            ids = (
                cat.recommendations("movie", movie.id)
                if name == "recommendations"
                else cat.similar("movie", movie.id)
            )
            if name == "recommendations":
                render = lambda i: {**cat.movie_item(cat.movies[i], lang), "media_type": "movie"}  # noqa: E731
            else:
                render = lambda i: cat.movie_item(cat.movies[i], lang)  # noqa: E731
            return self._paged(ids, page, render, empty_pages=0)
        if name == "release_dates":
            return {"id": movie.id, "results": movie.release_dates}
        if name == "videos":
            return {"id": movie.id, "results": cat.videos("movie", movie.id)}
        if name == "images":
            return {"id": movie.id, **cat.images("movie", movie.id)}
        if name == "keywords":
            return {"id": movie.id, "keywords": cat.keywords("movie", movie.id)}
        if name == "external_ids":
            return {"id": movie.id, "imdb_id": movie.imdb_id, "wikidata_id": None,
                    "facebook_id": None, "instagram_id": None, "twitter_id": None}  # fmt: skip
        if name == "alternative_titles":
            return {
                "id": movie.id,
                "titles": [{"iso_3166_1": "ES", "title": movie.title_es, "type": ""}],
            }
        if name == "translations":
            return {"id": movie.id, "translations": [
                {"iso_3166_1": "US", "iso_639_1": "en", "name": "English", "english_name": "English",
                 "data": {"homepage": movie.homepage, "overview": movie.overview_en,
                          "runtime": movie.runtime, "tagline": movie.tagline_en, "title": movie.title_en}},
                {"iso_3166_1": "ES", "iso_639_1": "es", "name": "Español", "english_name": "Spanish",
                 "data": {"homepage": "", "overview": movie.overview_es, "runtime": movie.runtime,
                          "tagline": movie.tagline_es, "title": movie.title_es}},
            ]}  # fmt: skip
        return None

    # ---- tv details
    def _tv(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        series = self._series_obj(m.group(1))
        lang = normalize_language(q.get("language"))
        appends = self._appends(q)
        body = dict(self.cat.tv_details(series, lang))
        for name in appends:
            season_match = re.fullmatch(r"season/(\d+)", name)
            if season_match:
                season = series.season(int(season_match.group(1)))
                if season is not None:
                    body[name] = self.cat.season_details(series, season, lang)
                continue
            block = self._tv_sub(series, name, lang, 1)
            if block is not None:
                block.pop("id", None)
                body[name] = block
        return body

    def _tv_sub_route(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        series = self._series_obj(m.group(1))
        block = self._tv_sub(series, m.group(2), normalize_language(q.get("language")), _page(q))
        if block is None:
            raise ApiError(34)
        return block

    def _tv_sub(self, series: Series, name: str, lang: str, page: int) -> dict[str, Any] | None:
        cat = self.cat
        if name == "credits":
            return {**cat.tv_credits(series), "id": series.id}
        if name == "aggregate_credits":
            return {**cat.tv_aggregate_credits(series), "id": series.id}
        if name == "reviews":
            return {
                "id": series.id,
                **self._paged(series.reviews, page, lambda r: r, empty_pages=0),
            }
        if name in ("recommendations", "similar"):
            ids = (
                cat.recommendations("tv", series.id)
                if name == "recommendations"
                else cat.similar("tv", series.id)
            )
            if name == "recommendations":
                render = lambda i: {**cat.tv_item(cat.series[i], lang), "media_type": "tv"}  # noqa: E731
            else:
                render = lambda i: cat.tv_item(cat.series[i], lang)  # noqa: E731
            return self._paged(ids, page, render, empty_pages=0)
        if name == "content_ratings":
            return {"results": series.content_ratings, "id": series.id}
        if name == "videos":
            return {"id": series.id, "results": cat.videos("tv", series.id)}
        if name == "images":
            return {"id": series.id, **cat.images("tv", series.id)}
        if name == "keywords":
            return {"id": series.id, "results": cat.keywords("tv", series.id)}
        if name == "external_ids":
            return {"id": series.id, "imdb_id": series.imdb_id, "freebase_mid": None,
                    "freebase_id": None, "tvdb_id": series.tvdb_id, "tvrage_id": None,
                    "wikidata_id": None, "facebook_id": None, "instagram_id": None,
                    "twitter_id": None}  # fmt: skip
        if name == "alternative_titles":
            return {
                "id": series.id,
                "results": [{"iso_3166_1": "ES", "title": series.name_es, "type": ""}],
            }
        return None

    def _season(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        series = self._series_obj(m.group(1))
        season = series.season(int(m.group(2)))
        if season is None:
            raise ApiError(34)
        lang = normalize_language(q.get("language"))
        appends = self._appends(q)
        body = dict(self.cat.season_details(series, season, lang))
        for name in appends:
            if name == "credits":
                body[name] = dict(self.cat.tv_credits(series))
            elif name == "images":
                body[name] = {"posters": self.cat.images("season", season.id)["posters"]}
            elif name == "videos":
                body[name] = {"results": self.cat.videos("season", season.id)}
            elif name == "external_ids":
                body[name] = {"freebase_mid": None, "freebase_id": None, "tvdb_id": None,
                              "tvrage_id": None, "wikidata_id": None}  # fmt: skip
        return body

    def _episode(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        series = self._series_obj(m.group(1))
        season = series.season(int(m.group(2)))
        if season is None:
            raise ApiError(34)
        payload = self.cat.season_details(series, season, normalize_language(q.get("language")))
        number = int(m.group(3))
        for ep in payload["episodes"]:
            if ep["episode_number"] == number:
                return {k: v for k, v in ep.items() if k != "show_id"}
        raise ApiError(34)

    # ---- people
    def _person(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        person = self.cat.people.get(int(m.group(1)))
        if person is None:
            raise ApiError(34)
        lang = normalize_language(q.get("language"))
        appends = self._appends(q)
        body = self.cat.person_details(person, lang)
        for name in appends:
            block = self._person_sub(person.id, name, lang)
            if block is not None:
                block.pop("id", None)
                body[name] = block
        return body

    def _person_sub_route(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        if int(m.group(1)) not in self.cat.people:
            raise ApiError(34)
        block = self._person_sub(int(m.group(1)), m.group(2), normalize_language(q.get("language")))
        if block is None:
            raise ApiError(34)
        return block

    def _person_sub(self, pid: int, name: str, lang: str) -> dict[str, Any] | None:
        cat = self.cat
        person = cat.people[pid]
        if name == "movie_credits":
            return {**cat.person_movie_credits(person, lang), "id": pid}
        if name == "tv_credits":
            return {**cat.person_tv_credits(person, lang), "id": pid}
        if name == "combined_credits":
            mc, tc = cat.person_movie_credits(person, lang), cat.person_tv_credits(person, lang)
            return {
                "cast": [{**c, "media_type": "movie"} for c in mc["cast"]]
                + [{**c, "media_type": "tv"} for c in tc["cast"]],
                "crew": [{**c, "media_type": "movie"} for c in mc["crew"]]
                + [{**c, "media_type": "tv"} for c in tc["crew"]],
                "id": pid,
            }
        if name == "external_ids":
            return {"id": pid, "freebase_mid": None, "freebase_id": None, "imdb_id": person.imdb_id,
                    "tvrage_id": None, "wikidata_id": None, "facebook_id": None,
                    "instagram_id": None, "tiktok_id": None, "twitter_id": None,
                    "youtube_id": None}  # fmt: skip
        if name == "images":
            profiles = [] if person.profile_path is None else [
                {"aspect_ratio": 0.667, "height": 3000, "iso_639_1": None,
                 "file_path": person.profile_path, "vote_average": 5.3, "vote_count": 3, "width": 2000}
            ]  # fmt: skip
            return {"id": pid, "profiles": profiles}
        return None

"""The offline TMDb's request -> (status, JSON) mapping: routes, helpers and the list endpoints."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import orjson

from tmdb_offline.catalog import (
    CONFIGURATION,
    Catalog,
    Movie,
    Series,
    normalize_language,
)
from tmdb_offline.details import DetailEndpoints
from tmdb_offline.errors import INFLATED_TOTALS, MAX_APPENDS, PER_PAGE, ApiError
from tmdb_offline.query import _page, _sort
from tmdb_offline.search import SearchEndpoints

# --------------------------------------------------------------------------- the API
Route = tuple[re.Pattern[str], Callable[[re.Match[str], Mapping[str, str]], Any]]
_ID = r"(\d+)(?:-[^/]*)?"


class OfflineTMDb(SearchEndpoints, DetailEndpoints):
    """Pure request -> (status, JSON bytes) mapping over a catalog (no aiohttp inside)."""

    def __init__(self, catalog: Catalog) -> None:
        self.cat = catalog
        today = catalog.today.isoformat()
        movies = [m for m in catalog.movies.values() if not m.adult]
        series = list(catalog.series.values())
        by_pop = _sort(movies, lambda m: m.popularity, True)
        self.movie_lists: dict[str, list[int]] = {
            "popular": [m.id for m in by_pop],
            "top_rated": [
                m.id
                for m in _sort(
                    [m for m in movies if m.vote_count >= 100], lambda m: m.vote_average, True
                )
            ],
        }
        np_min = (catalog.today - dt.timedelta(days=40)).isoformat()
        self.now_playing_dates = {
            "maximum": (catalog.today + dt.timedelta(days=3)).isoformat(),
            "minimum": np_min,
        }
        self.movie_lists["now_playing"] = [
            m.id for m in by_pop if m.release_date and np_min <= m.release_date <= today
        ]
        upcoming = [m for m in by_pop if m.release_date and m.release_date > today]
        self.upcoming_dates = {
            "maximum": max((m.release_date for m in upcoming), default=today),
            "minimum": (catalog.today + dt.timedelta(days=1)).isoformat(),
        }
        self.movie_lists["upcoming"] = [m.id for m in upcoming]
        tv_pop = _sort(series, lambda s: s.popularity, True)
        returning = [s.id for s in tv_pop if s.status == "Returning Series"]
        self.tv_lists: dict[str, list[int]] = {
            "popular": [s.id for s in tv_pop],
            "top_rated": [
                s.id
                for s in _sort(
                    [s for s in series if s.vote_count >= 50], lambda s: s.vote_average, True
                )
            ],
            "on_the_air": returning,
            "airing_today": returning[: max(1, len(returning) // 2)],
        }
        self.person_popular = [
            p.id for p in _sort(list(catalog.people.values()), lambda p: p.popularity, True)
        ]
        self.trending: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for window in ("day", "week"):
            scored: dict[str, list[tuple[float, str, int]]] = {"movie": [], "tv": [], "person": []}
            for m in movies:
                if m.release_date:
                    scored["movie"].append(
                        (self._trend(window, "movie", m.id, m.popularity), "movie", m.id)
                    )
            for s in series:
                scored["tv"].append((self._trend(window, "tv", s.id, s.popularity), "tv", s.id))
            for p in catalog.people.values():
                scored["person"].append(
                    (self._trend(window, "person", p.id, p.popularity), "person", p.id)
                )
            for kind, rows in scored.items():
                rows.sort(key=lambda r: (-r[0], r[2]))
                self.trending[(kind, window)] = [(k, i) for _, k, i in rows]
            # "all" interleaves movies and series (about a third tv, like TMDb's feed) instead
            # of letting the larger movie popularity numbers push every series off page 1.
            mix = catalog.item_rng("trend-mix", window)
            movies_q = list(self.trending[("movie", window)])
            tv_q = list(self.trending[("tv", window)])
            merged: list[tuple[str, int]] = []
            while movies_q or tv_q:
                take_tv = bool(tv_q) and (not movies_q or mix.random() < 0.35)
                merged.append(tv_q.pop(0) if take_tv else movies_q.pop(0))
            self.trending[("all", window)] = merged
        self.routes: list[Route] = [
            (re.compile(r"^/configuration$"), lambda m, q: CONFIGURATION),
            (re.compile(r"^/genre/(movie|tv)/list$"), self._genres),
            (re.compile(r"^/movie/(popular|top_rated|now_playing|upcoming)$"), self._movie_list),
            (re.compile(r"^/tv/(popular|top_rated|on_the_air|airing_today)$"), self._tv_list),
            (re.compile(r"^/person/popular$"), self._person_list),
            (re.compile(r"^/trending/(all|movie|tv|person)/(day|week)$"), self._trending),
            (re.compile(r"^/search/(movie|tv|multi|person)$"), self._search),
            (re.compile(r"^/discover/movie$"), self._discover_movie),
            (re.compile(r"^/discover/tv$"), self._discover_tv),
            (re.compile(rf"^/movie/{_ID}$"), self._movie),
            (re.compile(rf"^/movie/{_ID}/([a-z_]+)$"), self._movie_sub_route),
            (re.compile(rf"^/tv/{_ID}$"), self._tv),
            (re.compile(rf"^/tv/{_ID}/season/(\d+)$"), self._season),
            (re.compile(rf"^/tv/{_ID}/season/(\d+)/episode/(\d+)$"), self._episode),
            (re.compile(rf"^/tv/{_ID}/([a-z_]+)$"), self._tv_sub_route),
            (re.compile(rf"^/person/{_ID}$"), self._person),
            (re.compile(rf"^/person/{_ID}/([a-z_]+)$"), self._person_sub_route),
        ]

    def _trend(self, window: str, kind: str, item_id: int, popularity: float) -> float:
        rng = self.cat.item_rng("trend", window, kind, item_id)
        return popularity * (0.3 + rng.random() * (1.4 if window == "day" else 0.9))

    # ---- entry point
    def handle(self, path: str, query: Mapping[str, str]) -> tuple[int, bytes]:
        """Answer one TMDb path (without the ``/3`` prefix) like TMDb would."""
        try:
            for rx, fn in self.routes:
                match = rx.match(path)
                if match:
                    return 200, orjson.dumps(fn(match, query))
            raise ApiError(34)
        except ApiError as exc:
            return exc.status, exc.body

    # ---- helpers
    def _movie_obj(self, raw: str) -> Movie:
        movie = self.cat.movies.get(int(raw))
        if movie is None:
            raise ApiError(34)
        return movie

    def _series_obj(self, raw: str) -> Series:
        series = self.cat.series.get(int(raw))
        if series is None:
            raise ApiError(34)
        return series

    @staticmethod
    def _paged(
        refs: Sequence[Any],
        page: int,
        render: Callable[[Any], dict[str, Any]],
        *,
        empty_pages: int = 1,
        inflate: tuple[int, int] | None = None,
    ) -> dict[str, Any]:
        start = (page - 1) * PER_PAGE
        results = [render(r) for r in refs[start : start + PER_PAGE]]
        total = len(refs)
        pages = math.ceil(total / PER_PAGE) if total else empty_pages
        if inflate:
            pages, total = inflate
        return {"page": page, "results": results, "total_pages": pages, "total_results": total}

    def _render_ref(self, lang: str) -> Callable[[tuple[str, int]], dict[str, Any]]:
        cat = self.cat

        def render(ref: tuple[str, int]) -> dict[str, Any]:
            kind, item_id = ref
            if kind == "movie":
                return {**cat.movie_item(cat.movies[item_id], lang), "media_type": "movie"}
            if kind == "tv":
                return {**cat.tv_item(cat.series[item_id], lang), "media_type": "tv"}
            return {**cat.person_item(cat.people[item_id], lang), "media_type": "person"}

        return render

    @staticmethod
    def _appends(q: Mapping[str, str]) -> list[str]:
        raw = q.get("append_to_response") or ""
        items = [s.strip() for s in raw.split(",") if s.strip()]
        if len(items) > MAX_APPENDS:
            raise ApiError(27)
        return list(dict.fromkeys(items))

    # ---- simple endpoints
    def _genres(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        return {"genres": self.cat.genres(m.group(1), normalize_language(q.get("language")))}

    def _movie_list(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        name = m.group(1)
        page, lang = _page(q), normalize_language(q.get("language"))
        movies = self.cat.movies
        body = self._paged(
            self.movie_lists[name], page, lambda i: self.cat.movie_item(movies[i], lang)
        )
        if name == "upcoming":
            return {"dates": dict(self.upcoming_dates), **body}
        if name == "now_playing":
            return {"dates": dict(self.now_playing_dates), **body}
        return body

    def _tv_list(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        page, lang = _page(q), normalize_language(q.get("language"))
        series = self.cat.series
        return self._paged(
            self.tv_lists[m.group(1)], page, lambda i: self.cat.tv_item(series[i], lang)
        )

    def _person_list(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        page, lang = _page(q), normalize_language(q.get("language"))
        people = self.cat.people
        return self._paged(
            self.person_popular, page, lambda i: self.cat.person_item(people[i], lang)
        )

    def _trending(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        kind, window = m.group(1), m.group(2)
        page, lang = _page(q), normalize_language(q.get("language"))
        inflate = INFLATED_TOTALS.get(f"/trending/{kind}/{window}")
        return self._paged(
            self.trending[(kind, window)], page, self._render_ref(lang), inflate=inflate
        )

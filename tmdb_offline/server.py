"""Offline TMDb v3 HTTP server (aiohttp) with ``/__control__/`` knobs for tests and benchmarks.

Why: the product's aiohttp TMDb client must be exercised over real HTTP exactly as against
api.themoviedb.org (paths under ``/3``, query params, JSON shapes, error bodies), while tests
need to count calls, measure concurrency and inject latency/errors. Run it with::

    python -m tmdb_offline.server --host 127.0.0.1 --port 8765 [--seed 42]
        [--today YYYY-MM-DD]

``--port 0`` picks a free port; the first stdout line is always ``READY http://HOST:PORT``.

TMDb behaviour decisions (mirroring the real API where it is known):

* Auth: ``Authorization: Bearer <non-empty>`` (or TMDb's ``api_key`` query param) else 401
  ``status_code`` 7. Unknown paths / ids -> 404 ``status_code`` 34 (with ``success: false``).
* ``page`` must be an integer 1..500 (missing/empty = 1), else 400 ``status_code`` 22.
  ``trending/all/week`` reports TMDb's inflated ``total_pages: 1000`` /
  ``total_results: 20000`` although it holds fewer titles: pages past the real data are 200
  with ``results: []`` and pages 501+ are refused with 400 (the real TMDb quirk). Every other
  list reports its true totals. Empty lists/search/discover report ``total_pages: 1``;
  empty reviews/recommendations/similar report ``total_pages: 0``.
* Search with a missing/blank ``query`` -> 200 ``{"page":1,"results":[],"total_pages":1,
  "total_results":0}`` (today's TMDb; the 422 ``{"errors":[...]}`` in the samples is the old
  behaviour). Matching is case/accent-insensitive substring (or all words) on title/name,
  original title and the Spanish title; exact matches rank first, then popularity.
* ``include_adult`` defaults to false everywhere (search, discover); list endpoints
  (popular, top_rated, trending, ...) never include adult titles; details always work.
* ``append_to_response``: more than 20 items -> 400 ``status_code`` 27 ("Too many append to
  response objects: The maximum number of remote calls is 20."); unknown items are silently
  ignored, as is ``season/N`` for a missing season. Appended blocks carry no ``id`` except
  ``season/N`` (TMDb's season payload with ``_id`` and ``id``).
* ``/discover/movie`` supports with_genres/without_genres/with_cast/with_crew/with_people/
  with_companies/with_keywords (``,`` = AND, ``|`` = OR), with_original_language,
  certification_country + certification/certification.lte/certification.gte (ignored without
  certification_country, like TMDb; titles without a certification in that country are
  excluded), include_adult, vote_count/vote_average/with_runtime .gte/.lte,
  primary_release_date/release_date .gte/.lte, primary_release_year/year and sort_by
  (popularity|vote_average|vote_count|primary_release_date|release_date|revenue|title|
  original_title + .asc/.desc; unknown -> popularity.desc; empty dates always last).
  ``/discover/tv`` supports what TMDb's does (with_genres, without_genres,
  with_original_language, with_networks, with_status, with_type, with_origin_country,
  with_keywords, first_air_date .gte/.lte, first_air_date_year, vote_*, with_runtime and
  sort_by on popularity|vote_average|vote_count|first_air_date|name|original_name) and, like
  TMDb, ignores ``with_cast`` and ``certification*`` on TV.
* ``language``: ``es*`` gives Spanish titles/overviews/genre names; other non-English tags keep
  English titles (original title if it is in that language) and prefix overviews ``[xx] ``.

Control API (no auth, JSON, never counted in stats, never faulted):

* ``GET /__control__/stats`` -> total, ok, errors, faulted, by_status, by_path, requests (last
  1000: path, method, query, auth, t = time.monotonic(), status), in_flight, peak_in_flight,
  faults.
* ``POST /__control__/reset`` -> zero counters/peak/log, clear faults, release hung requests.
* ``POST /__control__/faults`` with keys latency_ms, status, error_rate (0..1, default 1; the
  k-th matching request errors iff ceil(k*rate) > ceil((k-1)*rate), so 0.5 fails requests 1, 3,
  5, ...), count (only the next N matching requests are affected, then the fault clears;
  absent = until reset), retry_after (``Retry-After`` header on 429s), malformed (200 with a
  truncated JSON body), hang (no answer until the client gives up, a reset, or hang_seconds,
  default 300), path_prefix (full path like ``/3/movie/popular``; a prefix without ``/3`` also
  matches). ``{}`` clears. ``GET`` shows, ``DELETE`` clears.
* ``GET /__control__/health``, ``GET /__control__/catalog`` (seed, today, counts, fixed ids).

Every request outside ``/__control__`` counts in total/by_path, including faulted, 401, 404 and
cancelled ones (status 499 in the log/by_status). Faulted requests count in ``faulted`` only,
never in ``ok``. ``in_flight``/``peak_in_flight`` count requests started since the last reset.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import math
import os
import re
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

import orjson
from aiohttp import web

from tmdb_offline.catalog import (
    CERT_ORDER,
    CONFIGURATION,
    DEFAULT_SEED,
    Catalog,
    Movie,
    Series,
    build_catalog,
    fold,
    normalize_language,
)

PER_PAGE = 20
MAX_PAGE = 500
MAX_APPENDS = 20
INFLATED_TOTALS: dict[str, tuple[int, int]] = {"/trending/all/week": (1000, 20000)}
REQUEST_LOG_SIZE = 1000
JSON_CT = "application/json;charset=utf-8"

TMDB_ERRORS: dict[int, tuple[int, str]] = {
    3: (401, "Authentication failed: You do not have permissions to access the service."),
    7: (401, "Invalid API key: You must be granted a valid key."),
    9: (503, "Service offline: This service is temporarily offline, try again later."),
    11: (500, "Internal error: Something went wrong, contact TMDB."),
    18: (400, "Validation failed."),
    22: (400, "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer."),
    24: (504, "Your request to the backend server timed out. Try again."),
    25: (429, "Your request count (#) is over the allowed limit of (40)."),
    27: (400, "Too many append to response objects: The maximum number of remote calls is 20."),
    34: (404, "The resource you requested could not be found."),
}
_STATUS_CODES = {400: 18, 401: 7, 403: 3, 404: 34, 429: 25, 500: 11, 503: 9, 504: 24}


class ApiError(Exception):
    """A TMDb error reply: HTTP status + TMDb ``status_code``."""

    def __init__(self, code: int, http_status: int | None = None) -> None:
        status, message = TMDB_ERRORS.get(code, TMDB_ERRORS[11])
        super().__init__(message)
        self.code = code
        self.status = http_status or status
        self.message = message

    @property
    def body(self) -> bytes:
        return error_body(self.code, self.message)


def error_body(code: int, message: str | None = None) -> bytes:
    """TMDb's error JSON (``success: false`` + ``status_code`` + ``status_message``)."""
    msg = message or TMDB_ERRORS.get(code, TMDB_ERRORS[11])[1]
    return orjson.dumps({"success": False, "status_code": code, "status_message": msg})


def error_for_status(status: int) -> bytes:
    """A plausible TMDb body for an injected HTTP status."""
    code = _STATUS_CODES.get(status, 11)
    return error_body(code)


# --------------------------------------------------------------------------- query parsing
def _page(q: Mapping[str, str]) -> int:
    raw = (q.get("page") or "").strip()
    if not raw:
        return 1
    if not raw.isdigit():
        raise ApiError(22)
    page = int(raw)
    if not 1 <= page <= MAX_PAGE:
        raise ApiError(22)
    return page


def _bool(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _groups(value: str | None) -> list[set[int]] | None:
    """TMDb id lists: ``,`` = AND, ``|`` = OR (mixed: AND of OR-groups)."""
    if not value:
        return None
    out = []
    for part in value.split(","):
        ids = {int(t) for t in part.split("|") if t.strip().isdigit()}
        if ids:
            out.append(ids)
    return out or None


def _strings(value: str | None) -> set[str] | None:
    if not value:
        return None
    return {t.strip() for t in re.split(r"[|,]", value) if t.strip()} or None


def _date(value: str | None) -> str | None:
    return value.strip()[:10] if value and value.strip() else None


def _having(
    items: list[Any], groups: list[set[int]], ids: Callable[[Any], frozenset[int]]
) -> list[Any]:
    """Items whose id set meets every OR-group (the common single group is the fast path)."""
    if len(groups) == 1:
        group = groups[0]
        return [i for i in items if not group.isdisjoint(ids(i))]
    return [i for i in items if all(not g.isdisjoint(ids(i)) for g in groups)]


def _sort(items: list[Any], key: Callable[[Any], Any], descending: bool) -> list[Any]:
    """Stable sort on ``key``, ids ascending on ties, empty values ('' / None) last."""
    present = [i for i in items if key(i) not in ("", None)]
    missing = [i for i in items if key(i) in ("", None)]
    present.sort(key=lambda i: i.id)
    present.sort(key=key, reverse=descending)
    missing.sort(key=lambda i: i.id)
    return present + missing


# --------------------------------------------------------------------------- the API
Route = tuple[re.Pattern[str], Callable[[re.Match[str], Mapping[str, str]], Any]]
_ID = r"(\d+)(?:-[^/]*)?"


class OfflineTMDb:
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

    # ---- search
    def _search(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        kind = m.group(1)
        page, lang = _page(q), normalize_language(q.get("language"))
        text = fold((q.get("query") or "").strip())
        if not text:
            return {"page": 1, "results": [], "total_pages": 1, "total_results": 0}
        tokens = text.split()
        adult = _bool(q.get("include_adult"))
        year = (q.get("primary_release_year") or q.get("year") or "").strip()
        tv_year = (q.get("first_air_date_year") or q.get("year") or "").strip()
        hits: list[tuple[int, float, int, tuple[str, int]]] = []
        kind_rank = {"movie": 0, "tv": 1, "person": 2}

        multi_word = len(tokens) > 1

        def score(haystack: str) -> int | None:
            if text in haystack:
                lines = haystack.split("\n")
                if text in lines:
                    return 0
                return 1 if any(line.startswith(text) for line in lines) else 2
            if multi_word and all(t in haystack for t in tokens):
                return 3
            return None

        if kind in ("movie", "multi"):
            for mv in self.cat.movies.values():
                if mv.adult and not adult:
                    continue
                if kind == "movie" and year and mv.release_date[:4] != year:
                    continue
                s = score(mv.search_text)
                if s is not None:
                    hits.append((s, -mv.popularity, kind_rank["movie"], ("movie", mv.id)))
        if kind in ("tv", "multi"):
            for se in self.cat.series.values():
                if kind == "tv" and tv_year and se.first_air_date[:4] != tv_year:
                    continue
                s = score(se.search_text)
                if s is not None:
                    hits.append((s, -se.popularity, kind_rank["tv"], ("tv", se.id)))
        if kind in ("person", "multi"):
            for p in self.cat.people.values():
                s = score(p.search_text)
                if s is not None:
                    hits.append((s, -p.popularity, kind_rank["person"], ("person", p.id)))
        hits.sort(key=lambda h: (h[0], h[1], h[2], h[3][1]))
        refs = [h[3] for h in hits]
        cat = self.cat
        if kind == "multi":
            render = self._render_ref(lang)
        elif kind == "movie":
            render = lambda r: cat.movie_item(cat.movies[r[1]], lang)  # noqa: E731
        elif kind == "tv":
            render = lambda r: cat.tv_item(cat.series[r[1]], lang)  # noqa: E731
        else:
            render = lambda r: cat.person_item(cat.people[r[1]], lang)  # noqa: E731
        return self._paged(refs, page, render)

    # ---- discover
    def _discover_movie(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        page, lang = _page(q), normalize_language(q.get("language"))
        cat = self.cat
        adult = _bool(q.get("include_adult"))
        with_genres, without_genres = (
            _groups(q.get("with_genres")),
            _groups(q.get("without_genres")),
        )
        with_cast, with_crew = _groups(q.get("with_cast")), _groups(q.get("with_crew"))
        with_people, with_companies = (
            _groups(q.get("with_people")),
            _groups(q.get("with_companies")),
        )
        with_keywords = _groups(q.get("with_keywords"))
        languages = _strings(q.get("with_original_language"))
        country = (q.get("certification_country") or "").strip().upper()
        cert_exact = _strings(q.get("certification")) if country else None
        cert_lte = (q.get("certification.lte") or "").strip() if country else ""
        cert_gte = (q.get("certification.gte") or "").strip() if country else ""
        order = CERT_ORDER.get(country, ())
        vc_gte, vc_lte = _float(q.get("vote_count.gte")), _float(q.get("vote_count.lte"))
        va_gte, va_lte = _float(q.get("vote_average.gte")), _float(q.get("vote_average.lte"))
        rt_gte, rt_lte = _float(q.get("with_runtime.gte")), _float(q.get("with_runtime.lte"))
        d_gte = _date(q.get("primary_release_date.gte") or q.get("release_date.gte"))
        d_lte = _date(q.get("primary_release_date.lte") or q.get("release_date.lte"))
        year = (q.get("primary_release_year") or q.get("year") or "").strip()

        # One pass per active filter: inactive filters cost nothing (hundreds of req/s).
        found = [mv for mv in cat.movies.values() if adult or not mv.adult]
        if with_genres:
            found = _having(found, with_genres, lambda mv: mv.genre_set)
        if without_genres:
            found = [mv for mv in found if not any(g & mv.genre_set for g in without_genres)]
        if languages:
            found = [mv for mv in found if mv.original_language in languages]
        if with_cast:
            found = _having(found, with_cast, lambda mv: mv.cast_ids)
        if with_crew:
            found = _having(found, with_crew, lambda mv: mv.crew_ids)
        if with_people:
            found = [
                mv for mv in found if all(g & (mv.cast_ids | mv.crew_ids) for g in with_people)
            ]
        if with_companies:
            found = [mv for mv in found if all(g & set(mv.companies) for g in with_companies)]
        if with_keywords:
            found = [
                mv
                for mv in found
                if all(g & {k["id"] for k in cat.keywords("movie", mv.id)} for g in with_keywords)
            ]
        if cert_exact or cert_lte or cert_gte:
            rank = {c: i for i, c in enumerate(order)}
            lo = rank.get(cert_gte, -1) if cert_gte else None
            hi = rank.get(cert_lte, -1) if cert_lte else None

            def cert_ok(mv: Movie) -> bool:
                cert = mv.certs.get(country, "")
                if not cert or (cert_exact and cert not in cert_exact):
                    return False
                if lo is not None and (lo < 0 or cert not in rank or rank[cert] < lo):
                    return False
                return not (hi is not None and (hi < 0 or cert not in rank or rank[cert] > hi))

            found = [mv for mv in found if cert_ok(mv)]
        for bound, attr, is_gte in (
            (vc_gte, "vote_count", True),
            (vc_lte, "vote_count", False),
            (va_gte, "vote_average", True),
            (va_lte, "vote_average", False),
            (rt_gte, "runtime", True),
            (rt_lte, "runtime", False),
        ):
            if bound is not None:
                if is_gte:
                    found = [mv for mv in found if getattr(mv, attr) >= bound]
                else:
                    found = [mv for mv in found if getattr(mv, attr) <= bound]
        if d_gte or d_lte or year:
            found = [mv for mv in found if mv.release_date]
            if d_gte:
                found = [mv for mv in found if mv.release_date >= d_gte]
            if d_lte:
                found = [mv for mv in found if mv.release_date <= d_lte]
            if year:
                found = [mv for mv in found if mv.release_date[:4] == year]

        keys: dict[str, Callable[[Movie], Any]] = {
            "popularity": lambda mv: mv.popularity,
            "vote_average": lambda mv: mv.vote_average,
            "vote_count": lambda mv: mv.vote_count,
            "primary_release_date": lambda mv: mv.release_date,
            "release_date": lambda mv: mv.release_date,
            "revenue": lambda mv: mv.revenue,
            "title": lambda mv: fold(cat.movie_title(mv, lang)),
            "original_title": lambda mv: fold(mv.original_title),
        }
        key, desc = self._sort_by(q.get("sort_by"), keys)
        found = _sort(found, key, desc)
        return self._paged(found, page, lambda mv: cat.movie_item(mv, lang))

    @staticmethod
    def _sort_by(
        raw: str | None, keys: dict[str, Callable[[Any], Any]]
    ) -> tuple[Callable[[Any], Any], bool]:
        field_name, _, direction = (raw or "").strip().partition(".")
        if field_name not in keys or direction not in ("asc", "desc"):
            return keys["popularity"], True
        return keys[field_name], direction == "desc"

    def _discover_tv(self, m: re.Match[str], q: Mapping[str, str]) -> dict[str, Any]:
        page, lang = _page(q), normalize_language(q.get("language"))
        cat = self.cat
        with_genres, without_genres = (
            _groups(q.get("with_genres")),
            _groups(q.get("without_genres")),
        )
        with_networks, with_keywords = (
            _groups(q.get("with_networks")),
            _groups(q.get("with_keywords")),
        )
        languages = _strings(q.get("with_original_language"))
        countries = _strings(q.get("with_origin_country"))
        statuses = _strings(q.get("with_status"))
        types = _strings(q.get("with_type"))
        status_names = (
            "Returning Series",
            "Planned",
            "In Production",
            "Ended",
            "Canceled",
            "Pilot",
        )
        type_names = (
            "Documentary",
            "News",
            "Miniseries",
            "Reality",
            "Scripted",
            "Talk Show",
            "Video",
        )
        vc_gte, vc_lte = _float(q.get("vote_count.gte")), _float(q.get("vote_count.lte"))
        va_gte, va_lte = _float(q.get("vote_average.gte")), _float(q.get("vote_average.lte"))
        rt_gte, rt_lte = _float(q.get("with_runtime.gte")), _float(q.get("with_runtime.lte"))
        d_gte, d_lte = _date(q.get("first_air_date.gte")), _date(q.get("first_air_date.lte"))
        year = (q.get("first_air_date_year") or "").strip()

        def ok(s: Series) -> bool:
            gset = set(s.genre_ids)
            if with_genres and not all(g & gset for g in with_genres):
                return False
            if without_genres and any(g & gset for g in without_genres):
                return False
            if with_networks and not all(g & set(s.networks) for g in with_networks):
                return False
            if with_keywords:
                kws = {k["id"] for k in cat.keywords("tv", s.id)}
                if not all(g & kws for g in with_keywords):
                    return False
            if languages and s.original_language not in languages:
                return False
            if countries and not countries.intersection(s.origin_country):
                return False
            if statuses and not any(
                t.isdigit() and int(t) < len(status_names) and status_names[int(t)] == s.status
                for t in statuses
            ):
                return False
            if types and not any(
                t.isdigit() and int(t) < len(type_names) and type_names[int(t)] == s.type
                for t in types
            ):
                return False
            runtime = s.episode_run_time[0] if s.episode_run_time else None
            if (rt_gte is not None or rt_lte is not None) and runtime is None:
                return False
            if rt_gte is not None and runtime is not None and runtime < rt_gte:
                return False
            if rt_lte is not None and runtime is not None and runtime > rt_lte:
                return False
            for bound, value, is_gte in ((vc_gte, s.vote_count, True), (vc_lte, s.vote_count, False),
                                         (va_gte, s.vote_average, True), (va_lte, s.vote_average, False)):  # fmt: skip
                if bound is not None and (value < bound if is_gte else value > bound):
                    return False
            if d_gte and s.first_air_date < d_gte:
                return False
            if d_lte and s.first_air_date > d_lte:
                return False
            return not (year and s.first_air_date[:4] != year)

        keys: dict[str, Callable[[Series], Any]] = {
            "popularity": lambda s: s.popularity,
            "vote_average": lambda s: s.vote_average,
            "vote_count": lambda s: s.vote_count,
            "first_air_date": lambda s: s.first_air_date,
            "name": lambda s: fold(cat.tv_name(s, lang)),
            "original_name": lambda s: fold(s.original_name),
        }
        key, desc = self._sort_by(q.get("sort_by"), keys)
        found = _sort([s for s in cat.series.values() if ok(s)], key, desc)
        return self._paged(found, page, lambda s: cat.tv_item(s, lang))

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


# --------------------------------------------------------------------------- control state
@dataclass
class Faults:
    """The active fault injection (one at a time; POST replaces it)."""

    latency_ms: float = 0.0
    status: int | None = None
    error_rate: float = 1.0
    count: int | None = None
    retry_after: float | None = None
    malformed: bool = False
    hang: bool = False
    hang_seconds: float = 300.0
    path_prefix: str | None = None
    matched: int = 0

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Faults:
        known = {f.name for f in fields(cls)} - {"matched"}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault keys: {sorted(unknown)}")
        casts: dict[str, Callable[[Any], Any]] = {
            "latency_ms": float,
            "status": int,
            "error_rate": float,
            "count": int,
            "retry_after": float,
            "malformed": bool,
            "hang": bool,
            "hang_seconds": float,
            "path_prefix": str,
        }
        faults = cls(**{k: casts[k](v) for k, v in data.items() if v is not None})
        if faults.status is not None and not 100 <= int(faults.status) <= 599:
            raise ValueError("status must be an HTTP status code")
        if not 0.0 <= float(faults.error_rate) <= 1.0:
            raise ValueError("error_rate must be within 0..1")
        if faults.count is not None and int(faults.count) < 1:
            raise ValueError("count must be >= 1")
        return faults

    def matches(self, path: str) -> bool:
        prefix = self.path_prefix
        if not prefix:
            return True
        return path.startswith(prefix) or (
            not prefix.startswith("/3/") and path.startswith("/3" + prefix)
        )

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Claim:
    faults: Faults
    error: bool


class ServerState:
    """Counters, request log and faults; mutated only on the event loop (so always exact)."""

    def __init__(self) -> None:
        self.epoch = 0
        self.faults: Faults | None = None
        self._release: asyncio.Event | None = None
        self._zero()

    def _zero(self) -> None:
        self.total = 0
        self.ok = 0
        self.errors = 0
        self.faulted = 0
        self.by_status: dict[str, int] = {}
        self.by_path: dict[str, int] = {}
        self.requests: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_SIZE)
        self.in_flight = 0
        self.peak_in_flight = 0

    @property
    def release(self) -> asyncio.Event:
        if self._release is None:
            self._release = asyncio.Event()
        return self._release

    def reset(self) -> None:
        self.epoch += 1
        self.faults = None
        self._zero()
        if self._release is not None:
            self._release.set()
            self._release = None

    def begin(self, request: web.Request, query: dict[str, str]) -> dict[str, Any]:
        self.total += 1
        self.by_path[request.path] = self.by_path.get(request.path, 0) + 1
        entry = {
            "path": request.path,
            "method": request.method,
            "query": query,
            "auth": request.headers.get("Authorization"),
            "t": time.monotonic(),
            "status": None,
        }
        self.requests.append(entry)
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        return entry

    def end(self, entry: dict[str, Any], epoch: int, status: int, faulted: bool) -> None:
        entry["status"] = status
        if epoch != self.epoch:  # started before a reset: not part of the new window
            return
        self.in_flight -= 1
        key = str(status)
        self.by_status[key] = self.by_status.get(key, 0) + 1
        if faulted:
            self.faulted += 1
        elif status < 400:
            self.ok += 1
        else:
            self.errors += 1

    def claim(self, path: str) -> _Claim | None:
        faults = self.faults
        if faults is None or not faults.matches(path):
            return None
        faults.matched += 1
        k = faults.matched
        rate = float(faults.error_rate)
        error = faults.status is not None and (
            math.ceil(round(k * rate, 9)) > math.ceil(round((k - 1) * rate, 9))
        )
        if faults.count is not None and k >= int(faults.count):
            self.faults = None
        return _Claim(faults, error)

    def snapshot(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "ok": self.ok,
            "errors": self.errors,
            "faulted": self.faulted,
            "by_status": dict(self.by_status),
            "by_path": dict(self.by_path),
            "requests": list(self.requests),
            "in_flight": self.in_flight,
            "peak_in_flight": self.peak_in_flight,
            "faults": self.faults.as_json() if self.faults else None,
        }


# --------------------------------------------------------------------------- aiohttp app
def _json(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        body=body, status=status, headers={"Content-Type": JSON_CT, **(headers or {})}
    )


def _authorized(request: web.Request) -> bool:
    auth = request.headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return True
    return bool((request.query.get("api_key") or "").strip())


class OfflineServer:
    """aiohttp glue: counting, faults, auth, then ``OfflineTMDb.handle``."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.api = OfflineTMDb(catalog)
        self.state = ServerState()

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.dispatch)
        return app

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/__control__" or request.path.startswith("/__control__/"):
            return await self.control(request)
        state = self.state
        query = {k: request.query.getone(k) for k in request.query}
        entry = state.begin(request, query)
        epoch = state.epoch
        ctx = {"status": 499, "faulted": False}
        try:
            response = await self._respond(request, query, ctx)
            ctx["status"] = response.status
            return response
        finally:
            state.end(entry, epoch, int(ctx["status"]), bool(ctx["faulted"]))

    async def _respond(
        self, request: web.Request, query: dict[str, str], ctx: dict[str, Any]
    ) -> web.Response:
        path = request.path
        claim = self.state.claim(path)
        if claim is not None:
            faults = claim.faults
            if faults.latency_ms:
                await asyncio.sleep(float(faults.latency_ms) / 1000)
            if faults.hang:
                ctx["faulted"] = True
                release = self.state.release
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(release.wait(), timeout=float(faults.hang_seconds))
                return _json(error_body(24), 504)
            if claim.error:
                ctx["faulted"] = True
                status = int(faults.status or 500)
                headers = {}
                if status == 429 and faults.retry_after is not None:
                    ra = faults.retry_after
                    headers["Retry-After"] = str(int(ra)) if float(ra).is_integer() else str(ra)
                return _json(error_for_status(status), status, headers)
            if faults.malformed:
                ctx["faulted"] = True
                _, body = self._answer(request, path, query)
                return _json(body[: max(1, len(body) // 2)], 200)
        status, body = self._answer(request, path, query)
        return _json(body, status)

    def _answer(self, request: web.Request, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        if not _authorized(request):
            return 401, error_body(7)
        if request.method not in ("GET", "HEAD") or not path.startswith("/3/"):
            return 404, error_body(34)
        return self.api.handle(path[2:], query)

    async def control(self, request: web.Request) -> web.Response:
        state = self.state
        action = request.path.removeprefix("/__control__").strip("/")
        method = request.method

        def reply(data: Any, status: int = 200) -> web.Response:
            return web.Response(
                body=orjson.dumps(data), status=status, content_type="application/json"
            )

        if action == "stats" and method == "GET":
            return reply(state.snapshot())
        if action == "reset" and method == "POST":
            state.reset()
            return reply({"ok": True})
        if action == "faults":
            if method == "GET":
                return reply({"faults": state.faults.as_json() if state.faults else None})
            if method == "DELETE":
                state.faults = None
                return reply({"faults": None})
            if method == "POST":
                raw = await request.read()
                try:
                    data = orjson.loads(raw) if raw.strip() else {}
                    if not isinstance(data, dict):
                        raise ValueError("body must be a JSON object")
                    state.faults = Faults.parse(data) if data else None
                except (ValueError, TypeError, orjson.JSONDecodeError) as exc:
                    return reply({"error": str(exc)}, 400)
                return reply({"faults": state.faults.as_json() if state.faults else None})
        if action == "health" and method == "GET":
            return reply(
                {"ok": True, "seed": self.catalog.seed, "today": self.catalog.today.isoformat()}
            )
        if action == "catalog" and method == "GET":
            return reply(self.catalog.summary())
        return reply({"error": f"unknown control endpoint {method} {request.path}"}, 404)


def create_app(catalog: Catalog | None = None) -> web.Application:
    """The aiohttp app (builds the default catalog when none is given)."""
    return OfflineServer(catalog or build_catalog()).app()


async def serve(
    host: str, port: int, catalog: Catalog, ready: Callable[[str], None] | None = None
) -> None:
    """Run until SIGINT/SIGTERM; ``ready`` gets the base URL once the socket listens."""
    server = OfflineServer(catalog)
    runner = web.AppRunner(
        server.app(), access_log=None, handler_cancellation=True, shutdown_timeout=0.25
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port, backlog=2048, reuse_address=True)
    await site.start()
    bound = runner.addresses[0]
    url = f"http://{host}:{bound[1]}"
    if ready:
        ready(url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        server.state.reset()  # releases hung requests so shutdown is quick
        await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    """CLI entry point: ``python -m tmdb_offline.server``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 = pick a free port")
    parser.add_argument(
        "--seed", type=int, default=int(os.environ.get("TMDB_OFFLINE_SEED", DEFAULT_SEED))
    )
    parser.add_argument(
        "--today", default=None, help="YYYY-MM-DD (default $TMDB_OFFLINE_TODAY or UTC today)"
    )
    args = parser.parse_args(argv)
    catalog = build_catalog(args.seed, args.today)

    def ready(url: str) -> None:
        sys.stdout.write(f"READY {url}\n")
        sys.stdout.flush()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, catalog, ready))


if __name__ == "__main__":
    main()

"""The offline TMDb's search and discover endpoints (a mixin of tmdb_offline.api.OfflineTMDb)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from tmdb_offline.catalog import (
    CERT_ORDER,
    Movie,
    Series,
    fold,
    normalize_language,
)
from tmdb_offline.query import _bool, _date, _float, _groups, _having, _page, _sort, _strings


class SearchEndpoints:
    """/search/* and /discover/* over ``self.cat`` (mixed into OfflineTMDb)."""

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

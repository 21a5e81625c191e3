"""TMDb-shaped movie payloads of the offline catalog (a mixin of tmdb_offline.store.Catalog)."""

from __future__ import annotations

from typing import Any

from tmdb_offline.data import COUNTRIES, MOVIE_GENRE_NAMES
from tmdb_offline.records import Movie
from tmdb_offline.text import _company, _spoken


class MovieViews:
    """Movie items, details, credits and certifications."""

    def movie_title(self, m: Movie, lang: str) -> str:
        return self._pick(lang, m.title_en, m.title_es, m.original_title, m.original_language)

    def movie_item(self, m: Movie, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            return {
                "adult": m.adult,
                "backdrop_path": m.backdrop_path,
                "genre_ids": list(m.genre_ids),
                "id": m.id,
                "original_language": m.original_language,
                "original_title": m.original_title,
                "overview": self._overview(lang, m.overview_en, m.overview_es),
                "popularity": m.popularity,
                "poster_path": m.poster_path,
                "release_date": m.release_date,
                "title": self.movie_title(m, lang),
                "video": False,
                "vote_average": m.vote_average,
                "vote_count": m.vote_count,
            }

        return self._cached(("mi", m.id), lang, build)

    def movie_details(self, m: Movie, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            return {
                "adult": m.adult,
                "backdrop_path": m.backdrop_path,
                "belongs_to_collection": None,
                "budget": m.budget,
                "genres": self._genre_objs(m.genre_ids, MOVIE_GENRE_NAMES, lang),
                "homepage": m.homepage,
                "id": m.id,
                "imdb_id": m.imdb_id,
                "origin_country": list(m.origin_country),
                "original_language": m.original_language,
                "original_title": m.original_title,
                "overview": self._overview(lang, m.overview_en, m.overview_es),
                "popularity": m.popularity,
                "poster_path": m.poster_path,
                "production_companies": [_company(c) for c in m.companies],
                "production_countries": [
                    {"iso_3166_1": c, "name": COUNTRIES[c]} for c in m.countries
                ],
                "release_date": m.release_date,
                "revenue": m.revenue,
                "runtime": m.runtime,
                "spoken_languages": _spoken(m.spoken_languages),
                "status": m.status,
                "tagline": m.tagline_es if lang == "es" else m.tagline_en,
                "title": self.movie_title(m, lang),
                "video": False,
                "vote_average": m.vote_average,
                "vote_count": m.vote_count,
            }

        return self._cached(("md", m.id), lang, build)

    def movie_credits(self, m: Movie) -> dict[str, Any]:
        key = ("mc", m.id)
        hit = self._cache.get(key)
        if hit is None:
            cast = []
            for pid, character, order, cast_id, credit_id in m.cast:
                entry = self.person_brief(pid)
                entry.update(cast_id=cast_id, character=character, credit_id=credit_id,
                             order=order)  # fmt: skip
                cast.append(entry)
            crew = []
            for pid, dept, job, credit_id in m.crew:
                entry = self.person_brief(pid)
                entry.update(credit_id=credit_id, department=dept, job=job)
                crew.append(entry)
            hit = {"cast": cast, "crew": crew}
            self._cache[key] = hit
        return hit

    def movie_release_dates(self, m: Movie) -> list[dict[str, Any]]:
        return m.release_dates

    def certification(self, m: Movie, country: str) -> str:
        """First non-empty certification TMDb lists for ``country`` ("" if none)."""
        if m.certs:
            return m.certs.get(country, "")
        for block in m.release_dates:
            if block["iso_3166_1"] == country:
                for entry in block["release_dates"]:
                    if entry["certification"]:
                        return entry["certification"]
        return ""

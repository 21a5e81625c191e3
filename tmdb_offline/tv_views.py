"""TMDb-shaped series payloads of the offline catalog (a mixin of tmdb_offline.store.Catalog)."""

from __future__ import annotations

from typing import Any

from tmdb_offline.data import COUNTRIES, TV_GENRE_NAMES
from tmdb_offline.records import Episode, Season, Series
from tmdb_offline.text import _company, _network, _spoken


class TvViews:
    """Series items, details, seasons and credits."""

    # ---- series
    def tv_name(self, s: Series, lang: str) -> str:
        return self._pick(lang, s.name_en, s.name_es, s.original_name, s.original_language)

    def tv_item(self, s: Series, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            return {
                "adult": False,
                "backdrop_path": s.backdrop_path,
                "genre_ids": list(s.genre_ids),
                "id": s.id,
                "origin_country": list(s.origin_country),
                "original_language": s.original_language,
                "original_name": s.original_name,
                "overview": self._overview(lang, s.overview_en, s.overview_es),
                "popularity": s.popularity,
                "poster_path": s.poster_path,
                "first_air_date": s.first_air_date,
                "name": self.tv_name(s, lang),
                "vote_average": s.vote_average,
                "vote_count": s.vote_count,
            }

        return self._cached(("ti", s.id), lang, build)

    def _episode_brief(self, s: Series, e: Episode, lang: str) -> dict[str, Any]:
        return {
            "id": e.id,
            "name": e.name_es if lang == "es" else e.name_en,
            "overview": self._overview(lang, e.overview_en, e.overview_es),
            "vote_average": e.vote_average,
            "vote_count": e.vote_count,
            "air_date": e.air_date,
            "episode_number": e.episode_number,
            "episode_type": e.episode_type,
            "production_code": f"{e.season_number}{e.episode_number:02d}",
            "runtime": e.runtime,
            "season_number": e.season_number,
            "show_id": s.id,
            "still_path": e.still_path,
        }

    def season_name(self, number: int, lang: str) -> str:
        if number == 0:
            return "Especiales" if lang == "es" else "Specials"
        return f"Temporada {number}" if lang == "es" else f"Season {number}"

    def tv_details(self, s: Series, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            today = self.today.isoformat()
            aired = [e for se in s.regular_seasons for e in se.episodes if e.air_date <= today]
            future = [e for se in s.regular_seasons for e in se.episodes if e.air_date > today]
            last = aired[-1] if aired else None
            nxt = future[0] if future else None
            return {
                "adult": False,
                "backdrop_path": s.backdrop_path,
                "created_by": [
                    {**self._person_min(pid), "credit_id": credit_id}
                    for pid, credit_id in s.created_by
                ],
                "episode_run_time": list(s.episode_run_time),
                "first_air_date": s.first_air_date,
                "genres": self._genre_objs(s.genre_ids, TV_GENRE_NAMES, lang),
                "homepage": s.homepage,
                "id": s.id,
                "in_production": s.status == "Returning Series",
                "languages": list(s.languages),
                "last_air_date": last.air_date if last else None,
                "last_episode_to_air": self._episode_brief(s, last, lang) if last else None,
                "name": self.tv_name(s, lang),
                "next_episode_to_air": self._episode_brief(s, nxt, lang) if nxt else None,
                "networks": [_network(n) for n in s.networks],
                "number_of_episodes": sum(len(se.episodes) for se in s.regular_seasons),
                "number_of_seasons": len(s.regular_seasons),
                "origin_country": list(s.origin_country),
                "original_language": s.original_language,
                "original_name": s.original_name,
                "overview": self._overview(lang, s.overview_en, s.overview_es),
                "popularity": s.popularity,
                "poster_path": s.poster_path,
                "production_companies": [_company(c) for c in s.companies],
                "production_countries": [
                    {"iso_3166_1": c, "name": COUNTRIES[c]} for c in s.origin_country
                ],
                "seasons": [
                    {
                        "air_date": se.air_date,
                        "episode_count": len(se.episodes),
                        "id": se.id,
                        "name": self.season_name(se.season_number, lang),
                        "overview": self._overview(lang, se.overview_en, se.overview_es)
                        if se.overview_en
                        else "",
                        "poster_path": se.poster_path,
                        "season_number": se.season_number,
                        "vote_average": se.vote_average,
                    }
                    for se in s.seasons
                ],
                "spoken_languages": _spoken(s.languages),
                "status": s.status,
                "tagline": s.tagline_es if lang == "es" else s.tagline_en,
                "type": s.type,
                "vote_average": s.vote_average,
                "vote_count": s.vote_count,
            }

        return self._cached(("td", s.id), lang, build)

    def season_details(self, s: Series, se: Season, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            episodes = []
            for e in se.episodes:
                ep = self._episode_brief(s, e, lang)
                ep["crew"] = [
                    {"department": dept, "job": job, "credit_id": cid, **self.person_brief(pid)}
                    for pid, dept, job, cid in e.crew
                ]
                ep["guest_stars"] = [
                    {"character": ch, "credit_id": cid, "order": order, **self.person_brief(pid)}
                    for pid, ch, cid, order in e.guest_stars
                ]
                episodes.append(ep)
            return {
                "_id": se.oid,
                "air_date": se.air_date,
                "episodes": episodes,
                "name": self.season_name(se.season_number, lang),
                "overview": self._overview(lang, se.overview_en, se.overview_es)
                if se.overview_en
                else "",
                "id": se.id,
                "poster_path": se.poster_path,
                "season_number": se.season_number,
                "vote_average": se.vote_average,
            }

        return self._cached(("sd", s.id, se.season_number), lang, build)

    def tv_credits(self, s: Series) -> dict[str, Any]:
        key = ("tc", s.id)
        hit = self._cache.get(key)
        if hit is None:
            cast = [
                {**self.person_brief(pid), "character": ch, "credit_id": cid, "order": order}
                for pid, ch, order, cid, _eps in s.cast
            ]
            crew = [
                {**self.person_brief(pid), "credit_id": cid, "department": dept, "job": job}
                for pid, dept, job, cid, _eps in s.crew
            ]
            hit = {"cast": cast, "crew": crew}
            self._cache[key] = hit
        return hit

    def tv_aggregate_credits(self, s: Series) -> dict[str, Any]:
        cast = [
            {
                **self.person_brief(pid),
                "roles": [{"credit_id": cid, "character": ch, "episode_count": eps}],
                "total_episode_count": eps,
                "order": order,
            }
            for pid, ch, order, cid, eps in s.cast
        ]
        crew = [
            {
                **self.person_brief(pid),
                "jobs": [{"credit_id": cid, "job": job, "episode_count": eps}],
                "department": dept,
                "total_episode_count": eps,
            }
            for pid, dept, job, cid, eps in s.crew
        ]
        return {"cast": cast, "crew": crew}

    # ---- people

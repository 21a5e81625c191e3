"""TMDb-shaped people payloads and related lists (recommendations, similar, videos, images,
keywords) of the offline catalog (a mixin of tmdb_offline.store.Catalog)."""

from __future__ import annotations

from typing import Any

from tmdb_offline.data import _ALNUM, _KEYWORDS, ADULT_MOVIE_IDS, FIXED_IDS
from tmdb_offline.records import Person
from tmdb_offline.text import _choice, _hex24, _image


class PeopleViews:
    """People, known-for, credits and what relates titles to each other."""

    def _person_min(self, pid: int) -> dict[str, Any]:
        p = self.people[pid]
        return {
            "id": p.id,
            "name": p.name,
            "original_name": p.name,
            "gender": p.gender,
            "profile_path": p.profile_path,
        }

    def person_brief(self, pid: int) -> dict[str, Any]:
        """The person fields TMDb repeats inside credits (a fresh dict: callers extend it)."""
        p = self.people[pid]
        return {
            "adult": False,
            "gender": p.gender,
            "id": p.id,
            "known_for_department": p.department,
            "name": p.name,
            "original_name": p.name,
            "popularity": p.popularity,
            "profile_path": p.profile_path,
        }

    def known_for(self, p: Person, lang: str) -> list[dict[str, Any]]:
        items: list[tuple[float, int, dict[str, Any]]] = []
        seen: set[tuple[str, int]] = set()
        for mid, *_rest in (*p.movie_cast, *p.movie_crew):
            m = self.movies[mid]
            if m.adult or ("movie", mid) in seen:
                continue
            seen.add(("movie", mid))
            items.append((m.popularity, mid, {**self.movie_item(m, lang), "media_type": "movie"}))
        for tid, *_rest in (*p.tv_cast, *p.tv_crew):
            s = self.series[tid]
            if ("tv", tid) in seen:
                continue
            seen.add(("tv", tid))
            items.append((s.popularity, tid, {**self.tv_item(s, lang), "media_type": "tv"}))
        items.sort(key=lambda t: (-t[0], t[1]))
        return [t[2] for t in items[:3]]

    def person_item(self, p: Person, lang: str) -> dict[str, Any]:
        def build() -> dict[str, Any]:
            return {
                **self.person_brief(p.id),
                "known_for": self.known_for(p, lang),
            }

        return self._cached(("pi", p.id), lang, build)

    def person_details(self, p: Person, lang: str) -> dict[str, Any]:
        top = self.known_for(p, "en")
        work = (top[0].get("title") or top[0].get("name")) if top else "independent cinema"
        if lang == "es":
            work_es = self.known_for(p, "es")
            work = (work_es[0].get("title") or work_es[0].get("name")) if work_es else work
            bio = f"{p.name} es conocido por su trabajo en «{work}»."
        else:
            bio = f"{p.name} is best known for their work on {work}."
            if lang != "en":
                bio = f"[{lang}] {bio}"
        return {
            "adult": False,
            "also_known_as": [],
            "biography": bio,
            "birthday": p.birthday,
            "deathday": p.deathday,
            "gender": p.gender,
            "homepage": p.homepage,
            "id": p.id,
            "imdb_id": p.imdb_id,
            "known_for_department": p.department,
            "name": p.name,
            "place_of_birth": p.place_of_birth,
            "popularity": p.popularity,
            "profile_path": p.profile_path,
        }

    def person_movie_credits(self, p: Person, lang: str) -> dict[str, Any]:
        cast = [
            {**self.movie_item(self.movies[mid], lang), "character": ch, "credit_id": cid,
             "order": order}
            for mid, ch, cid, order in p.movie_cast
        ]  # fmt: skip
        crew = [
            {**self.movie_item(self.movies[mid], lang), "credit_id": cid, "department": dept,
             "job": job}
            for mid, dept, job, cid in p.movie_crew
        ]  # fmt: skip
        return {"cast": cast, "crew": crew}

    def person_tv_credits(self, p: Person, lang: str) -> dict[str, Any]:
        cast = []
        for tid, ch, cid, eps in p.tv_cast:
            s = self.series[tid]
            cast.append({**self.tv_item(s, lang), "character": ch, "credit_id": cid,
                         "episode_count": eps, "first_credit_air_date": s.first_air_date})  # fmt: skip
        crew = []
        for tid, dept, job, cid, eps in p.tv_crew:
            s = self.series[tid]
            crew.append({**self.tv_item(s, lang), "credit_id": cid, "department": dept,
                         "episode_count": eps, "first_credit_air_date": s.first_air_date,
                         "job": job})  # fmt: skip
        return {"cast": cast, "crew": crew}

    # ---- lazily generated extras (per-item RNG => independent of request order)
    def recommendations(self, kind: str, item_id: int) -> list[int]:
        """Up to 40 other titles of the same kind that share a genre (0 for a few)."""
        key = ("rec", kind, item_id)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._related(kind, item_id, "rec", 40)
            self._cache[key] = hit
        return hit

    def similar(self, kind: str, item_id: int) -> list[int]:
        key = ("sim", kind, item_id)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._related(kind, item_id, "sim", 20)
            self._cache[key] = hit
        return hit

    def _related(self, kind: str, item_id: int, salt: str, limit: int) -> list[int]:
        rng = self.item_rng(salt, kind, item_id)
        if kind == "movie":
            me = self.movies[item_id]
            if item_id == FIXED_IDS["movie"]:
                want = 40 if salt == "rec" else 20
            elif me.adult or not me.release_date or rng.random() < 0.06:
                return []
            else:
                want = rng.randint(6, limit)
            genres = set(me.genre_ids)
            pool = [
                m.id
                for m in self.movies.values()
                if m.id != item_id and not m.adult and genres.intersection(m.genre_ids)
            ]
        else:
            s = self.series[item_id]
            want = rng.randint(3, min(limit, 20))
            genres = set(s.genre_ids)
            pool = [
                t.id
                for t in self.series.values()
                if t.id != item_id and genres.intersection(t.genre_ids)
            ]
        pool.sort()
        return rng.sample(pool, min(want, len(pool)))

    def videos(self, kind: str, item_id: int) -> list[dict[str, Any]]:
        rng = self.item_rng("vid", kind, item_id)
        out = []
        for i in range(rng.randint(0, 3)):
            vtype = ("Trailer", "Teaser", "Featurette", "Clip")[rng.randrange(4)]
            out.append({
                "iso_639_1": "en",
                "iso_3166_1": "US",
                "name": f"Official {vtype}" if i == 0 else f"{vtype} #{i + 1}",
                "key": "".join(rng.choices(_ALNUM, k=11)),
                "site": "YouTube",
                "size": _choice(rng, (720, 1080, 2160)),
                "type": vtype,
                "official": rng.random() < 0.8,
                "published_at": f"{2000 + rng.randrange(25)}-0{rng.randint(1, 9)}-1"
                f"{rng.randint(0, 9)}T1{rng.randint(0, 9)}:00:00.000Z",
                "id": _hex24(rng),
            })  # fmt: skip
        return out

    def images(self, kind: str, item_id: int) -> dict[str, list[dict[str, Any]]]:
        rng = self.item_rng("img", kind, item_id)

        def image(w: int, h: int, lang: str | None, ext: str = "jpg") -> dict[str, Any]:
            return {
                "aspect_ratio": round(w / h, 3),
                "height": h,
                "iso_639_1": lang,
                "file_path": _image(rng, ext),
                "vote_average": round(rng.uniform(0, 6), 3),
                "vote_count": rng.randint(0, 40),
                "width": w,
            }

        return {
            "backdrops": [image(1920, 1080, None) for _ in range(rng.randint(0, 3))],
            "logos": [image(800, 310, "en", "png") for _ in range(rng.randint(0, 1))],
            "posters": [image(2000, 3000, "en") for _ in range(rng.randint(0, 3))],
        }

    def keywords(self, kind: str, item_id: int) -> list[dict[str, Any]]:
        rng = self.item_rng("kw", kind, item_id)
        picks = rng.sample(_KEYWORDS, rng.randint(0, 5))
        return [{"id": k, "name": n} for k, n in picks]

    def summary(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "today": self.today.isoformat(),
            "movies": len(self.movies),
            "series": len(self.series),
            "people": len(self.people),
            "fixed_ids": dict(FIXED_IDS),
            "adult_movie_ids": list(ADULT_MOVIE_IDS),
        }

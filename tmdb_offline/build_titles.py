"""Generating people and movies (a mixin of tmdb_offline.builder.Builder)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tmdb_offline.data import (
    _CERT_MAP,
    _CHAR_FIRST,
    _CHAR_LAST,
    _CHAR_PATTERNS,
    _COMPANIES,
    _CREW_DEPTS,
    _CREW_JOBS,
    _LANG_COUNTRIES,
    _REVIEW_AUTHORS,
    _REVIEW_SENTENCES,
    _TAGLINES,
    DIRECTOR_ID,
    FIRST_NAMES,
    FIXED_IDS,
    LAST_NAMES,
    MOVIE_COUNT,
    NOW_PLAYING_COUNT,
    PERSON_COUNT,
    UPCOMING_COUNT,
    US_CERTS,
    ZENDAYA_QUILL_ID,
)
from tmdb_offline.fixed import _DIRECTOR_MOVIES, _FIXED_MOVIES, _ZENDAYA_MOVIES
from tmdb_offline.records import Movie, Person
from tmdb_offline.text import (
    _choice,
    _gen_overview,
    _gen_title,
    _hex24,
    _image,
    _native_title,
    _weighted_lang,
)


class TitleGeneration:
    """People, movies and their credits, from the builder's one RNG."""

    # ---- people
    def _people(self) -> None:
        rng = self.rng
        fixed = {ZENDAYA_QUILL_ID: ("Zendaya Quill", 1, "Acting"),
                 DIRECTOR_ID: ("Orson Vantablack", 2, "Directing")}  # fmt: skip
        ids = set(fixed)
        while len(ids) < PERSON_COUNT:
            ids.add(rng.randrange(2, 2_500_000))
        names = {n for n, _, _ in fixed.values()}
        for pid in sorted(ids):
            if pid in fixed:
                name, gender, dept = fixed[pid]
            else:
                while True:
                    name = f"{_choice(rng, FIRST_NAMES)} {_choice(rng, LAST_NAMES)}"
                    if name not in names:
                        break
                gender = 0 if rng.random() < 0.05 else _choice(rng, (1, 2))
                dept = "Acting" if rng.random() < 0.84 else _choice(rng, _CREW_DEPTS)
            names.add(name)
            born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 62))
            dead = None
            if born.year < 1960 and rng.random() < 0.15:
                dead = (born + dt.timedelta(days=365 * rng.randint(55, 80))).isoformat()
                if dead > self.today.isoformat():
                    dead = None
            country = _choice(rng, ("USA", "UK", "Spain", "France", "Japan", "South Korea",
                                  "India", "Germany", "Mexico", "Nigeria", "Canada"))  # fmt: skip
            p = Person(
                id=pid,
                name=name,
                gender=gender,
                department=dept,
                popularity=round(rng.lognormvariate(1.5, 0.9), 3),
                profile_path=None if rng.random() < 0.12 else _image(rng),
                birthday=None if rng.random() < 0.1 else born.isoformat(),
                deathday=dead,
                place_of_birth=None
                if rng.random() < 0.1
                else f"{_choice(rng, _CHAR_LAST)}ville, {country}",
                imdb_id=f"nm{rng.randrange(1, 9_999_999):07d}",
                homepage=None,
            )
            if pid == ZENDAYA_QUILL_ID:
                p.profile_path = _image(rng)
                p.popularity = 88.123
                p.birthday = "1996-09-01"
            self.cat.people[pid] = p
            if dept == "Acting":
                self.actors.append(pid)
            else:
                self.crew_by_dept[dept].append(pid)
        for dept in _CREW_DEPTS:  # every department needs someone
            if not self.crew_by_dept[dept]:
                pid = self.actors.pop()
                self.cat.people[pid].department = dept
                self.crew_by_dept[dept].append(pid)
        self.stars = rng.sample(self.actors, 40)

    def _unique_title(self) -> tuple[str, str]:
        while True:
            en, es = _gen_title(self.rng)
            if en not in self.titles_seen:
                self.titles_seen.add(en)
                return en, es

    def _cast(self, count: int, must: list[int]) -> list[int]:
        rng = self.rng
        chosen: list[int] = list(must)
        for pid in rng.sample(self.stars, min(2, count)):
            if pid not in chosen:
                chosen.append(pid)
        while len(chosen) < count:
            pid = _choice(rng, self.actors)
            if pid not in chosen and pid not in (ZENDAYA_QUILL_ID,):
                chosen.append(pid)
        tail = chosen[len(must) :]
        rng.shuffle(tail)
        # A required person (Zendaya Quill) is billed second, like a real co-lead.
        return [*tail[:1], *must, *tail[1:]] if must else tail

    def _character(self) -> str:
        rng = self.rng
        return _choice(rng, _CHAR_PATTERNS).format(
            f=_choice(rng, _CHAR_FIRST), l=_choice(rng, _CHAR_LAST)
        )

    def _review(self, created_after: str, title_kind: str) -> dict[str, Any]:
        rng = self.rng
        author = _choice(rng, _REVIEW_AUTHORS)
        start = dt.date.fromisoformat(created_after) if created_after else dt.date(2015, 1, 1)
        start = max(start, dt.date(2008, 1, 1))
        span = max(1, (self.today - start).days)
        created = dt.datetime.combine(start + dt.timedelta(days=rng.randrange(span)),
                                      dt.time(rng.randrange(24), rng.randrange(60), rng.randrange(60)))  # fmt: skip
        updated = created + dt.timedelta(days=rng.randrange(0, 400))
        if updated.date() > self.today:
            updated = created
        rid = _hex24(rng)
        content = " ".join(rng.sample(_REVIEW_SENTENCES, rng.randint(1, 4)))
        return {
            "author": author,
            "author_details": {
                "name": "" if rng.random() < 0.5 else author,
                "username": author.replace(" ", "").lower(),
                "avatar_path": None if rng.random() < 0.35 else _image(rng),
                "rating": None if rng.random() < 0.25 else float(rng.randint(2, 10)),
            },
            "content": content,
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z",
            "id": rid,
            "updated_at": updated.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z",
            "url": f"https://www.themoviedb.org/review/{rid}",
        }

    # ---- movies
    def _movie_genres(self) -> list[int]:
        rng = self.rng
        weights = {28: 9, 12: 6, 16: 3, 35: 10, 80: 5, 99: 2, 18: 14, 10751: 3, 14: 4, 36: 2,
                   27: 5, 10402: 2, 9648: 3, 10749: 6, 878: 5, 10770: 1, 53: 8, 10752: 1, 37: 1}  # fmt: skip
        picked: list[int] = []
        for _ in range(_choice(rng, (1, 2, 2, 3, 3))):
            g = rng.choices(list(weights), list(weights.values()))[0]
            if g not in picked:
                picked.append(g)
        return picked

    def _cert_for(self, genres: list[int]) -> str:
        rng = self.rng
        if 10751 in genres or 16 in genres:
            return rng.choices(US_CERTS, (25, 50, 20, 5, 0))[0]
        if 27 in genres or 80 in genres:
            return rng.choices(US_CERTS, (0, 3, 30, 60, 7))[0]
        return rng.choices(US_CERTS, (5, 15, 42, 33, 5))[0]

    def _release_dates(self, cert: str, release_date: str, lang: str) -> list[dict[str, Any]]:
        rng = self.rng
        if not release_date or not cert:
            return []
        stamp = f"{release_date}T00:00:00.000Z"
        idx = US_CERTS.index(cert)
        us_entries = []
        if rng.random() < 0.3:
            us_entries.append({"certification": "", "descriptors": [], "iso_639_1": "",
                               "note": _choice(rng, ("Premiere", "Fantastic Fest", "TIFF")),
                               "release_date": stamp, "type": 1})  # fmt: skip
        us_entries.append({"certification": cert, "descriptors": [], "iso_639_1": "", "note": "",
                           "release_date": stamp, "type": 3})  # fmt: skip
        if rng.random() < 0.4:
            us_entries.append({"certification": cert, "descriptors": [], "iso_639_1": "",
                               "note": "", "release_date": stamp, "type": 4})  # fmt: skip
        blocks = {"US": us_entries}
        others = list(_CERT_MAP)
        for country in rng.sample(others, rng.randint(0, 3)):
            blocks[country] = [{"certification": _CERT_MAP[country][idx], "descriptors": [],
                                "iso_639_1": "", "note": "", "release_date": stamp,
                                "type": 3}]  # fmt: skip
        native = {"es": "ES", "fr": "FR", "ja": "JP", "de": "DE"}.get(lang)
        if native == "ES" and rng.random() < 0.7:
            blocks["ES"] = [{"certification": ("A", "7", "12", "16", "18")[idx], "descriptors": [],
                             "iso_639_1": "", "note": "", "release_date": stamp, "type": 3}]  # fmt: skip
        return [{"iso_3166_1": c, "release_dates": blocks[c]} for c in sorted(blocks)]

    def _movies(self) -> None:
        rng = self.rng
        today = self.today
        fixed = {f.id: f for f in _FIXED_MOVIES}
        for f in _FIXED_MOVIES:
            self.titles_seen.add(f.title_en)
        ids = set(fixed)
        while len(ids) < MOVIE_COUNT:
            ids.add(rng.randrange(11, 1_300_000))
        random_ids = sorted(ids - set(fixed))
        upcoming = set(rng.sample(random_ids, UPCOMING_COUNT - 1))
        rest = [i for i in random_ids if i not in upcoming]
        now_playing = set(rng.sample(rest, NOW_PLAYING_COUNT))
        rest = [i for i in rest if i not in now_playing]
        extra_adult = set(rng.sample(rest, 2))
        rest = [i for i in rest if i not in extra_adult]
        no_date = set(rng.sample(rest, 2))
        start = dt.date(1965, 1, 1)
        past_span = (today - dt.timedelta(days=60) - start).days

        for mid in sorted(ids):
            f = fixed.get(mid)
            if f:
                title_en, title_es = f.title_en, f.title_es
                lang = f.lang
                original = f.original_title or (title_es if lang == "es" else title_en)
                genres = list(f.genres)
                adult = f.adult
                if isinstance(f.date, int):
                    release_date = (today + dt.timedelta(days=f.date)).isoformat()
                else:
                    release_date = f.date
                cert = f.cert
            else:
                title_en, title_es = self._unique_title()
                lang = _weighted_lang(rng)
                if lang == "en":
                    original = title_en
                elif lang == "es":
                    original = title_es
                else:
                    original = _native_title(rng, lang)
                genres = self._movie_genres()
                adult = mid in extra_adult
                if mid in upcoming:
                    release_date = (today + dt.timedelta(days=rng.randint(3, 150))).isoformat()
                elif mid in now_playing:
                    release_date = (today - dt.timedelta(days=rng.randint(1, 40))).isoformat()
                elif mid in no_date:
                    release_date = ""
                else:
                    back = int(rng.betavariate(1.3, 2.6) * past_span)
                    release_date = (today - dt.timedelta(days=60 + back)).isoformat()
                cert = "NC-17" if adult else ("" if not release_date else self._cert_for(genres))
            ov_en, ov_es = _gen_overview(rng)
            tag_en, tag_es = _choice(rng, _TAGLINES)
            future = bool(release_date) and release_date > today.isoformat()
            if not release_date:
                status = _choice(rng, ("Rumored", "Planned"))
            elif future:
                status = _choice(rng, ("Post Production", "In Production", "Post Production"))
            else:
                status = "Released"
            if future or not release_date:
                votes, avg = 0, 0.0
            else:
                age_years = max(0.1, (today - dt.date.fromisoformat(release_date)).days / 365)
                votes = int(rng.lognormvariate(5.5, 1.6) * min(1.0, age_years / 2))
                avg = round(min(9.3, max(2.5, rng.gauss(6.6, 0.85))), 3) if votes else 0.0
            pop = round(rng.lognormvariate(2.6, 1.1), 3)
            if future or (
                release_date and release_date > (today - dt.timedelta(days=45)).isoformat()
            ):
                pop = round(pop * 3 + 20, 3)
            if f:
                pop = f.popularity
                if not future and release_date and votes < 500:
                    votes = 500 + votes
                    avg = avg or 7.0
            if adult:
                pop = round(min(pop, 4.0), 3)
            null_poster = f.null_images if f else rng.random() < 0.05
            runtime = rng.randint(75, 105) if 16 in genres else rng.randint(84, 168)
            if future or not release_date:
                runtime = 0 if rng.random() < 0.5 else runtime
            budget = 0 if rng.random() < 0.35 else rng.randrange(1, 250) * 1_000_000
            revenue = (
                0
                if (future or not budget or rng.random() < 0.2)
                else int(budget * rng.uniform(0.3, 6))
            )
            countries = [_choice(rng, _LANG_COUNTRIES[lang])]
            spoken = [lang] if lang == "en" or rng.random() < 0.6 else [lang, "en"]
            companies = self._companies(countries[0])
            m = Movie(
                id=mid,
                title_en=title_en,
                title_es=title_es,
                original_title=original,
                original_language=lang,
                overview_en=ov_en,
                overview_es=ov_es,
                tagline_en=tag_en,
                tagline_es=tag_es,
                genre_ids=genres,
                adult=adult,
                release_date=release_date,
                status=status,
                popularity=pop,
                vote_average=avg,
                vote_count=votes,
                runtime=runtime,
                budget=budget,
                revenue=revenue,
                poster_path=None if null_poster else _image(rng),
                backdrop_path=None if (null_poster or rng.random() < 0.06) else _image(rng),
                homepage="" if rng.random() < 0.4 else f"https://www.movie-{mid}.example.com/",
                imdb_id=f"tt{rng.randrange(1, 9_999_999):07d}",
                origin_country=countries,
                spoken_languages=spoken,
                companies=companies,
                countries=countries,
                us_cert=cert,
                release_dates=[],
            )
            m.release_dates = self._release_dates(cert, release_date, lang)
            self._movie_credits(m)
            if f:
                n_reviews = f.reviews
            elif future or not release_date:
                n_reviews = 0
            else:
                n_reviews = rng.choices((0, 1, 2, 3, 4, 5, 6, 8), (40, 15, 12, 10, 8, 6, 5, 4))[0]
            m.reviews = [self._review(release_date, "movie") for _ in range(n_reviews)]
            m.reviews.sort(key=lambda r: r["created_at"])
            self.cat.movies[mid] = m

    def _companies(self, country: str) -> list[int]:
        rng = self.rng
        local = [c for c, _, cc in _COMPANIES if cc == country] or [
            c for c, _, cc in _COMPANIES if cc == "US"
        ]
        picks = [_choice(rng, local)]
        if rng.random() < 0.4:
            extra = _choice(rng, _COMPANIES)[0]
            if extra not in picks:
                picks.append(extra)
        return picks

    def _movie_credits(self, m: Movie) -> None:
        rng = self.rng
        must = [ZENDAYA_QUILL_ID] if m.id in _ZENDAYA_MOVIES else []
        count = 6 if m.id == FIXED_IDS["movie_upcoming"] else rng.randint(5, 14)
        for order, pid in enumerate(self._cast(count, must)):
            character = self._character()
            if pid == ZENDAYA_QUILL_ID and m.id == FIXED_IDS["movie"]:
                character = "Marla Quince"
            credit_id = _hex24(rng)
            m.cast.append((pid, character, order, order + 1, credit_id))
            self.cat.people[pid].movie_cast.append((m.id, character, credit_id, order))
        director = (
            DIRECTOR_ID
            if m.id in _DIRECTOR_MOVIES
            else _choice(rng, self.crew_by_dept["Directing"])
        )
        jobs = [("Directing", "Director", director)]
        for dept in rng.sample(
            ("Writing", "Production", "Sound", "Camera", "Editing"), rng.randint(1, 4)
        ):
            jobs.append(
                (dept, _choice(rng, _CREW_JOBS[dept]), _choice(rng, self.crew_by_dept[dept]))
            )
        for dept, job, pid in jobs:
            credit_id = _hex24(rng)
            m.crew.append((pid, dept, job, credit_id))
            self.cat.people[pid].movie_crew.append((m.id, dept, job, credit_id))

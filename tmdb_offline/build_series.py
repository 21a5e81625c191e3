"""Generating series, seasons and episodes (a mixin of tmdb_offline.builder.Builder)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tmdb_offline.data import (
    _LANG_COUNTRIES,
    _NETWORK_BY_COUNTRY,
    _NETWORKS,
    _TAGLINES,
    _TV_RATING_MAP,
    TV_COUNT,
    TV_LONG_ID,
    TV_RATINGS,
    TV_SIX_SEASONS_ID,
    ZENDAYA_QUILL_ID,
)
from tmdb_offline.fixed import _FIXED_SERIES, _ZENDAYA_TV
from tmdb_offline.records import Episode, Season, Series
from tmdb_offline.text import (
    _choice,
    _gen_overview,
    _gen_title,
    _hex24,
    _image,
    _native_title,
    _weighted_lang,
    fold,
)


class SeriesGeneration:
    """Series, seasons, episodes and their credits, from the builder's one RNG."""

    # ---- series
    def _series(self) -> None:
        rng = self.rng
        today = self.today
        fixed = {f.id: f for f in _FIXED_SERIES}
        for f in _FIXED_SERIES:
            self.titles_seen.add(f.name_en)
        movie_ids = sorted(self.cat.movies)
        ids = set(fixed)
        # About a third of the random series reuse a movie id: the id spaces overlap.
        for mid in rng.sample(movie_ids, 12):
            ids.add(mid)
        while len(ids) < TV_COUNT:
            ids.add(rng.randrange(1000, 250_000))
        random_ids = sorted(ids - set(fixed))
        empty_runtime = set(rng.sample(random_ids, 2))
        tv_weights = {10759: 6, 16: 3, 35: 8, 80: 5, 99: 2, 18: 12, 10751: 2, 10762: 2, 9648: 4,
                      10763: 1, 10764: 2, 10765: 5, 10766: 2, 10767: 1, 10768: 1, 37: 1}  # fmt: skip
        for tid in sorted(ids):
            f = fixed.get(tid)
            if f:
                name_en, name_es, lang = f.name_en, f.name_es, f.lang
                original = f.original_name or (name_es if lang == "es" else name_en)
                genres = list(f.genres)
                n_seasons, specials = f.seasons, f.specials
                first_air = dt.date.fromisoformat(f.first_air_date)
                status, rating, pop = f.status, f.rating, f.popularity
            else:
                name_en, name_es = self._unique_title()
                lang = _weighted_lang(rng)
                original = (
                    name_en
                    if lang == "en"
                    else (name_es if lang == "es" else _native_title(rng, lang))
                )
                genres = []
                for _ in range(_choice(rng, (1, 2, 2, 3))):
                    g = rng.choices(list(tv_weights), list(tv_weights.values()))[0]
                    if g not in genres:
                        genres.append(g)
                n_seasons = rng.choices(range(1, 11), (18, 16, 14, 12, 10, 8, 7, 6, 5, 4))[0]
                specials = rng.random() < 0.25
                years_back = n_seasons + rng.randint(0, 8)
                first_air = today - dt.timedelta(days=365 * years_back + rng.randint(0, 300))
                status = rng.choices(("Ended", "Returning Series", "Canceled"), (50, 40, 10))[0]
                if 10762 in genres:
                    rating = _choice(rng, ("TV-Y", "TV-G"))
                elif 10751 in genres or 16 in genres:
                    rating = _choice(rng, ("TV-G", "TV-PG"))
                else:
                    rating = rng.choices(TV_RATINGS, (2, 8, 25, 40, 25))[0]
                pop = round(rng.lognormvariate(3.0, 1.0), 3)
            ov_en, ov_es = _gen_overview(rng)
            tag_en, tag_es = _choice(rng, _TAGLINES)
            if 10764 in genres or 10767 in genres:
                stype = "Reality" if 10764 in genres else "Talk Show"
            elif 99 in genres:
                stype = "Documentary"
            elif 10763 in genres:
                stype = "News"
            elif n_seasons == 1 and rng.random() < 0.4:
                stype = "Miniseries"
            else:
                stype = "Scripted"
            base_runtime = _choice(rng, (22, 24, 30, 42, 45, 50, 60))
            country = _choice(rng, _LANG_COUNTRIES[lang])
            series = Series(
                id=tid,
                name_en=name_en,
                name_es=name_es,
                original_name=original,
                original_language=lang,
                overview_en=ov_en,
                overview_es=ov_es,
                tagline_en=tag_en,
                tagline_es=tag_es,
                genre_ids=genres,
                first_air_date=first_air.isoformat(),
                status=status,
                type=stype,
                popularity=pop,
                vote_average=round(min(9.2, max(4.0, rng.gauss(7.4, 0.8))), 3),
                vote_count=int(rng.lognormvariate(5.0, 1.5)) + 1,
                episode_run_time=[] if tid in empty_runtime else [base_runtime],
                poster_path=None if (not f and rng.random() < 0.05) else _image(rng),
                backdrop_path=None if (not f and rng.random() < 0.08) else _image(rng),
                homepage="" if rng.random() < 0.3 else f"https://www.series-{tid}.example.com/",
                imdb_id=f"tt{rng.randrange(1, 9_999_999):07d}",
                tvdb_id=rng.randrange(70_000, 450_000),
                origin_country=[country],
                languages=[lang],
                networks=self._networks(country),
                companies=self._companies(country),
                rating=rating,
                content_ratings=[],
                seasons=[],
                created_by=[],
            )
            if f:
                series.vote_count = max(series.vote_count, 800)
            series.content_ratings = self._content_ratings(rating)
            self._seasons(series, n_seasons, specials, first_air, base_runtime)
            self._tv_credits(series)
            n_reviews = rng.choices((0, 1, 2, 3, 4), (35, 25, 20, 12, 8))[0]
            if f and tid == TV_SIX_SEASONS_ID:
                n_reviews = 3
            series.reviews = sorted((self._review(series.first_air_date, "tv") for _ in range(n_reviews)),
                                    key=lambda r: r["created_at"])  # fmt: skip
            self.cat.series[tid] = series

    def _networks(self, country: str) -> list[int]:
        rng = self.rng
        picks = [_choice(rng, _NETWORK_BY_COUNTRY[country])]
        if rng.random() < 0.1:
            extra = _choice(rng, _NETWORKS)[0]
            if extra not in picks:
                picks.append(extra)
        return picks

    def _content_ratings(self, rating: str) -> list[dict[str, Any]]:
        rng = self.rng
        idx = TV_RATINGS.index(rating)
        blocks = {"US": rating}
        for country in rng.sample(list(_TV_RATING_MAP), rng.randint(0, 2)):
            blocks[country] = _TV_RATING_MAP[country][idx]
        return [{"descriptors": [], "iso_3166_1": c, "rating": blocks[c]} for c in sorted(blocks)]

    def _seasons(self, s: Series, n_seasons: int, specials: bool, first_air: dt.date,
                 runtime: int) -> None:  # fmt: skip
        rng = self.rng
        today = self.today
        numbers = ([0] if specials else []) + list(range(1, n_seasons + 1))
        # Seasons spread evenly between first_air and today; a returning series sometimes
        # has the last episodes of its final season still to air.
        span_days = max(60, (today - first_air).days)
        step = span_days / max(1, n_seasons)
        future_tail = s.status == "Returning Series" and s.id != TV_LONG_ID and rng.random() < 0.5
        for number in numbers:
            n_eps = rng.randint(1, 4) if number == 0 else rng.randint(4, 12)
            if number == 0:
                start = first_air + dt.timedelta(days=rng.randrange(30, span_days))
            else:
                start = first_air + dt.timedelta(days=int(step * (number - 1)))
            # A normal season has fully aired; only a returning series' final season may not.
            start = min(start, today - dt.timedelta(days=7 * n_eps + 1))
            if number == n_seasons and future_tail:
                start = today - dt.timedelta(days=7 * (n_eps - 2) - 3)
            episodes = []
            for e in range(1, n_eps + 1):
                air = start + dt.timedelta(days=7 * (e - 1))
                name_en, name_es = _gen_title(rng)
                ov_en, ov_es = _gen_overview(rng)
                future = air > today
                crew: list[tuple[int, str, str, str]] = []
                guests: list[tuple[int, str, str, int]] = []
                if rng.random() < 0.6:
                    crew.append(
                        (
                            _choice(rng, self.crew_by_dept["Directing"]),
                            "Directing",
                            "Director",
                            _hex24(rng),
                        )
                    )
                    crew.append(
                        (
                            _choice(rng, self.crew_by_dept["Writing"]),
                            "Writing",
                            "Writer",
                            _hex24(rng),
                        )
                    )
                if rng.random() < 0.5:
                    for order, pid in enumerate(rng.sample(self.actors, rng.randint(1, 4))):
                        guests.append((pid, self._character(), _hex24(rng), 500 + order))
                episodes.append(Episode(
                    id=self.next_episode_id,
                    episode_number=e,
                    season_number=number,
                    name_en=name_en,
                    name_es=name_es,
                    overview_en="" if future else ov_en,
                    overview_es="" if future else ov_es,
                    air_date=air.isoformat(),
                    runtime=max(10, runtime + rng.randint(-4, 6)),
                    still_path=None if (future or rng.random() < 0.08) else _image(rng),
                    vote_average=0.0 if future else round(rng.uniform(5.5, 9.5), 3),
                    vote_count=0 if future else rng.randint(1, 400),
                    episode_type="finale" if (e == n_eps and number) else "standard",
                    crew=crew,
                    guest_stars=guests,
                ))  # fmt: skip
                self.next_episode_id += rng.randint(1, 40)
            ov = _gen_overview(rng) if rng.random() < 0.7 else ("", "")
            s.seasons.append(Season(
                id=self.next_season_id,
                oid=_hex24(rng),
                season_number=number,
                overview_en=ov[0],
                overview_es=ov[1],
                poster_path=None if rng.random() < 0.1 else _image(rng),
                vote_average=0.0 if number == 0 else round(rng.uniform(6.0, 9.0), 1),
                episodes=episodes,
            ))  # fmt: skip
            self.next_season_id += rng.randint(1, 30)

    def _tv_credits(self, s: Series) -> None:
        rng = self.rng
        total_eps = sum(len(se.episodes) for se in s.regular_seasons)
        must = [ZENDAYA_QUILL_ID] if s.id in _ZENDAYA_TV else []
        for order, pid in enumerate(self._cast(rng.randint(5, 12), must)):
            character = self._character()
            credit_id = _hex24(rng)
            eps = total_eps if order < 3 else rng.randint(1, total_eps)
            s.cast.append((pid, character, order, credit_id, eps))
            self.cat.people[pid].tv_cast.append((s.id, character, credit_id, eps))
        creators = rng.sample(self.crew_by_dept["Writing"] + self.crew_by_dept["Production"],
                              rng.randint(1, 2))  # fmt: skip
        for pid in creators:
            s.created_by.append((pid, _hex24(rng)))
        for dept, job in (("Production", "Executive Producer"), ("Sound", "Original Music Composer"),
                          ("Production", "Casting")):  # fmt: skip
            if rng.random() < 0.7:
                pid = _choice(rng, self.crew_by_dept[dept])
                credit_id = _hex24(rng)
                eps = rng.randint(1, total_eps)
                s.crew.append((pid, dept, job, credit_id, eps))
                self.cat.people[pid].tv_crew.append((s.id, dept, job, credit_id, eps))

    # ---- indexes
    def _finish(self) -> None:
        cat = self.cat
        for p in cat.people.values():
            credit_pop = sum(cat.movies[c[0]].popularity for c in p.movie_cast[:10])
            credit_pop += sum(cat.series[c[0]].popularity for c in p.tv_cast[:10])
            if p.id != ZENDAYA_QUILL_ID:
                p.popularity = round(p.popularity + credit_pop * 0.05, 3)
        for m in cat.movies.values():
            m.search_text = "\n".join(
                dict.fromkeys((fold(m.title_en), fold(m.title_es), fold(m.original_title)))
            )
            m.genre_set = frozenset(m.genre_ids)
            m.cast_ids = frozenset(c[0] for c in m.cast)
            m.crew_ids = frozenset(c[0] for c in m.crew)
            certs = {
                block["iso_3166_1"]: cat.certification(m, block["iso_3166_1"])
                for block in m.release_dates
            }
            m.certs = {country: cert for country, cert in certs.items() if cert}
        for p in cat.people.values():
            p.search_text = fold(p.name)
        for s in cat.series.values():
            s.search_text = "\n".join(
                dict.fromkeys((fold(s.name_en), fold(s.name_es), fold(s.original_name)))
            )

"""The generated catalog: its records plus language-aware renderers (cached per language)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from tmdb_offline.data import MOVIE_GENRES, TV_GENRES
from tmdb_offline.movie_views import MovieViews
from tmdb_offline.people_views import PeopleViews
from tmdb_offline.records import Movie, Person, Series
from tmdb_offline.tv_views import TvViews


# --------------------------------------------------------------------------- catalog
class Catalog(MovieViews, TvViews, PeopleViews):
    """The generated data plus language-aware renderers (cached per language)."""

    def __init__(self, seed: int, today: dt.date) -> None:
        self.seed = seed
        self.today = today
        self.movies: dict[int, Movie] = {}
        self.series: dict[int, Series] = {}
        self.people: dict[int, Person] = {}
        self._cache: dict[tuple[Any, ...], Any] = {}

    # ---- per-item deterministic RNG (lazy data must not depend on request order)
    def item_rng(self, *key: object) -> random.Random:
        return random.Random(f"{self.seed}:" + ":".join(str(k) for k in key))

    def _cached(self, key: tuple[Any, ...], lang: str, build: Any) -> Any:
        if lang not in ("en", "es"):
            return build()
        full = (*key, lang)
        hit = self._cache.get(full)
        if hit is None:
            hit = build()
            self._cache[full] = hit
        return hit

    # ---- text by language
    @staticmethod
    def _pick(lang: str, en: str, es: str, original: str, original_language: str) -> str:
        if lang == "es":
            return es
        if lang != "en" and lang == original_language:
            return original
        return en

    @staticmethod
    def _overview(lang: str, en: str, es: str) -> str:
        if lang == "en":
            return en
        if lang == "es":
            return es
        return f"[{lang}] {en}"

    def genres(self, kind: str, lang: str) -> list[dict[str, Any]]:
        table = MOVIE_GENRES if kind == "movie" else TV_GENRES
        return [{"id": g, "name": es if lang == "es" else en} for g, en, es in table]

    def _genre_objs(self, ids: list[int], names: dict[int, tuple[str, str]], lang: str):
        return [{"id": g, "name": names[g][1] if lang == "es" else names[g][0]} for g in ids]

    # ---- movies

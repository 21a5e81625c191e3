"""The hot lists kept warm ahead of expiry: the first pages of popular, coming soon and trending
(day and week), for each maturity form they are asked in, and the genre lists. Readers renew a
hot list ahead of expiry when they read it (tmdb_loaders.cache, refresh-ahead); the scheduled
``warm_catalog`` command also renews them proactively, so even after a deploy or a cache flush
users do not meet a cold hot list."""

from __future__ import annotations

from catalog import maturity as mat
from catalog.lists import list_key, today_utc
from tmdb_loaders import cache, fetch
from tmdb_loaders.keys import ListKey

HOT_PAGES = (1, 2)  # TMDb pages: the first 40 titles, i.e. every window of the first screens


def hot_list_keys(language: str) -> list[ListKey]:
    teen = dict(mat.TEEN_MOVIE_DISCOVER)
    soon = {"primary_release_date.gte": today_utc(), "sort_by": "popularity.desc"}
    keys = []
    for page in HOT_PAGES:
        keys += [
            list_key("movie/popular", page, language),
            list_key("discover/movie", page, language, **teen, sort_by="popularity.desc"),
            list_key("discover/movie", page, language, **soon),
            list_key("discover/movie", page, language, **soon, **teen),
            list_key("trending/all/day", page, language),
            list_key("trending/all/week", page, language),
        ]
    return keys


async def warm(languages: list[str]) -> int:
    """Renew what is missing or near expiry; returns the number of upstream fetches."""
    specs = [fetch.list_spec(key) for lang in languages for key in hot_list_keys(lang)]
    specs += [fetch.genres_spec(kind, lang) for lang in languages for kind in ("movie", "tv")]
    return await cache.warm(specs)

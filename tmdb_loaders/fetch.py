"""Cached TMDb reads, usable anywhere (loaders, management commands, tests).

Each ``*_spec`` says what one value is: its cache key, its TTL and the upstream call that
produces it (trimmed, see trim.py). The ``fetch_*`` functions load one value, the
``fetch_many_*`` ones several in one cache round trip; both go through cache.load_many, so every
read gets the cache, single flight and stale fallback. Values are shared between concurrent
callers: treat them as read-only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, Literal

from django.conf import settings

from tmdb_loaders import cache, client, keys
from tmdb_loaders.entry import Spec
from tmdb_loaders.errors import TMDbUnavailable
from tmdb_loaders.keys import ListKey
from tmdb_loaders.trim import appended_seasons, trim_movie, trim_series

logger = logging.getLogger("cinemate.tmdb")

GenreKind = Literal["movie", "tv"]
MOVIE_APPENDS = ("credits", "reviews", "recommendations", "release_dates")
SERIES_APPENDS = ("credits", "reviews", "recommendations", "content_ratings")
MAX_APPENDS = 20  # TMDb's limit on append_to_response items per call
# Seasons 0 (Specials, which most long-running series list) to 15 ride along the first call.
FIRST_CALL_SEASONS = tuple(range(MAX_APPENDS - len(SERIES_APPENDS)))


def _malformed(what: str, payload: Any) -> TMDbUnavailable:
    logger.warning("TMDb sent a wrong-shape %s: %.200r", what, payload)
    return TMDbUnavailable()


def _details(payload: dict[str, Any], what: str) -> dict[str, Any]:
    if not isinstance(payload.get("id"), int):
        raise _malformed(what, payload)
    return payload


# --- movies -------------------------------------------------------------------------------------


async def _movie_upstream(tmdb_id: int, language: str) -> dict[str, Any]:
    payload = await client.get_json(
        f"movie/{int(tmdb_id)}",
        {"append_to_response": ",".join(MOVIE_APPENDS)},
        language=language,
    )
    return trim_movie(_details(payload, "movie"))


def movie_spec(tmdb_id: int, language: str) -> Spec:
    return Spec(
        keys.movie_key(tmdb_id, language),
        settings.TMDB_CACHE_TTL_DETAIL,
        partial(_movie_upstream, int(tmdb_id), language),
    )


async def fetch_movie(tmdb_id: int, language: str) -> dict[str, Any]:
    """Trimmed movie details with credits, reviews, recommendations, release_dates (one call)."""
    return await cache.load(movie_spec(tmdb_id, language))


async def fetch_many_movies(ids: Iterable[int], language: str) -> list[Any]:
    """Like fetch_movie for several ids at once: each a dict or the exception it failed with."""
    return await cache.load_many([movie_spec(i, language) for i in ids])


# --- series -------------------------------------------------------------------------------------


async def _series_upstream(tmdb_id: int, language: str) -> dict[str, Any]:
    payload = await client.get_json(
        f"tv/{int(tmdb_id)}",
        {"append_to_response": ",".join(SERIES_APPENDS)},
        language=language,
    )
    return trim_series(_details(payload, "series"))


def series_spec(tmdb_id: int, language: str) -> Spec:
    return Spec(
        keys.series_key(tmdb_id, language),
        settings.TMDB_CACHE_TTL_DETAIL,
        partial(_series_upstream, int(tmdb_id), language),
    )


async def fetch_series(tmdb_id: int, language: str) -> dict[str, Any]:
    """Trimmed tv details with credits, reviews, recommendations, content_ratings (one call)."""
    return await cache.load(series_spec(tmdb_id, language))


def _listed_seasons(details: dict[str, Any]) -> list[int] | None:
    """The season numbers the series has: its ``seasons`` summary (Specials = 0 included only if
    listed), else 1..number_of_seasons, else None (unknown)."""
    summary = details.get("seasons")
    if isinstance(summary, list) and summary:
        numbers = {
            s["season_number"]
            for s in summary
            if isinstance(s, dict) and isinstance(s.get("season_number"), int)
        }
        return sorted(numbers)
    count = details.get("number_of_seasons")
    if isinstance(count, int) and count > 0:
        return list(range(1, count + 1))
    return None


async def _season_batch(tmdb_id: int, language: str, numbers: Sequence[int]) -> dict[int, Any]:
    payload = await client.get_json(
        f"tv/{tmdb_id}",
        {"append_to_response": ",".join(f"season/{n}" for n in numbers)},
        language=language,
    )
    return appended_seasons(payload)


async def _series_full_upstream(tmdb_id: int, language: str) -> dict[str, Any]:
    """Details + appends + seasons 0..15 in the first call, then the remaining listed seasons in
    calls of up to 20 appends each (concurrently). Up to 15 seasons (+ Specials) = 1 call,
    24 seasons + Specials = 2 calls. Seasons that do not exist are simply absent."""
    speculative = [f"season/{n}" for n in FIRST_CALL_SEASONS]
    payload = await client.get_json(
        f"tv/{tmdb_id}",
        {"append_to_response": ",".join([*SERIES_APPENDS, *speculative])},
        language=language,
    )
    base = trim_series(_details(payload, "series"))
    seasons = appended_seasons(payload)
    # The plain series entry comes for free with this call: prime it for `series` readers.
    await cache.store(keys.series_key(tmdb_id, language), base, settings.TMDB_CACHE_TTL_DETAIL)

    listed = _listed_seasons(base)
    missing = [n for n in (listed or []) if n not in seasons]
    batches = [missing[i : i + MAX_APPENDS] for i in range(0, len(missing), MAX_APPENDS)]
    for found in await asyncio.gather(*(_season_batch(tmdb_id, language, b) for b in batches)):
        seasons.update(found)
    wanted = set(listed) if listed is not None else set(seasons)
    return {**base, "season_details": [seasons[n] for n in sorted(seasons) if n in wanted]}


def series_full_spec(tmdb_id: int, language: str) -> Spec:
    return Spec(
        keys.series_full_key(tmdb_id, language),
        settings.TMDB_CACHE_TTL_DETAIL,
        partial(_series_full_upstream, int(tmdb_id), language),
    )


async def fetch_series_full(tmdb_id: int, language: str) -> dict[str, Any]:
    """fetch_series plus ``season_details``: every listed season with its episodes, in order."""
    return await cache.load(series_full_spec(tmdb_id, language))


def series_of(full: dict[str, Any]) -> dict[str, Any]:
    """The plain `series` value contained in a series_full value."""
    return {k: v for k, v in full.items() if k != "season_details"}


# --- lists and genres ---------------------------------------------------------------------------


async def _list_upstream(key: ListKey) -> dict[str, Any]:
    params: dict[str, str | int] = dict(key.params)
    params["page"] = key.page
    payload = await client.get_json(key.path, params, language=key.language)
    if not isinstance(payload.get("results"), list):
        raise _malformed(f"list page {key.path}", payload)
    return payload


def list_spec(key: ListKey) -> Spec:
    search = key.path.strip("/").startswith("search/")
    ttl = settings.TMDB_CACHE_TTL_SEARCH if search else settings.TMDB_CACHE_TTL_LIST
    # Hot lists (popular, coming soon, trending, discover) are renewed ahead of expiry.
    return Spec(keys.list_key(key), ttl, partial(_list_upstream, key), refresh_ahead=not search)


async def fetch_list(key: ListKey) -> dict[str, Any]:
    """A TMDb list page as TMDb sends it: {page, results, total_pages, total_results, ...}."""
    return await cache.load(list_spec(key))


async def fetch_many_lists(list_keys: Iterable[ListKey]) -> list[Any]:
    """Several pages (e.g. the TMDb pages covering one page/limit window) in one round trip."""
    return await cache.load_many([list_spec(k) for k in list_keys])


async def _genres_upstream(kind: GenreKind, language: str) -> dict[str, str]:
    payload = await client.get_json(f"genre/{kind}/list", language=language)
    genres = payload.get("genres")
    if not isinstance(genres, list):
        raise _malformed(f"{kind} genre list", payload)
    return {
        str(g["id"]): str(g.get("name") or "")
        for g in genres
        if isinstance(g, dict) and isinstance(g.get("id"), int)
    }


def genres_spec(kind: GenreKind, language: str) -> Spec:
    if kind not in ("movie", "tv"):
        raise ValueError(f"genre kind must be 'movie' or 'tv', not {kind!r}")
    return Spec(
        keys.genres_key(kind, language),
        settings.TMDB_CACHE_TTL_GENRES,
        partial(_genres_upstream, kind, language),
        refresh_ahead=True,
    )


def genre_map(stored: dict[str, str]) -> dict[int, str]:
    """Stored genres (JSON has string keys) as {genre_id: name}."""
    return {int(k): v for k, v in stored.items()}


async def fetch_genres(kind: GenreKind, language: str) -> dict[int, str]:
    """TMDb's genre list for movies or tv: {genre_id: name}."""
    return genre_map(await cache.load(genres_spec(kind, language)))

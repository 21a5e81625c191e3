"""Per-request TMDb dataloaders (create one ``TMDbLoaders`` per request: schema.context does).

A DataLoader batches the loads of one event-loop tick and memoises them for the request, so a
title asked for twice costs one load. Each batch function reads all its keys' cache entries in
one MGET and fetches only the misses, concurrently and single-flighted (tmdb_loaders.cache).
A key that fails gets its own exception (TMDbNotFound -> NOT_FOUND, TMDbUnavailable ->
UPSTREAM_UNAVAILABLE); the other keys of the batch are unaffected. Values are shared: read-only.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from strawberry.dataloader import DataLoader

from tmdb_loaders import cache, fetch
from tmdb_loaders.keys import ListKey

__all__ = ["ListKey", "TMDbLoaders"]

DetailKey = tuple[int, str]  # (tmdb_id, language)
GenreKey = tuple[str, str]  # ("movie" | "tv", language)


def _without_tracebacks(results: list[Any]) -> list[Any]:
    """Drop the tracebacks of the per-key errors a batch returns (NotFound, unavailable): the
    loader keeps them in futures for the request, and a traceback holds the frames that hold
    the results list that holds the error, a reference cycle per failed key. The error's type
    and message are all the callers use."""
    for value in results:
        error = value
        while isinstance(error, BaseException):
            error.__traceback__ = None
            error = error.__cause__ or error.__context__
    return results


async def _load_movies(keys: list[DetailKey]) -> list[Any]:
    specs = [fetch.movie_spec(i, lang) for i, lang in keys]
    return _without_tracebacks(await cache.load_many(specs))


async def _load_series(keys: list[DetailKey]) -> list[Any]:
    specs = [fetch.series_spec(i, lang) for i, lang in keys]
    return _without_tracebacks(await cache.load_many(specs))


async def _load_lists(keys: list[ListKey]) -> list[Any]:
    return _without_tracebacks(await cache.load_many([fetch.list_spec(k) for k in keys]))


async def _load_genres(keys: list[GenreKey]) -> list[Any]:
    stored = await cache.load_many([fetch.genres_spec(kind, lang) for kind, lang in keys])  # type: ignore[arg-type]
    return _without_tracebacks(
        [v if isinstance(v, BaseException) else fetch.genre_map(v) for v in stored]
    )


async def _load_series_full(series: DataLoader, keys: list[DetailKey]) -> list[Any]:
    """Loads ``series_full`` and primes ``series`` with the same payloads (a plain function
    bound with partial: a bound method of TMDbLoaders would be a reference cycle)."""
    results = await cache.load_many([fetch.series_full_spec(i, lang) for i, lang in keys])
    series.prime_many(
        {
            key: fetch.series_of(value)
            for key, value in zip(keys, results, strict=True)
            if not isinstance(value, BaseException)
        }
    )
    return _without_tracebacks(results)


class TMDbLoaders:
    """Per-request loaders (create one per request; the cross-request cache lives in the batch
    functions).

    - ``movie[(tmdb_id, language)]``: trimmed movie details with credits, reviews,
      recommendations, release_dates (one TMDb call per miss);
    - ``series[(tmdb_id, language)]``: trimmed tv details with credits, reviews, recommendations,
      content_ratings; no season episodes;
    - ``series_full[(tmdb_id, language)]``: ``series`` plus ``season_details`` (every listed
      season with episodes, in season_number order); also primes ``series``;
    - ``list_page[ListKey]``: a TMDb list page as-is;
    - ``genres[("movie"|"tv", language)]``: {genre_id: name}.
    """

    movie: DataLoader[tuple[int, str], dict]
    series: DataLoader[tuple[int, str], dict]
    series_full: DataLoader[tuple[int, str], dict]
    list_page: DataLoader[ListKey, dict]
    genres: DataLoader[tuple[str, str], dict[int, str]]

    def __init__(self) -> None:
        self.movie = DataLoader(load_fn=_load_movies)
        self.series = DataLoader(load_fn=_load_series)
        self.series_full = DataLoader(load_fn=partial(_load_series_full, self.series))
        self.list_page = DataLoader(load_fn=_load_lists)
        self.genres = DataLoader(load_fn=_load_genres)

    def close(self) -> None:
        """Forget every memoised load (at the end of the request). A failed load's future holds
        its error, whose traceback holds frames that hold these loaders: emptying the caches
        breaks that cycle, so the request's payloads go by reference counting."""
        for loader in (self.movie, self.series, self.series_full, self.list_page, self.genres):
            loader.clear_all()
            loader.batch = None

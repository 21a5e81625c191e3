"""Helpers of the notification jobs (management commands): TMDb reads outside a request.

Outside a request there are no dataloaders, so ``FetchSource`` reads through
tmdb_loaders.fetch (Redis cache, single flight, stale fallback) and memoises each distinct
title and list page for the run: however many users favourite a title or share genres, it is
read once, and all reads of a round are issued concurrently (bounded by the TMDb client's
concurrency and rate limits).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Hashable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any, TypeVar

from catalog.ids import TitleId
from tmdb_loaders import cache, fetch
from tmdb_loaders.keys import ListKey

logger = logging.getLogger("cinemate.library.jobs")
T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def details_spec(title_id: TitleId, language: str, max_age: float | None = None) -> cache.Spec:
    """The cached details read of a title; ``max_age`` (seconds) makes a cached copy older
    than that count as stale, so a job sees news sooner than the API's detail TTL would allow
    (the refreshed copy is stored for every reader)."""
    spec = (fetch.series_spec if title_id.is_series else fetch.movie_spec)(
        title_id.tmdb_id, language
    )
    if max_age is not None:
        # Older than max_age is not news: ask TMDb before answering (no stale-while-revalidate).
        spec = dataclasses.replace(spec, ttl=min(spec.ttl, max_age), serve_stale_first=False)
    return spec


async def fetch_details(
    ids: Sequence[TitleId], language: str, *, max_age: float | None = None
) -> list[Any]:
    """Details of ``ids`` (concurrently): each a dict or the exception it failed with."""
    return await cache.load_many([details_spec(t, language, max_age) for t in ids])


class FetchSource:
    """recommendations.Source over tmdb_loaders.fetch, memoised for one job run."""

    def __init__(self) -> None:
        self._tasks: dict[Hashable, asyncio.Task[Any]] = {}
        self.reads = 0

    def _task(self, key: Hashable, load: Callable[[], Awaitable[Any]]) -> asyncio.Task[Any]:
        task = self._tasks.get(key)
        if task is None:
            self.reads += 1
            task = self._tasks[key] = asyncio.ensure_future(load())
        return task

    async def details(
        self, ids: Sequence[TitleId], language: str
    ) -> list[Mapping[str, Any] | BaseException]:
        tasks = [
            self._task(
                ("details", t.kind, t.tmdb_id, language),
                partial(cache.load, details_spec(t, language)),
            )
            for t in ids
        ]
        return list(await asyncio.gather(*tasks, return_exceptions=True))

    async def pages(self, keys: Sequence[ListKey]) -> list[Mapping[str, Any] | BaseException]:
        tasks = [self._task(("page", key), partial(fetch.fetch_list, key)) for key in keys]
        return list(await asyncio.gather(*tasks, return_exceptions=True))

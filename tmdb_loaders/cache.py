"""The cross-request TMDb cache: Redis (or Django's local cache), single flight, stale fallback.

What a caller gets from ``load_many(specs)`` for each spec, in order of preference:

1. a fresh cached copy (age < ttl), read for all specs in ONE round trip (MGET);
2. the result of an upstream fetch that is *shared*: concurrent misses for one key cost one
   TMDb call, in one process (a task per key per event loop) and across processes sharing Redis
   (a ``SET lock NX PX`` lock; the others poll for the value, bounded by
   TMDB_SINGLE_FLIGHT_WAIT, then fetch themselves);
3. when that fetch fails with TMDbUnavailable (or the request's deadline passes, see
   core.deadline) and an older copy is still stored, that stale copy (WARNING logged with key
   and age). TMDbNotFound is an answer, not a failure: it is cached for NEGATIVE_TTL seconds so
   a bad id does not hammer TMDb.

Before 2: an expired copy within TMDB_SWR_WINDOW of its ttl is answered at once while one
background refresh renews it (stale-while-revalidate), and a hot value (``Spec.refresh_ahead``)
is renewed in the background before it expires. Storage lives in tmdb_loaders.store, the
cross-process single flight in tmdb_loaders.flight.

Entries are orjson ``{"fetched_at": epoch, "data": ...}`` (or ``"missing": true``) under the
django-redis key scheme (core.redis_async.make_key); a Redis entry lives ttl + TMDB_STALE_TTL.
Without REDIS_URL, Django's cache (local memory) holds them instead. If Redis fails, requests
still succeed by going upstream: Redis is skipped for core.redis_breaker's window (REDIS_SKIP_SECONDS) and a rate-limited
WARNING is logged; no Redis error ever escapes.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings

from core import deadline as request_deadline
from core.loop_resources import get_resource
from core.metrics import cache_kind, record_cache_lookup
from tmdb_loaders import client
from tmdb_loaders.breaker import OPEN, breaker
from tmdb_loaders.entry import Entry, Spec
from tmdb_loaders.errors import TMDbDeadline, TMDbNotFound
from tmdb_loaders.flight import _lead, _serve_stale
from tmdb_loaders.store import get, get_many, store

__all__ = ["Entry", "Spec", "get", "get_many", "load", "load_many", "store", "warm"]

logger = logging.getLogger("cinemate.tmdb.cache")


def _landed(flights: dict[str, asyncio.Task[Any]], key: str, task: asyncio.Task[Any]) -> None:
    if flights.get(key) is task:
        del flights[key]
    if not task.cancelled():
        task.exception()  # retrieved: no "exception was never retrieved" if every waiter left


async def _flight(spec: Spec, seen: Entry | None, *, background: bool = False) -> asyncio.Task:
    """This loop's fetch of ``spec.key``, joined or started. The fetch is a task of its own, so
    a caller that goes away (client disconnect, its deadline) neither cancels it for the others
    nor loses it: it still lands in the cache for the next request."""
    flights: dict[str, asyncio.Task[Any]] = await get_resource("tmdb-flights", dict)
    task = flights.get(spec.key)
    if task is None:
        task = asyncio.ensure_future(_refresh(spec, seen) if background else _lead(spec, seen))
        flights[spec.key] = task
        task.add_done_callback(partial(_landed, flights, spec.key))
    return task


async def _single_flight(spec: Spec, seen: Entry | None) -> Any:
    """The value of ``spec`` from the shared fetch, waited for only until the request's
    deadline: past it, the stale copy when there is one, else TMDbDeadline (503)."""
    task = await _flight(spec, seen)
    left = request_deadline.remaining()
    if left is None:
        return await asyncio.shield(task)
    try:
        return await asyncio.wait_for(asyncio.shield(task), left)
    except TimeoutError:
        return _serve_stale(spec, seen, TMDbDeadline())


async def _refresh(spec: Spec, seen: Entry | None) -> Any:
    """Stale-while-revalidate: renew ``spec`` while its current copy is being served. No
    deadline of any request, no retry, nothing at all while the breaker is open."""
    request_deadline.clear()
    client.background_work()
    if breaker.state() == OPEN:
        return None
    stats.refreshes += 1
    return await _lead(spec, seen, background=True)


def _revalidate(spec: Spec, entry: Entry) -> None:
    """Start one background refresh of ``spec`` (joining any fetch already running)."""

    async def start() -> None:
        flights = await get_resource("tmdb-flights", dict)
        if spec.key in flights:
            return  # a fetch is on its way already
        await client.admit_background()  # queued here, not as a flight others would join
        await _flight(spec, entry, background=True)

    task = asyncio.ensure_future(start())
    _pending.add(task)
    task.add_done_callback(_pending.discard)


_pending: set[asyncio.Task[Any]] = set()


@dataclass(slots=True)
class Stats:
    """Per-process counters for metrics (issue 14): plain ints."""

    stale_served: int = 0
    refreshes: int = 0


stats = Stats()


# --- public -------------------------------------------------------------------------------------


def _usable_stale(spec: Spec, entry: Entry) -> bool:
    """Whether an expired entry is served at once while it is refreshed (stale-while-revalidate)."""
    return (
        spec.serve_stale_first
        and not entry.missing
        and entry.age() < spec.ttl + float(settings.TMDB_SWR_WINDOW)
    )


def _due_ahead(spec: Spec, entry: Entry) -> bool:
    return (
        spec.refresh_ahead
        and not entry.missing
        and entry.age() >= spec.ttl * float(settings.TMDB_REFRESH_AHEAD)
    )


def _count_lookups(specs: Sequence[Spec], results: list[str]) -> None:
    """Prometheus: lookups by kind and result, one increment per (kind, result) of the batch."""
    counts = Counter(
        (cache_kind(spec.key), result) for spec, result in zip(specs, results, strict=True)
    )
    for (kind, result), count in counts.items():
        record_cache_lookup(kind, result, count)


async def load_many(specs: Sequence[Spec]) -> list[Any]:
    """Each spec's value, or the exception instance that spec failed with (DataLoader style).

    Fresh entries are answered as they are (hot ones nearing expiry are renewed in the
    background); an expired entry within TMDB_SWR_WINDOW is answered at once while one
    background refresh renews it; anything else waits for the shared fetch, at most until the
    request's deadline (then a stale copy, or TMDbDeadline)."""
    entries = await get_many([spec.key for spec in specs])
    results: list[Any] = [None] * len(specs)
    misses: list[int] = []
    looked_up: list[str] = []
    for index, (spec, entry) in enumerate(zip(specs, entries, strict=True)):
        if entry is not None and entry.is_fresh(spec.ttl):
            results[index] = TMDbNotFound() if entry.missing else entry.data
            looked_up.append("hit")
            if _due_ahead(spec, entry):
                _revalidate(spec, entry)
        elif entry is not None and _usable_stale(spec, entry):
            results[index] = entry.data
            stats.stale_served += 1
            looked_up.append("stale")
            _revalidate(spec, entry)
        else:
            misses.append(index)
            looked_up.append("miss")
    _count_lookups(specs, looked_up)
    if misses:
        outcomes = await asyncio.gather(
            *(_single_flight(specs[i], entries[i]) for i in misses), return_exceptions=True
        )
        for index, outcome in zip(misses, outcomes, strict=True):
            results[index] = outcome
    return results


async def warm(specs: Sequence[Spec]) -> int:
    """Renew every spec that is missing, expired or due for refresh-ahead, now (a scheduled job
    keeping hot lists warm); returns how many were fetched. No request deadline applies; it is
    background work for the rate cap (for this call only: the caller's context is left as is)."""
    entries = await get_many([spec.key for spec in specs])
    due = [
        (spec, entry)
        for spec, entry in zip(specs, entries, strict=True)
        if entry is None
        or not entry.is_fresh(spec.ttl)
        or spec.ttl * float(settings.TMDB_REFRESH_AHEAD) <= entry.age()
    ]
    with client.as_background():
        outcomes = await asyncio.gather(
            *(_lead(spec, entry, background=entry is not None) for spec, entry in due),
            return_exceptions=True,
        )
    return sum(1 for outcome in outcomes if not isinstance(outcome, BaseException))


async def load(spec: Spec) -> Any:
    """One spec's value; raises TMDbNotFound / TMDbUnavailable."""
    (result,) = await load_many([spec])
    if isinstance(result, BaseException):
        raise result
    return result

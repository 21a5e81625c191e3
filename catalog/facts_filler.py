"""The background filler of title facts (catalog.facts): a list page is answered from the list
call alone, and the titles whose facts it lacked are fetched here, after the answer, for the
next request.

Bounded, and inside the upstream budget:
- at most TMDB_FACTS_FILL_BATCH titles per page (0: the filler is off), TMDB_FACTS_FILL_CONCURRENCY details calls in
  flight per process, each title at most once at a time per process;
- through the same client as everything else: the shared rate cap (as background work: only
  while the window is less than half full, queued apart from requests), the retry budget and
  the circuit breaker; nothing is started while the breaker is not closed;
- no request deadline (it is nobody's wait), no retry beyond the budget.
The details it fetches also land in the TMDb cache, so opening such a title is warm.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings

from catalog.facts import Facts, facts_from_details, store
from catalog.ids import TitleId
from core import deadline
from core.background import spawn
from core.loop_resources import get_resource
from tmdb_loaders import breaker, client, fetch

logger = logging.getLogger(__name__)

START_DELAY = 0.1  # seconds: the filler never competes with the answer it follows
_inflight: set[str] = set()
_pending: set[asyncio.Task[None]] = set()


class Stats:
    """Per-process counters for metrics (issue 14)."""

    scheduled = 0
    filled = 0
    failed = 0
    skipped_open_breaker = 0


def fill_later(title_ids: Iterable[TitleId], language: str) -> int:
    """Schedule the facts of these titles to be fetched in the background; returns how many
    were scheduled (titles already being filled, and those over the batch bound, are not)."""
    batch = int(settings.TMDB_FACTS_FILL_BATCH)
    if batch <= 0:
        return 0
    if breaker.state() != breaker.CLOSED:
        Stats.skipped_open_breaker += 1
        return 0
    wanted = []
    for title_id in title_ids:
        key = str(title_id)
        if key in _inflight:
            continue
        wanted.append(title_id)
        if len(wanted) >= batch:
            break
    if not wanted:
        return 0
    _inflight.update(str(t) for t in wanted)
    Stats.scheduled += len(wanted)
    task = spawn(_fill(wanted, language))  # outlives the request: its own context
    _pending.add(task)
    task.add_done_callback(_pending.discard)
    return len(wanted)


async def _slots() -> asyncio.Semaphore:
    size = max(1, int(settings.TMDB_FACTS_FILL_CONCURRENCY))
    return await get_resource("facts-filler-slots", partial(asyncio.Semaphore, size))


async def _one(title_id: TitleId, language: str, slots: asyncio.Semaphore) -> Facts | None:
    async with slots:
        if breaker.state() != breaker.CLOSED:
            return None
        loader = fetch.fetch_series if title_id.is_series else fetch.fetch_movie
        try:
            # The rate-cap start is taken before the fetch is shared, so a user's request for
            # the same title never waits behind the filler's queue.
            await client.admit_background()
            details = await loader(title_id.tmdb_id, language)
        except Exception as exc:  # noqa: BLE001 - a background job logs and moves on
            Stats.failed += 1
            logger.info("facts of %s not filled: %r", title_id, exc)
            return None
    return facts_from_details(title_id.kind, details)


async def _fill(title_ids: list[TitleId], language: str) -> None:
    deadline.clear()
    client.background_work()  # yields the shared rate cap to users' requests
    try:
        await asyncio.sleep(START_DELAY)  # the page that asked goes out first
        slots = await _slots()
        found = await asyncio.gather(*(_one(t, language, slots) for t in title_ids))
        facts = {str(t): f for t, f in zip(title_ids, found, strict=True) if f is not None}
        await store(facts)
        Stats.filled += len(facts)
    finally:
        _inflight.difference_update(str(t) for t in title_ids)


async def drain() -> None:
    """Wait for every scheduled fill (tests, benchmarks, management commands)."""
    while _pending:
        await asyncio.gather(*list(_pending), return_exceptions=True)

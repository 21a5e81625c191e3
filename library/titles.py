"""Titles of a user's own lists (favourites, history): our ids -> entries with their cards.

The rows come from our database, so every title needs its finished card: read in one MGET
from the card cache (catalog.card_cache); the titles missing there have their details loaded
in ONE concurrent round through the request's loaders (which batch and cache them).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from catalog import card_cache
from catalog.entries import Entry, entries_for_ids
from catalog.titles import load_payload
from core.context import RequestContext
from core.exceptions import NotFound


async def load_entries(
    ctx: RequestContext, ids: Sequence[str], language: str
) -> list[Entry | None]:
    """An entry with details per id, in order; None for a title TMDb no longer has (or an id
    that cannot exist). TMDb being unavailable raises UPSTREAM_UNAVAILABLE: a list of one's own
    titles with holes in it would look like lost data."""
    parsed = entries_for_ids(ids)
    by_id = {entry.id: entry for entry in parsed}
    await card_cache.read_into(parsed, language)
    found: dict[str, Entry] = {entry.id: entry for entry in parsed if entry.card is not None}
    missing = [entry for entry in parsed if entry.card is None]
    results = await asyncio.gather(
        *(load_payload(ctx, e.kind, e.tmdb_id, language) for e in missing),
        return_exceptions=True,
    )
    for entry, result in zip(missing, results, strict=True):
        if isinstance(result, NotFound):
            continue
        if isinstance(result, BaseException):
            raise result
        entry.details = result
        found[entry.id] = entry
    await card_cache.store_from_details(missing, language)
    return [found.get(i) if i in by_id else None for i in ids]

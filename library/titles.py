"""Titles of a user's own lists (favourites, history): our ids -> entries with details.

The rows come from our database, so every title needs its details (for the card); they are
loaded in ONE concurrent round through the request's loaders (which batch and cache them).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

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
    results = await asyncio.gather(
        *(load_payload(ctx, e.kind, e.tmdb_id, language) for e in parsed),
        return_exceptions=True,
    )
    found: dict[str, Entry] = {}
    for entry, result in zip(parsed, results, strict=True):
        if isinstance(result, NotFound):
            continue
        if isinstance(result, BaseException):
            raise result
        entry.details = result
        found[entry.id] = entry
    return [found.get(i) if i in by_id else None for i in ids]

"""One title and its details through the request's loaders; the maturity filter over entries;
a title's recommendations (as a list page the card-page cache can hold)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from catalog import facts, facts_filler, page_cache
from catalog import maturity as mat
from catalog.entries import Entry, EntryPage, entries_from_items
from catalog.ids import TitleId
from catalog.prefs import Prefs, viewer_prefs
from core.context import RequestContext
from core.exceptions import NotFound

logger = logging.getLogger(__name__)


async def load_payload(
    ctx: RequestContext, kind: str, tmdb_id: int, language: str, *, full: bool = False
) -> Mapping[str, Any]:
    """A title's details payload through the request's loaders (NotFound if TMDb has none).

    ``full`` asks for a series with every season's episodes (series_full); otherwise a series
    comes without episodes (one TMDb call)."""
    loaders = ctx.loaders
    loader = (loaders.series_full if full else loaders.series) if kind == "tv" else loaders.movie
    return await loader.load((tmdb_id, language))


async def load_details(ctx: RequestContext, entries: Sequence[Entry], language: str) -> None:
    """Fill ``details`` of the entries lacking it, concurrently (one batch per loader).

    A title that fails (deleted on TMDb, or TMDb down) keeps ``details=None``: a list shows the
    rest rather than failing whole."""
    missing = [entry for entry in entries if entry.details is None]
    if not missing:
        return
    results = await asyncio.gather(
        *(load_payload(ctx, e.kind, e.tmdb_id, language) for e in missing),
        return_exceptions=True,
    )
    for entry, result in zip(missing, results, strict=True):
        if isinstance(result, BaseException):
            if not isinstance(result, NotFound | asyncio.CancelledError):
                logger.warning("details of %s unavailable: %r", entry.id, result)
            if isinstance(result, asyncio.CancelledError):
                raise result
            continue
        entry.details = result


async def load_facts(entries: Sequence[Entry], language: str) -> None:
    """Set ``facts`` of the list entries that lack details and facts (one query); schedule the
    unknown and the stale ones for the background filler."""
    wanted = [e for e in entries if e.details is None and e.facts is None and e.item is not None]
    if not wanted:
        return
    known = await facts.facts_for(e.id for e in wanted)
    refill = []
    for entry in wanted:
        entry.facts = known.get(entry.id)
        if entry.facts is None or entry.facts.is_stale():
            refill.append(entry.title_id)
    if refill:
        facts_filler.fill_later(refill, language)


async def apply_maturity(
    ctx: RequestContext, entries: list[Entry], prefs: Prefs, *, certified: bool = False
) -> list[Entry]:
    """Drop what the caller's maturity filter excludes. ``teen`` decides on each title's
    stored certification (catalog.facts, or its details when fetched): a title whose
    certification is not known yet is held back (and filled in the background).
    ``certified``: TMDb already applied the teen rule (discover with the certification cap)."""
    kept = [e for e in entries if e.item is None or mat.allows_item(prefs.maturity, e.item)]
    if mat.needs_certification(prefs.maturity) and not certified:
        await load_details(ctx, [e for e in kept if e.item is None], prefs.language)
        await load_facts(kept, prefs.language)
        kept = [
            e
            for e in kept
            if (
                mat.allows_details(prefs.maturity, e.details, e.kind)
                if e.details is not None
                else facts.allows(prefs.maturity, e.facts, e.kind)
            )
        ]
    return kept


async def title(ctx: RequestContext, title_id: TitleId, *, full: bool = False) -> Entry:
    """One title with its details (NotFound if TMDb has no such title). Opening a title is
    recorded by the caller (library.history.record_title_view): readers never write."""
    prefs = await viewer_prefs(ctx)
    details = await load_payload(ctx, title_id.kind, title_id.tmdb_id, prefs.language, full=full)
    facts.remember({str(title_id): (title_id.kind, details)})
    return Entry(title_id.kind, title_id.tmdb_id, None, details)


def recommendation_entries(entry: Entry) -> list[Entry]:
    """The recommendations TMDb appended to a title's details (first page), as entries."""
    details = entry.details or {}
    items = (details.get("recommendations") or {}).get("results") or ()
    return entries_from_items(items, entry.kind)


async def recommendations_page(ctx: RequestContext, entry: Entry) -> EntryPage:
    """A title's recommendations as a list page for ``page_cards``: the finished cards come
    from the page cache when a previous view completed them (a warm details page then reads
    one small entry instead of every recommended title's details)."""
    prefs = await viewer_prefs(ctx)
    key = page_cache.page_key(
        f"recommendations/{entry.kind}/{entry.tmdb_id}", {}, 1, 0, prefs.language, prefs.maturity
    )
    cached = await page_cache.read(key)
    if cached is not None:
        return EntryPage([], cached["pagination"], cards=cached["cards"])
    entries = await apply_maturity(ctx, recommendation_entries(entry), prefs)
    pagination = {"page": 1, "limit": len(entries), "total": len(entries), "total_pages": 1}
    return EntryPage(entries, pagination, cache_key=key, cache_ttl=page_cache.list_ttl())

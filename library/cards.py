"""The viewer's cards: catalogue cards (catalog.card_builder) with ``is_favorite`` set from the
viewer's favourites; a complete list page is stored in the card-page cache (catalog.page_cache)
for the next caller, without anyone's favourite marks.

This is where the card-page cache is written: the catalogue's readers only read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from catalog import page_cache
from catalog.card_builder import build_cards, card_names
from catalog.entries import Entry, EntryPage
from catalog.prefs import viewer_prefs
from core.context import RequestContext
from library.selectors import EMPTY, viewer_favourite_ids


async def card_dicts(
    ctx: RequestContext,
    entries: Sequence[Entry],
    *,
    with_details: bool = True,
    with_genres: bool = True,
    with_favourites: bool = True,
    language: str | None = None,
) -> list[dict[str, Any]]:
    """Cards for ``entries``. With details (REST, and GraphQL when ``duration`` is selected)
    the finished cards come from the card cache, details loaded only for the titles missing
    there; else genre names come from the genre lists. ``is_favorite`` costs a signed-in
    caller no extra read (the favourite ids come with the session state), none otherwise.
    GraphQL turns off what its query does not select (left at their defaults: [] / false)."""
    if language is None:
        language = (await viewer_prefs(ctx)).language
    names = await card_names(
        ctx, entries, language, with_details=with_details, with_genres=with_genres
    )
    favourites = await viewer_favourite_ids(ctx) if with_favourites else EMPTY
    return build_cards(entries, names, favourites)


async def page_cards(
    ctx: RequestContext,
    page: EntryPage,
    *,
    with_details: bool = True,
    with_genres: bool = True,
    with_favourites: bool = True,
) -> list[dict[str, Any]]:
    """The cards of a list page: from the page cache when it had them, else built (and, when
    complete, stored for the next caller). Flags as for ``card_dicts``."""
    if page.cards is not None:
        cards = page.cards
        if with_favourites and cards:
            favourites = await viewer_favourite_ids(ctx)
            if favourites:
                for card in cards:
                    card["is_favorite"] = card["id"] in favourites
        return cards
    cards = await card_dicts(
        ctx,
        page.entries,
        with_details=with_details,
        with_genres=with_genres,
        with_favourites=with_favourites,
    )
    complete = with_details and with_genres and all(e.complete for e in page.entries)
    if page.cache_key and complete:
        shared = [{**card, "is_favorite": False} for card in cards]
        page.etag = await page_cache.write(
            page.cache_key, {"cards": shared, "pagination": page.pagination}, page.cache_ttl
        )
    return cards


async def is_favourite(ctx: RequestContext, title_id: str) -> bool:
    return title_id in await viewer_favourite_ids(ctx)

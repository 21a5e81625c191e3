"""Cards of entries: details or genre names loaded through the request's loaders, then one card
dict per entry. Which titles are the viewer's favourites is passed in (library.cards knows).
With details, finished cards come from the card cache (catalog.card_cache) and only the titles
missing there have their details loaded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from catalog import card_cache
from catalog.cards import card_from_item
from catalog.entries import Entry
from catalog.genres import genre_maps
from catalog.titles import load_details, load_facts
from core.context import RequestContext


def build_card(
    entry: Entry,
    genre_names: Mapping[str, Mapping[int, str]],
    favourites: frozenset[str] | set[str],
) -> dict[str, Any] | None:
    """The card dict of one entry (None when nothing at all is known about it)."""
    if entry.card is not None:
        return card_cache.with_favourite(entry.card, entry.id in favourites)
    source = entry.source
    if source is None:
        return None
    return card_from_item(
        source,
        entry.kind,
        details=entry.details,
        genre_names=genre_names.get(entry.kind),
        is_favorite=entry.id in favourites,
        duration=entry.facts.duration if entry.facts is not None else None,
    )


async def card_names(
    ctx: RequestContext,
    entries: Sequence[Entry],
    language: str,
    *,
    with_details: bool = True,
    with_genres: bool = True,
) -> dict[str, Mapping[int, str]]:
    """Load what the cards of ``entries`` need. With details (``duration`` wanted): entries
    from a TMDb list get their stored facts (one query; the unknown ones are filled in the
    background, catalog.facts_filler, and show ``duration: null`` meanwhile); bare ids (e.g.
    favourites) their finished card from the card cache (catalog.card_cache, one MGET), else
    their details (whose cards are then stored); then the genre names of the kinds whose
    details and card are missing."""
    if with_details:
        await load_facts(entries, language)
        bare = [e for e in entries if e.item is None]
        await card_cache.read_into(bare, language)
        await load_details(ctx, [e for e in bare if e.card is None], language)
        await card_cache.store_from_details(bare, language)
    kinds = {e.kind for e in entries if e.details is None and e.card is None} if with_genres else ()
    return await genre_maps(ctx, kinds, language) if kinds else {}


def build_cards(
    entries: Sequence[Entry],
    genre_names: Mapping[str, Mapping[int, str]],
    favourites: frozenset[str] | set[str],
) -> list[dict[str, Any]]:
    """The card dicts of ``entries``, leaving out those nothing at all is known about."""
    cards = []
    for entry in entries:
        card = build_card(entry, genre_names, favourites)
        if card is not None:
            cards.append(card)
    return cards

"""Finished cards per title and language, in the shared cache (Redis; Django's local cache
without REDIS_URL).

A card needs ``duration`` and the genre names, which only a title's details hold; the details
are ~12 KB of JSON to read and decode per title. Lists whose cards are not in a page cache
(favourites, recommendations, history, id lists, GraphQL lists of any of them) used to decode
every title's details on every request. Here the finished card of a title in a language
(``is_favorite`` false: it is per caller, applied on the way out) is stored on its own under
``card:v1:<id>:<language>``, about 0.5 KB, and a list reads all its cards in one MGET; only the
titles missing are loaded through the request's loaders (and their cards stored).

A card is built from the title's details (catalog.cards.card_from_details), so a title shows
the same card in every list. Entries live as long as details are believed fresh
(TMDB_CACHE_TTL_DETAIL); they are never invalidated early (details change slowly and the
lists' own page caches carry the same staleness). Redis trouble is a miss.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import orjson
from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

from catalog.cards import card_from_details
from core.redis_async import get_redis, make_key

if TYPE_CHECKING:
    from catalog.selectors import Entry

logger = logging.getLogger(__name__)

VERSION = "v1"
_ERRORS = (RedisError, OSError, TimeoutError)


def card_key(title_id: str, language: str) -> str:
    return f"card:{VERSION}:{title_id}:{language}"


def _ttl() -> int:
    return max(1, int(settings.TMDB_CACHE_TTL_DETAIL))


async def read_into(entries: Sequence[Entry], language: str) -> None:
    """Set ``card`` on every entry whose finished card is cached (one MGET)."""
    wanted = [entry for entry in entries if entry.card is None]
    if not wanted:
        return
    keys = [card_key(entry.id, language) for entry in wanted]
    try:
        client = await get_redis()
        if client is None:
            found = caches["default"].get_many(keys)
            raws = [found.get(key) for key in keys]
        else:
            raws = await client.mget([make_key(key) for key in keys])
    except _ERRORS as exc:
        logger.debug("card cache read failed: %r", exc)
        return
    for entry, raw in zip(wanted, raws, strict=True):
        if raw is None:
            continue
        try:
            card = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue
        if isinstance(card, dict):
            entry.card = card


async def store_from_details(entries: Sequence[Entry], language: str) -> None:
    """Build, set and store the card of every entry that has details but no card yet."""
    fresh: dict[str, bytes] = {}
    for entry in entries:
        if entry.card is None and entry.details is not None:
            entry.card = card_from_details(entry.details, entry.kind)
            fresh[card_key(entry.id, language)] = orjson.dumps(entry.card)
    if fresh:
        await _write(fresh)


async def _write(values: Mapping[str, bytes]) -> None:
    ttl = _ttl()
    try:
        client = await get_redis()
        if client is None:
            caches["default"].set_many(dict(values), ttl)
            return
        async with client.pipeline(transaction=False) as pipe:
            for key, raw in values.items():
                pipe.set(make_key(key), raw, ex=ttl)
            await pipe.execute()
    except _ERRORS as exc:
        logger.debug("card cache write failed: %r", exc)


def with_favourite(card: Mapping[str, Any], is_favorite: bool) -> dict[str, Any]:
    """A caller's copy of a cached card (cards are shared by every caller of the request)."""
    return {**card, "is_favorite": is_favorite}

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

Each worker process also keeps the cards it read or wrote lately, decoded (``_L1``: at most
L1_SIZE, each for L1_TTL seconds), so the hot titles of the personal lists cost no round trip
and no decode. Cards are never invalidated early, so this adds at most L1_TTL of staleness;
cached cards are shared and read-only (``with_favourite`` copies). ``clear_l1`` empties it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import orjson
from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

from catalog.cards import card_from_details
from core.redis_async import get_redis, make_key

if TYPE_CHECKING:
    from catalog.entries import Entry

logger = logging.getLogger(__name__)

VERSION = "v1"
_ERRORS = (RedisError, OSError, TimeoutError)
L1_TTL = 10.0
L1_SIZE = 4096

# cache key -> (monotonic expiry, decoded card); insertion order is age order.
_L1: dict[str, tuple[float, Mapping[str, Any]]] = {}
_L1_LOCK = threading.Lock()


def _l1_get(key: str, now: float) -> Mapping[str, Any] | None:
    entry = _L1.get(key)
    if entry is None or entry[0] <= now:
        return None
    return entry[1]


def _l1_put(cards: Mapping[str, Mapping[str, Any]]) -> None:
    expiry = time.monotonic() + L1_TTL
    with _L1_LOCK:  # event loops in other threads (async_to_sync) may share the process
        if len(_L1) + len(cards) > L1_SIZE:
            now = time.monotonic()
            for stale in [k for k, (until, _) in _L1.items() if until <= now]:
                del _L1[stale]
            while _L1 and len(_L1) + len(cards) > L1_SIZE:
                del _L1[next(iter(_L1))]  # the oldest
        for key, card in cards.items():
            _L1.pop(key, None)
            _L1[key] = (expiry, card)


def clear_l1() -> None:
    with _L1_LOCK:
        _L1.clear()


def card_key(title_id: str, language: str) -> str:
    return f"card:{VERSION}:{title_id}:{language}"


def _ttl() -> int:
    return max(1, int(settings.TMDB_CACHE_TTL_DETAIL))


async def read_into(entries: Sequence[Entry], language: str) -> None:
    """Set ``card`` on every entry whose finished card is cached (this process's copy, else
    one MGET for the rest)."""
    now = time.monotonic()
    wanted = []
    for entry in entries:
        if entry.card is None:
            entry.card = _l1_get(card_key(entry.id, language), now)
            if entry.card is None:
                wanted.append(entry)
    if not wanted:
        return
    keys = [card_key(entry.id, language) for entry in wanted]
    try:
        client = await get_redis()
        if client is None:
            local = caches["default"].get_many(keys)
            raws = [local.get(key) for key in keys]
        else:
            raws = await client.mget([make_key(key) for key in keys])
    except _ERRORS as exc:
        logger.debug("card cache read failed: %r", exc)
        return
    found: dict[str, Mapping[str, Any]] = {}
    for entry, key, raw in zip(wanted, keys, raws, strict=True):
        if raw is None:
            continue
        try:
            card = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue
        if isinstance(card, dict):
            entry.card = found[key] = card
    if found and client is not None:
        _l1_put(found)


async def store_from_details(entries: Sequence[Entry], language: str) -> None:
    """Build, set and store the card of every entry that has details but no card yet."""
    cards: dict[str, Mapping[str, Any]] = {}
    for entry in entries:
        if entry.card is None and entry.details is not None:
            entry.card = cards[card_key(entry.id, language)] = card_from_details(
                entry.details, entry.kind
            )
    if cards:
        await _write({key: orjson.dumps(card) for key, card in cards.items()})
        if await get_redis() is not None:
            _l1_put(cards)


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

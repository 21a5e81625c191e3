"""Per-user hot data in the shared cache: the favourite ids, the profile payload, the ranked
recommendation ids.

A signed-in list needs the caller's favourite ids (``is_favorite`` on every card), a profile
page the profile; reading them from PostgreSQL costs a query (and, under ASGI, a thread hop)
per request. Here a warm read is one Redis round trip, and a write shows at once.

Consistency, per user and entry (``favourites``, ``profile``, ``recommendations``): a writer, after its transaction
commits, stores a fresh random *generation* token and deletes the entry (``invalidate``). A
reader that misses reads the database and stores what it read only if the generation is still
the one it saw before reading (one Lua compare-and-set). So a reader that loaded the old rows
just before a write committed can never put them back over the write: the next request of any
process reads the new state. The TTL bounds anything else (e.g. edits in the admin).

Redis failing (or slow past its timeout) is a miss: the caller reads the database. Without
REDIS_URL, Django's local-memory cache serves (one process, so no race to guard against).
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Mapping

from django.core.cache import cache
from redis.exceptions import RedisError

from core.redis_async import get_redis, make_key
from core.redis_breaker import report_fallback

logger = logging.getLogger("cinemate.library")

TTL = 600  # seconds an entry lives without a write
_GENERATION_TTL = 2 * TTL  # outlives every entry filled under it
_ERRORS = (RedisError, OSError, TimeoutError)

FAVOURITES = "favourites"
PROFILE = "profile"
RECOMMENDATIONS = "recommendations"

# KEYS: entry, generation. ARGV: the generation the reader saw ("" = none), value, ttl.
_FILL_IF_UNCHANGED = """
local current = redis.call('GET', KEYS[2]) or ''
if current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0
"""


def _keys(user_id: uuid.UUID | str, name: str) -> tuple[str, str]:
    return f"library:user:{user_id}:{name}", f"library:user:{user_id}:{name}:gen"


def _bytes(raw: bytes | str | None) -> bytes | None:
    return raw.encode() if isinstance(raw, str) else raw


def keys(user_id: uuid.UUID | str, name: str) -> list[str]:
    """The entry's keys, to read them with the session state (accounts.authentication.PREFETCH)."""
    return list(_keys(user_id, name))


async def read(
    user_id: uuid.UUID | str, name: str, prefetched: Mapping[str, str | None] | None = None
) -> tuple[bytes | None, bytes]:
    """The stored value (None on a miss) and the generation to hand back to ``fill``.

    ``prefetched``: values already read in this request's first round trip, by key; used
    when it holds both keys (no second round trip)."""
    entry, generation = _keys(user_id, name)
    if prefetched and entry in prefetched and generation in prefetched:
        text, seen_text = prefetched[entry], prefetched[generation]
        return (None if text is None else text.encode()), (seen_text or "").encode()
    client = await get_redis()
    if client is None:
        return cache.get(entry), b""
    try:
        value, seen = await client.mget([make_key(entry), make_key(generation)])
    except _ERRORS as exc:
        report_fallback(logger, logging.WARNING, "user cache read failed (%s): %r", name, exc)
        return None, b""
    return _bytes(value), _bytes(seen) or b""


async def fill(
    user_id: uuid.UUID | str, name: str, generation: bytes, value: bytes, ttl: int = TTL
) -> None:
    """Store ``value`` read from the database, unless a write happened since ``read``."""
    entry, gen_key = _keys(user_id, name)
    client = await get_redis()
    if client is None:
        cache.set(entry, value, ttl)
        return
    try:
        await client.eval(
            _FILL_IF_UNCHANGED, 2, make_key(entry), make_key(gen_key), generation, value, ttl
        )
    except _ERRORS as exc:
        report_fallback(logger, logging.WARNING, "user cache fill failed (%s): %r", name, exc)


async def invalidate(user_id: uuid.UUID | str, *names: str) -> None:
    """After a committed write: the next read of these entries goes to the database."""
    client = await get_redis()
    pairs = [_keys(user_id, name) for name in names]
    if client is None:
        cache.delete_many([entry for entry, _ in pairs])
        return
    try:
        async with client.pipeline(transaction=True) as pipe:
            for entry, generation in pairs:
                pipe.set(make_key(generation), secrets.token_hex(8), ex=_GENERATION_TTL)
                pipe.delete(make_key(entry))
            await pipe.execute()
    except _ERRORS as exc:
        # The write is committed; the entries expire within TTL. Logged loudly: until then
        # this user may see their old favourites or profile.
        logger.error("user cache invalidation failed (%s) for %s: %r", names, user_id, exc)

"""The per-user cache of ranked recommendation ids (library.recommendations): an entry of
library.user_cache, kept CACHE_TTL seconds, read with the session state on a signed-in request
(accounts.authentication.PREFETCH), filled only when no write came in between, and dropped when
the favourites or the profile change. A Redis failure only means "not cached"."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from library import user_cache

CACHE_TTL = 300


async def read(
    user_id: uuid.UUID | str, prefetched: Mapping[str, str | None] | None = None
) -> tuple[bytes | None, bytes]:
    """The stored ranking (None on a miss) and the generation to hand back to ``write``."""
    return await user_cache.read(user_id, user_cache.RECOMMENDATIONS, prefetched)


async def write(user_id: uuid.UUID | str, generation: bytes, value: bytes) -> None:
    """Store a ranking computed after ``read``, unless the favourites or profile changed since."""
    await user_cache.fill(user_id, user_cache.RECOMMENDATIONS, generation, value, CACHE_TTL)


async def forget(user_id: uuid.UUID | str) -> None:
    """Drop the user's cached recommendations (favourites or profile changed)."""
    await user_cache.invalidate(user_id, user_cache.RECOMMENDATIONS)

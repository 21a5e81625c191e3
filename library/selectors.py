"""Reads of a user's library that the catalogue needs on every list: which titles are favourites.

``is_favorite`` appears on every card of every list, so the favourite set is read once per
request (one query, however many lists or cards a GraphQL query holds) and shared through the
request context's memo. Anonymous callers never touch the database.
"""

from __future__ import annotations

import asyncio
import uuid

from core.context import RequestContext
from library.models import UserFavourite

_MEMO_KEY = "library.favourite_ids"
EMPTY: frozenset[str] = frozenset()


async def favourite_ids(user_id: uuid.UUID | str) -> set[str]:
    """Every title id the user has favourited (one query)."""
    return {
        movie_id
        async for movie_id in UserFavourite.objects.filter(user_id=user_id).values_list(
            "movie_id", flat=True
        )
    }


async def viewer_favourite_ids(ctx: RequestContext) -> frozenset[str]:
    """The caller's favourite ids, read at most once per request; empty for anonymous callers.

    Concurrent resolvers asking at the same time share one in-flight query (a memoised task).
    """
    task = ctx.memo.get(_MEMO_KEY)
    if task is None:
        viewer = await ctx.viewer()
        if not viewer.is_authenticated:
            return EMPTY
        task = ctx.memo.get(_MEMO_KEY)  # another resolver may have started it meanwhile
        if task is None:
            task = asyncio.ensure_future(_load(viewer.user_id))
            ctx.memo[_MEMO_KEY] = task
    return await task


async def _load(user_id: uuid.UUID | None) -> frozenset[str]:
    return frozenset(await favourite_ids(user_id)) if user_id else EMPTY


def forget_viewer_favourites(ctx: RequestContext) -> None:
    """Drop the memo after the request changed the favourites (e.g. a mutation added one)."""
    ctx.memo.pop(_MEMO_KEY, None)

"""Reads of a user's library that the catalogue needs on every list: which titles are favourites.

``is_favorite`` appears on every card of every list, so the favourite ids are read once per
request (however many lists or cards a GraphQL query holds) and shared through the request
context's memo. They come from the per-user cache (library.user_cache: one Redis round trip
when warm, newest first, so the favourites page is a slice of them), else from one query.
Anonymous callers never touch either.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping

from core.context import RequestContext
from library import user_cache
from library.models import UserFavourite

_MEMO_KEY = "library.favourite_ids"
EMPTY: frozenset[str] = frozenset()


_FORMAT = b"v1:"


async def _query_ordered(user_id: uuid.UUID | str) -> list[str]:
    rows = UserFavourite.objects.filter(user_id=user_id).order_by("-created_at", "-id")
    return [movie_id async for movie_id in rows.values_list("movie_id", flat=True)]


def prefetch_keys(user_id: uuid.UUID) -> list[str]:
    """The favourite ids' and recommendations' keys, read with the session state (library.apps
    registers this in accounts.authentication.PREFETCH): a warm signed-in list makes one round
    trip less. (The ranked ids are ~2 KB: cheap to carry on requests that do not use them.)"""
    return [
        *user_cache.keys(user_id, user_cache.FAVOURITES),
        *user_cache.keys(user_id, user_cache.RECOMMENDATIONS),
    ]


async def ordered_favourite_ids(
    user_id: uuid.UUID | str, prefetched: Mapping[str, str | None] | None = None
) -> tuple[str, ...]:
    """Every title id the user has favourited, newest first: cached, else one query."""
    raw, generation = await user_cache.read(user_id, user_cache.FAVOURITES, prefetched)
    if raw is not None and raw.startswith(_FORMAT):
        body = raw[len(_FORMAT) :].decode()
        return tuple(body.split(",")) if body else ()
    ids = await _query_ordered(user_id)
    encoded = _FORMAT + ",".join(ids).encode()
    await user_cache.fill(user_id, user_cache.FAVOURITES, generation, encoded)
    return tuple(ids)


async def favourite_ids(user_id: uuid.UUID | str) -> set[str]:
    """Every title id the user has favourited."""
    return set(await ordered_favourite_ids(user_id))


async def forget_favourites(user_id: uuid.UUID | str) -> None:
    """After a committed change of the user's favourites (every process sees it next read):
    their cached favourite ids and recommendations go, in one round trip."""
    await user_cache.invalidate(user_id, user_cache.FAVOURITES, user_cache.RECOMMENDATIONS)


class _Favourites:
    """One request's view of the caller's favourites."""

    __slots__ = ("ids", "ordered")

    def __init__(self, ordered: tuple[str, ...]) -> None:
        self.ordered = ordered
        self.ids = frozenset(ordered)


_NONE = _Favourites(())


async def _viewer_favourites(ctx: RequestContext) -> _Favourites:
    """Read at most once per request; concurrent resolvers share one in-flight read (a
    memoised task). Anonymous: none, without any I/O."""
    task = ctx.memo.get(_MEMO_KEY)
    if task is None:
        viewer = await ctx.viewer()
        if not viewer.is_authenticated:
            return _NONE
        task = ctx.memo.get(_MEMO_KEY)  # another resolver may have started it meanwhile
        if task is None:
            task = asyncio.ensure_future(_load(viewer.user_id, ctx.prefetched))
            ctx.memo[_MEMO_KEY] = task
    return await task


async def viewer_favourite_ids(ctx: RequestContext) -> frozenset[str]:
    """The caller's favourite ids; empty for anonymous callers."""
    return (await _viewer_favourites(ctx)).ids


async def viewer_ordered_favourites(ctx: RequestContext) -> tuple[str, ...]:
    """The caller's favourite ids, newest first; empty for anonymous callers."""
    return (await _viewer_favourites(ctx)).ordered


async def _load(user_id: uuid.UUID | None, prefetched: Mapping[str, str | None]) -> _Favourites:
    return _Favourites(await ordered_favourite_ids(user_id, prefetched)) if user_id else _NONE


def forget_viewer_favourites(ctx: RequestContext) -> None:
    """Drop the memo after the request changed the favourites (e.g. a mutation added one)."""
    ctx.memo.pop(_MEMO_KEY, None)

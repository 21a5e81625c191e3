"""Genres: the genres table (TMDb's English movie and TV lists, kept in the process for a few
minutes) and genre names per language for cards built from list items alone."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async

from catalog.models import Genre
from core.context import RequestContext

logger = logging.getLogger(__name__)


_GENRE_TABLE_TTL = 300.0


@dataclass(frozen=True, slots=True)
class _GenreCache:
    loaded_at: float
    rows: list[dict[str, Any]]
    names: dict[str, dict[int, str]]


_genre_cache_entry: _GenreCache | None = None


def _read_genre_table() -> list[dict[str, Any]]:
    rows = Genre.objects.order_by("name").values("id", "name", "for_movies", "for_series")
    return [dict(row) for row in rows]


async def _genre_cache() -> _GenreCache:
    """The genres table (a few dozen rows that change about never), kept in the process for
    5 minutes: genre names on cards and genre search then cost no query."""
    global _genre_cache_entry
    now = time.monotonic()
    entry = _genre_cache_entry
    if entry is None or now - entry.loaded_at > _GENRE_TABLE_TTL:
        rows = await sync_to_async(_read_genre_table)()
        names: dict[str, dict[int, str]] = {"movie": {}, "tv": {}}
        for row in rows:
            if not str(row["id"]).isdigit():
                continue
            if row["for_movies"]:
                names["movie"][int(row["id"])] = row["name"]
            if row["for_series"]:
                names["tv"][int(row["id"])] = row["name"]
        entry = _genre_cache_entry = _GenreCache(now, rows, names)
    return entry


async def genre_table() -> list[dict[str, Any]]:
    return (await _genre_cache()).rows


def forget_genre_table() -> None:
    """Called after the table changes (load_genres) so this process re-reads it."""
    global _genre_cache_entry
    _genre_cache_entry = None


def is_english(language: str) -> bool:
    return language.lower().split("-")[0] == "en"


async def genre_maps(
    ctx: RequestContext, kinds: Iterable[str], language: str
) -> dict[str, Mapping[int, str]]:
    """Genre id -> name per kind (for cards built from list items alone). English names come
    from the genres table (TMDb's English lists, no TMDb call); other languages from TMDb's
    genre lists through the loader (cached a day)."""
    wanted = sorted(set(kinds))
    if is_english(language):
        table = await _genre_cache()
        return {kind: table.names[kind] for kind in wanted if kind in table.names}
    results = await asyncio.gather(
        *(ctx.loaders.genres.load((kind, language)) for kind in wanted), return_exceptions=True
    )
    maps: dict[str, Mapping[int, str]] = {}
    for kind, result in zip(wanted, results, strict=True):
        if isinstance(result, BaseException):
            logger.warning("genre list %s/%s unavailable: %r", kind, language, result)
            maps[kind] = {}
        else:
            maps[kind] = result
    return maps


async def genres(ctx: RequestContext | None = None) -> list[dict[str, str]]:
    """All genres of the genres table (movie and TV lists), ids as strings, by name."""
    return [{"id": str(row["id"]), "name": row["name"]} for row in await genre_table()]

"""Personalised recommendations (decisions.md section 5): from favourites, recent views and
chosen genres, scored, without favourites, filtered by maturity, in the user's language.

Signals and sources (what TMDb is asked):
- each of the user's last MAX_FAVOURITE_SEEDS favourites and last MAX_HISTORY_SEEDS viewed
  titles (not favourites) is a *seed*: its TMDb recommendations are the ``recommendations``
  block already appended to the details the loaders fetch (one call per seed, usually cached
  because the user opened or favourited it; no extra ``/recommendations`` call);
- the chosen genres: ``discover/movie`` (2 pages) and ``discover/tv`` (1 page) with
  ``with_genres=a|b|c`` by popularity (``teen``: the US certification cap on movies);
- nothing at all (a new user without genres), or no candidate from the above: trending of the
  day (2 pages).

Score of a candidate title c (higher first)::

    score(c) = sum over sources s that list c of  weight(s) * 1 / (1 + rank_s(c) / 10)
             + GENRE_BONUS * min(2, number of the user's genres among c's genres)
             + VOTE_TIE_BREAK * vote_average(c) / 10

    weight(favourite seed) = 3.0 * 0.5 ** (age_days / 180)
    weight(viewed seed)    = 1.0 * 0.5 ** (age_days / 14)
    weight(genre discover) = 1.0,  weight(trending) = 1.0

so a title recommended by several liked titles and matching the user's genres comes first;
ties go to TMDb popularity, then the id. Favourites are excluded; adult titles too unless the
maturity filter is ``adult``; ``teen`` drops what is not certified up to PG-13 / TV-14 when a
page is served (its details are loaded for the cards anyway), so such a page can hold fewer
than ``limit`` cards. The ranked ids (at most RANKED_LIMIT) are cached per user for
CACHE_TTL seconds (with the language and maturity they were made for) and dropped when the
favourites or the profile change (library.recommendation_cache).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson
from django.utils import timezone

from accounts.models import UserGenre
from catalog import maturity as mat
from catalog.cards import item_kind, title_of
from catalog.entries import EntryPage
from catalog.ids import TitleId, format_id, try_parse_id
from catalog.lists import id_list
from catalog.pagination import Window
from catalog.prefs import viewer_prefs
from catalog.titles import apply_maturity
from core.context import RequestContext
from core.exceptions import NotFound
from library import recommendation_cache
from library.history import recent_titles
from library.models import UserFavourite
from tmdb_loaders.keys import ListKey

logger = logging.getLogger("cinemate.library")

MAX_FAVOURITE_SEEDS = 10
MAX_HISTORY_SEEDS = 10
FAVOURITE_WEIGHT, FAVOURITE_HALF_LIFE = 3.0, 180.0
HISTORY_WEIGHT, HISTORY_HALF_LIFE = 1.0, 14.0
GENRE_WEIGHT = 1.0
TRENDING_WEIGHT = 1.0
RANK_DECAY = 10.0
GENRE_BONUS = 0.5
GENRE_BONUS_CAP = 2
VOTE_TIE_BREAK = 0.05
DISCOVER_MOVIE_PAGES = 2
DISCOVER_TV_PAGES = 1
TRENDING_PAGES = 2
RANKED_LIMIT = 200


# --- signals ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Seed:
    title_id: TitleId
    weight: float


@dataclass(slots=True)
class Signals:
    """What the user told us, read from the database."""

    favourites: list[tuple[str, dt.datetime]] = field(default_factory=list)  # newest first
    history: list[tuple[str, dt.datetime]] = field(default_factory=list)  # newest first
    movie_genres: list[int] = field(default_factory=list)
    tv_genres: list[int] = field(default_factory=list)

    @property
    def favourite_ids(self) -> set[str]:
        return {movie_id for movie_id, _ in self.favourites}

    @property
    def genre_ids(self) -> set[int]:
        return set(self.movie_genres) | set(self.tv_genres)

    @property
    def empty(self) -> bool:
        return not (self.favourites or self.history or self.movie_genres or self.tv_genres)

    def seeds(self, now: dt.datetime) -> list[Seed]:
        seeds: list[Seed] = []
        for movie_id, at in self.favourites[:MAX_FAVOURITE_SEEDS]:
            title_id = try_parse_id(movie_id)
            if title_id is not None:
                seeds.append(
                    Seed(title_id, _decayed(FAVOURITE_WEIGHT, FAVOURITE_HALF_LIFE, at, now))
                )
        favourites = self.favourite_ids
        viewed = [(m, at) for m, at in self.history if m not in favourites]
        for movie_id, at in viewed[:MAX_HISTORY_SEEDS]:
            title_id = try_parse_id(movie_id)
            if title_id is not None:
                seeds.append(Seed(title_id, _decayed(HISTORY_WEIGHT, HISTORY_HALF_LIFE, at, now)))
        return seeds


def _decayed(weight: float, half_life_days: float, at: dt.datetime, now: dt.datetime) -> float:
    age_days = max(0.0, (now - at).total_seconds() / 86400)
    return weight * 0.5 ** (age_days / half_life_days)


def _genre_rows(user_id: uuid.UUID | str) -> Any:
    return UserGenre.objects.filter(user_id=user_id).values_list(
        "genre_id", "genre__for_movies", "genre__for_series"
    )


async def load_signals(user_id: uuid.UUID | str) -> Signals:
    """The user's favourites, recent views and genres (three small queries)."""
    signals = Signals()
    signals.favourites = [
        (movie_id, at)
        async for movie_id, at in UserFavourite.objects.filter(user_id=user_id)
        .order_by("-created_at", "-id")
        .values_list("movie_id", "created_at")
    ]
    signals.history = await recent_titles(user_id, limit=MAX_HISTORY_SEEDS + MAX_FAVOURITE_SEEDS)
    async for genre_id, for_movies, for_series in _genre_rows(user_id):
        if not str(genre_id).isdigit():
            continue
        if for_movies:
            signals.movie_genres.append(int(genre_id))
        if for_series:
            signals.tv_genres.append(int(genre_id))
    return signals


# --- where TMDb data comes from -----------------------------------------------------------------
class Source(Protocol):
    """Details and list pages: the request's loaders, or the fetch functions (jobs)."""

    async def details(
        self, ids: Sequence[TitleId], language: str
    ) -> list[Mapping[str, Any] | BaseException]: ...

    async def pages(self, keys: Sequence[ListKey]) -> list[Mapping[str, Any] | BaseException]: ...


class LoaderSource:
    """Through the request's dataloaders (batched, memoised for the request)."""

    def __init__(self, ctx: RequestContext) -> None:
        self.loaders = ctx.loaders

    async def details(
        self, ids: Sequence[TitleId], language: str
    ) -> list[Mapping[str, Any] | BaseException]:
        loads = [
            (self.loaders.series if t.is_series else self.loaders.movie).load((t.tmdb_id, language))
            for t in ids
        ]
        return list(await asyncio.gather(*loads, return_exceptions=True))

    async def pages(self, keys: Sequence[ListKey]) -> list[Mapping[str, Any] | BaseException]:
        loads = [self.loaders.list_page.load(key) for key in keys]
        return list(await asyncio.gather(*loads, return_exceptions=True))


# --- ranking ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Candidate:
    title_id: str
    kind: str
    item: Mapping[str, Any]
    score: float = 0.0
    because: str | None = None  # the title whose recommendation counted most
    best: float = 0.0

    @property
    def popularity(self) -> float:
        value = self.item.get("popularity")
        return float(value) if isinstance(value, int | float) else 0.0

    @property
    def name(self) -> str:
        return title_of(self.item, self.kind)


class _Pool:
    def __init__(self, maturity: str, exclude: set[str]) -> None:
        self.maturity = maturity
        self.exclude = exclude
        self.by_id: dict[str, Candidate] = {}
        self.failures = 0  # sources TMDb could not give (the ranking is then partial)

    def add(
        self,
        items: Sequence[Any],
        weight: float,
        default_kind: str | None,
        because: str | None = None,
    ) -> None:
        rank = 0
        for item in items:
            if not isinstance(item, Mapping):
                continue
            kind = item_kind(item, default_kind)  # type: ignore[arg-type]
            tmdb_id = item.get("id")
            if kind is None or not isinstance(tmdb_id, int):
                continue
            title_id = format_id(kind, tmdb_id)
            if title_id in self.exclude or not mat.allows_item(self.maturity, item):
                continue
            contribution = weight / (1 + rank / RANK_DECAY)
            rank += 1
            candidate = self.by_id.get(title_id)
            if candidate is None:
                candidate = self.by_id[title_id] = Candidate(title_id, kind, item)
            candidate.score += contribution
            if because and contribution > candidate.best:
                candidate.best, candidate.because = contribution, because

    def ranked(self, genre_ids: set[int]) -> list[Candidate]:
        for candidate in self.by_id.values():
            genres = {g for g in candidate.item.get("genre_ids") or () if isinstance(g, int)}
            overlap = min(GENRE_BONUS_CAP, len(genres & genre_ids))
            vote = candidate.item.get("vote_average")
            vote = float(vote) if isinstance(vote, int | float) else 0.0
            candidate.score += GENRE_BONUS * overlap + VOTE_TIE_BREAK * vote / 10
        ordered = sorted(self.by_id.values(), key=lambda c: (-c.score, -c.popularity, c.title_id))
        return ordered[:RANKED_LIMIT]


def _adult_param(maturity: str) -> str:
    return "true" if mat.include_adult(maturity) else "false"


def discover_keys(signals: Signals, language: str, maturity: str) -> list[tuple[ListKey, str]]:
    """The discover pages of the user's genres: (key, kind)."""
    keys: list[tuple[ListKey, str]] = []
    adult = _adult_param(maturity)
    if signals.movie_genres:
        params: dict[str, str] = {
            "with_genres": "|".join(str(g) for g in sorted(signals.movie_genres)),
            "sort_by": "popularity.desc",
            "include_adult": adult,
        }
        if maturity == mat.TEEN:
            params.update(dict(mat.TEEN_MOVIE_DISCOVER))
        keys.extend(
            (ListKey.of("discover/movie", page, language, **params), "movie")
            for page in range(1, DISCOVER_MOVIE_PAGES + 1)
        )
    if signals.tv_genres:
        params = {
            "with_genres": "|".join(str(g) for g in sorted(signals.tv_genres)),
            "sort_by": "popularity.desc",
            "include_adult": adult,
        }
        keys.extend(
            (ListKey.of("discover/tv", page, language, **params), "tv")
            for page in range(1, DISCOVER_TV_PAGES + 1)
        )
    return keys


def trending_keys(language: str) -> list[ListKey]:
    return [ListKey.of("trending/all/day", page, language) for page in range(1, TRENDING_PAGES + 1)]


def _failed(payload: Any) -> bool:
    """A source that failed for another reason than "TMDb has no such title"."""
    return isinstance(payload, BaseException) and not isinstance(payload, NotFound)


def _results(payload: Any) -> list[Any]:
    if isinstance(payload, BaseException) or not isinstance(payload, Mapping):
        return []
    results = payload.get("results")
    return results if isinstance(results, list) else []


@dataclass(slots=True)
class Ranking:
    candidates: list[Candidate]
    complete: bool  # False when some TMDb source could not be read (do not cache it)


async def rank(
    signals: Signals,
    source: Source,
    language: str,
    maturity: str,
    *,
    now: dt.datetime | None = None,
) -> Ranking:
    """The user's candidates, best first (see the module docstring for the formula)."""
    now = now or timezone.now()
    pool = _Pool(maturity, signals.favourite_ids)
    seeds = signals.seeds(now)
    discover = discover_keys(signals, language, maturity)
    seed_details, pages = await asyncio.gather(
        source.details([s.title_id for s in seeds], language),
        source.pages([key for key, _ in discover]),
    )
    pool.failures += sum(1 for p in [*seed_details, *pages] if _failed(p))
    for seed, details in zip(seeds, seed_details, strict=True):
        if isinstance(details, BaseException) or not isinstance(details, Mapping):
            continue
        block = details.get("recommendations")
        items = _results(block)
        pool.add(items, seed.weight, seed.title_id.kind, title_of(details, seed.title_id.kind))
    # One ranking per source: a kind's discover pages are consecutive ranks, in page order.
    for kind in ("movie", "tv"):
        items = [
            item
            for (_, page_kind), payload in zip(discover, pages, strict=True)
            if page_kind == kind
            for item in _results(payload)
        ]
        pool.add(items, GENRE_WEIGHT, kind)
    if not pool.by_id:
        # A new user without genres, or nothing usable from the signals: what is trending.
        trending = await source.pages(trending_keys(language))
        pool.failures += sum(1 for p in trending if _failed(p))
        pool.add([i for payload in trending for i in _results(payload)], TRENDING_WEIGHT, None)
    return Ranking(pool.ranked(signals.genre_ids), complete=pool.failures == 0)


async def ranked_ids(
    user_id: uuid.UUID | str,
    source: Source,
    language: str,
    maturity: str,
    prefetched: Mapping[str, str | None] | None = None,
) -> list[str]:
    """The user's ranked title ids: from the cache, else computed and cached."""
    made_for = f"{language}|{maturity}"
    raw, generation = await recommendation_cache.read(user_id, prefetched)
    if raw:
        try:
            stored = orjson.loads(raw)
            if stored.get("for") == made_for and isinstance(stored.get("ids"), list):
                return [str(i) for i in stored["ids"]]
        except (orjson.JSONDecodeError, AttributeError):
            pass
    signals = await load_signals(user_id)
    ranking = await rank(signals, source, language, maturity)
    ids = [c.title_id for c in ranking.candidates]
    if ranking.complete:  # a ranking missing a source (TMDb failing) is not kept
        value = orjson.dumps({"for": made_for, "ids": ids})
        await recommendation_cache.write(user_id, generation, value)
    return ids


async def recommendations_page(ctx: RequestContext, window: Window) -> EntryPage:
    """A window of the caller's recommendations (auth required), details loaded, maturity
    applied; ``total`` counts the ranked list (at most RANKED_LIMIT)."""
    viewer = await ctx.require_user()
    assert viewer.user_id is not None
    prefs = await viewer_prefs(ctx)
    ids = await ranked_ids(
        viewer.user_id, LoaderSource(ctx), prefs.language, prefs.maturity, ctx.prefetched
    )
    page = await id_list(ctx, window, ids)
    page.entries = await apply_maturity(ctx, page.entries, prefs)
    return page

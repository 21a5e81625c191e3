"""Search: titles matching a query by title, by a person's name or by genre name, ranked by
weighted reciprocal-rank fusion (see ``search``)."""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from catalog import maturity as mat
from catalog import page_cache
from catalog.cards import title_of
from catalog.entries import Entry, EntryPage, entries_from_items
from catalog.genres import genre_maps, genre_table, is_english
from catalog.lists import list_key
from catalog.pagination import TMDB_MAX_RESULTS, Window
from catalog.prefs import viewer_prefs
from catalog.titles import apply_maturity
from core.context import RequestContext
from core.exceptions import ValidationFailed
from tmdb_loaders.keys import ListKey

MAX_QUERY_LENGTH = 100


# The candidate pool: TMDb's title search (search/multi, first pages), the known titles of
# matching people (search/person), and popular titles of matching genres (discover).
SEARCH_TITLE_PAGES = 3


SEARCH_PEOPLE = 5


SEARCH_GENRE_PAGES = 2


# Weighted reciprocal-rank fusion: score = sum over sources of weight / (RRF_K + rank).
RRF_K = 10


WEIGHT_TITLE = 1.0


WEIGHT_PERSON = 0.8


WEIGHT_GENRE = 0.5


EXACT_TITLE_BONUS = 1.0


def fold(text: str) -> str:
    """Case- and accent-insensitive form used to compare queries with names."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def parse_query(q: object) -> str:
    """The search text: required (not blank), at most 100 characters as sent; trimmed, inner
    spaces collapsed (else VALIDATION_ERROR)."""
    raw = q if isinstance(q, str) else ""
    text = " ".join(raw.split())
    if not text:
        raise ValidationFailed("q is required", {"q": "required"})
    if len(raw) > MAX_QUERY_LENGTH:  # as sent: the documented maxLength, spaces included
        raise ValidationFailed(
            f"q is at most {MAX_QUERY_LENGTH} characters",
            {"q": f"at most {MAX_QUERY_LENGTH} characters"},
        )
    return text


def _genre_matches(q: str, name: str) -> bool:
    folded_q, folded_name = fold(q), fold(name)
    if len(folded_q) < 3:
        return folded_q == folded_name
    return folded_q in folded_name or folded_name in folded_q


async def matching_genres(
    ctx: RequestContext, q: str, language: str
) -> tuple[list[str], list[str]]:
    """(movie genre ids, tv genre ids) whose name matches ``q``, in English (the genres
    table) or in the caller's language (TMDb's genre lists)."""
    movie_ids: list[str] = []
    tv_ids: list[str] = []
    for row in await genre_table():
        if _genre_matches(q, row["name"]):
            if row["for_movies"]:
                movie_ids.append(str(row["id"]))
            if row["for_series"]:
                tv_ids.append(str(row["id"]))
    if not is_english(language):
        maps = await genre_maps(ctx, ("movie", "tv"), language)
        for kind, target in (("movie", movie_ids), ("tv", tv_ids)):
            for genre_id, name in maps.get(kind, {}).items():
                if _genre_matches(q, name) and str(genre_id) not in target:
                    target.append(str(genre_id))
    return movie_ids, tv_ids


@dataclass(slots=True)
class _Candidate:
    entry: Entry
    score: float = 0.0

    @property
    def popularity(self) -> float:
        value = (self.entry.item or {}).get("popularity")
        return float(value) if isinstance(value, int | float) else 0.0


class _Pool:
    """Merges ranked sources into one list without duplicates (by our id)."""

    def __init__(self, folded_query: str) -> None:
        self.folded_query = folded_query
        self.by_id: dict[str, _Candidate] = {}

    def add(self, entries: Iterable[Entry], weight: float, *, title_bonus: bool = False) -> None:
        for rank, entry in enumerate(entries):
            candidate = self.by_id.get(entry.id)
            if candidate is None:
                candidate = self.by_id[entry.id] = _Candidate(entry)
            candidate.score += weight / (RRF_K + rank)
            if (
                title_bonus
                and entry.item is not None
                and fold(title_of(entry.item, entry.kind)) == self.folded_query
            ):
                candidate.score += EXACT_TITLE_BONUS

    def ranked(self) -> list[Entry]:
        ordered = sorted(self.by_id.values(), key=lambda c: (-c.score, -c.popularity, c.entry.id))
        return [c.entry for c in ordered]


async def _load_lists(ctx: RequestContext, keys: Sequence[ListKey]) -> list[Mapping[str, Any]]:
    return list(await asyncio.gather(*(ctx.loaders.list_page.load(k) for k in keys)))


async def search(ctx: RequestContext, q: object, window: Window) -> EntryPage:
    """Titles matching ``q`` by title, by a person's name (cast/crew) or by genre name.

    Ranking ("best match first"): weighted reciprocal-rank fusion of the three sources,
    weight / (10 + rank) with weights title 1.0, person 0.8, genre 0.5, summed when a title
    comes from several; a title whose name equals the query gets +1. Ties: TMDb popularity.
    The pool is the first 3 pages of title matches, the known-for titles of the first 5
    matching people and the first 2 pages of each matching genre (discover, by popularity),
    so ``total`` is exact for ``all``/``adult``; for ``teen`` a page can be shorter (filtered
    after the window is taken, see catalog.maturity)."""
    text = parse_query(q)
    prefs = await viewer_prefs(ctx)
    key = page_cache.page_key(
        "search", {"q": text}, window.page, window.limit, prefs.language, prefs.maturity
    )
    cached, etag = await page_cache.read_page(key)
    if cached is not None:
        return EntryPage([], cached["pagination"], window, cards=cached["cards"], etag=etag)
    lang = prefs.language
    adult = "true" if mat.include_adult(prefs.maturity) else "false"
    movie_genres, tv_genres = await matching_genres(ctx, text, lang)

    def title_key(page: int) -> ListKey:
        return list_key("search/multi", page, lang, query=text, include_adult=adult)

    def genre_key(kind: str, ids: list[str], page: int) -> ListKey:
        return list_key(
            f"discover/{kind}",
            page,
            lang,
            with_genres="|".join(ids),
            sort_by="popularity.desc",
            include_adult=adult,
        )

    # One round trip: every source page is asked for at once (pages past a source's end
    # come back empty), rather than first pages, then the rest where TMDb said there is more.
    genre_sources = [(k, ids) for k, ids in (("movie", movie_genres), ("tv", tv_genres)) if ids]
    title_keys = [title_key(page) for page in range(1, SEARCH_TITLE_PAGES + 1)]
    genre_keys = [
        [genre_key(kind, ids, page) for page in range(1, SEARCH_GENRE_PAGES + 1)]
        for kind, ids in genre_sources
    ]
    person_key = list_key("search/person", 1, lang, query=text, include_adult=adult)
    loaded = await _load_lists(
        ctx, [*title_keys, person_key, *(k for keys in genre_keys for k in keys)]
    )
    title_payloads = loaded[: len(title_keys)]
    people = loaded[len(title_keys)]
    rest = loaded[len(title_keys) + 1 :]

    pool = _Pool(fold(text))
    pool.add(
        entries_from_items((i for p in title_payloads for i in p.get("results") or ()), None),
        WEIGHT_TITLE,
        title_bonus=True,
    )
    known_for = [
        item
        for person in (people.get("results") or ())[:SEARCH_PEOPLE]
        for item in person.get("known_for") or ()
    ]
    pool.add(entries_from_items(known_for, None), WEIGHT_PERSON)
    for kind, _ids in genre_sources:
        genre_pages, rest = rest[:SEARCH_GENRE_PAGES], rest[SEARCH_GENRE_PAGES:]
        items = (i for p in genre_pages for i in p.get("results") or ())
        pool.add(entries_from_items(items, kind), WEIGHT_GENRE)  # type: ignore[arg-type]

    ranked = [e for e in pool.ranked() if e.item is None or mat.allows_item(prefs.maturity, e.item)]
    entries = await apply_maturity(ctx, window.slice_list(ranked), prefs)
    pagination = window.pagination(min(len(ranked), TMDB_MAX_RESULTS))
    return EntryPage(entries, pagination, window, cache_key=key, cache_ttl=page_cache.search_ttl())

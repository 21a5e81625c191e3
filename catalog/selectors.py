"""The catalogue's reads, under both GraphQL resolvers and REST views (decisions.md section 1).

Every function takes the per-request ``RequestContext`` and goes through its dataloaders, so
within one request each distinct TMDb resource is fetched once, whatever asks for it. They
return ``Entry`` objects (a title's kind, TMDb id, list item and, once fetched, details); the
edges turn those into cards with ``card_dicts`` (REST) or Card objects (GraphQL).

Lists take a ``pagination.Window``; TMDb pages that cover it are fetched concurrently.
How the maturity filter meets pagination is described in catalog.maturity. Finished card pages
are kept in catalog.page_cache, so a warm list or details page is one small cache read.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async
from django.conf import settings

from catalog import maturity as mat
from catalog import page_cache
from catalog.cards import card_from_item, item_kind, title_of
from catalog.ids import Kind, TitleId, format_id, try_parse_id
from catalog.pagination import TMDB_MAX_RESULTS, Window
from core.exceptions import NotFound, ValidationFailed
from library.selectors import viewer_favourite_ids

if TYPE_CHECKING:
    from schema.context import RequestContext
    from tmdb_loaders.keys import ListKey

logger = logging.getLogger(__name__)

TRENDING_WINDOWS = ("day", "week")
MAX_QUERY_LENGTH = 100


# --- entries ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Entry:
    """One title in a list: what TMDb's list said about it and, once fetched, its details."""

    kind: Kind
    tmdb_id: int
    item: Mapping[str, Any] | None = None
    details: Mapping[str, Any] | None = None

    @property
    def id(self) -> str:
        return format_id(self.kind, self.tmdb_id)

    @property
    def title_id(self) -> TitleId:
        return TitleId(self.kind, self.tmdb_id)

    @property
    def source(self) -> Mapping[str, Any] | None:
        return self.item if self.item is not None else self.details


@dataclass(slots=True)
class EntryPage:
    """A window of a list: its entries and pagination. ``cards`` is set instead of entries
    when the finished cards came from the page cache; ``cache_key`` says where to store them
    once built (see catalog.page_cache)."""

    entries: list[Entry]
    pagination: dict[str, int]
    window: Window = field(default_factory=Window)
    cards: list[dict[str, Any]] | None = None
    cache_key: str | None = None
    cache_ttl: float = 0.0


def entries_for_ids(ids: Iterable[str]) -> list[Entry]:
    """Entries for our title ids (e.g. favourites); ids that cannot exist are skipped."""
    entries = []
    for value in ids:
        title_id = try_parse_id(value)
        if title_id is not None:
            entries.append(Entry(title_id.kind, title_id.tmdb_id))
    return entries


def entries_from_items(
    items: Iterable[Mapping[str, Any]], default_kind: Kind | None
) -> list[Entry]:
    """Entries for TMDb list items; people (search/multi, trending/all) are left out."""
    entries = []
    for item in items:
        kind = item_kind(item, default_kind)
        tmdb_id = item.get("id")
        if kind is not None and isinstance(tmdb_id, int):
            entries.append(Entry(kind, tmdb_id, item))
    return entries


# --- the viewer -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Prefs:
    language: str
    maturity: str


async def viewer_prefs(ctx: RequestContext) -> Prefs:
    """Language and maturity of the caller (anonymous: the defaults of decisions.md s6)."""
    viewer = await ctx.viewer()
    return Prefs(viewer.language or settings.TMDB_DEFAULT_LANGUAGE, mat.normalize(viewer.maturity))


# --- details ----------------------------------------------------------------------------------
async def load_payload(
    ctx: RequestContext, kind: str, tmdb_id: int, language: str, *, full: bool = False
) -> Mapping[str, Any]:
    """A title's details payload through the request's loaders (NotFound if TMDb has none).

    ``full`` asks for a series with every season's episodes (series_full); otherwise a series
    comes without episodes (one TMDb call)."""
    loaders = ctx.loaders
    loader = (loaders.series_full if full else loaders.series) if kind == "tv" else loaders.movie
    return await loader.load((tmdb_id, language))


async def load_details(ctx: RequestContext, entries: Sequence[Entry], language: str) -> None:
    """Fill ``details`` of the entries lacking it, concurrently (one batch per loader).

    A title that fails (deleted on TMDb, or TMDb down) keeps ``details=None``: a list shows the
    rest rather than failing whole."""
    missing = [entry for entry in entries if entry.details is None]
    if not missing:
        return
    results = await asyncio.gather(
        *(load_payload(ctx, e.kind, e.tmdb_id, language) for e in missing),
        return_exceptions=True,
    )
    for entry, result in zip(missing, results, strict=True):
        if isinstance(result, BaseException):
            if not isinstance(result, NotFound | asyncio.CancelledError):
                logger.warning("details of %s unavailable: %r", entry.id, result)
            if isinstance(result, asyncio.CancelledError):
                raise result
            continue
        entry.details = result


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


# --- cards ------------------------------------------------------------------------------------
def build_card(
    entry: Entry,
    genre_names: Mapping[str, Mapping[int, str]],
    favourites: frozenset[str] | set[str],
) -> dict[str, Any] | None:
    """The card dict of one entry (None when nothing at all is known about it)."""
    source = entry.source
    if source is None:
        return None
    return card_from_item(
        source,
        entry.kind,
        details=entry.details,
        genre_names=genre_names.get(entry.kind),
        is_favorite=entry.id in favourites,
    )


async def card_dicts(
    ctx: RequestContext,
    entries: Sequence[Entry],
    *,
    with_details: bool = True,
    with_genres: bool = True,
    with_favourites: bool = True,
    language: str | None = None,
) -> list[dict[str, Any]]:
    """Cards for ``entries``. With details (REST, and GraphQL when ``duration`` is selected)
    each title's details are loaded concurrently; else genre names come from the genre lists.
    ``is_favorite`` costs one query per request for a signed-in caller, none otherwise.
    GraphQL turns off what its query does not select (left at their defaults: [] / false)."""
    if language is None:
        language = (await viewer_prefs(ctx)).language
    if with_details:
        await load_details(ctx, entries, language)
    kinds = {entry.kind for entry in entries if entry.details is None} if with_genres else ()
    names = await genre_maps(ctx, kinds, language) if kinds else {}
    favourites = await viewer_favourite_ids(ctx) if with_favourites else frozenset()
    cards = []
    for entry in entries:
        card = build_card(entry, names, favourites)
        if card is not None:
            cards.append(card)
    return cards


async def page_cards(
    ctx: RequestContext,
    page: EntryPage,
    *,
    with_details: bool = True,
    with_genres: bool = True,
    with_favourites: bool = True,
) -> list[dict[str, Any]]:
    """The cards of a list page: from the page cache when it had them, else built (and, when
    complete, stored for the next caller). Flags as for ``card_dicts``."""
    if page.cards is not None:
        cards = page.cards
        if with_favourites and cards:
            favourites = await viewer_favourite_ids(ctx)
            if favourites:
                for card in cards:
                    card["is_favorite"] = card["id"] in favourites
        return cards
    cards = await card_dicts(
        ctx,
        page.entries,
        with_details=with_details,
        with_genres=with_genres,
        with_favourites=with_favourites,
    )
    complete = with_details and with_genres and all(e.details is not None for e in page.entries)
    if page.cache_key and complete:
        shared = [{**card, "is_favorite": False} for card in cards]
        await page_cache.write(
            page.cache_key, {"cards": shared, "pagination": page.pagination}, page.cache_ttl
        )
    return cards


async def apply_maturity(ctx: RequestContext, entries: list[Entry], prefs: Prefs) -> list[Entry]:
    """Drop what the caller's maturity filter excludes (details loaded for ``teen``)."""
    kept = [e for e in entries if e.item is None or mat.allows_item(prefs.maturity, e.item)]
    if mat.needs_certification(prefs.maturity):
        await load_details(ctx, kept, prefs.language)
        kept = [
            e
            for e in kept
            if e.details is not None and mat.allows_details(prefs.maturity, e.details, e.kind)
        ]
    return kept


# --- lists over TMDb pages --------------------------------------------------------------------
async def fetch_window(
    ctx: RequestContext,
    window: Window,
    key_for_page: Callable[[int], ListKey],
    default_kind: Kind | None,
) -> tuple[list[Entry], int]:
    """The entries of TMDb's ranking positions in ``window`` and TMDb's total_results.

    The covering TMDb pages are loaded concurrently; a window past TMDb's 500th page loads
    page 1 only, for the total."""
    numbers = list(window.tmdb_pages()) or [1]
    payloads = await asyncio.gather(*(ctx.loaders.list_page.load(key_for_page(n)) for n in numbers))
    total = max((p.get("total_results") or 0 for p in payloads), default=0)
    if not window.tmdb_pages():
        return [], total
    by_page = {n: p.get("results") or () for n, p in zip(numbers, payloads, strict=True)}
    return entries_from_items(window.slice_pages(by_page), default_kind), total


def _list_key(path: str, page: int, language: str, **params: str) -> ListKey:
    from tmdb_loaders.keys import ListKey

    return ListKey.of(path, page, language, **params)


async def _tmdb_list(
    ctx: RequestContext,
    window: Window,
    path: str,
    default_kind: Kind | None,
    prefs: Prefs,
    params: Mapping[str, str] | None = None,
) -> EntryPage:
    extra = dict(params or {})
    key = page_cache.page_key(
        path, extra, window.page, window.limit, prefs.language, prefs.maturity
    )
    cached = await page_cache.read(key)
    if cached is not None:
        return EntryPage([], cached["pagination"], window, cards=cached["cards"])

    def list_key(page: int) -> ListKey:
        return _list_key(path, page, prefs.language, **extra)

    entries, total = await fetch_window(ctx, window, list_key, default_kind)
    entries = await apply_maturity(ctx, entries, prefs)
    return EntryPage(
        entries,
        window.tmdb_pagination(total),
        window,
        cache_key=key,
        cache_ttl=page_cache.list_ttl(),
    )


def _teen_discover(**params: str) -> dict[str, str]:
    return {**dict(mat.TEEN_MOVIE_DISCOVER), "sort_by": "popularity.desc", **params}


async def popular(ctx: RequestContext, window: Window) -> EntryPage:
    """TMDb's popular movies; for ``teen`` the same ranking from discover with the US
    certification cap, so windows stay exact."""
    prefs = await viewer_prefs(ctx)
    if prefs.maturity == mat.TEEN:
        return await _tmdb_list(ctx, window, "discover/movie", "movie", prefs, _teen_discover())
    return await _tmdb_list(ctx, window, "movie/popular", "movie", prefs)


def today_utc() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


async def coming_soon(ctx: RequestContext, window: Window) -> EntryPage:
    """Movies released today or later (decisions.md section 5), most popular first.

    Asked of discover/movie (``primary_release_date.gte=today``, by popularity) rather than
    movie/upcoming, whose date range starts before today: filtering afterwards would break the
    page windows. ``teen`` adds the certification cap."""
    prefs = await viewer_prefs(ctx)
    params = {"primary_release_date.gte": today_utc(), "sort_by": "popularity.desc"}
    if prefs.maturity == mat.TEEN:
        params = _teen_discover(**params)
    return await _tmdb_list(ctx, window, "discover/movie", "movie", prefs, params)


def parse_trending_window(value: object) -> str:
    if value is None or value == "":
        return "day"
    if value not in TRENDING_WINDOWS:
        raise ValidationFailed("window must be day or week", {"window": "must be day or week"})
    return str(value)


async def trending(ctx: RequestContext, window: Window, time_window: str = "day") -> EntryPage:
    """Trending movies and series (TMDb trending/all), people left out; filtered afterwards."""
    prefs = await viewer_prefs(ctx)
    time_window = parse_trending_window(time_window)
    return await _tmdb_list(ctx, window, f"trending/all/{time_window}", None, prefs)


async def tmdb_title_list(
    ctx: RequestContext,
    window: Window,
    path: str,
    default_kind: Kind | None,
    params: Mapping[str, str] | None = None,
) -> EntryPage:
    """Any TMDb list (e.g. "movie/550/recommendations", discover by genre) as an EntryPage,
    with the caller's language and maturity: the building block for recommendations."""
    prefs = await viewer_prefs(ctx)
    return await _tmdb_list(ctx, window, path, default_kind, prefs, params)


async def id_list(ctx: RequestContext, window: Window, ids: Sequence[str]) -> EntryPage:
    """A window over a list of our title ids (e.g. favourites, newest first), details loaded."""
    prefs = await viewer_prefs(ctx)
    entries = entries_for_ids(window.slice_list(ids))
    await load_details(ctx, entries, prefs.language)
    entries = [e for e in entries if e.details is not None]
    return EntryPage(entries, window.pagination(len(ids)), window)


# --- search -----------------------------------------------------------------------------------
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
    text = " ".join(q.split()) if isinstance(q, str) else ""
    if not text:
        raise ValidationFailed("q is required", {"q": "required"})
    if len(q) > MAX_QUERY_LENGTH:  # as sent: the documented maxLength, spaces included
        raise ValidationFailed(
            f"q is at most {MAX_QUERY_LENGTH} characters",
            {"q": f"at most {MAX_QUERY_LENGTH} characters"},
        )
    return text


_GENRE_TABLE_TTL = 300.0


@dataclass(frozen=True, slots=True)
class _GenreCache:
    loaded_at: float
    rows: list[dict[str, Any]]
    names: dict[str, dict[int, str]]


_genre_cache_entry: _GenreCache | None = None


def _read_genre_table() -> list[dict[str, Any]]:
    from catalog.models import Genre

    return list(Genre.objects.order_by("name").values("id", "name", "for_movies", "for_series"))


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
    cached = await page_cache.read(key)
    if cached is not None:
        return EntryPage([], cached["pagination"], window, cards=cached["cards"])
    lang = prefs.language
    adult = "true" if mat.include_adult(prefs.maturity) else "false"
    movie_genres, tv_genres = await matching_genres(ctx, text, lang)

    def title_key(page: int) -> ListKey:
        return _list_key("search/multi", page, lang, query=text, include_adult=adult)

    def genre_key(kind: str, ids: list[str], page: int) -> ListKey:
        return _list_key(
            f"discover/{kind}",
            page,
            lang,
            with_genres="|".join(ids),
            sort_by="popularity.desc",
            include_adult=adult,
        )

    genre_sources = [(k, ids) for k, ids in (("movie", movie_genres), ("tv", tv_genres)) if ids]
    first_keys = [
        title_key(1),
        _list_key("search/person", 1, lang, query=text, include_adult=adult),
        *(genre_key(kind, ids, 1) for kind, ids in genre_sources),
    ]
    first = await _load_lists(ctx, first_keys)
    titles_first, people, genre_firsts = first[0], first[1], first[2:]

    # Second round, only where TMDb said there is more.
    more_keys: list[ListKey] = []
    title_pages = min(SEARCH_TITLE_PAGES, int(titles_first.get("total_pages") or 1))
    more_keys.extend(title_key(page) for page in range(2, title_pages + 1))
    genre_more: list[int] = []
    for (kind, ids), payload in zip(genre_sources, genre_firsts, strict=True):
        pages = min(SEARCH_GENRE_PAGES, int(payload.get("total_pages") or 1))
        genre_more.append(pages - 1)
        more_keys.extend(genre_key(kind, ids, page) for page in range(2, pages + 1))
    more = await _load_lists(ctx, more_keys) if more_keys else []

    title_payloads = [titles_first, *more[: title_pages - 1]]
    rest = more[title_pages - 1 :]
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
    for (kind, _ids), payload, extra in zip(genre_sources, genre_firsts, genre_more, strict=True):
        pages = [payload, *rest[:extra]]
        rest = rest[extra:]
        items = (i for p in pages for i in p.get("results") or ())
        pool.add(entries_from_items(items, kind), WEIGHT_GENRE)  # type: ignore[arg-type]

    ranked = [e for e in pool.ranked() if e.item is None or mat.allows_item(prefs.maturity, e.item)]
    entries = await apply_maturity(ctx, window.slice_list(ranked), prefs)
    pagination = window.pagination(min(len(ranked), TMDB_MAX_RESULTS))
    return EntryPage(entries, pagination, window, cache_key=key, cache_ttl=page_cache.search_ttl())


# --- one title --------------------------------------------------------------------------------
async def title(
    ctx: RequestContext, title_id: TitleId, *, full: bool = False, record_view: bool = False
) -> Entry:
    """One title with its details (NotFound if TMDb has no such title).

    ``record_view``: this is the caller opening the title (REST /movies/{id}, GraphQL
    ``title``), so a signed-in caller's view goes to their history (library.history)."""
    prefs = await viewer_prefs(ctx)
    details = await load_payload(ctx, title_id.kind, title_id.tmdb_id, prefs.language, full=full)
    entry = Entry(title_id.kind, title_id.tmdb_id, None, details)
    if record_view:
        await _record_view(ctx, entry)
    return entry


async def _record_view(ctx: RequestContext, entry: Entry) -> None:
    viewer = await ctx.viewer()
    if not viewer.is_authenticated:
        return
    from library.history import record_view

    try:
        await record_view(viewer.user_id, entry.id)
    except Exception:  # history is a side effect: the title is still shown
        logger.exception("could not record the view of %s", entry.id)


def recommendation_entries(entry: Entry) -> list[Entry]:
    """The recommendations TMDb appended to a title's details (first page), as entries."""
    details = entry.details or {}
    items = (details.get("recommendations") or {}).get("results") or ()
    return entries_from_items(items, entry.kind)


async def recommendations_of(ctx: RequestContext, entry: Entry) -> list[Entry]:
    """A title's recommendations, filtered by the caller's maturity."""
    prefs = await viewer_prefs(ctx)
    return await apply_maturity(ctx, recommendation_entries(entry), prefs)


async def recommendations_page(ctx: RequestContext, entry: Entry) -> EntryPage:
    """A title's recommendations as a list page for ``page_cards``: the finished cards come
    from the page cache when a previous view completed them (a warm details page then reads
    one small entry instead of every recommended title's details)."""
    prefs = await viewer_prefs(ctx)
    key = page_cache.page_key(
        f"recommendations/{entry.kind}/{entry.tmdb_id}", {}, 1, 0, prefs.language, prefs.maturity
    )
    cached = await page_cache.read(key)
    if cached is not None:
        return EntryPage([], cached["pagination"], cards=cached["cards"])
    entries = await apply_maturity(ctx, recommendation_entries(entry), prefs)
    pagination = {"page": 1, "limit": len(entries), "total": len(entries), "total_pages": 1}
    return EntryPage(entries, pagination, cache_key=key, cache_ttl=page_cache.list_ttl())


async def is_favourite(ctx: RequestContext, title_id: str) -> bool:
    return title_id in await viewer_favourite_ids(ctx)


# --- genres -----------------------------------------------------------------------------------
async def genres(ctx: RequestContext | None = None) -> list[dict[str, str]]:
    """All genres of the genres table (movie and TV lists), ids as strings, by name."""
    return [{"id": str(row["id"]), "name": row["name"]} for row in await genre_table()]

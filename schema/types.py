"""GraphQL types of the catalogue: the one Card, the Title interface with MovieDetails and
SeriesDetails, seasons, episodes, cast, reviews, genres, pagination.

Field names are the contract's snake_case keys, camelCased by Strawberry (``release_date`` ->
``releaseDate``). Values come from the same shaping functions REST uses (catalog.cards,
catalog.details), so the two APIs cannot drift.

Fetching follows the selection: a list resolver looks at what its query selects and loads
details only when ``duration`` is asked for (genre names otherwise come from the genre lists),
favourites only when ``isFavorite`` is; a series loads episodes only when
``seasons { episodes }`` is selected. Everything else is a plain attribute (Strawberry's fast
path: no Info object, no coroutine per field).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any

import strawberry
from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, InlineFragmentNode
from strawberry.types import Info

from catalog import titles as catalog_titles
from catalog.details import (
    cast_of,
    episode_of,
    reviews_of,
    season_details_by_number,
    seasons_of,
    title_details,
)
from catalog.entries import Entry, EntryPage
from catalog.pagination import MAX_LIMIT
from library import cards as viewer_cards
from usecases import catalog as use_cases


# --- selection look-ahead ---------------------------------------------------------------------
def _collect(
    selections: Iterable[Any], fragments: Mapping[str, Any], into: dict[str, list[FieldNode]]
) -> None:
    for node in selections:
        if isinstance(node, FieldNode):
            into.setdefault(node.name.value, []).append(node)
        elif isinstance(node, InlineFragmentNode):
            _collect(node.selection_set.selections, fragments, into)
        elif isinstance(node, FragmentSpreadNode):
            fragment = fragments.get(node.name.value)
            if fragment is not None:
                _collect(fragment.selection_set.selections, fragments, into)


def child_fields(
    nodes: Sequence[FieldNode], fragments: Mapping[str, Any]
) -> dict[str, list[FieldNode]]:
    """Sub-fields selected under ``nodes`` by name, through fragments (directives ignored:
    a field under @skip counts as selected, which only ever means fetching a little more)."""
    found: dict[str, list[FieldNode]] = {}
    for node in nodes:
        if node.selection_set is not None:
            _collect(node.selection_set.selections, fragments, found)
    return found


def selected(info: Info | GraphQLResolveInfo, *path: str) -> dict[str, list[FieldNode]]:
    """What is selected under the current field, following ``path`` (schema field names)."""
    raw: GraphQLResolveInfo = getattr(info, "_raw_info", info)  # type: ignore[assignment]
    nodes: Sequence[FieldNode] = raw.field_nodes
    for name in path:
        nodes = child_fields(nodes, raw.fragments).get(name, [])
    return child_fields(nodes, raw.fragments)


# --- page arguments (their bounds are catalog.pagination's, which enforces them) -------------
Page = Annotated[int, strawberry.argument(description="Page number, 1 or more.")]
Limit = Annotated[int, strawberry.argument(description=f"Items per page, 1 to {MAX_LIMIT}.")]


# --- small types ------------------------------------------------------------------------------
@strawberry.type(description="The contract's pagination object.")
class Pagination:
    page: int
    limit: int
    total: int
    total_pages: int


@strawberry.type(description="A TMDb genre (movie and TV lists); ids are strings.")
class Genre:
    id: strawberry.ID
    name: str


@strawberry.enum(description="TMDb's trending windows.")
class TrendingWindow(enum.Enum):
    DAY = "day"
    WEEK = "week"


@strawberry.type(
    description="The one movie card of every list (decisions.md section 3). Movie ids are "
    'TMDb ids ("19404"), series ids are "tv-" + the TMDb id ("tv-119051").'
)
class Card:
    id: strawberry.ID
    title: str
    poster: str | None
    backdrop: str | None
    synopsis: str
    release_date: str | None
    duration: int | None = strawberry.field(
        description="Minutes: movie runtime, or a series' typical episode run time."
    )
    genres: list[str]
    rating: float
    is_favorite: bool
    is_series: bool


async def build_cards(
    info: Info, entries: Sequence[Entry] | EntryPage, names: Mapping[str, Any]
) -> list[Card]:
    """Cards for ``entries`` (or a list page), fetching only what the selection (``names``)
    needs: details only for ``duration``, favourites only for ``isFavorite``."""
    flags = {
        "with_details": "duration" in names,
        "with_genres": "genres" in names,
        "with_favourites": "isFavorite" in names,
    }
    if isinstance(entries, EntryPage):
        cards = await viewer_cards.page_cards(info.context, entries, **flags)
    else:
        cards = await viewer_cards.card_dicts(info.context, entries, **flags)
    return [Card(**card) for card in cards]


@strawberry.type(description="A page of cards: MOVIE_LIST's data.")
class MovieList:
    pagination: Pagination
    movies: list[Card] = strawberry.field(description="The cards of this page.")

    @classmethod
    async def of(cls, info: Info, page: EntryPage) -> MovieList:
        """The page with the cards its ``movies`` selection asks for, built by the list field's
        own resolver: the whole list is then plain data, completed in one pass
        (schema.execution) instead of through a second resolver per list."""
        names = selected(info, "movies")
        cards = await build_cards(info, page, names) if names else []
        return cls(pagination=Pagination(**page.pagination), movies=cards)


# --- details ----------------------------------------------------------------------------------
@strawberry.type
class CastMember:
    id: int
    name: str
    profile_path: str | None
    character: str
    order: int | None


@strawberry.type
class Review:
    id: str
    author: str
    avatar: str | None
    rating: float | None
    content: str
    created_at: str | None


@strawberry.type
class Episode:
    id: int
    name: str
    overview: str
    air_date: str | None
    episode_number: int | None
    runtime: int | None
    season_number: int | None
    still_path: str | None
    vote_average: float


@strawberry.type
class Season:
    id: int | None
    air_date: str | None
    episode_count: int
    name: str
    overview: str
    poster_path: str | None
    season_number: int | None
    vote_average: float
    series: strawberry.Private[Entry]
    loaded_episodes: strawberry.Private[list[dict[str, Any]] | None] = None

    @strawberry.field(description="The season's episodes (fetched only when selected).")
    async def episodes(self, info: Info) -> list[Episode]:
        episodes = self.loaded_episodes
        if episodes is None:
            # Reached only when the title resolver could not see this selection coming.
            full = await catalog_titles.title(info.context, self.series.title_id, full=True)
            season = season_details_by_number(full.details or {}).get(self.season_number) or {}
            episodes = [episode_of(episode) for episode in season.get("episodes") or ()]
        return [Episode(**episode) for episode in episodes]


@strawberry.interface(description="MOVIE_DETAILS: a movie or a series.")
class Title:
    id: strawberry.ID
    is_series: bool
    is_favorite: bool
    title: str
    language: str | None = strawberry.field(description="English name, e.g. English.")
    release_date: str | None
    rating: float
    runtime: int | None = strawberry.field(description="Minutes, for a movie; null for a series.")
    network_logo: str | None
    backdrop_url: str | None
    poster_url: str | None
    genres: list[str]
    synopsis: str
    homepage: str | None
    cast: list[CastMember] = strawberry.field(description="In billing order.")
    reviews: list[Review]
    entry: strawberry.Private[Entry]

    @strawberry.field(description="TMDb's recommendations for this title, as cards.")
    async def recommendations(self, info: Info) -> list[Card]:
        page = await use_cases.title_recommendations(info.context, self.entry)
        return await build_cards(info, page, selected(info))


@strawberry.type(description="A movie's details.")
class MovieDetails(Title):
    pass


@strawberry.type(description="A series' details, with its seasons.")
class SeriesDetails(Title):
    seasons: list[Season]


_DETAIL_FIELDS = (
    "id",
    "is_series",
    "is_favorite",
    "title",
    "language",
    "release_date",
    "rating",
    "runtime",
    "network_logo",
    "backdrop_url",
    "poster_url",
    "genres",
    "synopsis",
    "homepage",
)


def build_title(entry: Entry, *, is_favorite: bool, with_episodes: bool) -> Title:
    """The Title object of a loaded entry (details shaped by catalog.details)."""
    details = entry.details or {}
    data = title_details(details, entry.kind, is_favorite=is_favorite, with_episodes=False)
    fields = {name: data[name] for name in _DETAIL_FIELDS}
    fields["cast"] = [CastMember(**member) for member in cast_of(details)]
    fields["reviews"] = [Review(**review) for review in reviews_of(details)]
    if entry.kind != "tv":
        return MovieDetails(entry=entry, **fields)
    by_number = season_details_by_number(details) if with_episodes else {}
    seasons = []
    for season in seasons_of(details, with_episodes=with_episodes):
        episodes = season.pop("episodes", None)
        if with_episodes and season["season_number"] not in by_number:
            episodes = []
        seasons.append(Season(series=entry, loaded_episodes=episodes, **season))
    return SeriesDetails(entry=entry, seasons=seasons, **fields)

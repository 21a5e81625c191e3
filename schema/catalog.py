"""CatalogQuery: the movie catalogue's root fields. Thin: parse arguments, call the catalogue
readers (the same ones the REST views call), wrap the results in the GraphQL types."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from catalog import genres as catalog_genres
from catalog import lists as catalog_lists
from catalog import search as catalog_search
from catalog import titles as catalog_titles
from catalog.ids import parse_id
from catalog.pagination import DEFAULT_LIMIT, DEFAULT_PAGE, parse_window
from library import cards as viewer_cards
from library import history
from schema.types import (
    Genre,
    MovieList,
    Title,
    TrendingWindow,
    build_title,
    selected,
)

Page = Annotated[int, strawberry.argument(description="Page number, 1 or more.")]
Limit = Annotated[int, strawberry.argument(description="Items per page, 1 to 50.")]


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="TMDb's popular movies.")
    async def popular(
        self,
        info: Info,
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
    ) -> MovieList:
        return MovieList.of(await catalog_lists.popular(info.context, parse_window(page, limit)))

    @strawberry.field(description="Movies released today or later, most popular first.")
    async def coming_soon(
        self,
        info: Info,
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
    ) -> MovieList:
        return MovieList.of(
            await catalog_lists.coming_soon(info.context, parse_window(page, limit))
        )

    @strawberry.field(description="Trending movies and series of the day or the week.")
    async def trending(
        self,
        info: Info,
        window: TrendingWindow = TrendingWindow.DAY,
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
    ) -> MovieList:
        page_window = parse_window(page, limit)
        return MovieList.of(await catalog_lists.trending(info.context, page_window, window.value))

    @strawberry.field(
        description="Movies and series by title, by cast or crew name, or by genre name; "
        "best match first."
    )
    async def search(
        self,
        info: Info,
        q: Annotated[str, strawberry.argument(description="1 to 100 characters.")],
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
    ) -> MovieList:
        page_window = parse_window(page, limit)
        return MovieList.of(await catalog_search.search(info.context, q, page_window))

    @strawberry.field(
        description='One movie ("19404") or series ("tv-119051"); NOT_FOUND for any other id.'
    )
    async def title(self, info: Info, id: strawberry.ID) -> Title:
        title_id = parse_id(id)
        ctx = info.context
        fields = selected(info)
        with_episodes = title_id.is_series and "episodes" in selected(info, "seasons")
        entry = await catalog_titles.title(ctx, title_id, full=with_episodes)
        await history.record_title_view(ctx, entry)
        favourite = "isFavorite" in fields and await viewer_cards.is_favourite(ctx, entry.id)
        return build_title(entry, is_favorite=favourite, with_episodes=with_episodes)

    @strawberry.field(description="Every genre (TMDb's movie and TV lists).")
    async def genres(self, info: Info) -> list[Genre]:
        await info.context.viewer()  # a bad token is an error, not "anonymous"
        return [Genre(**genre) for genre in await catalog_genres.genres(info.context)]

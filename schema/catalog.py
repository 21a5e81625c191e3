"""CatalogQuery: the movie catalogue's root fields. Thin: pass the arguments to the use case
(usecases.catalog, the same ones the REST views call), wrap the results in the GraphQL types."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from catalog.pagination import DEFAULT_LIMIT, DEFAULT_PAGE
from catalog.search import MAX_QUERY_LENGTH
from schema.types import (
    Genre,
    Limit,
    MovieList,
    Page,
    Title,
    TrendingWindow,
    build_title,
    selected,
)
from usecases import catalog as use_cases


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="TMDb's popular movies.")
    async def popular(
        self,
        info: Info,
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
    ) -> MovieList:
        return await MovieList.of(info, await use_cases.popular(info.context, page, limit))

    @strawberry.field(description="Movies released today or later, most popular first.")
    async def coming_soon(
        self,
        info: Info,
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
    ) -> MovieList:
        return await MovieList.of(info, await use_cases.coming_soon(info.context, page, limit))

    @strawberry.field(description="Trending movies and series of the day or the week.")
    async def trending(
        self,
        info: Info,
        window: TrendingWindow = TrendingWindow.DAY,
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
    ) -> MovieList:
        return await MovieList.of(
            info, await use_cases.trending(info.context, window.value, page, limit)
        )

    @strawberry.field(
        description="Movies and series by title, by cast or crew name, or by genre name; "
        "best match first."
    )
    async def search(
        self,
        info: Info,
        q: Annotated[str, strawberry.argument(description=f"1 to {MAX_QUERY_LENGTH} characters.")],
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
    ) -> MovieList:
        return await MovieList.of(info, await use_cases.search(info.context, q, page, limit))

    @strawberry.field(
        description='One movie ("19404") or series ("tv-119051"); NOT_FOUND for any other id.'
    )
    async def title(self, info: Info, id: strawberry.ID) -> Title:
        opened = await use_cases.open_title(
            info.context,
            id,
            with_episodes="episodes" in selected(info, "seasons"),
            with_favourite="isFavorite" in selected(info),
        )
        return build_title(
            opened.entry, is_favorite=bool(opened.is_favorite), with_episodes=opened.with_episodes
        )

    @strawberry.field(description="Every genre (TMDb's movie and TV lists).")
    async def genres(self, info: Info) -> list[Genre]:
        return [Genre(**genre) for genre in await use_cases.genres(info.context)]

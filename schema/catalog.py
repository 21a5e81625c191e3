"""CatalogQuery: the movie catalogue's root fields. Thin: parse arguments, call the selectors
(the same ones the REST views call), wrap the results in the GraphQL types."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from catalog import selectors
from catalog.ids import parse_id
from catalog.pagination import DEFAULT_LIMIT, DEFAULT_PAGE, parse_window
from catalog.selectors import MAX_QUERY_LENGTH
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


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="TMDb's popular movies.")
    async def popular(
        self,
        info: Info,
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
    ) -> MovieList:
        return MovieList.of(await selectors.popular(info.context, parse_window(page, limit)))

    @strawberry.field(description="Movies released today or later, most popular first.")
    async def coming_soon(
        self,
        info: Info,
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
    ) -> MovieList:
        return MovieList.of(await selectors.coming_soon(info.context, parse_window(page, limit)))

    @strawberry.field(description="Trending movies and series of the day or the week.")
    async def trending(
        self,
        info: Info,
        window: TrendingWindow = TrendingWindow.DAY,
        page: Page = DEFAULT_PAGE,
        limit: Limit = DEFAULT_LIMIT,
    ) -> MovieList:
        page_window = parse_window(page, limit)
        return MovieList.of(await selectors.trending(info.context, page_window, window.value))

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
        page_window = parse_window(page, limit)
        return MovieList.of(await selectors.search(info.context, q, page_window))

    @strawberry.field(
        description='One movie ("19404") or series ("tv-119051"); NOT_FOUND for any other id.'
    )
    async def title(self, info: Info, id: strawberry.ID) -> Title:
        title_id = parse_id(id)
        ctx = info.context
        fields = selected(info)
        with_episodes = title_id.is_series and "episodes" in selected(info, "seasons")
        entry = await selectors.title(ctx, title_id, full=with_episodes, record_view=True)
        favourite = "isFavorite" in fields and await selectors.is_favourite(ctx, entry.id)
        return build_title(entry, is_favorite=favourite, with_episodes=with_episodes)

    @strawberry.field(description="Every genre (TMDb's movie and TV lists).")
    async def genres(self, info: Info) -> list[Genre]:
        return [Genre(**genre) for genre in await selectors.genres(info.context)]

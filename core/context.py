"""The per-request context every domain function receives, and the caller it is about.

Both edges (GraphQL resolvers and REST views) build one ``RequestContext`` per request and hand
it down: it owns the request's dataloaders (duplicates within one request cost one TMDb call),
the resolved ``Viewer`` (authenticated once per request, lazily: anonymous lists never touch
auth) and a per-request memo for work that several readers share (e.g. the favourite-id set).

The request and its context point at each other (``request._cinemate_context``), so the edge
middleware calls ``close()`` once the response exists (core.middleware): the loaders, their
futures and payloads and the memo are then freed by reference counting, not left to the cyclic
collector (whose full collections would otherwise stall random requests).

``core`` sits below every domain app, so the context does not import them: the edge that
builds it passes how to resolve the viewer (``accounts.authentication.resolve_viewer_prefetching``) and
how to make the loaders (``tmdb_loaders.loaders.TMDbLoaders``); ``Loaders`` is the shape the
domain relies on.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from core.exceptions import Unauthorized

K_contra = TypeVar("K_contra", contravariant=True)
V_co = TypeVar("V_co", covariant=True)

DetailKey = tuple[int, str]  # (tmdb_id, language)
GenreKey = tuple[str, str]  # ("movie" | "tv", language)


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking. Anonymous callers get the defaults of decisions.md section 6: maturity
    ``all``, the default language, no favourites."""

    user_id: uuid.UUID | None
    session_id: uuid.UUID | None
    language: str
    maturity: str  # "all" | "teen" | "adult"

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None


def anonymous_viewer() -> Viewer:
    return Viewer(
        user_id=None, session_id=None, language=settings.TMDB_DEFAULT_LANGUAGE, maturity="all"
    )


class Loader(Protocol[K_contra, V_co]):
    """A per-request dataloader: ``load`` batches and memoises within the request."""

    def load(self, key: K_contra) -> Awaitable[V_co]: ...


class Loaders(Protocol):
    """The request's TMDb loaders (built by tmdb_loaders.loaders.TMDbLoaders)."""

    @property
    def movie(self) -> Loader[DetailKey, Mapping[str, Any]]: ...
    @property
    def series(self) -> Loader[DetailKey, Mapping[str, Any]]: ...
    @property
    def series_full(self) -> Loader[DetailKey, Mapping[str, Any]]: ...
    @property
    def list_page(self) -> Loader[Any, Mapping[str, Any]]: ...
    @property
    def genres(self) -> Loader[GenreKey, Mapping[int, str]]: ...
    def close(self) -> None:
        """Forget every memoised load (the request is over)."""


# The caller, and the per-user cache values read in the same round trip as the session
# (accounts.authentication.PREFETCH), by key.
ViewerResolver = Callable[[HttpRequest], Awaitable[tuple[Viewer, Mapping[str, str | None]]]]

# The request attribute holding its context; core.middleware closes what it finds there.
CONTEXT_ATTR = "_cinemate_context"


@dataclass
class RequestContext:
    request: HttpRequest
    resolve_viewer: ViewerResolver = field(repr=False)
    make_loaders: Callable[[], Loaders] = field(repr=False)
    response: HttpResponse | None = None
    _viewer: Viewer | None = field(default=None, repr=False)
    # Per-request memo for readers that share work (e.g. the favourite-id set).
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    # Cache values read with the session state (accounts.authentication.PREFETCH), by key.
    prefetched: Mapping[str, str | None] = field(default_factory=dict, repr=False)

    @classmethod
    def for_request(
        cls,
        request: HttpRequest,
        resolve_viewer: ViewerResolver,
        make_loaders: Callable[[], Loaders],
    ) -> RequestContext:
        """The request's context, built on first use (REST and GraphQL share one)."""
        existing: RequestContext | None = request.__dict__.get(CONTEXT_ATTR)
        if existing is None:
            existing = cls(request, resolve_viewer, make_loaders)
            request.__dict__[CONTEXT_ATTR] = existing
        return existing

    def close(self) -> None:
        """Let go of everything this request loaded (called once the response exists)."""
        loaders = self.__dict__.pop("loaders", None)
        if loaders is not None:
            loaders.close()
        self.memo.clear()
        self.response = None
        self.request.__dict__.pop(CONTEXT_ATTR, None)

    @cached_property
    def loaders(self) -> Loaders:
        return self.make_loaders()

    async def viewer(self) -> Viewer:
        """The caller; raises Unauthorized/TokenExpired/SessionTerminated for a bad token."""
        if self._viewer is None:
            self._viewer, self.prefetched = await self.resolve_viewer(self.request)
        return self._viewer

    async def require_user(self) -> Viewer:
        """The caller, who must be signed in (UNAUTHORIZED otherwise)."""
        viewer = await self.viewer()
        if not viewer.is_authenticated:
            raise Unauthorized()
        return viewer

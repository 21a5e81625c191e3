"""The per-request context shared by GraphQL resolvers and the REST views.

It owns the request's dataloaders (so duplicates within one request cost one TMDb call) and the
resolved viewer (authenticated once per request, lazily: anonymous lists never touch auth).
REST views build the same object with ``RequestContext.for_request`` and call the same resolvers.

The request and its context point at each other (``request._cinemate_context``), so the edge
middleware calls ``close()`` once the response exists: the loaders, their futures and payloads
and the memo are then freed by reference counting, not left to the cyclic collector (whose full
collections would otherwise stall random requests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.http import HttpRequest, HttpResponse

from accounts.viewer import Viewer

# The request attribute holding its context; core.middleware closes what it finds there.
CONTEXT_ATTR = "_cinemate_context"


@dataclass
class RequestContext:
    request: HttpRequest
    response: HttpResponse | None = None
    _viewer: Viewer | None = field(default=None, repr=False)
    # Per-request memo for resolvers that need to share work (e.g. the favourite-id set).
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    # Cache values read with the session state (accounts.authentication.PREFETCH), by key.
    prefetched: dict[str, str | None] = field(default_factory=dict, repr=False)

    @classmethod
    def for_request(cls, request: HttpRequest) -> RequestContext:
        existing = request.__dict__.get(CONTEXT_ATTR)
        if existing is None:
            existing = cls(request=request)
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
    def loaders(self) -> Any:
        from tmdb_loaders.loaders import TMDbLoaders

        return TMDbLoaders()

    async def viewer(self) -> Viewer:
        """The caller; raises Unauthorized/TokenExpired/SessionTerminated for a bad token."""
        if self._viewer is None:
            from accounts.authentication import resolve_viewer_prefetching

            self._viewer, self.prefetched = await resolve_viewer_prefetching(self.request)
        return self._viewer

    async def require_user(self) -> Viewer:
        """The caller, who must be signed in (UNAUTHORIZED otherwise)."""
        from core.exceptions import Unauthorized

        viewer = await self.viewer()
        if not viewer.is_authenticated:
            raise Unauthorized()
        return viewer

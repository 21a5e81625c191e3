"""Where the edges build the request context (core.context): with the viewer resolved from the
bearer token (accounts) and TMDb's per-request loaders (tmdb_loaders). REST views and the
GraphQL view both call ``context_for``, so one request has one context whichever edge asks.
"""

from __future__ import annotations

from django.http import HttpRequest

from accounts.authentication import resolve_viewer_prefetching
from core.context import RequestContext
from tmdb_loaders.loaders import TMDbLoaders

__all__ = ["RequestContext", "context_for"]


def context_for(request: HttpRequest) -> RequestContext:
    """The request's context (created on first use, then the same object)."""
    return RequestContext.for_request(request, resolve_viewer_prefetching, TMDbLoaders)

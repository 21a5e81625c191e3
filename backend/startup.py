"""Worker start-up: one log line block that tells an operator exactly what this process is wired
to, and the imports Django would otherwise leave to the first request."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import get_resolver

logger = logging.getLogger("cinemate.startup")
_logged = False


def log_mode() -> None:
    global _logged
    if _logged:
        return
    _logged = True
    database = settings.DATABASES["default"]
    db = (
        f"PostgreSQL {database.get('HOST') or 'socket'}/{database.get('NAME')}"
        if "postgresql" in database["ENGINE"]
        else f"SQLite {database['NAME']} (local mode: set DATABASE_URL for PostgreSQL)"
    )
    cache = (
        "Redis (REDIS_URL)"
        if settings.REDIS_URL
        else "local-memory cache (local mode: set REDIS_URL for Redis)"
    )
    tmdb = (
        f"offline TMDb-compatible catalog at {settings.TMDB_API_BASE_URL} (no TMDB_ACCESS_TOKEN)"
        if settings.TMDB_OFFLINE
        else f"TMDb at {settings.TMDB_API_BASE_URL}"
    )
    mode = "production" if settings.PRODUCTION else "local"
    logger.warning(
        "Cinemate starting in %s mode | database: %s | cache: %s | movies: %s",
        mode,
        db,
        cache,
        tmdb,
    )
    if settings.DEBUG:
        logger.warning("DEBUG is on: never run this in production")


def load_routes() -> None:
    """Import the URLconf now, with everything it pulls in (the REST views, the GraphQL schema,
    DRF and drf-spectacular): Django does it lazily, on a worker's first request, which then
    took 0.65-0.85 s here, and every request that reached the fresh worker meanwhile queued
    behind it (10 concurrent cold details after a deploy: 0.6-0.9 s instead of 0.2 s)."""
    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf

"""One start-up log line block that tells an operator exactly what this process is wired to."""

from __future__ import annotations

import logging

from django.conf import settings

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

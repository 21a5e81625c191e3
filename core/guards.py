"""Request guards for settings.API_REQUEST_GUARDS (run by core.middleware before any view).

``rate_limit_guard`` classifies REST calls by path: ``/auth/...`` -> auth bucket (per IP),
``/movies/search`` -> search, everything else -> general. Docs, schema, health, admin and static
files are not limited; ``/graphql`` is limited by schema.ratelimit.RateLimitExtension, which knows
the operation's root fields.
"""

from __future__ import annotations

from django.http import HttpRequest

from core.ratelimit import AUTH, GENERAL, SEARCH, limit_request

_EXEMPT_PREFIXES = ("/system/health", "/api/docs", "/api/schema", "/admin/", "/static/")


def classify_path(path: str) -> str | None:
    """The rate-limit bucket of a REST path, or None when it is not limited here."""
    if path == "/graphql" or path.startswith("/graphql/"):
        return None
    if path.startswith(_EXEMPT_PREFIXES):
        return None
    if path.startswith("/auth/"):
        return AUTH
    if path.rstrip("/") == "/movies/search":
        return SEARCH
    return GENERAL


async def rate_limit_guard(request: HttpRequest) -> None:
    bucket = classify_path(request.path)
    if bucket is not None:
        await limit_request(request, bucket)

"""Request guards for settings.API_REQUEST_GUARDS (run by core.middleware before any view), and
who a request counts as for the rate limits (a signed-in user by id, anyone else by IP).

``rate_limit_guard`` classifies REST calls by path: ``/auth/...`` -> auth bucket (per IP),
``/movies/search`` -> search, everything else -> general. Docs, schema, health, admin and static
files are not limited, except a POST to the admin login (``ADMIN_LOGIN_PATH``): a password
guess like ``/auth/login``, so it shares that auth bucket (per IP); its failures count towards
the IP blacklist (accounts.signals). ``/graphql`` is limited by schema.ratelimit.RateLimitExtension,
which knows the operation's root fields.

The blacklist guard (accounts.blacklist, which runs first) usually does this guard's count in its
own Redis round trip (core.ratelimit.hit_unless_blocked); this guard then finds the request
counted and has nothing left to do.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from accounts.tokens import request_access_claims
from core.client_ip import client_ip
from core.exceptions import ApiError
from core.ratelimit import (
    AUTH,
    GENERAL,
    SEARCH,
    hit,
    is_counted,
    mark_counted,
    raise_if_limited,
)

_GUARD = "accounts.guards.rate_limit_guard"
_EXEMPT_PREFIXES = ("/system/health", "/api/docs", "/api/schema", "/admin/", "/static/")
ADMIN_LOGIN_PATH = "/admin/login/"  # backend/urls.py mounts the admin at admin/


def request_identity(request: HttpRequest, bucket: str) -> str:
    """``user:<id>`` from a valid bearer token (not for auth), else ``ip:<client ip>``."""
    if bucket != AUTH:
        try:
            claims = request_access_claims(request)
        except ApiError:
            claims = None  # the view will answer the bad token; count the caller by IP
        if claims is not None:
            return f"user:{claims.user_id}"
    return f"ip:{client_ip(request)}"


async def limit_request(request: HttpRequest, bucket: str, *, weight: int = 1) -> None:
    """Count this request once (``weight`` times: a costly GraphQL document, schema.cost) in
    ``bucket``; raise 429 RATE_LIMITED when over the limit."""
    if not settings.RATE_LIMIT_ENABLED:
        return
    if is_counted(request, bucket):
        return
    mark_counted(request, bucket)
    raise_if_limited(await hit(bucket, request_identity(request, bucket), weight=weight))


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


def classify_request(request: HttpRequest) -> str | None:
    """``classify_path``, plus the admin login's POSTs in the auth bucket."""
    if request.path == ADMIN_LOGIN_PATH and request.method == "POST":
        return AUTH
    return classify_path(request.path)


def pending_bucket(request: HttpRequest) -> str | None:
    """The bucket ``rate_limit_guard`` would count this request in, None when it counts nothing
    (limits off, an unlimited path, already counted, or the guard not installed)."""
    if not settings.RATE_LIMIT_ENABLED or _GUARD not in settings.API_REQUEST_GUARDS:
        return None
    bucket = classify_request(request)
    return None if bucket is None or is_counted(request, bucket) else bucket


async def rate_limit_guard(request: HttpRequest) -> None:
    bucket = classify_request(request)
    if bucket is not None:
        await limit_request(request, bucket)

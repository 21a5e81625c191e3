"""HTTP caching headers: public data is cacheable by browsers and CDNs, everything else is not.

Rules (docs/http-caching.md):
- An anonymous GET/HEAD (no ``Authorization`` header) of a public route answered 200 gets
  ``Cache-Control: public, max-age=<freshness>, stale-while-revalidate=<freshness>``, a strong
  ``ETag`` and ``Vary: Authorization``; the freshness is the TMDb cache TTL of that kind of data
  (``PUBLIC_ROUTES``). A matching ``If-None-Match`` answers 304 with no body.
- Anything else (signed-in callers, personal routes, writes, errors) is
  ``Cache-Control: private, no-store``: a shared cache must never keep one user's answer.

Views may answer 304 themselves before rendering (the list pages, from the ETag kept beside the
cached card page: rest_compat.movies); GraphQL marks a request public by setting
``request._cinemate_public_max_age`` (schema.views, for GET persisted queries of public fields).
Anonymous answers do not depend on ``Accept-Language`` (anonymous callers get the default
language, decisions.md section 6), so it is not in ``Vary``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

PRIVATE = "private, no-store"
PUBLIC_METHODS = frozenset({"GET", "HEAD"})

# url name -> the setting holding that data's freshness (seconds).
PUBLIC_ROUTES: dict[str, str] = {
    "movies-popular": "TMDB_CACHE_TTL_LIST",
    "movies-coming-soon": "TMDB_CACHE_TTL_LIST",
    "movies-trending": "TMDB_CACHE_TTL_LIST",
    "movies-search": "TMDB_CACHE_TTL_SEARCH",
    "movies-genres": "TMDB_CACHE_TTL_GENRES",
    "movies-details": "TMDB_CACHE_TTL_DETAIL",
}
_HEADERS_TO_KEEP_ON_304 = ("Content-Location", "Date", "Expires", "X-Request-ID")


def is_anonymous(request: HttpRequest) -> bool:
    return "HTTP_AUTHORIZATION" not in request.META


def public_request(request: HttpRequest) -> bool:
    """A request whose 200 may be shared: anonymous and safe (GET/HEAD)."""
    return request.method in PUBLIC_METHODS and is_anonymous(request)


def strong_etag(tag: str, *parts: bytes | str) -> str:
    """A quoted strong ETag from ``parts`` (and the running version: a deploy that changes the
    rendering changes every ETag)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(str(settings.API_VERSION).encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
    return f'"{tag}-{digest.hexdigest()}"'


def matches(request: HttpRequest, etag: str) -> bool:
    """If-None-Match names ``etag`` (weak comparison, as RFC 9110 asks for If-None-Match)."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    candidates = parse_etags(header)
    if candidates == ["*"]:
        return True
    bare = etag.removeprefix("W/")
    return any(candidate.removeprefix("W/") == bare for candidate in candidates)


def max_age_of(request: HttpRequest) -> int | None:
    """Freshness of the request's route when it is public, else None."""
    marked = getattr(request, "_cinemate_public_max_age", None)
    if marked is not None:
        return int(marked)
    match = getattr(request, "resolver_match", None)
    setting = PUBLIC_ROUTES.get(match.url_name) if match is not None else None
    return int(getattr(settings, setting)) if setting else None


def public_cache_control(max_age: int) -> str:
    return f"public, max-age={max_age}, stale-while-revalidate={max_age}"


def not_modified(response: HttpResponse, etag: str) -> HttpResponse:
    """The 304 for ``response`` (no body; the validators and caching headers kept)."""
    answer = HttpResponseNotModified()
    answer["ETag"] = etag
    for name in _HEADERS_TO_KEEP_ON_304:
        if name in response:
            answer[name] = response[name]
    return answer


# --- the 304 shortcut -------------------------------------------------------------------------
# url -> (ETag, max-age, monotonic expiry, rate-limit bucket still to count or None) of the
# latest public answer this process gave for it.
MEMO_TTL = 1.0  # the page cache's own per-process staleness bound (catalog.page_cache.L1_TTL)
MEMO_SIZE = 1024
_MEMO: dict[str, tuple[str, int, float, str | None]] = {}


def _memo_key(request: HttpRequest) -> str:
    return f"{request.path}?{request.META.get('QUERY_STRING', '')}"


def _remember(request: HttpRequest, etag: str, max_age: int) -> None:
    """REST answers were counted by the request guards, before the shortcut; GraphQL counts in
    the schema (past it), so its entries carry the bucket the shortcut must count."""
    bucket = getattr(request, "_cinemate_rate_bucket", None)
    if bucket is None and getattr(request, "_cinemate_public_max_age", None) is not None:
        return
    if len(_MEMO) >= MEMO_SIZE:
        _MEMO.clear()
    _MEMO[_memo_key(request)] = (etag, max_age, time.monotonic() + MEMO_TTL, bucket)


def clear_memo() -> None:
    _MEMO.clear()


def _fresh_entry(request: HttpRequest) -> tuple[str, int, float, str | None] | None:
    if "HTTP_IF_NONE_MATCH" not in request.META or not public_request(request):
        return None
    entry = _MEMO.get(_memo_key(request))
    if entry is None or entry[2] <= time.monotonic() or not matches(request, entry[0]):
        return None
    return entry


def _not_modified_from(entry: tuple[str, int, float, str | None]) -> HttpResponse:
    answer = HttpResponseNotModified()
    answer["ETag"] = entry[0]
    answer["Cache-Control"] = public_cache_control(entry[1])
    patch_vary_headers(answer, ("Authorization",))
    return answer


async def shortcut_304(request: HttpRequest) -> HttpResponse | None:
    """A 304 without running the view, when this process answered the same public URL with the
    ETag the client holds less than MEMO_TTL ago (so within the staleness the page cache already
    allows itself); None otherwise. A GraphQL revalidation is counted for the rate limit here;
    over the limit, the normal path answers (and refuses it in the GraphQL shape)."""
    entry = _fresh_entry(request)
    if entry is None:
        return None
    bucket = entry[3]
    if bucket is not None and settings.RATE_LIMIT_ENABLED:
        from core.client_ip import client_ip
        from core.ratelimit import hit

        # Public answers are anonymous ones: counted per client IP, as the schema would.
        if not (await hit(bucket, f"ip:{client_ip(request)}")).allowed:
            return None
    return _not_modified_from(entry)


def finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Set the caching headers of one answer (see the module docstring)."""
    if "Cache-Control" in response:
        return response
    max_age = max_age_of(request) if public_request(request) else None
    if max_age is None or response.status_code not in (200, 304) or response.streaming:
        response["Cache-Control"] = PRIVATE
        return response
    etag = response.get("ETag")
    if etag is None:
        etag = strong_etag("b", response.content)
        response["ETag"] = etag
    if response.status_code == 200 and matches(request, etag):
        response = not_modified(response, etag)
    _remember(request, etag, max_age)
    response["Cache-Control"] = public_cache_control(max_age)
    patch_vary_headers(response, ("Authorization",))
    return response


class _SyncAndAsync:
    """A middleware that runs natively in both modes: async under ASGI (no thread hop),
    sync under WSGI (the test client)."""

    async_capable = True
    sync_capable = True

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:  # each subclass answers
        raise NotImplementedError


class NotModifiedMiddleware(_SyncAndAsync):
    """``shortcut_304`` for revalidations of hot public URLs; placed after the request guards
    (a revalidation still counts for the rate limits), before URL resolution and the view."""

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        entry = _fresh_entry(request)  # WSGI: the entries that need no count only
        if entry is not None and entry[3] is None:
            return _not_modified_from(entry)
        return self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        return await shortcut_304(request) or await self.get_response(request)


class HttpCacheMiddleware(_SyncAndAsync):
    """Applies ``finish`` to every answer (async-native: no thread hop)."""

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        return finish(request, self.get_response(request))

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        return finish(request, await self.get_response(request))

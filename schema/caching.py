"""Which GraphQL GET answers may be cached publicly, and for how long (core.http_cache).

Only a persisted query (its URL names a fixed document: schema.persisted_queries) sent over GET
without a token, answered without errors, whose operation is a query selecting only public root
fields. Its freshness is the shortest TMDb cache TTL among those fields. Anything else, ``me``
included (null for anonymous callers, but personal by nature), stays ``private, no-store``.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from graphql import OperationType, parse
from graphql.error import GraphQLError
from graphql.utilities import get_operation_ast

from core.ratelimit import GENERAL, SEARCH
from schema.ratelimit import root_fields

# Public root field -> the setting of its data's freshness.
PUBLIC_FIELDS: dict[str, str] = {
    "popular": "TMDB_CACHE_TTL_LIST",
    "comingSoon": "TMDB_CACHE_TTL_LIST",
    "trending": "TMDB_CACHE_TTL_LIST",
    "search": "TMDB_CACHE_TTL_SEARCH",
    "title": "TMDB_CACHE_TTL_DETAIL",
    "genres": "TMDB_CACHE_TTL_GENRES",
}


@lru_cache(maxsize=512)
def _public_settings(query: str, operation_name: str | None) -> tuple[str, ...] | None:
    """The freshness settings of a public query operation, None when it is not one (cached:
    the same persisted document is asked again and again)."""
    try:
        document = parse(query)
    except GraphQLError:
        return None
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation != OperationType.QUERY:
        return None
    fields = root_fields(document, operation_name) - {"__typename"}
    if not fields or not fields <= PUBLIC_FIELDS.keys():
        return None
    return tuple(sorted({PUBLIC_FIELDS[name] for name in fields}))


def public_max_age(query: str, operation_name: str | None) -> int | None:
    names = _public_settings(query, operation_name)
    if names is None:
        return None
    return min(int(getattr(settings, name)) for name in names)


def rate_bucket(query: str, operation_name: str | None) -> str:
    """The rate-limit bucket schema.ratelimit counts a public operation in (for the 304
    shortcut, which answers before the schema runs)."""
    names = _public_settings(query, operation_name) or ()
    return SEARCH if "TMDB_CACHE_TTL_SEARCH" in names else GENERAL

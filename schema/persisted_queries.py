"""Automatic persisted queries (Apollo's APQ protocol) and the optional allow-list mode.

A client sends ``extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}`` instead of
the query text:
- hash known: the stored query runs (over POST, or GET so a public query is a cacheable URL);
- hash unknown: the error ``PersistedQueryNotFound`` (``extensions.code =
  PERSISTED_QUERY_NOT_FOUND``), and the client resends the same request with the query;
- hash and query: the hash is checked against the query (a mismatch is VALIDATION_ERROR), the
  pair is stored in Redis for ``GRAPHQL_APQ_TTL`` seconds and the query runs.

Each worker also keeps the last ``L1_SIZE`` resolved pairs in memory: a pair never changes (the
hash is the query's), so a hot hash costs no Redis round trip. Redis down: lookups miss (clients
fall back to sending the query), stores are skipped; nothing fails.

``GRAPHQL_PERSISTED_QUERIES=allowlist`` (production option): only the operations of the
manifest ``GRAPHQL_PERSISTED_QUERIES_MANIFEST`` run (Apollo's persisted query manifest JSON, or a
``{hash: query}`` object); any other document, by hash or in full, is FORBIDDEN and nothing is
stored. In the default ``auto`` mode the manifest, when given, is preloaded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import RedisError

from core.exceptions import ApiError, Forbidden, ValidationFailed
from core.redis_async import get_redis, make_key
from core.redis_breaker import report_fallback

logger = logging.getLogger("cinemate.graphql.apq")

L1_SIZE = 1024
MAX_QUERY_CHARS = 20_000  # stored documents are bounded; larger ones run but are not stored
_HASH = re.compile(r"^[0-9a-f]{64}$")
_ERRORS = (RedisError, OSError, TimeoutError)
_L1: OrderedDict[str, str] = OrderedDict()
_L1_LOCK = threading.Lock()


class PersistedQueryNotFound(ApiError):
    """Apollo clients recognise the message and the code and resend with the query."""

    code, status, default_message = "PERSISTED_QUERY_NOT_FOUND", 200, "PersistedQueryNotFound"


def sha256_hex(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def _key(digest: str) -> str:
    return f"apq:{digest}"


def _remember(digest: str, query: str) -> None:
    with _L1_LOCK:
        _L1[digest] = query
        _L1.move_to_end(digest)
        while len(_L1) > L1_SIZE:
            _L1.popitem(last=False)


def clear_l1() -> None:
    with _L1_LOCK:
        _L1.clear()


@lru_cache(maxsize=1)
def manifest() -> dict[str, str]:
    """hash -> query of the configured manifest (empty without one); read once per process."""
    path = settings.GRAPHQL_PERSISTED_QUERIES_MANIFEST
    if not path:
        return {}
    data = json.loads(Path(path).read_text())
    if isinstance(data, dict) and isinstance(data.get("operations"), list):
        pairs = {op["id"]: op["body"] for op in data["operations"]}
    else:
        pairs = dict(data)
    for digest, query in pairs.items():
        if sha256_hex(query) != digest:
            raise ValueError(f"persisted query manifest: {digest} is not the hash of its body")
    return pairs


def allowlist_mode() -> bool:
    return settings.GRAPHQL_PERSISTED_QUERIES == "allowlist"


async def _lookup(digest: str) -> str | None:
    query = _L1.get(digest) or manifest().get(digest)
    if query is not None or allowlist_mode():
        return query
    try:
        client = await get_redis()
        if client is None:
            query = caches["default"].get(_key(digest))
        else:
            raw = await client.get(make_key(_key(digest)))
            query = raw.decode() if raw is not None else None
    except _ERRORS as exc:
        report_fallback(
            logger,
            logging.WARNING,
            "persisted query lookup failed (answered as not found): %r",
            exc,
        )
        return None
    if query is not None:
        _remember(digest, query)
    return query


async def _store(digest: str, query: str) -> None:
    _remember(digest, query)
    if len(query) > MAX_QUERY_CHARS:
        return
    try:
        client = await get_redis()
        if client is None:
            caches["default"].set(_key(digest), query, settings.GRAPHQL_APQ_TTL)
        else:
            await client.set(make_key(_key(digest)), query, ex=settings.GRAPHQL_APQ_TTL)
    except _ERRORS as exc:
        report_fallback(logger, logging.WARNING, "persisted query not stored: %r", exc)


def _requested_hash(persisted: object) -> str:
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise ValidationFailed("persistedQuery must be {version: 1, sha256Hash: <hex digest>}")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _HASH.match(digest.lower()):
        raise ValidationFailed("persistedQuery.sha256Hash must be 64 hexadecimal digits")
    return digest.lower()


async def resolve(query: str | None, extensions: dict | None) -> tuple[str | None, str | None]:
    """(the query to run, its hash when the request used the protocol); raises the protocol's
    errors (PersistedQueryNotFound, VALIDATION_ERROR, FORBIDDEN in allow-list mode)."""
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        if allowlist_mode() and query is not None:
            digest = sha256_hex(query)
            if digest in manifest():
                return query, digest
            raise Forbidden("Only registered operations are allowed on this server")
        return query, None
    digest = _requested_hash(persisted)
    if query is None:
        stored = await _lookup(digest)
        if stored is None:
            raise PersistedQueryNotFound()
        return stored, digest
    if sha256_hex(query) != digest:
        raise ValidationFailed("provided sha does not match query")
    if allowlist_mode():
        if digest not in manifest():
            raise Forbidden("Only registered operations are allowed on this server")
    elif _L1.get(digest) is None:
        await _store(digest, query)
    return query, digest

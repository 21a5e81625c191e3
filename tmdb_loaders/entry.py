"""What the TMDb cache (tmdb_loaders.cache) stores and loads: an ``Entry`` (a TMDb answer or the
fact that it does not exist, with when it was fetched) and a ``Spec`` (what to load)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson

from tmdb_loaders.errors import TMDbNotFound

NEGATIVE_TTL = 60.0  # seconds a "not found" is believed


@dataclass(slots=True)
class Entry:
    """One stored TMDb answer: the data, or the fact that it does not exist."""

    fetched_at: float
    data: Any = None
    missing: bool = False

    def age(self) -> float:
        return time.time() - self.fetched_at

    def is_fresh(self, ttl: float) -> bool:
        return self.age() < (min(ttl, NEGATIVE_TTL) if self.missing else ttl)

    def value(self) -> Any:
        if self.missing:
            raise TMDbNotFound()
        return self.data

    def encode(self) -> bytes:
        if self.missing:
            return orjson.dumps({"fetched_at": self.fetched_at, "missing": True})
        return orjson.dumps({"fetched_at": self.fetched_at, "data": self.data})

    @classmethod
    def decode(cls, raw: bytes | None) -> Entry | None:
        if raw is None:
            return None
        try:
            stored = orjson.loads(raw)
            return cls(float(stored["fetched_at"]), stored.get("data"), bool(stored.get("missing")))
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            return None  # unreadable (older format, corruption): a miss, overwritten on refill


@dataclass(frozen=True, slots=True)
class Spec:
    """What to load: the logical cache key, its freshness ttl, and how to fetch it upstream.
    ``refresh_ahead``: a hot value (lists, genres) is renewed in the background once it is
    TMDB_REFRESH_AHEAD of its ttl old, so readers never meet it expired.
    ``serve_stale_first``: stale-while-revalidate applies (see cache.load_many)."""

    key: str
    ttl: float
    fetch: Callable[[], Awaitable[Any]]
    refresh_ahead: bool = False
    # False: a copy past ``ttl`` is never answered before asking TMDb (jobs that need news).
    serve_stale_first: bool = True

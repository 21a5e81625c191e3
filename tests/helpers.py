"""Expectations shared by several test packages.

The contract's key lists are written out here on purpose rather than imported from production
(catalog.cards.CARD_FIELDS): the tests check the production code against them.
"""

from __future__ import annotations

from django.conf import settings

from core.redis_async import delete_prefixed_keys

# MOVIE_LIST card keys, in the contract's order (decisions.md section 3).
CARD_KEYS = [
    "id",
    "title",
    "poster",
    "backdrop",
    "synopsis",
    "release_date",
    "duration",
    "genres",
    "rating",
    "is_favorite",
    "is_series",
]

# The keys of one notification (GET /profile/notifications and its documented example).
NOTIFICATION_KEYS = {
    "id",
    "title",
    "message",
    "type",
    "read",
    "created_at",
    "movie_id",
    "image",
}


def clear_caches() -> None:
    """Empty every cache the app keeps (Redis under the test prefix, per-process copies): the
    state of a cold start. Used by the root conftest before each test and by tests/parity
    before each cold measurement."""
    delete_prefixed_keys(settings.REDIS_URL, settings.CACHE_KEY_PREFIX)
    from catalog import card_cache, page_cache

    page_cache.clear_l1()  # its per-process copies of what was just deleted from Redis
    card_cache.clear_l1()
    from catalog import facts
    from tmdb_loaders.breaker import breaker
    from tmdb_loaders.budget import budget

    breaker.reset()  # per-process views of TMDb's health: each test starts healthy
    budget.reset()
    facts.forget_remembered()
    from django.core.cache import caches

    for alias in settings.CACHES:
        if "locmem" in settings.CACHES[alias]["BACKEND"].lower():
            caches[alias].clear()


def cold_start() -> None:
    """``clear_caches`` plus the per-process copies that outlive a test (the genres table): what
    a freshly started worker has. The parity harness measures its cold costs from here."""
    clear_caches()
    from catalog.genres import forget_genre_table  # a model import: after Django is set up

    forget_genre_table()

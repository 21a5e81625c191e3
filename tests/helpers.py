"""Expectations shared by several test packages.

The contract's key lists are written out here on purpose rather than imported from production
(catalog.cards.CARD_FIELDS): the tests check the production code against them.
"""

from __future__ import annotations

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

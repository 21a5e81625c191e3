"""Who is asking: the per-request view of the caller that every list and resolver needs.

Built from the bearer token by ``accounts.authentication.resolve_viewer`` (JWT check, session
status and preferences from Redis, the database only on a cache miss). Anonymous callers get the
defaults of decisions.md section 6: maturity ``all``, the default language, no favourites.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True, slots=True)
class Viewer:
    user_id: uuid.UUID | None
    session_id: uuid.UUID | None
    language: str
    maturity: str  # "all" | "teen" | "adult"

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None


def anonymous_viewer() -> Viewer:
    return Viewer(
        user_id=None, session_id=None, language=settings.TMDB_DEFAULT_LANGUAGE, maturity="all"
    )

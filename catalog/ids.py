"""Our title ids (decisions.md section 2): "19404" is a movie, "tv-119051" a series.

TMDb movie and TV ids are separate number spaces, so the kind travels inside the id and
``/movies/{id}`` is never ambiguous. Anything else is NOT_FOUND (a client asking for a title
that cannot exist), never a 500 or a validation error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from core.exceptions import NotFound

Kind = Literal["movie", "tv"]
SERIES_PREFIX = "tv-"
# TMDb ids are positive and far below 10**9 (about 1.5 million in 2026); the bound keeps absurd
# numbers out of cache keys and is what the OpenAPI document states (ID_PATTERN).
ID_PATTERN = r"^(tv-)?([1-9][0-9]{0,8})$"
_ID_RE = re.compile(ID_PATTERN)
MAX_TMDB_ID = 999_999_999


@dataclass(frozen=True, slots=True)
class TitleId:
    kind: Kind
    tmdb_id: int

    @property
    def is_series(self) -> bool:
        return self.kind == "tv"

    def __str__(self) -> str:
        return format_id(self.kind, self.tmdb_id)


def format_id(kind: str, tmdb_id: int) -> str:
    """The public id of a TMDb title of ``kind`` ("movie" or "tv")."""
    return f"{SERIES_PREFIX}{tmdb_id}" if kind == "tv" else str(tmdb_id)


def try_parse_id(value: object) -> TitleId | None:
    """The TitleId for ``value``, or None when it is not one of our two id forms."""
    if not isinstance(value, str):
        return None
    match = _ID_RE.match(value)
    if match is None:
        return None
    number = int(match.group(2))
    if number > MAX_TMDB_ID:
        return None
    return TitleId("tv" if match.group(1) else "movie", number)


def parse_id(value: object) -> TitleId:
    """The TitleId for ``value``; NotFound when it is not a title id we could ever serve."""
    title_id = try_parse_id(value)
    if title_id is None:
        raise NotFound(f"No movie or series with id {value!r}", {"id": str(value)[:64]})
    return title_id

"""The maturity filter (decisions.md section 6), one place for every list a user sees.

- ``adult``: everything, TMDb adult titles included (searches send include_adult=true).
- ``all`` (the default, and anonymous callers): every certification, no TMDb ``adult`` titles.
- ``teen``: no adult titles and a US certification up to PG-13 (movies) or TV-14 (series).
  **Unrated titles** (no US certification on TMDb, or "NR") are left out for ``teen``: the
  filter exists to keep unsuitable titles away, and an unknown rating is not a known-safe one.

Where the filter runs:
- ``popular`` and ``coming soon`` for ``teen`` are asked of TMDb's discover/movie with
  ``certification_country=US&certification.lte=PG-13`` (sorted like the original list), so the
  page/limit windows stay exact.
- Other lists (trending, search, recommendations) are filtered after fetching: the window is
  taken over TMDb's ranking first and the titles that fail are dropped, so such a page may hold
  fewer than ``limit`` items and ``total`` is an upper bound. ``teen`` needs each title's
  certification, i.e. its details (which REST fetches for ``duration`` anyway).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ALL, TEEN, ADULT = "all", "teen", "adult"
MATURITY_LEVELS = (ALL, TEEN, ADULT)

TEEN_MOVIE_CERTIFICATIONS = frozenset({"G", "PG", "PG-13"})
TEEN_TV_RATINGS = frozenset({"TV-Y", "TV-Y7", "TV-Y7-FV", "TV-G", "TV-PG", "TV-14"})
# discover/movie parameters that make TMDb apply the teen rule itself (sorted by name).
TEEN_MOVIE_DISCOVER: tuple[tuple[str, str], ...] = (
    ("certification.lte", "PG-13"),
    ("certification_country", "US"),
)


def normalize(maturity: object) -> str:
    return maturity if maturity in MATURITY_LEVELS else ALL


def include_adult(maturity: str) -> bool:
    """Whether TMDb searches/discovers should be asked for adult titles too."""
    return maturity == ADULT


def needs_certification(maturity: str) -> bool:
    """Whether deciding on a title needs its details (release_dates / content_ratings)."""
    return maturity == TEEN


def us_certification(details: Mapping[str, Any], kind: str) -> str | None:
    """The US certification in a details payload (movie release_dates / tv content_ratings)."""
    if kind == "tv":
        ratings = (details.get("content_ratings") or {}).get("results") or ()
        for entry in ratings:
            if entry.get("iso_3166_1") == "US" and entry.get("rating"):
                return str(entry["rating"]).strip() or None
        return None
    countries = (details.get("release_dates") or {}).get("results") or ()
    for country in countries:
        if country.get("iso_3166_1") != "US":
            continue
        # Prefer the theatrical release (type 3), then any other entry with a certification.
        dates = sorted(country.get("release_dates") or (), key=lambda d: d.get("type") != 3)
        for release in dates:
            certification = str(release.get("certification") or "").strip()
            if certification:
                return certification
    return None


def allows_item(maturity: str, item: Mapping[str, Any]) -> bool:
    """The part of the rule a list item can answer (its ``adult`` flag)."""
    return maturity == ADULT or not item.get("adult")


def allows_details(maturity: str, details: Mapping[str, Any], kind: str) -> bool:
    """The whole rule, for a title whose details are known."""
    if maturity == ADULT:
        return True
    if details.get("adult"):
        return False
    if maturity != TEEN:
        return True
    certification = us_certification(details, kind)
    if certification is None:
        return False
    allowed = TEEN_TV_RATINGS if kind == "tv" else TEEN_MOVIE_CERTIFICATIONS
    return certification.upper() in allowed

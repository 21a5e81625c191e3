"""Payload trimming: store only what the API uses, so warm reads are small and fast to decode.

A raw movie with its appends is ~100-200 KB (credits alone ~100 KB, a season ~150 KB with crew
and guest stars); trimmed it is a few KB. What is kept:

- details (movie and tv): everything TMDb sends at the top level (genres, runtime,
  episode_run_time, networks, homepage, spoken_languages, original_language, poster/backdrop
  paths, number_of_seasons, the ``seasons`` summary, adult, vote_average, release_date /
  first_air_date, status, next_episode_to_air, last_air_date, ...), minus the appends below;
- ``credits``: ``{"cast": [...]}`` only, the first 20 in billing order (``order``), each with
  id, name, character, order, profile_path, known_for_department; the crew is dropped;
- ``reviews``: ``{"results": [...], "total_results": n}``, the first 10, each with author,
  author_details {name, username, avatar_path, rating}, content, created_at, id, url;
- ``recommendations``: the first page as TMDb sends it (page, results, total_pages,
  total_results);
- ``release_dates`` (movie) / ``content_ratings`` (tv): ``{"results": [...]}`` with only the US
  entry plus the origin country's (``origin_country``, else the first production country) if
  different; that is what the maturity filter (US certification) and display need;
- season payloads (``season_details`` of series_full): the season as TMDb sends it, its
  episodes without ``crew`` and ``guest_stars``.

Trimming is pure (no I/O) and idempotent. Bump keys.SCHEMA whenever this changes.
"""

from __future__ import annotations

from typing import Any

CAST_LIMIT = 20
REVIEW_LIMIT = 10
_CAST_FIELDS = ("id", "name", "character", "order", "profile_path", "known_for_department")
_REVIEW_FIELDS = ("author", "content", "created_at", "id", "url")
_AUTHOR_FIELDS = ("name", "username", "avatar_path", "rating")
_EPISODE_DROP = ("crew", "guest_stars")
_RATING_COUNTRY = "US"


def _billing_order(person: dict[str, Any]) -> float:
    order = person.get("order")
    return order if isinstance(order, int) else 1e9


def _cast(credits: Any) -> dict[str, Any]:
    cast = credits.get("cast") if isinstance(credits, dict) else None
    if not isinstance(cast, list):
        return {"cast": []}
    ordered = sorted(
        (person for person in cast if isinstance(person, dict)),
        key=_billing_order,
    )
    return {"cast": [{f: person.get(f) for f in _CAST_FIELDS} for person in ordered[:CAST_LIMIT]]}


def _review(review: dict[str, Any]) -> dict[str, Any]:
    trimmed = {f: review.get(f) for f in _REVIEW_FIELDS}
    author = review.get("author_details")
    trimmed["author_details"] = (
        {f: author.get(f) for f in _AUTHOR_FIELDS} if isinstance(author, dict) else None
    )
    return trimmed


def _reviews(reviews: Any) -> dict[str, Any]:
    results = reviews.get("results") if isinstance(reviews, dict) else None
    if not isinstance(results, list):
        return {"results": [], "total_results": 0}
    kept = [_review(r) for r in results if isinstance(r, dict)][:REVIEW_LIMIT]
    total = reviews.get("total_results")
    return {"results": kept, "total_results": total if isinstance(total, int) else len(kept)}


def _recommendations(recommendations: Any) -> dict[str, Any]:
    if not isinstance(recommendations, dict) or not isinstance(
        recommendations.get("results"), list
    ):
        return {"page": 1, "results": [], "total_pages": 0, "total_results": 0}
    return {
        "page": recommendations.get("page", 1),
        "results": recommendations["results"],
        "total_pages": recommendations.get("total_pages", 1),
        "total_results": recommendations.get("total_results", len(recommendations["results"])),
    }


def _origin_countries(details: dict[str, Any]) -> set[str]:
    origin = details.get("origin_country")
    if isinstance(origin, list) and origin:
        return {c for c in origin if isinstance(c, str)}
    production = details.get("production_countries")
    if isinstance(production, list) and production and isinstance(production[0], dict):
        first = production[0].get("iso_3166_1")
        return {first} if isinstance(first, str) else set()
    return set()


def _by_country(block: Any, details: dict[str, Any]) -> dict[str, Any]:
    results = block.get("results") if isinstance(block, dict) else None
    if not isinstance(results, list):
        return {"results": []}
    wanted = {_RATING_COUNTRY} | _origin_countries(details)
    return {
        "results": [
            entry
            for entry in results
            if isinstance(entry, dict) and entry.get("iso_3166_1") in wanted
        ]
    }


def trim_season(season: dict[str, Any]) -> dict[str, Any]:
    """A season payload with its episodes, minus each episode's crew and guest stars."""
    trimmed = dict(season)
    episodes = season.get("episodes")
    if isinstance(episodes, list):
        trimmed["episodes"] = [
            {k: v for k, v in episode.items() if k not in _EPISODE_DROP}
            for episode in episodes
            if isinstance(episode, dict)
        ]
    return trimmed


def _trim_common(payload: dict[str, Any]) -> dict[str, Any]:
    trimmed = {k: v for k, v in payload.items() if not k.startswith("season/")}
    trimmed["credits"] = _cast(payload.get("credits"))
    trimmed["reviews"] = _reviews(payload.get("reviews"))
    trimmed["recommendations"] = _recommendations(payload.get("recommendations"))
    return trimmed


def trim_movie(payload: dict[str, Any]) -> dict[str, Any]:
    """Movie details + credits, reviews, recommendations, release_dates (see module doc)."""
    trimmed = _trim_common(payload)
    trimmed["release_dates"] = _by_country(payload.get("release_dates"), payload)
    return trimmed


def trim_series(payload: dict[str, Any]) -> dict[str, Any]:
    """TV details + credits, reviews, recommendations, content_ratings; ``season/N`` dropped."""
    trimmed = _trim_common(payload)
    trimmed["content_ratings"] = _by_country(payload.get("content_ratings"), payload)
    return trimmed


def appended_seasons(payload: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The ``season/N`` appends of a tv payload, trimmed, by season number."""
    seasons: dict[int, dict[str, Any]] = {}
    for name, value in payload.items():
        if not name.startswith("season/") or not isinstance(value, dict):
            continue
        try:
            number = int(name.removeprefix("season/"))
        except ValueError:
            continue
        seasons[number] = trim_season(value)
    return seasons

"""MOVIE_DETAILS shaping: one TMDb details payload (with its appended credits, reviews,
recommendations, certifications and, for series, season details) -> the contract's dict.

Pure functions: the catalogue readers (catalog.lists, .search, .titles) fetch, these shape;
GraphQL types and REST both use the dicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from catalog.cards import duration_of, genre_names_of, rating_of, release_date_of, title_of
from catalog.ids import format_id
from catalog.images import DETAIL_BACKDROP, LOGO, POSTER, PROFILE, STILL, avatar_url, image_url
from catalog.languages import language_name


def network_logo(details: Mapping[str, Any], kind: str) -> str | None:
    """A series' first network logo; for a movie, its first production company with a logo
    (the contract names only the series case; a movie's studio is the closest equivalent)."""
    owners = details.get("networks") if kind == "tv" else details.get("production_companies")
    for owner in owners or ():
        url = image_url(owner.get("logo_path"), LOGO)
        if url:
            return url
    return None


def cast_of(details: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Cast in billing order (TMDb's ``order``)."""
    cast = (details.get("credits") or {}).get("cast") or ()
    ordered = sorted(cast, key=lambda member: member.get("order", 1_000_000))
    return [
        {
            "id": member.get("id"),
            "name": member.get("name") or "",
            "profile_path": image_url(member.get("profile_path"), PROFILE),
            "character": member.get("character") or "",
            "order": member.get("order"),
        }
        for member in ordered
    ]


def reviews_of(details: Mapping[str, Any]) -> list[dict[str, Any]]:
    reviews = (details.get("reviews") or {}).get("results") or ()
    shaped = []
    for review in reviews:
        author = review.get("author_details") or {}
        rating = author.get("rating")
        shaped.append(
            {
                "id": str(review.get("id") or ""),
                "author": author.get("name")
                or review.get("author")
                or author.get("username")
                or "",
                "avatar": avatar_url(author.get("avatar_path")),
                "rating": float(rating) if isinstance(rating, int | float) else None,
                "content": review.get("content") or "",
                "created_at": review.get("created_at"),
            }
        )
    return shaped


def episode_of(episode: Mapping[str, Any]) -> dict[str, Any]:
    runtime = episode.get("runtime")
    return {
        "id": episode.get("id"),
        "name": episode.get("name") or "",
        "overview": episode.get("overview") or "",
        "air_date": episode.get("air_date") or None,
        "episode_number": episode.get("episode_number"),
        "runtime": runtime if isinstance(runtime, int) and runtime > 0 else None,
        "season_number": episode.get("season_number"),
        "still_path": image_url(episode.get("still_path"), STILL),
        "vote_average": rating_of(episode),
    }


def season_of(
    season: Mapping[str, Any], season_details: Mapping[str, Any] | None
) -> dict[str, Any]:
    """A season from the series payload; ``season_details`` (with episodes) when fetched."""
    shaped: dict[str, Any] = {
        "id": season.get("id"),
        "air_date": season.get("air_date") or None,
        "episode_count": season.get("episode_count") or 0,
        "name": season.get("name") or "",
        "overview": season.get("overview") or "",
        "poster_path": image_url(season.get("poster_path"), POSTER),
        "season_number": season.get("season_number"),
        "vote_average": rating_of(season),
    }
    if season_details is not None:
        shaped["episodes"] = [episode_of(e) for e in season_details.get("episodes") or ()]
    return shaped


def season_details_by_number(
    details: Mapping[str, Any],
) -> dict[int | None, Mapping[str, Any]]:
    """series_full's "season_details" keyed by season number."""
    return {
        season.get("season_number"): season
        for season in details.get("season_details") or ()
        if isinstance(season, Mapping)
    }


def seasons_of(details: Mapping[str, Any], *, with_episodes: bool) -> list[dict[str, Any]]:
    by_number = season_details_by_number(details) if with_episodes else {}
    return [
        season_of(
            season,
            (by_number.get(season.get("season_number")) or {"episodes": []})
            if with_episodes
            else None,
        )
        for season in details.get("seasons") or ()
    ]


def title_details(
    details: Mapping[str, Any],
    kind: str,
    *,
    is_favorite: bool = False,
    recommendations: Sequence[dict[str, Any]] = (),
    with_episodes: bool = True,
) -> dict[str, Any]:
    """The MOVIE_DETAILS ``movie`` object; ``recommendations`` are already-built cards."""
    is_series = kind == "tv"
    return {
        "id": format_id(kind, details["id"]),
        "is_series": is_series,
        "is_favorite": is_favorite,
        "title": title_of(details, kind),
        "language": language_name(
            details.get("original_language"), details.get("spoken_languages") or ()
        ),
        "release_date": release_date_of(details, kind),
        "rating": rating_of(details),
        "runtime": None if is_series else duration_of(details, kind),
        "network_logo": network_logo(details, kind),
        "backdrop_url": image_url(details.get("backdrop_path"), DETAIL_BACKDROP),
        "poster_url": image_url(details.get("poster_path"), POSTER),
        "genres": genre_names_of(details),
        "synopsis": details.get("overview") or "",
        "homepage": details.get("homepage") or None,
        "seasons": seasons_of(details, with_episodes=with_episodes) if is_series else [],
        "cast": cast_of(details),
        "reviews": reviews_of(details),
        "recommendations": list(recommendations),
    }

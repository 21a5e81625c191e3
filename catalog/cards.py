"""The one movie card (decisions.md section 3) from TMDb list items or details payloads.

Every list (MOVIE_LIST, the recommendations inside details, favourites) uses this dict:
``id, title, poster, backdrop, synopsis, release_date, duration, genres, rating, is_favorite,
is_series``. A TMDb list item knows everything but ``duration`` and the genre *names*; a details
payload knows everything, so a card is built from whichever the caller has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog.ids import Kind, format_id
from catalog.images import CARD_BACKDROP, POSTER, image_url

CARD_FIELDS = (
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
)


def item_kind(item: Mapping[str, Any], default: Kind | None) -> Kind | None:
    """ "movie" or "tv" for a list item; None for people (search/multi, trending/all)."""
    media_type = item.get("media_type")
    if media_type == "movie" or media_type == "tv":
        return media_type
    if media_type:
        return None
    return default


def title_of(data: Mapping[str, Any], kind: str) -> str:
    if kind == "tv":
        return data.get("name") or data.get("original_name") or ""
    return data.get("title") or data.get("original_title") or ""


def release_date_of(data: Mapping[str, Any], kind: str) -> str | None:
    value = data.get("first_air_date") if kind == "tv" else data.get("release_date")
    return value or None


def rating_of(data: Mapping[str, Any]) -> float:
    value = data.get("vote_average")
    return round(float(value), 3) if isinstance(value, int | float) else 0.0


def duration_of(details: Mapping[str, Any], kind: str) -> int | None:
    """Minutes: a movie's runtime; for a series the typical episode run time. None if unknown."""
    if kind != "tv":
        runtime = details.get("runtime")
        return runtime if isinstance(runtime, int) and runtime > 0 else None
    for minutes in details.get("episode_run_time") or ():
        if isinstance(minutes, int) and minutes > 0:
            return minutes
    for key in ("last_episode_to_air", "next_episode_to_air"):
        runtime = (details.get(key) or {}).get("runtime")
        if isinstance(runtime, int) and runtime > 0:
            return runtime
    return None


def genre_names_of(details: Mapping[str, Any]) -> list[str]:
    return [genre["name"] for genre in details.get("genres") or () if genre.get("name")]


def genre_names_from_ids(item: Mapping[str, Any], names: Mapping[int, str]) -> list[str]:
    return [names[genre_id] for genre_id in item.get("genre_ids") or () if genre_id in names]


def card_from_item(
    item: Mapping[str, Any],
    kind: str,
    *,
    details: Mapping[str, Any] | None = None,
    genre_names: Mapping[int, str] | None = None,
    is_favorite: bool = False,
    duration: int | None = None,
) -> dict[str, Any]:
    """A card from a list item; ``details`` (when fetched) fills duration and genre names,
    else ``genre_names`` (TMDb's id -> name map) names the item's genre ids and ``duration``
    comes from the title's stored facts (catalog.facts; None while unknown)."""
    if details is not None:
        genres = genre_names_of(details)
        duration = duration_of(details, kind)
    else:
        genres = genre_names_from_ids(item, genre_names) if genre_names else []
    return {
        "id": format_id(kind, item["id"]),
        "title": title_of(item, kind),
        "poster": image_url(item.get("poster_path"), POSTER),
        "backdrop": image_url(item.get("backdrop_path"), CARD_BACKDROP),
        "synopsis": item.get("overview") or "",
        "release_date": release_date_of(item, kind),
        "duration": duration,
        "genres": genres,
        "rating": rating_of(item),
        "is_favorite": is_favorite,
        "is_series": kind == "tv",
    }


def card_from_details(
    details: Mapping[str, Any], kind: str, *, is_favorite: bool = False
) -> dict[str, Any]:
    """A card from a details payload (favourites and other lists of bare ids)."""
    return card_from_item(details, kind, details=details, is_favorite=is_favorite)

"""News about a favourited title: what changed since the favourite-updates job last looked.

Pure functions (no I/O), shared by the job (notify_favorite_updates) and by adding a favourite
(which records the baseline, so nothing already true at that moment is announced):

- a series: a new episode aired (``last_episode_to_air`` changed), else a new season appeared
  (``number_of_seasons`` grew), else a new episode was scheduled (``next_episode_to_air``
  changed: "S2E1 airs on ...");
- a movie: its release date passed (it was upcoming and is now out).

Each piece of news has a ``dedup_key`` naming exactly that event, so announcing it twice (a
crashed run re-run, two jobs at once) creates one notification per user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from catalog.cards import title_of
from catalog.images import POSTER, image_url
from library.models import TitleWatchState


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The facts about a title that news is made of, as of one TMDb read."""

    title_id: str
    title: str
    poster: str | None
    number_of_seasons: int | None = None
    last_episode: Mapping[str, Any] | None = None
    next_episode: Mapping[str, Any] | None = None
    released: bool | None = None

    @property
    def last_episode_id(self) -> int | None:
        return _int(self.last_episode, "id")

    @property
    def next_episode_id(self) -> int | None:
        return _int(self.next_episode, "id")


@dataclass(frozen=True, slots=True)
class News:
    title_id: str
    title: str  # the notification's title ("New Episode", ...)
    message: str
    image: str | None
    dedup_key: str


def _int(data: Mapping[str, Any] | None, key: str) -> int | None:
    value = (data or {}).get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _episode(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) and _int(value, "id") is not None else None


def is_released(release_date: Any, today: dt.date) -> bool | None:
    """Whether a release date ("2024-05-01") has come; None when TMDb has no date."""
    if not isinstance(release_date, str) or not release_date:
        return None
    try:
        return dt.date.fromisoformat(release_date[:10]) <= today
    except ValueError:
        return None


def snapshot(title_id: str, kind: str, details: Mapping[str, Any], today: dt.date) -> Snapshot:
    """The facts of a details payload (movie or series) that the job compares."""
    name = title_of(details, kind)
    poster = image_url(details.get("poster_path"), POSTER)
    if kind == "tv":
        seasons = details.get("number_of_seasons")
        return Snapshot(
            title_id,
            name,
            poster,
            number_of_seasons=seasons if isinstance(seasons, int) else None,
            last_episode=_episode(details.get("last_episode_to_air")),
            next_episode=_episode(details.get("next_episode_to_air")),
        )
    return Snapshot(
        title_id, name, poster, released=is_released(details.get("release_date"), today)
    )


def state_fields(snap: Snapshot) -> dict[str, Any]:
    """The TitleWatchState columns recording ``snap`` (the baseline for the next run)."""
    return {
        "number_of_seasons": snap.number_of_seasons,
        "last_episode_id": snap.last_episode_id,
        "next_episode_id": snap.next_episode_id,
        "released": snap.released,
    }


def _episode_label(episode: Mapping[str, Any]) -> str:
    season, number = _int(episode, "season_number"), _int(episode, "episode_number")
    label = f"S{season}E{number}" if season is not None and number is not None else "An episode"
    name = episode.get("name")
    return f"{label} '{name}'" if isinstance(name, str) and name else label


def news_since(state: TitleWatchState | None, snap: Snapshot) -> list[News]:
    """What is new in ``snap`` compared with ``state`` (nothing without a previous state:
    the first look is the baseline). At most one piece of news per title and run."""
    if state is None:
        return []
    tid, name, poster = snap.title_id, snap.title, snap.poster
    if snap.released is not None or state.released is not None:
        if snap.released and state.released is False:
            return [
                News(
                    tid,
                    "Now Released",
                    f"'{name}', one of your favorites, is now released",
                    poster,
                    f"fav:{tid}:released",
                )
            ]
        return []
    last = snap.last_episode
    if last is not None and snap.last_episode_id != state.last_episode_id:
        return [
            News(
                tid,
                "New Episode",
                f"A new episode of '{name}' is out: {_episode_label(last)}",
                poster,
                f"fav:{tid}:episode:{snap.last_episode_id}",
            )
        ]
    seasons = snap.number_of_seasons
    previous = state.number_of_seasons
    if seasons is not None and previous is not None and seasons > previous:
        return [
            News(
                tid,
                "New Season",
                f"Season {seasons} of '{name}' has been announced",
                poster,
                f"fav:{tid}:season:{seasons}",
            )
        ]
    nxt = snap.next_episode
    if nxt is not None and snap.next_episode_id != state.next_episode_id:
        when = nxt.get("air_date")
        on = f" on {when}" if isinstance(when, str) and when else " soon"
        return [
            News(
                tid,
                "Episode Scheduled",
                f"{_episode_label(nxt)} of '{name}' airs{on}",
                poster,
                f"fav:{tid}:scheduled:{snap.next_episode_id}",
            )
        ]
    return []

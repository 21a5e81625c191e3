"""The offline catalog's records: people, movies, series, seasons, episodes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


# --------------------------------------------------------------------------- records
@dataclass(slots=True)
class Person:
    """A cast/crew member; credit lists are filled in while titles are generated."""

    id: int
    name: str
    gender: int
    department: str
    popularity: float
    profile_path: str | None
    birthday: str | None
    deathday: str | None
    place_of_birth: str | None
    imdb_id: str
    homepage: str | None
    movie_cast: list[tuple[int, str, str, int]] = field(default_factory=list)
    movie_crew: list[tuple[int, str, str, str]] = field(default_factory=list)
    tv_cast: list[tuple[int, str, str, int]] = field(default_factory=list)
    tv_crew: list[tuple[int, str, str, str, int]] = field(default_factory=list)
    search_text: str = ""


@dataclass(slots=True)
class Movie:
    """One movie; language-independent facts plus en/es text."""

    id: int
    title_en: str
    title_es: str
    original_title: str
    original_language: str
    overview_en: str
    overview_es: str
    tagline_en: str
    tagline_es: str
    genre_ids: list[int]
    adult: bool
    release_date: str
    status: str
    popularity: float
    vote_average: float
    vote_count: int
    runtime: int
    budget: int
    revenue: int
    poster_path: str | None
    backdrop_path: str | None
    homepage: str
    imdb_id: str
    origin_country: list[str]
    spoken_languages: list[str]
    companies: list[int]
    countries: list[str]
    us_cert: str
    release_dates: list[dict[str, Any]]
    cast: list[tuple[int, str, int, int, str]] = field(default_factory=list)
    crew: list[tuple[int, str, str, str]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    search_text: str = ""
    # Filled by the builder's last pass, for fast discover filtering.
    genre_set: frozenset[int] = frozenset()
    cast_ids: frozenset[int] = frozenset()
    crew_ids: frozenset[int] = frozenset()
    certs: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Episode:
    """One episode of a season."""

    id: int
    episode_number: int
    season_number: int
    name_en: str
    name_es: str
    overview_en: str
    overview_es: str
    air_date: str
    runtime: int
    still_path: str | None
    vote_average: float
    vote_count: int
    episode_type: str
    crew: list[tuple[int, str, str, str]]
    guest_stars: list[tuple[int, str, str, int]]


@dataclass(slots=True)
class Season:
    """One season (season 0 = Specials)."""

    id: int
    oid: str
    season_number: int
    overview_en: str
    overview_es: str
    poster_path: str | None
    vote_average: float
    episodes: list[Episode]

    @property
    def air_date(self) -> str | None:
        return self.episodes[0].air_date if self.episodes else None


@dataclass(slots=True)
class Series:
    """One TV series."""

    id: int
    name_en: str
    name_es: str
    original_name: str
    original_language: str
    overview_en: str
    overview_es: str
    tagline_en: str
    tagline_es: str
    genre_ids: list[int]
    first_air_date: str
    status: str
    type: str
    popularity: float
    vote_average: float
    vote_count: int
    episode_run_time: list[int]
    poster_path: str | None
    backdrop_path: str | None
    homepage: str
    imdb_id: str
    tvdb_id: int
    origin_country: list[str]
    languages: list[str]
    networks: list[int]
    companies: list[int]
    rating: str
    content_ratings: list[dict[str, Any]]
    seasons: list[Season]
    created_by: list[tuple[int, str]]
    cast: list[tuple[int, str, int, str, int]] = field(default_factory=list)
    crew: list[tuple[int, str, str, str, int]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    search_text: str = ""

    @property
    def regular_seasons(self) -> list[Season]:
        return [s for s in self.seasons if s.season_number > 0]

    def season(self, number: int) -> Season | None:
        for s in self.seasons:
            if s.season_number == number:
                return s
        return None

"""Generates the offline catalog in one fixed order from one RNG (hence determinism)."""

from __future__ import annotations

import datetime as dt
import os
import random

from tmdb_offline.build_series import SeriesGeneration
from tmdb_offline.build_titles import TitleGeneration
from tmdb_offline.data import _CREW_DEPTS, DEFAULT_SEED
from tmdb_offline.store import Catalog


# --------------------------------------------------------------------------- builder
class Builder(TitleGeneration, SeriesGeneration):
    """Generates the catalog in one fixed order from one RNG (hence determinism)."""

    def __init__(self, seed: int, today: dt.date) -> None:
        self.rng = random.Random(f"tmdb-offline:{seed}")
        self.cat = Catalog(seed, today)
        self.today = today
        self.titles_seen: set[str] = set()
        self.actors: list[int] = []
        self.stars: list[int] = []
        self.crew_by_dept: dict[str, list[int]] = {d: [] for d in _CREW_DEPTS}
        self.next_season_id = 3600
        self.next_episode_id = 63000

    def build(self) -> Catalog:
        self._people()
        self._movies()
        self._series()
        self._finish()
        return self.cat


def resolve_today(value: str | dt.date | None = None) -> dt.date:
    """``today`` for the catalog: explicit value, else $TMDB_OFFLINE_TODAY, else UTC today."""
    if isinstance(value, dt.date):
        return value
    raw = value or os.environ.get("TMDB_OFFLINE_TODAY")
    if raw:
        return dt.date.fromisoformat(raw)
    return dt.datetime.now(dt.UTC).date()


def build_catalog(seed: int = DEFAULT_SEED, today: str | dt.date | None = None) -> Catalog:
    """Generate the whole catalog (deterministic for the same seed and today)."""
    return Builder(seed, resolve_today(today)).build()

"""Helpers of the offline TMDb server tests: recorded samples and JSON fetches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.fixtures.fake_tmdb import FakeTMDb
from tmdb_offline.catalog import FIXED_IDS

# Real recorded TMDb responses, kept in the repo with their sources and licences.
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "tmdb"

MOVIE = FIXED_IDS["movie"]
TV = FIXED_IDS["tv"]


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text())


def keys(obj: dict[str, Any]) -> set[str]:
    return set(obj)


def ok_json(fake: FakeTMDb, path: str, **params: Any) -> Any:
    resp = fake.get(path, params or None)
    assert resp.status == 200, (path, resp.status, resp.body[:300])
    return resp.json()


def all_pages(fake: FakeTMDb, path: str, **params: Any) -> list[dict[str, Any]]:
    first = ok_json(fake, path, **params)
    results = list(first["results"])
    for page in range(2, min(first["total_pages"], 500) + 1):
        results += ok_json(fake, path, page=page, **params)["results"]
    return results

"""The facts filler under the real server (granian): its writes land after the response has
gone, so the next list page is final, cached, and costs TMDb nothing.

Regression: tasks started by a request inherited its asgiref ThreadSensitiveContext, which had
exited by the time they wrote, so under granian no fact was ever stored and every request
rebuilt the page (core.background.spawn)."""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import pytest

from catalog.models import TitleFacts
from tests.ops.served import Served

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_filled_facts_land_and_the_next_page_is_final(fake_tmdb, tmp_path: Path) -> None:
    with Served(tmp_path, fake_tmdb.base_url, workers=1, TMDB_FACTS_FILL_BATCH="20") as server:
        status, first = server.get("/movies/popular?page=1&limit=20")
        assert status == 200
        movies = orjson.loads(first)["data"]["movies"]
        assert [m["duration"] for m in movies] == [None] * 20  # the list call alone
        deadline = time.monotonic() + 30
        while TitleFacts.objects.count() < 20:
            assert time.monotonic() < deadline, (server.log.read_text()[-3000:],)
            time.sleep(0.2)
        assert "ThreadSensitiveContext" not in server.log.read_text()

        status, second = server.get("/movies/popular?page=1&limit=20")
        assert status == 200
        filled = orjson.loads(second)["data"]["movies"]
        assert [m["id"] for m in filled] == [m["id"] for m in movies]
        assert any(m["duration"] for m in filled)

        fake_tmdb.reset()
        status, third = server.get("/movies/popular?page=1&limit=20")
        assert (status, third) == (200, second)  # the cached final page
        assert fake_tmdb.calls() == 0

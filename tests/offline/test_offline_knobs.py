"""The offline TMDb server's control knobs: counters, injected latency, statuses, malformed
bodies, hangs.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
import urllib.error
import urllib.request

import aiohttp
import pytest

from tests.fixtures.fake_tmdb import FakeTMDb


# --------------------------------------------------------------------------- knobs and counters
def test_stats_count_every_request(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.get("/movie/popular")
    fake_tmdb.get("/movie/popular", {"page": 2, "language": "es"})
    fake_tmdb.get("/movie/popular", token=None)
    fake_tmdb.get("/nope")
    stats = fake_tmdb.stats()
    assert stats["total"] == 4 and stats["ok"] == 2 and stats["errors"] == 2
    assert stats["by_path"] == {"/3/movie/popular": 3, "/3/nope": 1}
    assert stats["by_status"] == {"200": 2, "401": 1, "404": 1}
    assert stats["requests"][1]["query"] == {"page": "2", "language": "es"}
    assert (
        stats["requests"][0]["auth"].startswith("Bearer ") and stats["requests"][2]["auth"] is None
    )
    assert stats["in_flight"] == 0 and stats["peak_in_flight"] == 1
    assert fake_tmdb.calls("/movie") == 3 and fake_tmdb.calls() == 4
    fake_tmdb.reset()
    assert fake_tmdb.stats()["total"] == 0 and fake_tmdb.stats()["requests"] == []


def test_latency_fault(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(latency_ms=250)
    slow = fake_tmdb.get("/genre/movie/list")
    assert slow.status == 200 and slow.elapsed >= 0.25
    fake_tmdb.clear_faults()
    assert fake_tmdb.get("/genre/movie/list").status == 200
    stats = fake_tmdb.stats()
    assert stats["ok"] == 2 and stats["faulted"] == 0  # latency alone is not a failure
    assert stats["faults"] is None


def test_status_fault_with_count_then_clears(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(status=503, count=2)
    first, second, third = (fake_tmdb.get("/movie/popular") for _ in range(3))
    assert first.status == second.status == 503
    assert first.json() == {
        "success": False,
        "status_code": 9,
        "status_message": "Service offline: This service is temporarily offline, try again later.",
    }
    assert third.status == 200
    stats = fake_tmdb.stats()
    assert stats["total"] == 3 and stats["by_path"]["/3/movie/popular"] == 3
    assert stats["faulted"] == 2 and stats["ok"] == 1 and stats["faults"] is None


def test_error_rate_and_path_prefix(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(status=500, error_rate=0.5, path_prefix="/3/movie/popular")
    statuses = [fake_tmdb.get("/movie/popular").status for _ in range(4)]
    assert statuses == [500, 200, 500, 200]
    assert fake_tmdb.get("/tv/popular").status == 200
    fake_tmdb.set_faults(status=500, path_prefix="/tv/")  # a prefix without /3 matches too
    assert fake_tmdb.get("/tv/popular").status == 500
    assert fake_tmdb.get("/movie/popular").status == 200


def test_429_with_retry_after(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(status=429, retry_after=1, count=1)
    limited = fake_tmdb.get("/movie/popular")
    assert limited.status == 429 and limited.headers["Retry-After"] == "1"
    assert limited.json()["status_code"] == 25
    assert fake_tmdb.get("/movie/popular").status == 200


def test_malformed_body(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(malformed=True, count=1)
    broken = fake_tmdb.get("/movie/popular")
    assert broken.status == 200 and broken.body.startswith(b"{")
    with pytest.raises(json.JSONDecodeError):
        broken.json()
    assert fake_tmdb.stats()["faulted"] == 1 and fake_tmdb.stats()["ok"] == 0
    assert fake_tmdb.get("/movie/popular").json()["page"] == 1


def test_hang_until_client_timeout(fake_tmdb: FakeTMDb) -> None:
    fake_tmdb.set_faults(hang=True, path_prefix="/3/movie/upcoming")
    start = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        fake_tmdb.get("/movie/upcoming", timeout=0.4)
    assert 0.35 <= time.monotonic() - start < 3
    assert fake_tmdb.get("/movie/popular").status == 200  # other paths unaffected
    assert fake_tmdb.calls("/movie/upcoming") == 1
    fake_tmdb.reset()
    assert fake_tmdb.stats()["in_flight"] == 0
    assert fake_tmdb.get("/movie/upcoming").status == 200


def test_peak_in_flight_and_exact_counters_under_concurrency(fake_tmdb: FakeTMDb) -> None:
    async def burst(n: int, path: str) -> list[int]:
        headers = {"Authorization": "Bearer t"}
        async with aiohttp.ClientSession(headers=headers) as session:

            async def one(i: int) -> int:
                async with session.get(
                    f"{fake_tmdb.base_url}{path}", params={"page": str(i % 5 + 1)}
                ) as r:
                    await r.read()
                    return r.status

            return await asyncio.gather(*(one(i) for i in range(n)))

    fake_tmdb.set_faults(latency_ms=400)
    assert asyncio.run(burst(8, "/movie/popular")) == [200] * 8
    stats = fake_tmdb.stats()
    assert stats["peak_in_flight"] == 8 and stats["in_flight"] == 0 and stats["total"] == 8

    fake_tmdb.reset()
    statuses = asyncio.run(burst(120, "/movie/top_rated"))
    assert statuses == [200] * 120
    stats = fake_tmdb.stats()
    assert stats["total"] == stats["ok"] == stats["by_path"]["/3/movie/top_rated"] == 120
    assert 1 <= stats["peak_in_flight"] <= 120


def test_control_rejects_unknown_fault_keys(fake_tmdb: FakeTMDb) -> None:
    with pytest.raises(RuntimeError, match="unknown fault keys"):
        fake_tmdb.set_faults(latncy_ms=10)
    assert fake_tmdb.stats()["faults"] is None

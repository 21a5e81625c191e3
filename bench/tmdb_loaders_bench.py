"""Benchmark of the TMDb layer: cold vs warm loads through the dataloaders, single flight,
payload trimming, and redis.asyncio GET vs Django's ``cache.aget`` (django-redis).

Run on demand (needs Redis on 127.0.0.1:6379, or BENCH_REDIS_URL)::

    .venv/bin/python bench/tmdb_loaders_bench.py [--latency-ms 100] [--movies 20]

It starts the offline TMDb server itself (a subprocess on a free port), configures Django like
the test settings but with its own Redis key prefix ``cinemate-bench`` (deleted before and
after), injects upstream latency, and prints the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
from core.redis_async import delete_prefixed_keys  # noqa: E402  (after the path is set)

PREFIX = "cinemate-bench"


def _configure_env(base_url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "backend.settings",
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
            "CACHE_KEY_PREFIX": PREFIX,
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
            "TMDB_ACCESS_TOKEN": "bench-token",
            "TMDB_API_BASE_URL": base_url,
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "RUN_DIR": str(Path(tempfile.gettempdir()) / "cinemate-bench-run"),
        }
    )
    os.environ.pop("DATABASE_URL", None)


class FakeServer:
    """The offline TMDb server as a subprocess, with its control API."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tmdb_offline.server", "--port", "0"],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError(f"offline TMDb server did not start: {line!r}")
        self.root = line.split(" ", 1)[1].strip()

    def control(self, method: str, action: str, payload: dict[str, Any] | None = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(  # noqa: S310 - the loopback server we started
            f"{self.root}/__control__/{action}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return json.loads(response.read())

    def get(self, path: str) -> Any:
        request = urllib.request.Request(  # noqa: S310 - the loopback server we started
            f"{self.root}/3/{path}", headers={"Authorization": "Bearer bench-token"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.read()

    def reset(self, **faults: Any) -> None:
        self.control("POST", "reset", {})
        if faults:
            self.control("POST", "faults", faults)

    def stats(self) -> dict[str, Any]:
        return self.control("GET", "stats")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=5)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def _timed(coro: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = await coro
    return result, time.perf_counter() - started


async def _forget(ids: list[int]) -> None:
    from core.redis_async import get_redis, make_key
    from tmdb_loaders.keys import movie_key

    client = await get_redis()
    assert client is not None
    await client.delete(*(make_key(movie_key(i, "en")) for i in ids))


async def bench_loaders(server: FakeServer, ids: list[int], latency_ms: int) -> None:
    from tmdb_loaders.loaders import TMDbLoaders

    def load_all() -> Any:
        loaders = TMDbLoaders()
        return asyncio.gather(*(loaders.movie.load((i, "en")) for i in ids))

    async def run(label: str) -> None:
        server.reset(latency_ms=latency_ms)
        _, elapsed = await _timed(load_all())
        stats = server.stats()
        print(
            f"  {label:<34} {_ms(elapsed):>10}   upstream calls {stats['total']:>3}   "
            f"peak in flight {stats['peak_in_flight']}"
        )

    print(f"\n{len(ids)} movie details through TMDbLoaders, {latency_ms} ms upstream latency")
    await run("cold (first use: opens connections)")
    await run("warm")
    await _forget(ids)
    await asyncio.sleep(1.1)  # let the rate window (TMDB_MAX_RPS per second) pass
    await run("cold (connections open)")
    await run("warm")
    runs = []
    for _ in range(200):
        _, elapsed = await _timed(load_all())
        runs.append(elapsed)
    runs.sort()
    print(
        f"  warm x200: median {runs[len(runs) // 2] * 1e6:.0f} us, p95 "
        f"{runs[int(len(runs) * 0.95)] * 1e6:.0f} us per request of {len(ids)} titles "
        f"(one MGET + decode); upstream calls {server.stats()['total']}"
    )


async def bench_single_flight(server: FakeServer, latency_ms: int) -> None:
    from tmdb_loaders import fetch

    server.reset(latency_ms=latency_ms)
    _, elapsed = await _timed(
        asyncio.gather(*(fetch.fetch_series_full(456, "en") for _ in range(100)))
    )
    stats = server.stats()
    print("\n100 concurrent requests for one uncached series (24 seasons + Specials, full)")
    print(
        f"  wall {_ms(elapsed)}, upstream calls {stats['total']} (4 appends + 25 seasons = 2 calls)"
    )


async def bench_redis_get(payload: bytes, rounds: int = 3000) -> None:
    from django.core.cache import cache

    from core.redis_async import get_redis, make_key

    cache.set("bench:get", payload, 300)
    client = await get_redis()
    assert client is not None
    key = make_key("bench:get")
    assert await client.get(key) is not None and await cache.aget("bench:get") is not None

    async def per_get(fn: Any) -> float:
        for _ in range(200):  # warm up connections and the thread pool
            await fn()
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            for _ in range(rounds):
                await fn()
            samples.append((time.perf_counter() - started) / rounds)
        return statistics.median(samples)

    native = await per_get(lambda: client.get(key))
    threaded = await per_get(lambda: cache.aget("bench:get"))
    print(f"\nGET of one {len(payload)}-byte key, sequential, median of 5 x {rounds}")
    print(f"  redis.asyncio  await client.get(key)     {native * 1e6:7.1f} us per GET")
    print(f"  django-redis   await cache.aget(key)      {threaded * 1e6:7.1f} us per GET")
    print(f"  redis.asyncio is {(1 - native / threaded) * 100:.0f}% faster")


def bench_trim(server: FakeServer) -> None:
    import orjson

    from tmdb_loaders.trim import appended_seasons, trim_movie, trim_series

    movie_raw = server.get(
        "movie/550?append_to_response=credits,reviews,recommendations,release_dates"
    )
    seasons = ",".join(f"season/{n}" for n in range(16))
    tv_raw = server.get(
        f"tv/1399?append_to_response=credits,reviews,recommendations,content_ratings,{seasons}"
    )
    movie = trim_movie(orjson.loads(movie_raw))
    tv = orjson.loads(tv_raw)
    tv_trimmed = {**trim_series(tv), "season_details": list(appended_seasons(tv).values())}
    print("\nstored payload size (raw TMDb answer -> trimmed)")
    print(f"  movie 550 with appends: {len(movie_raw):>7} -> {len(orjson.dumps(movie)):>7} bytes")
    print(
        f"  tv 1399 full (6 seasons): {len(tv_raw):>5} -> {len(orjson.dumps(tv_trimmed)):>7} bytes"
    )


async def main_async(server: FakeServer, args: argparse.Namespace) -> None:
    popular = json.loads(server.get("movie/popular?page=1"))["results"]
    popular += json.loads(server.get("movie/popular?page=2"))["results"]
    ids = [m["id"] for m in popular][: args.movies]
    await bench_loaders(server, ids, args.latency_ms)
    await bench_single_flight(server, args.latency_ms)
    await bench_redis_get(b"1" * 64)  # a small value (session status, rate counter)
    await bench_redis_get(await _sample_payload(ids[0]))  # a stored movie entry


async def _sample_payload(tmdb_id: int) -> bytes:
    from core.redis_async import get_redis, make_key
    from tmdb_loaders.keys import movie_key

    client = await get_redis()
    assert client is not None
    raw = await client.get(make_key(movie_key(tmdb_id, "en")))
    return raw or b"x" * 4096


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--movies", type=int, default=20)
    args = parser.parse_args()

    server = FakeServer()
    try:
        _configure_env(f"{server.root}/3")
        import django

        django.setup()
        delete_prefixed_keys(os.environ["REDIS_URL"], PREFIX)
        print(f"offline TMDb at {server.root}; Redis {os.environ['REDIS_URL']} prefix {PREFIX}")
        bench_trim(server)
        asyncio.run(main_async(server, args))
    finally:
        delete_prefixed_keys(os.environ["REDIS_URL"], PREFIX)
        server.stop()


if __name__ == "__main__":
    main()

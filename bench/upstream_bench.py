"""Upstream economy benchmark (issue 10): every "Done when" figure, against the offline TMDb
server with injected latency and faults, printed side by side with its target in one run.

Run on demand (needs Redis on 127.0.0.1:6379, or BENCH_REDIS_URL)::

    .venv/bin/python bench/upstream_bench.py [--latency-ms 100] [--workers 2] [--runs 5]

It starts its own processes: the offline TMDb server and the API under granian (production
settings: bench.settings without the bench views, a throwaway PostgreSQL database on
127.0.0.1:5432 or BENCH_DATABASE_URL's server, created and dropped by the run, Redis under
the key prefix ``cinemate-bench``, deleted before, between cold runs, and after). Lists expire
after 2 s here (TMDB_CACHE_TTL_LIST=2) so the stale cases need no long wait; everything else is
the default (UPSTREAM_DEADLINE 3 s, breaker: 5 failures, open 3 s). Upstream calls are counted
by the offline server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
from bench.api_bench import (  # noqa: E402  (after the path is set)
    PREFIX,
    api_env,
    free_port,
    start_api,
    start_offline_tmdb,
    stop,
)
from bench.upstream_support import (  # noqa: E402
    Report,
    Tmdb,
    create_database,
    drop_database,
    flush,
    timed,
)
from core.redis_async import delete_prefixed_keys  # noqa: E402

LIST_TTL = 2
ALIASES_QUERY = (
    "{ "
    + " ".join(f"a{i}: popular(limit: 50) {{ movies {{ id duration }} }}" for i in range(15))
    + " }"
)


async def cold_runs(
    session: aiohttp.ClientSession,
    redis_url: str,
    tmdb: Tmdb,
    urls: list[str],
    paths: tuple[str, ...],
    latency_ms: float,
) -> tuple[list[float], list[int]]:
    """Each URL cold; the calls counted are those of ``paths`` (the request's own: the
    background facts filler's details calls come after the answer and are not on its path)."""
    times, on_path = [], []
    for url in urls:
        flush(redis_url)
        tmdb.reset(latency_ms)
        elapsed, status, _, _ = await timed(session, "GET", url)
        assert status == 200, (url, status)
        times.append(elapsed)
        on_path.append(tmdb.calls(*paths))
        await asyncio.sleep(0.5)  # let the background filler finish before the next run
    return times, on_path


async def run(base: str, tmdb: Tmdb, redis_url: str, latency_ms: float, runs: int) -> Report:
    lat = latency_ms / 1000
    report = Report(lat)
    popular_ids = [m["id"] for m in tmdb.get("/movie/popular", page=3)["results"]]
    more_ids = [m["id"] for m in tmdb.get("/movie/popular", page=4)["results"]]
    more_ids += [m["id"] for m in tmdb.get("/movie/popular", page=5)["results"]]
    series_ids = [s["id"] for s in tmdb.get("/tv/popular", page=2)["results"]]
    words = ["star", "night", "drama", "house", "city", "love", "war", "last"]
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        tmdb.reset(latency_ms)
        print(f"-- healthy TMDb, {latency_ms:.0f} ms injected latency; p50 of {runs} cold runs")
        # Warm the processes (connections, imports) without warming what is measured.
        for _ in range(4):
            await timed(session, "GET", f"{base}/movies/genres")
        # Our own share of a cold request: the same cold pages with no injected latency.
        own, _ = await cold_runs(
            session,
            redis_url,
            tmdb,
            [f"{base}/movies/popular?page={p}" for p in range(30, 30 + runs)],
            ("/3/movie/popular",),
            0.0,
        )
        report.add(
            "(our own time on a cold page, 0 ms latency)",
            f"p50 {statistics.median(own) * 1000:.0f} ms",
            "info: the ratios below include it",
            True,
        )

        async def cold_case(
            label: str,
            urls: list[str],
            paths: tuple[str, ...],
            limit: float,
            calls: tuple[str, str, int],
        ) -> None:
            """p50 of the cold ``urls`` against ``limit`` x latency, and the upstream calls
            on their path (``calls``: row label, target text, most allowed)."""
            times, on_path = await cold_runs(session, redis_url, tmdb, urls, paths, latency_ms)
            p50 = statistics.median(times)
            report.add(
                label,
                f"p50 {p50 * 1000:.0f} ms = {p50 / lat:.2f} x lat",
                f"<= {limit} x",
                p50 <= limit * lat,
            )
            calls_label, calls_target, most = calls
            report.add(calls_label, f"max {max(on_path)}", calls_target, max(on_path) <= most)

        await cold_case(
            "cold GET /movies/popular",
            [f"{base}/movies/popular?page={p}" for p in range(1, runs + 1)],
            ("/3/movie/popular",),
            1.6,
            ("  upstream calls on its path (the list page)", "1 per TMDb page", 1),
        )
        await cold_case(
            "cold GET /movies/{movie}",
            [f"{base}/movies/{i}" for i in popular_ids[:runs]],
            tuple(f"/3/movie/{i}" for i in popular_ids[:runs]),
            1.6,
            ("  upstream calls", "1", 1),
        )
        await cold_case(
            "cold GET /movies/tv-{series} (with its seasons)",
            [f"{base}/movies/tv-{i}" for i in series_ids[:runs]],
            tuple(f"/3/tv/{i}" for i in series_ids[:runs]),
            1.6,
            ("  upstream calls", "1 (<= 15 seasons)", 1),
        )
        await cold_case(
            "cold GET /movies/search",
            [f"{base}/movies/search?q={w}" for w in words[:runs]],
            ("/3/search/", "/3/discover/", "/3/genre/"),
            2.2,
            ("  upstream calls (one round)", "<= 8", 8),
        )

        flush(redis_url)
        tmdb.reset(latency_ms)
        ten = popular_ids[runs : runs + 10]
        started = time.monotonic()
        answers = await asyncio.gather(*(timed(session, "GET", f"{base}/movies/{i}") for i in ten))
        wall = time.monotonic() - started
        report.add(
            "10 concurrent cold details of 10 titles",
            f"all in {wall * 1000:.0f} ms = {wall / lat:.2f} x lat",
            "<= 4 x",
            wall <= 4 * lat and all(a[1] == 200 for a in answers),
        )

        # An expired hot list is answered from the cache while it refreshes.
        flush(redis_url)
        await timed(session, "GET", f"{base}/movies/popular?page=2")
        await asyncio.sleep(LIST_TTL + 0.5)
        tmdb.reset(latency_ms)
        elapsed, status, _, _ = await timed(session, "GET", f"{base}/movies/popular?page=2")
        waited = time.monotonic()
        for _ in range(200):  # the offline server is another process: poll it, 10 s at most
            if tmdb.calls("/3/movie/popular"):
                break
            await asyncio.sleep(0.05)
        refreshed_in = time.monotonic() - waited
        report.add(
            "expired hot list, answered while it refreshes",
            f"{elapsed * 1000:.0f} ms (refresh sent {refreshed_in:.2f} s later)",
            "<= 50 ms",
            status == 200 and elapsed <= 0.05 and tmdb.calls("/3/movie/popular") >= 1,
        )

        # The 15-alias GraphQL query.
        tmdb.reset(latency_ms)
        _, status, _, body = await timed(
            session, "POST", f"{base}/graphql", json={"query": ALIASES_QUERY}
        )
        answer = json.loads(body)
        code = (answer.get("errors") or [{}])[0].get("extensions", {}).get("code")
        calls = tmdb.calls()
        report.add(
            "15 aliases of popular(limit:50){duration}",
            f"{code or 'executed'}, {calls} upstream calls",
            "refused, or <= 100 calls",
            code == "QUERY_TOO_COMPLEX" or calls <= 100,
        )

        # --- TMDb hanging ------------------------------------------------------------------
        print("-- TMDb hanging (UPSTREAM_DEADLINE 3 s)")
        flush(redis_url)
        await timed(session, "GET", f"{base}/movies/popular?page=4")  # cached, then expired
        await asyncio.sleep(LIST_TTL + 0.5)
        tmdb.reset()
        tmdb.faults(hang=True, hang_seconds=60)
        deadline = 3.0
        elapsed, status, headers, _ = await timed(session, "GET", f"{base}/movies/popular?page=4")
        report.add(
            "cached-but-expired page, TMDb hanging",
            f"{status} in {elapsed * 1000:.0f} ms",
            "stale <= deadline + 0.5 s",
            status == 200 and elapsed <= deadline + 0.5,
        )
        elapsed, status, headers, _ = await timed(session, "GET", f"{base}/movies/popular?page=9")
        report.add(
            "cold page, TMDb hanging",
            f"{status} in {elapsed:.2f} s, Retry-After {headers.get('Retry-After')}",
            "503 + Retry-After <= deadline + 0.5 s",
            status == 503 and "Retry-After" in headers and elapsed <= deadline + 0.5,
        )
        forty = more_ids[:40]
        started = time.monotonic()
        answers = await asyncio.gather(
            *(timed(session, "GET", f"{base}/movies/{i}") for i in forty)
        )
        slowest = max(a[0] for a in answers)
        statuses = sorted({a[1] for a in answers})
        report.add(
            "40 concurrent cold details, TMDb hanging",
            f"slowest {slowest:.2f} s, statuses {statuses}",
            "all <= deadline + 1 s",
            slowest <= deadline + 1,
        )
        elapsed, status, _, _ = await timed(session, "GET", f"{base}/movies/popular?page=4")
        report.add(
            "expired page, breaker open",
            f"{status} in {elapsed * 1000:.0f} ms",
            "stale <= 0.2 s",
            status == 200 and elapsed <= 0.2,
        )
        elapsed, status, headers, _ = await timed(session, "GET", f"{base}/movies/popular?page=11")
        report.add(
            "cold page, breaker open",
            f"{status} in {elapsed * 1000:.0f} ms",
            "fast 503",
            status == 503 and elapsed <= 0.2,
        )

        # --- TMDb back -----------------------------------------------------------------------
        tmdb.reset()  # releases the hung requests and clears the faults
        tmdb.faults(latency_ms=latency_ms)
        back = time.monotonic()
        fresh_after = None
        while time.monotonic() - back < 15:
            _, status, _, _ = await timed(session, "GET", f"{base}/movies/popular?page=12")
            if status == 200:
                fresh_after = time.monotonic() - back
                break
            await asyncio.sleep(0.1)
        report.add(
            "TMDb back: first fresh (cold) page",
            f"after {fresh_after:.2f} s" if fresh_after is not None else "never",
            "<= 5 s",
            fresh_after is not None and fresh_after <= 5,
        )

        # --- TMDb returning 5xx --------------------------------------------------------------
        print("-- TMDb returning 500")
        flush(redis_url)
        await timed(session, "GET", f"{base}/movies/popular?page=5")
        await asyncio.sleep(LIST_TTL + 0.5)
        tmdb.reset()
        tmdb.faults(latency_ms=latency_ms, status=500)
        elapsed, status, _, _ = await timed(session, "GET", f"{base}/movies/popular?page=5")
        report.add(
            "expired page, TMDb 5xx",
            f"{status} in {elapsed * 1000:.0f} ms = {elapsed / lat:.2f} x lat",
            "stale <= 2 x lat",
            status == 200 and elapsed <= 2 * lat,
        )
        tmdb.reset()
        tmdb.faults(latency_ms=latency_ms, status=500)
        cold = [f"{base}/movies/{i}" for i in popular_ids[runs + 2 : runs + 6]]
        answers = await asyncio.gather(*(timed(session, "GET", url) for url in cold))
        await asyncio.sleep(1)
        report.add(
            "4 cold client requests, TMDb 5xx: upstream calls",
            f"{tmdb.calls()} calls, statuses {sorted({a[1] for a in answers})}",
            "no retry storm (<= 8)",
            tmdb.calls() <= 8,
        )
        tmdb.reset(latency_ms)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5, help="cold runs per case (p50)")
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    database_url = create_database(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/x")
    )
    with tempfile.TemporaryDirectory(prefix="cinemate-upstream-bench-") as tmp_name:
        tmp = Path(tmp_name)
        log = tmp / "servers.log"
        delete_prefixed_keys(redis_url, PREFIX)
        tmdb_proc, tmdb_url = start_offline_tmdb(log)
        api = None
        try:
            env = api_env(tmdb_url, redis_url, tmp, tmp / "unused.json")
            env.pop("CINEMATE_BENCH_VIEWS", None)
            env.update(
                {
                    "TMDB_CACHE_TTL_LIST": str(LIST_TTL),
                    "WEB_CONCURRENCY": str(args.workers),
                    "DATABASE_URL": database_url,
                }
            )
            port = free_port()
            api = start_api(env, port, args.workers, log)
            print(
                f"upstream economy, granian x{args.workers}, offline TMDb with "
                f"{args.latency_ms:.0f} ms latency (lat); lists expire after {LIST_TTL} s"
            )
            report = asyncio.run(
                run(
                    f"http://127.0.0.1:{port}",
                    Tmdb(tmdb_url),
                    redis_url,
                    args.latency_ms,
                    args.runs,
                )
            )
            missed = [row[0] for row in report.rows if not row[3]]
            print(f"{len(report.rows) - len(missed)}/{len(report.rows)} figures within target")
        finally:
            stop(api, tmdb_proc)
            delete_prefixed_keys(redis_url, PREFIX)
            drop_database(database_url)


if __name__ == "__main__":
    main()

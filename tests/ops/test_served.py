"""A real instance (``python -m backend.serve``: granian, two workers): metrics merged across
workers, readiness without a database, and a graceful stop under load."""

from __future__ import annotations

import asyncio
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aiohttp
import orjson
import pytest

from tests.ops.served import Served, free_port

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def metric_value(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        match = re.match(r"^(\w+)\{(.*)\} (\S+)$", line)
        if match and match[1] == name:
            got = ",".join(sorted(match[2].split(",")))
            if got == wanted:
                return float(match[3])
    return 0.0


def worker_pids(metrics_dir: Path) -> set[str]:
    return {path.stem.rsplit("_", 1)[-1] for path in metrics_dir.glob("histogram_*.db")}


def test_metrics_are_merged_across_workers(fake_tmdb, tmp_path: Path) -> None:
    with Served(tmp_path, fake_tmdb.base_url, workers=2) as server:
        sent = 0
        with ThreadPoolExecutor(8) as pool:
            # Fresh connections until both workers have answered some (each writes its own file).
            while sent < 400 and len(worker_pids(server.metrics_dir)) < 2:
                statuses = list(pool.map(lambda _: server.get("/movies/genres")[0], range(40)))
                assert statuses == [200] * 40
                sent += 40
        assert len(worker_pids(server.metrics_dir)) == 2, "every request landed on one worker"
        text = server.metrics()
        count = metric_value(
            text,
            "cinemate_http_request_duration_seconds_count",
            method="GET",
            route="/movies/genres",
            status="200",
        )
        assert count == sent  # one instance's total, not one worker's share


@pytest.mark.parametrize("gone", ["database", "cache"])
def test_ready_is_503_without_a_dependency_while_live_is_200(
    fake_tmdb, tmp_path: Path, gone: str
) -> None:
    nowhere = free_port()  # nothing listens there
    env = (
        {"DATABASE_URL": f"postgres://postgres:postgres@127.0.0.1:{nowhere}/gone"}
        if gone == "database"
        else {"REDIS_URL": f"redis://127.0.0.1:{nowhere}/0"}
    )
    with Served(tmp_path, fake_tmdb.base_url, workers=1, **env) as server:
        status, body = server.get("/system/ready")
        assert status == 503
        checks = {"database": "up", "cache": "up"} | {gone: "down"}
        assert orjson.loads(body) == {"status": "unavailable", "checks": checks}
        status, body = server.get("/system/live")
        assert (status, orjson.loads(body)) == (200, {"status": "alive"})
        errors = metric_value(
            server.metrics(),
            "cinemate_dependency_errors_total",
            dependency="database" if gone == "database" else "redis",
            where="readiness",
        )
        assert errors >= 1


def test_sigterm_with_20_slow_requests_in_flight_completes_all_20(
    fake_tmdb, tmp_path: Path
) -> None:
    # Slow enough that the first request is still waiting when the 20th arrives on a busy box.
    fake_tmdb.set_faults(latency_ms=8000, path_prefix="/3/movie/popular")
    env = {"SHUTDOWN_DRAIN_SECONDS": "1", "TMDB_TOTAL_TIMEOUT": "30", "UPSTREAM_DEADLINE": "0"}
    with Served(tmp_path, fake_tmdb.base_url, workers=2, **env) as server:
        for _ in range(6):  # both workers past their first request (genres table, connections)
            assert server.get("/movies/genres")[0] == 200
        with ThreadPoolExecutor(20) as pool:
            futures = [
                pool.submit(server.get, f"/movies/popular?page={page}", timeout=60)
                for page in range(1, 21)
            ]
            deadline = time.monotonic() + 30  # a busy machine (a full parallel test run) is slow
            while fake_tmdb.stats()["in_flight"] < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert fake_tmdb.stats()["in_flight"] == 20  # all 20 are inside the server now
            server.terminate()
            time.sleep(0.3)
            # Draining: the load balancer is told to stop sending, the process still answers.
            assert server.get("/system/ready")[0] == 503
            assert server.get("/system/live")[0] == 200
            results = [future.result() for future in futures]
        assert [status for status, _ in results] == [200] * 20
        pages = sorted(orjson.loads(body)["data"]["pagination"]["page"] for _, body in results)
        assert pages == list(range(1, 21))
        assert server.wait(timeout=60) == 0
    log = server.log.read_text()
    assert "stop requested" in log and "stopped (exit code 0)" in log


def test_a_request_that_never_ends_does_not_hold_the_stop_past_shutdown_timeout(
    fake_tmdb, tmp_path: Path
) -> None:
    fake_tmdb.set_faults(hang=True, hang_seconds=120, path_prefix="/3/movie/popular")
    env = {
        "SHUTDOWN_TIMEOUT": "2",
        "TMDB_TOTAL_TIMEOUT": "120",
        "TMDB_MAX_RETRIES": "0",
        "UPSTREAM_DEADLINE": "0",  # no per-request deadline: the request really never ends
    }
    with (
        Served(tmp_path, fake_tmdb.base_url, workers=1, **env) as server,
        ThreadPoolExecutor(1) as pool,
    ):
        stuck = pool.submit(server.get, "/movies/popular?page=3", timeout=60)
        deadline = time.monotonic() + 10
        while fake_tmdb.stats()["in_flight"] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        stopping = time.monotonic()
        server.terminate()
        server.wait(timeout=60)
        took = time.monotonic() - stopping
        with pytest.raises(OSError):  # the connection was cut: no answer, but no hang
            stuck.result()
    assert took < 2 + 8  # SHUTDOWN_TIMEOUT plus the worker's kill and start-up slack


def test_open_subscription_sockets_do_not_hold_the_stop(fake_tmdb, tmp_path: Path, member) -> None:
    """After the drain, granian closes websockets at once (graphql-ws clients reconnect to
    another instance and the first event restores their badge); the stop does not wait for
    SHUTDOWN_TIMEOUT."""
    with Served(tmp_path, fake_tmdb.base_url, workers=1, SHUTDOWN_TIMEOUT="20") as server:

        async def subscribe_then_stop() -> tuple[aiohttp.WSMessage, float]:
            async with aiohttp.ClientSession() as session:
                ws = await session.ws_connect(
                    server.url.replace("http", "ws") + "/graphql",
                    protocols=["graphql-transport-ws"],
                )
                init = {"authorization": f"Bearer {member.token}"}
                await ws.send_json({"type": "connection_init", "payload": init})
                assert (await ws.receive_json(timeout=20))["type"] == "connection_ack"
                query = "subscription { notifications { unreadCount } }"
                await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": query}})
                assert (await ws.receive_json(timeout=20))["type"] == "next"
                stopping = time.monotonic()
                server.terminate()
                closed = await ws.receive(timeout=20)
                await asyncio.to_thread(server.wait, 60)
                return closed, time.monotonic() - stopping

        closed, took = asyncio.run(subscribe_then_stop())
    assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert took < 10  # well under SHUTDOWN_TIMEOUT (20 s): sockets did not hold the stop

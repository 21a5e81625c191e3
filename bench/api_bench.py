"""API benchmark: warm requests/second of /movies/popular over REST and the equivalent GraphQL
query, next to a bare Django view returning the same bytes, all on the same server in one run.

Run on demand (needs Redis on 127.0.0.1:6379, or BENCH_REDIS_URL)::

    .venv/bin/python bench/api_bench.py [--seconds 5] [--rounds 3] [--connections 32]
        [--workers 1]

It starts its own processes: the offline TMDb server, and the API under granian (ASGI) with
``bench.settings`` (the bare view only exists there, with CINEMATE_BENCH_VIEWS=1), SQLite in a
temporary directory and Redis under the key prefix ``cinemate-bench`` (deleted before and
after). The load generator is ``wrk`` when installed, else a small aiohttp client (slower: its
own CPU use competes with the server on small machines, so its figures are lower bounds).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
from core.redis_async import delete_prefixed_keys  # noqa: E402  (after the path is set)

PYTHON = sys.executable
GRANIAN = str(Path(PYTHON).with_name("granian"))
PREFIX = "cinemate-bench"
GRAPHQL_QUERY = (
    "{ popular(page: 1, limit: 20) { movies { id title poster backdrop synopsis releaseDate "
    "duration genres rating isFavorite isSeries } pagination { page limit total totalPages } } }"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_offline_tmdb(log: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [PYTHON, "-m", "tmdb_offline.server", "--host", "127.0.0.1", "--port", "0"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=log.open("ab"),
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("READY "):
        proc.kill()
        raise RuntimeError(f"offline TMDb server did not start: {line!r}")
    return proc, line.split(" ", 1)[1] + "/3"


def api_env(tmdb_url: str, redis_url: str, workdir: Path, body_file: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "CINEMATE_BENCH_VIEWS": "1",
            "CINEMATE_BENCH_BODY": str(body_file),
            "SQLITE_PATH": str(workdir / "bench.sqlite3"),
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": PREFIX,
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
            "TMDB_ACCESS_TOKEN": "bench-token",
            "TMDB_API_BASE_URL": tmdb_url,
            "RATE_LIMIT_ENABLED": "false",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "RUN_DIR": str(workdir),
            "PYTHONPATH": str(REPO_ROOT),
        }
    )
    env.pop("DATABASE_URL", None)
    return env


def start_api(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[str]:
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=REPO_ROOT,
        env=env,
        check=True,
    )
    proc = subprocess.Popen(
        [
            GRANIAN,
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "backend.asgi:application",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        text=True,
    )
    return wait_until_serving(
        proc, f"http://127.0.0.1:{port}/movies/genres", f"the API (see {log})"
    )


def wait_until_serving(proc: subprocess.Popen, url: str, what: str) -> subprocess.Popen:
    """Return ``proc`` once ``url`` answers (30 s at most; then kill it and fail)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our local server
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{what} did not start")


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def worker_pids(server_pid: int) -> list[int]:
    """granian's worker processes (children of any of its threads), or the server itself."""
    children = {
        int(pid)
        for task in Path(f"/proc/{server_pid}/task").iterdir()
        for pid in (task / "children").read_text().split()
    }
    return sorted(children) or [server_pid]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used: unlike req/s, not skewed by other work
    on a shared machine."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def stop(*procs: subprocess.Popen | None) -> None:
    """Terminate the servers still running (kill those that outstay 10 s), in the given order."""
    for proc in procs:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def fetch(url: str, body: bytes | None = None) -> bytes:
    assert url.startswith("http://127.0.0.1:")  # only our own local servers
    request = urllib.request.Request(  # noqa: S310 - local http only (asserted above)
        url, data=body, headers={"Content-Type": "application/json"} if body else {}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read()


def run_wrk(url: str, seconds: int, connections: int, body: bytes | None, tmp: Path) -> float:
    cmd = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if body is not None:
        script = tmp / "post.lua"
        script.write_text(
            'wrk.method = "POST"\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {json.dumps(body.decode())}\n"
        )
        cmd += ["-s", str(script)]
    output = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"errors under load for {url}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]


async def _aiohttp_load(url: str, seconds: int, connections: int, body: bytes | None) -> float:
    import aiohttp

    done = 0
    stop = time.monotonic() + seconds
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections)) as http:

        async def worker() -> None:
            nonlocal done
            while time.monotonic() < stop:
                if body is None:
                    async with http.get(url) as response:
                        await response.read()
                else:
                    headers = {"Content-Type": "application/json"}
                    async with http.post(url, data=body, headers=headers) as response:
                        await response.read()
                if response.status != 200:
                    raise RuntimeError(f"{url} answered {response.status}")
                done += 1

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(connections)))
        return done / (time.monotonic() - started)


def load(url: str, seconds: int, connections: int, body: bytes | None, tmp: Path) -> float:
    if shutil.which("wrk"):
        return run_wrk(url, seconds, connections, body, tmp)
    return asyncio.run(_aiohttp_load(url, seconds, connections, body))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="per run")
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs per endpoint, interleaved; best is kept"
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")

    with tempfile.TemporaryDirectory(prefix="cinemate-bench-") as tmp_name:
        tmp = Path(tmp_name)
        log = tmp / "servers.log"
        body_file = tmp / "popular.json"
        delete_prefixed_keys(redis_url, PREFIX)
        tmdb_proc, tmdb_url = start_offline_tmdb(log)
        port = free_port()
        api = None
        try:
            api = start_api(api_env(tmdb_url, redis_url, tmp, body_file), port, args.workers, log)
            base = f"http://127.0.0.1:{port}"
            rest_url = f"{base}/movies/popular?page=1&limit=20"
            graphql_body = json.dumps({"query": GRAPHQL_QUERY}).encode()
            rest = fetch(rest_url)  # cold: fills the cache
            body_file.write_bytes(rest)
            graphql = json.loads(fetch(f"{base}/graphql", graphql_body))
            assert "errors" not in graphql, graphql
            assert len(graphql["data"]["popular"]["movies"]) == 20
            assert fetch(f"{base}/bench/bare") == rest
            # Warm-up: every worker process has its connections and caches ready.
            for url, body in ((rest_url, None), (f"{base}/graphql", graphql_body)):
                load(url, 2, args.connections, body, tmp)

            runs = [
                ("bare Django view (same bytes)", f"{base}/bench/bare", None),
                ("REST GET /movies/popular", rest_url, None),
                ("GraphQL popular (same fields)", f"{base}/graphql", graphql_body),
            ]
            # Interleaved rounds, best kept: on a shared machine the noise is other work.
            results: dict[str, list[float]] = {name: [] for name, _, _ in runs}
            cpu: dict[str, list[float]] = {name: [] for name, _, _ in runs}  # us per request
            pids = worker_pids(api.pid)
            for _ in range(args.rounds):
                for name, url, body in runs:
                    before = cpu_seconds(pids)
                    rate = load(url, args.seconds, args.connections, body, tmp)
                    used = cpu_seconds(pids) - before
                    results[name].append(rate)
                    cpu[name].append(used / max(1.0, rate * args.seconds) * 1e6)
            tool = "wrk" if shutil.which("wrk") else "aiohttp client"
            print(
                f"warm requests/second, granian ASGI x{args.workers} worker(s), {tool}, "
                f"{args.connections} connections, best of {args.rounds} x {args.seconds}s, "
                f"{len(rest)} byte response:"
            )
            floor = max(results[runs[0][0]])
            for name, rates in results.items():
                best = max(rates)
                spread = ", ".join(f"{rate:.0f}" for rate in rates)
                print(
                    f"  {name:<34} {best:>7.0f} req/s  ({best / floor:5.1%} of bare)  "
                    f"{statistics.median(cpu[name]):>6.0f} us server CPU/request (median)  "
                    f"[runs: {spread}]"
                )
        finally:
            stop(api, tmdb_proc)
            delete_prefixed_keys(redis_url, PREFIX)


if __name__ == "__main__":
    main()

"""Signed-in benchmark: personal lists, profile and GraphQL next to anonymous popular, one run.

    .venv/bin/python bench/signed_in_bench.py [--seconds 5] [--rounds 3] [--connections 64]
        [--workers 2] [--only NAME ...]

It starts its own processes (offline TMDb, the API under granian with ``bench.settings``,
SQLite in a temporary directory, Redis under the key prefix ``cinemate-bench``): one API server
that serves every endpoint below, and a second, identical one that only ever serves the bare
view (the memory floor: same code, same server, no application work). A user signs up over
REST and favourites 20 titles; every endpoint is warmed, then measured with ``wrk -t2``,
interleaved over the rounds, medians kept. Printed per endpoint: requests/second, the ratio
to anonymous popular (GraphQL rows: to their REST twin), p50/p99 latency, and the app CPU per
request (user+system time of the granian worker processes over the run, divided by the
requests). Then the resident memory (VmRSS) of each worker of both servers right after the
load, and again after REST_SECONDS without requests (idle workers trim their heap).
Needs ``wrk`` (``apt-get install -y wrk``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
from bench.api_bench import (  # noqa: E402  (after the path is set)
    GRAPHQL_QUERY,
    PREFIX,
    api_env,
    fetch,
    free_port,
    start_api,
    start_offline_tmdb,
    stop,
)
from core.redis_async import delete_prefixed_keys  # noqa: E402

FAVOURITES = 20
REST_SECONDS = 3.0  # idle workers return a burst's freed heap (core/memory.py) within ~2 s
NESTED_TITLE_QUERY = """query($id: ID!) { title(id: $id) {
  id title isSeries isFavorite language releaseDate rating runtime networkLogo backdropUrl
  posterUrl genres synopsis homepage
  cast { id name profilePath character order }
  reviews { id author avatar rating content createdAt }
  recommendations { id title poster backdrop synopsis releaseDate duration genres rating
    isFavorite isSeries }
  ... on SeriesDetails { seasons { id airDate episodeCount name overview posterPath
    seasonNumber voteAverage episodes { id name overview airDate episodeNumber runtime
    seasonNumber stillPath voteAverage } } }
} }"""


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    token: str | None = None
    body: bytes | None = None
    baseline: str = "anonymous popular"  # ratio against this row
    server: str = "api"


@dataclass
class Run:
    rate: float
    p50_ms: float
    p99_ms: float
    cpu_us: float


def request(url: str, token: str | None = None, body: bytes | None = None) -> dict:
    import urllib.request

    assert url.startswith("http://127.0.0.1:")  # only our own local servers
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - local only
    with urllib.request.urlopen(req, timeout=60) as response:  # noqa: S310
        return json.loads(response.read())


def worker_pids(server_pid: int) -> list[int]:
    """The granian worker processes (children of the main process)."""
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server_pid)], capture_output=True, text=True
    ).stdout
    return [int(pid) for pid in out.split()]


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(target: Target, seconds: int, connections: int, tmp: Path, pids: list[int]) -> Run:
    script = tmp / "request.lua"
    lines = []
    if target.token:
        lines.append(f'wrk.headers["Authorization"] = "Bearer {target.token}"')
    if target.body is not None:
        lines += [
            'wrk.method = "POST"',
            'wrk.headers["Content-Type"] = "application/json"',
            f"wrk.body = {json.dumps(target.body.decode())}",
        ]
    script.write_text("\n".join(lines) + "\n")
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    before = cpu_seconds(pids)
    out = subprocess.run(
        [*cmd, "-s", str(script), target.url], capture_output=True, text=True, check=True
    ).stdout
    cpu = cpu_seconds(pids) - before
    if "Non-2xx" in out or "Latency Distribution" not in out:
        raise RuntimeError(f"errors under load for {target.name}:\n{out}")
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return Run(
        rate=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p50_ms=_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        p99_ms=_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        cpu_us=cpu / max(total, 1) * 1e6,
    )


def sign_up(base: str) -> str:
    genres = request(f"{base}/movies/genres")["data"]["genres"]
    body = {
        "name": "Bench User",
        "email": "bench@example.com",
        "password": "Bench-passw0rd-long",
        "genres": [g["id"] for g in genres[:3]],
    }
    answer = request(f"{base}/auth/signup", body=json.dumps(body).encode())
    return answer["data"]["auth_token"]


def setup(base: str) -> tuple[str, str, str]:
    """Sign up, favourite FAVOURITES titles; returns (token, a movie id, a series id)."""
    token = sign_up(base)
    ids: list[str] = []
    page = 1
    while len(ids) < FAVOURITES:
        movies = request(f"{base}/movies/popular?page={page}&limit=50")["data"]["movies"]
        ids += [m["id"] for m in movies][: FAVOURITES - len(ids)]
        page += 1
    for movie_id in ids:
        request(f"{base}/movies/favourites", token, json.dumps({"movie_id": movie_id}).encode())
    trending = request(f"{base}/movies/trending?page=1&limit=50")["data"]["movies"]
    series = next(m["id"] for m in trending if m["id"].startswith("tv-"))
    return token, ids[0], series


def targets(base: str, bare: str, token: str, movie: str, series: str) -> list[Target]:
    graphql = f"{base}/graphql"
    popular = f"{base}/movies/popular?page=1&limit=20"
    nested = json.dumps({"query": NESTED_TITLE_QUERY, "variables": {"id": series}}).encode()
    return [
        Target("bare view (floor)", f"{bare}/bench/bare", server="bare"),
        Target("anonymous popular", popular),
        Target("signed-in popular", popular, token),
        Target(f"favourites ({FAVOURITES})", f"{base}/movies/favourites?page=1&limit=20", token),
        Target("profile", f"{base}/profile", token),
        Target("recommendations (warm)", f"{base}/movies/recommendations?limit=20", token),
        Target("REST details (series)", f"{base}/movies/{series}", token),
        Target(
            "GraphQL popular",
            graphql,
            token,
            json.dumps({"query": GRAPHQL_QUERY}).encode(),
            baseline="signed-in popular",
        ),
        Target("GraphQL nested title", graphql, token, nested, baseline="REST details (series)"),
        # What any operation costs before its fields: the floor under the GraphQL rows.
        Target(
            "GraphQL { __typename }",
            graphql,
            token,
            json.dumps({"query": "{ __typename }"}).encode(),
            baseline="bare view (floor)",
        ),
        Target("REST details (movie)", f"{base}/movies/{movie}", token),
    ]


def check(target: Target) -> None:
    answer = request(target.url, target.token, target.body)
    if "errors" in answer or answer.get("success") is False:
        raise RuntimeError(f"{target.name} answered {answer}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="per run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved; medians kept")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="endpoint names to measure (substring)")
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")

    with tempfile.TemporaryDirectory(prefix="cinemate-signedin-") as tmp_name:
        tmp = Path(tmp_name)
        log = tmp / "servers.log"
        body_file = tmp / "popular.json"
        delete_prefixed_keys(redis_url, PREFIX)
        tmdb_proc, tmdb_url = start_offline_tmdb(log)
        procs = [tmdb_proc]
        try:
            env = api_env(tmdb_url, redis_url, tmp, body_file)
            env["ACCESS_TOKEN_TTL"] = "3600"  # outlives the run
            port, bare_port = free_port(), free_port()
            procs.append(start_api(env, port, args.workers, log))
            base = f"http://127.0.0.1:{port}"
            body_file.write_bytes(fetch(f"{base}/movies/popular?page=1&limit=20"))
            procs.append(start_api(env, bare_port, args.workers, log))
            servers = {"api": worker_pids(procs[1].pid), "bare": worker_pids(procs[2].pid)}
            token, movie, series = setup(base)
            all_targets = targets(base, f"http://127.0.0.1:{bare_port}", token, movie, series)
            for target in all_targets:
                check(target)
            wanted = {
                t.name
                for t in all_targets
                if not args.only or any(word in t.name for word in args.only)
            }
            while True:  # a ratio's baseline is measured too (and its own baseline)
                more = {t.baseline for t in all_targets if t.name in wanted} - wanted
                if not more:
                    break
                wanted |= more
            chosen = [
                t for t in all_targets if t.name in wanted or t.server == "bare" or not args.only
            ]
            for target in chosen:  # warm every worker's connections and caches
                wrk(target, 1, args.connections, tmp, servers[target.server])
            runs: dict[str, list[Run]] = {t.name: [] for t in chosen}
            for _ in range(args.rounds):
                for target in chosen:
                    runs[target.name].append(
                        wrk(target, args.seconds, args.connections, tmp, servers[target.server])
                    )
            report(chosen, runs, servers, args)
        finally:
            stop(*reversed(procs))
            delete_prefixed_keys(redis_url, PREFIX)


def report(
    chosen: list[Target],
    runs: dict[str, list[Run]],
    servers: dict[str, list[int]],
    args: argparse.Namespace,
) -> None:
    def median(name: str, attr: str) -> float:
        return statistics.median(getattr(run, attr) for run in runs[name])

    print(
        f"granian ASGI x{args.workers} workers, wrk -t2 -c{args.connections}, warm, "
        f"interleaved, medians of {args.rounds} x {args.seconds}s"
    )
    print(
        f"  {'endpoint':<28} {'req/s':>7}  {'ratio':>22}  {'p50':>8} {'p99':>8} "
        f"{'p99/p50':>7}  {'CPU/req':>8}"
    )
    for target in chosen:
        rate = median(target.name, "rate")
        if target.server == "bare":
            ratio = ""
        else:
            base_rate = median(target.baseline, "rate")
            ratio = f"{rate / base_rate:6.1%} of {target.baseline.split(' (')[0]}"
        p50, p99 = median(target.name, "p50_ms"), median(target.name, "p99_ms")
        print(
            f"  {target.name:<28} {rate:>7.0f}  {ratio:>22}  {p50:>6.1f}ms {p99:>6.1f}ms "
            f"{p99 / max(p50, 0.001):>6.1f}x  {median(target.name, 'cpu_us'):>6.0f}us"
        )
    print_rss("RSS per worker, right after the load:", servers)
    time.sleep(REST_SECONDS)
    print_rss(f"RSS per worker, {REST_SECONDS:.0f} s at rest:", servers)


def print_rss(title: str, servers: dict[str, list[int]]) -> None:
    api = [rss_mb(pid) for pid in servers["api"]]
    bare = [rss_mb(pid) for pid in servers["bare"]]
    print(
        f"  {title} API "
        + " / ".join(f"{mb:.0f}" for mb in api)
        + " MB, bare-only server "
        + " / ".join(f"{mb:.0f}" for mb in bare)
        + f" MB: {max(api) / max(bare):.2f} x bare"
    )


if __name__ == "__main__":
    main()

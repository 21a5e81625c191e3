"""Frontend-facing benchmark, one run, two parts:

1. HTTP revalidation: warm requests/second of anonymous ``GET /movies/popular`` answered 200
   (full body) against the same request with a matching ``If-None-Match`` answered 304, and the
   same pair for a GraphQL GET persisted query; side by side, as ratios.
2. Subscription fan-out: N users (default 1,000) each open a graphql-transport-ws socket with a
   ``notifications`` subscription on the API's worker processes (default 2), then
   ``manage.py send_system_update`` (another process) gives each one notification. Prints the
   delivery latency (notification row written -> event received) p50/p99/max, how many
   arrived, and the workers' resident memory per open subscription.

Run on demand (needs Redis on 127.0.0.1:6379, or BENCH_REDIS_URL)::

    .venv/bin/python bench/frontends_bench.py [--seconds 5] [--rounds 2] [--connections 32]
        [--workers 2] [--subscribers 1000]

Like bench/api_bench.py it starts its own offline TMDb server and the API under granian
(``backend.asgi:application``, websockets on) with ``bench.settings``, SQLite in a temporary
directory, Redis under the key prefix ``cinemate-bench`` (deleted before and after), rate limits
off. Users, sessions and tokens for part 2 are written straight into that SQLite database.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
from bench.api_bench import (  # noqa: E402  (after the path is set)
    PREFIX,
    PYTHON,
    api_env,
    cpu_seconds,
    fetch,
    free_port,
    start_api,
    start_offline_tmdb,
    stop,
    worker_pids,
)
from core.redis_async import delete_prefixed_keys  # noqa: E402

GRAPHQL_QUERY = "query Popular { popular(page: 1, limit: 20) { movies { id title poster } } }"
SUBSCRIPTION = "subscription { notifications { unreadCount notification { id createdAt } } }"


# --- part 1: 200 vs 304 ---------------------------------------------------------------------
def wrk(
    url: str, seconds: int, connections: int, headers: dict[str, str], expect: int
) -> tuple[float, int]:
    """(requests/second, requests) of GETs of ``url`` with ``headers``; every answer must be
    ``expect``."""
    cmd = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    output = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx" in output:  # wrk counts statuses >= 400 there
        raise RuntimeError(f"errors under load for {url}:\n{output}")
    # wrk does not report statuses: tell a 304 (headers only) from a 200 by bytes per answer.
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    if total == 0:
        raise RuntimeError(f"no answer at all from {url}:\n{output}")
    read = re.search(r"requests in [\d.]+\w+, ([\d.]+)(\w+) read", output)
    units = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}
    per_answer = float(read.group(1)) * units[read.group(2)] / total  # type: ignore[union-attr]
    if (expect == 304) != (per_answer < 1000):
        raise RuntimeError(f"{url} did not answer {expect} ({per_answer:.0f} B each):\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    return rate, total


def status_and_etag(url: str, headers: dict[str, str]) -> tuple[int, str | None, int]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our local server
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers.get("ETag"), len(response.read())
    except urllib.error.HTTPError as error:  # urllib raises on 304
        return error.code, error.headers.get("ETag"), len(error.read())


def revalidation(base: str, args: argparse.Namespace, server_pid: int) -> None:
    rest = f"{base}/movies/popular?page=1&limit=20"
    digest = hashlib.sha256(GRAPHQL_QUERY.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    body = json.dumps({"query": GRAPHQL_QUERY, "extensions": extensions}).encode()
    fetch(f"{base}/graphql", body)  # registers the persisted query
    from urllib.parse import urlencode

    graphql = f"{base}/graphql?" + urlencode(
        {"operationName": "Popular", "extensions": json.dumps(extensions, separators=(",", ":"))}
    )
    accept = {"Accept": "application/json"}
    pairs = []
    for name, url in (("REST GET /movies/popular", rest), ("GraphQL GET persisted", graphql)):
        status, etag, size = status_and_etag(url, accept)
        assert status == 200 and etag, (url, status)
        assert status_and_etag(url, {**accept, "If-None-Match": etag})[0] == 304
        pairs.append((name, url, etag, size))
    pids = worker_pids(server_pid)
    for _, url, etag, _ in pairs:  # warm every worker
        wrk(url, 2, args.connections, accept, 200)
        wrk(url, 2, args.connections, {**accept, "If-None-Match": etag}, 304)

    rates: dict[tuple[str, int], list[float]] = {}
    costs: dict[tuple[str, int], list[float]] = {}  # server CPU microseconds per request
    for _ in range(args.rounds):
        for name, url, etag, _ in pairs:
            for status, headers in ((200, accept), (304, {**accept, "If-None-Match": etag})):
                before = cpu_seconds(pids)
                rate, total = wrk(url, args.seconds, args.connections, headers, status)
                costs.setdefault((name, status), []).append(
                    (cpu_seconds(pids) - before) / total * 1e6
                )
                rates.setdefault((name, status), []).append(rate)
    print(
        f"\n1. revalidation: granian x{len(pids)} workers, wrk {args.connections} connections, "
        f"{args.rounds} interleaved rounds x {args.seconds}s; best req/s, and the server's "
        "CPU per request (median; insensitive to other load on the machine)"
    )
    for name, _, _, size in pairs:
        ok, not_modified = max(rates[(name, 200)]), max(rates[(name, 304)])
        cpu_ok = statistics.median(costs[(name, 200)])
        cpu_304 = statistics.median(costs[(name, 304)])
        print(
            f"  {name:<25} 200 ({size} B): {ok:>6.0f} req/s {cpu_ok:>5.0f} us CPU | "
            f"304: {not_modified:>6.0f} req/s {cpu_304:>5.0f} us CPU | "
            f"304/200: {not_modified / ok:.2f}x req/s, {cpu_304 / cpu_ok:.2f}x CPU"
        )
        for status in (200, 304):
            runs = ", ".join(
                f"{r:.0f}/{c:.0f}us"
                for r, c in zip(rates[(name, status)], costs[(name, status)], strict=True)
            )
            print(f"      runs {status}: {runs}")


# --- part 2: subscription fan-out -----------------------------------------------------------
def make_users(count: int) -> tuple[list[str], list[str]]:
    """``count`` active users with an open session each: (emails, access tokens)."""
    import django

    django.setup()
    from django.utils import timezone

    from accounts.models import LoginSession, User
    from accounts.services import new_refresh_secret
    from accounts.tokens import issue_access_token

    stamp = int(time.time())
    users = [
        User(email=f"fan{stamp}-{n}@bench.local", name=f"Fan {n}", password="!")
        for n in range(count)
    ]
    User.objects.bulk_create(users, batch_size=500)
    tokens = []
    sessions = []
    for user in users:
        secret, digest = new_refresh_secret()
        session = LoginSession(
            user=user,
            ip_address="127.0.0.1",
            refresh_token=digest,
            refresh_token_expires_at=timezone.now() + dt.timedelta(days=1),
        )
        sessions.append(session)
        tokens.append(issue_access_token(user.id, session.id, secret))
    LoginSession.objects.bulk_create(sessions, batch_size=500)
    return [user.email for user in users], tokens


def rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return total


def parse_ms(value: str) -> float:
    moment = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    return moment.timestamp()


async def fan_out(
    base: str, tokens: list[str], emails: list[str], env: dict[str, str], server_pid: int
) -> None:
    import aiohttp

    ws_url = base.replace("http://", "ws://") + "/graphql"
    pids = worker_pids(server_pid)
    before = rss_kib(pids)
    latencies: list[float] = []
    ready = asyncio.Semaphore(50)  # handshakes in flight
    all_subscribed = asyncio.Event()
    subscribed = 0
    done = asyncio.Event()

    async def subscriber(http: aiohttp.ClientSession, token: str) -> None:
        nonlocal subscribed
        async with ready:
            ws = await http.ws_connect(
                ws_url,
                protocols=("graphql-transport-ws",),
                timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=10),
            )
            await ws.send_json({"type": "connection_init", "payload": {"token": token}})
            ack = await ws.receive_json(timeout=30)
            assert ack["type"] == "connection_ack", ack
            await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}})
            first = await ws.receive_json(timeout=30)
            assert first["payload"]["data"]["notifications"]["notification"] is None, first
        subscribed += 1
        if subscribed == len(tokens):
            all_subscribed.set()
        try:
            message = await ws.receive_json(timeout=60)
            received = time.time()
            notification = message["payload"]["data"]["notifications"]["notification"]
            latencies.append(received - parse_ms(notification["createdAt"]))
        finally:
            if len(latencies) == len(tokens):
                done.set()
            await ws.close()

    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        started = time.monotonic()
        tasks = [asyncio.create_task(subscriber(http, token)) for token in tokens]
        await asyncio.wait_for(all_subscribed.wait(), 300)
        opened = time.monotonic() - started
        await asyncio.sleep(2)  # let the servers settle before measuring memory
        after = rss_kib(pids)
        cpu_before = cpu_seconds(pids)
        sent_at = time.monotonic()
        command = [PYTHON, "manage.py", "send_system_update", "--title", "Bench", "--message"]
        command += [f"fan-out {time.time()}", "-v", "0"]
        proc = await asyncio.create_subprocess_exec(*command, cwd=REPO_ROOT, env=env)
        await proc.wait()
        command_s = time.monotonic() - sent_at
        with contextlib.suppress(TimeoutError):  # whatever arrived is reported
            await asyncio.wait_for(done.wait(), 60)
        delivery_cpu = cpu_seconds(pids) - cpu_before
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    n = len(tokens)
    print(
        f"\n2. subscription fan-out: {n} graphql-transport-ws subscriptions on "
        f"{len(pids)} granian worker(s), one system update each (manage.py send_system_update "
        f"in another process, {command_s:.2f} s to run)"
    )
    print(f"  opened and subscribed {n} sockets in {opened:.1f} s")
    if latencies:
        ordered = sorted(latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        print(
            f"  delivered {len(latencies)}/{n}; latency row written -> event received: "
            f"p50 {statistics.median(ordered) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms"
        )
        print(
            f"  workers' CPU while delivering: {delivery_cpu * 1000:.0f} ms in all, "
            f"{delivery_cpu / len(latencies) * 1e6:.0f} us per delivered event"
        )
    else:
        print(f"  delivered 0/{n}")
    print(
        f"  worker RSS {before / 1024:.1f} MiB -> {after / 1024:.1f} MiB with the sockets open: "
        f"{(after - before) / n:.1f} KiB per subscription"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved; best is kept")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")

    with tempfile.TemporaryDirectory(prefix="cinemate-bench-") as tmp_name:
        tmp = Path(tmp_name)
        log = tmp / "servers.log"
        delete_prefixed_keys(redis_url, PREFIX)
        tmdb_proc, tmdb_url = start_offline_tmdb(log)
        env = api_env(tmdb_url, redis_url, tmp, tmp / "unused.json")
        api = None
        try:
            port = free_port()
            api = start_api(env, port, args.workers, log)
            base = f"http://127.0.0.1:{port}"
            fetch(f"{base}/movies/popular?page=1&limit=20")  # cold: fills the caches
            if not args.skip_http:
                revalidation(base, args, api.pid)
            os.environ.update(env)
            emails, tokens = make_users(args.subscribers)
            asyncio.run(fan_out(base, tokens, emails, env, api.pid))
        finally:
            stop(api, tmdb_proc)
            delete_prefixed_keys(redis_url, PREFIX)
            if api is not None and api.returncode not in (0, None, -15):
                print(log.read_text()[-3000:])


if __name__ == "__main__":
    main()

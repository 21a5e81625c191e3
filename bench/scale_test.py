"""Scale-out scenario: three instances behind HAProxy, mixed load, a rolling restart of each.

    .venv/bin/python bench/scale_test.py [--seconds 60] [--users 8] [--anonymous 8]
        [--workers 1]          (or: make scale-test)

On loopback only, it starts: the offline TMDb server; three API instances
(``python -m backend.serve``, ``--workers`` granian workers each) sharing one PostgreSQL
database and one Redis key prefix made for this run (``cinemate_scale_<pid>`` on
127.0.0.1:5432 and ``cinemate-scale-<pid>`` on 127.0.0.1:6379, or SCALE_PG_URL /
SCALE_REDIS_URL), never anything that exists; and Debian's haproxy in front
(scripts/ensure-haproxy.sh installs it if missing), health-checking ``/system/ready``.

Load: ``--users`` signed-in clients (each its own user, so its writes have one order) mixing
reads (details, favourites, profile) with writes (add or remove a favourite, rename), and
``--anonymous`` clients reading lists, details, genres and GraphQL. While it runs, each instance
in turn gets SIGTERM (it drains, finishes what it has, exits) and is started again.

Afterwards it prints requests, failures, p50/p99 and checks that every acknowledged write is in
the database (favourites added and not removed, the last acknowledged name). Exit status 1 when
a request failed or a write was lost. Everything it created is removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
from bench.api_bench import start_offline_tmdb  # noqa: E402
from core.redis_async import delete_prefixed_keys  # noqa: E402

PYTHON = sys.executable
RUN = os.getpid()
DB_NAME = f"cinemate_scale_{RUN}"
PREFIX = f"cinemate-scale-{RUN}"
PG_URL = os.environ.get("SCALE_PG_URL", "postgres://postgres:postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/0")
SECRET_KEY = f"scale-test-only-{RUN}-" + "x" * 40
GRAPHQL = '{"query": "{ popular(limit: 10) { movies { id title rating } } }"}'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message: str) -> None:
    print(f"[scale] {message}", flush=True)


# --- the shared database --------------------------------------------------------------------


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def instance_env(tmdb_url: str, workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": PREFIX,
        "SECRET_KEY": SECRET_KEY,
        "TMDB_ACCESS_TOKEN": "offline-catalog",
        "TMDB_API_BASE_URL": tmdb_url,
        "TMDB_OFFLINE": "true",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TRUSTED_PROXIES": "127.0.0.1",
        # One client address sends everything here: limits stay on (the shared limiter runs) but
        # high enough for a load test.
        "RATE_LIMIT_GENERAL_PER_MINUTE": "1000000",
        "RATE_LIMIT_SEARCH_PER_MINUTE": "1000000",
        "LOG_LEVEL": "WARNING",
        "SHUTDOWN_DRAIN_SECONDS": "3",  # > haproxy's 2 failed checks 500 ms apart
        "SHUTDOWN_TIMEOUT": "20",
        "RUN_DIR": str(workdir),
        "PYTHONPATH": str(REPO_ROOT),
    }


def setup_database(env: dict[str, str]) -> None:
    admin_sql(f'CREATE DATABASE "{DB_NAME}"')
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=REPO_ROOT, env=env, check=True
    )


def django_setup(env: dict[str, str]) -> None:
    for key in (
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "REDIS_URL",
        "CACHE_KEY_PREFIX",
        "SECRET_KEY",
        "TMDB_ACCESS_TOKEN",
        "TMDB_API_BASE_URL",
        "RUN_DIR",
    ):
        os.environ[key] = env[key]
    import django

    django.setup()


def create_members(count: int) -> list[tuple[str, str]]:
    """(user id, access token) for ``count`` users with a real login session each."""
    import datetime as dt

    from django.utils import timezone

    from accounts.models import LoginSession, User
    from accounts.services import new_refresh_secret
    from accounts.tokens import issue_access_token

    members = []
    for index in range(count):
        user = User.objects.create_user(
            email=f"scale{index}@example.com", password=None, name=f"Scale {index}"
        )
        secret, digest = new_refresh_secret()
        session = LoginSession.objects.create(
            user=user,
            ip_address="127.0.0.1",
            refresh_token=digest,
            refresh_token_expires_at=timezone.now() + dt.timedelta(days=1),
        )
        members.append((str(user.id), issue_access_token(user.id, session.id, secret)))
    return members


# --- instances and the load balancer --------------------------------------------------------


@dataclass
class Instance:
    name: str
    port: int
    env: dict[str, str]
    log_path: Path
    workers: int
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**self.env, "PROMETHEUS_MULTIPROC_DIR": str(self.log_path.parent / self.name)}
        self.proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "backend.serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None and self.proc.poll() is None, self.log_path.read_text()
            try:
                url = f"http://127.0.0.1:{self.port}/system/ready"
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready:\n{self.log_path.read_text()[-2000:]}")

    def stop(self, timeout: float = 60) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)


HAPROXY_CONFIG = """
global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-keep-alive 10s
    timeout check 2s
    # Only a request that never reached an instance is tried again (safe for writes too).
    retries 3
    retry-on conn-failure
    option redispatch

frontend api
    bind 127.0.0.1:{port}
    default_backend instances

backend instances
    balance roundrobin
    option httpchk GET /system/ready
    http-check expect status 200
    default-server inter 500ms fastinter 250ms downinter 500ms fall 2 rise 2
{servers}
"""


def start_haproxy(port: int, instances: list[Instance], workdir: Path) -> subprocess.Popen[bytes]:
    servers = "\n".join(f"    server {i.name} 127.0.0.1:{i.port} check" for i in instances)
    config = workdir / "haproxy.cfg"
    config.write_text(HAPROXY_CONFIG.format(port=port, servers=servers))
    subprocess.run(["haproxy", "-c", "-q", "-f", str(config)], check=True)
    return subprocess.Popen(
        ["haproxy", "-db", "-f", str(config)],
        stdout=(workdir / "haproxy.log").open("ab"),
        stderr=subprocess.STDOUT,
    )


# --- the load -------------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    by_kind: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    failure_samples: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        self.latencies.append(seconds)
        self.by_kind[kind] += 1
        if error is not None:
            self.failures[f"{kind}: {error}"] += 1
            if len(self.failure_samples) < 10:
                self.failure_samples.append(f"{kind}: {error}")


@dataclass
class Member:
    user_id: str
    token: str
    favourites: set[str] = field(default_factory=set)  # acknowledged state
    unknown: set[str] = field(default_factory=set)  # a write whose answer never came
    name: str | None = None
    name_unknown: bool = False
    writes: int = 0


async def call(
    session: aiohttp.ClientSession,
    stats: Stats,
    kind: str,
    method: str,
    url: str,
    *,
    token: str | None = None,
    body: str | None = None,
    ok: tuple[int, ...] = (200,),
) -> tuple[bool, Any]:
    headers = {"Content-Type": "application/json"} if body else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    try:
        async with session.request(method, url, data=body, headers=headers) as response:
            payload = await response.read()
            error = None if response.status in ok else f"HTTP {response.status} {payload[:120]!r}"
    except (aiohttp.ClientError, TimeoutError) as exc:
        error, payload = f"{type(exc).__name__}: {exc}", b""
    stats.record(kind, time.perf_counter() - started, error)
    return error is None, payload


async def member_loop(base: str, member: Member, ids: list[str], stats: Stats, stop: float) -> None:
    rng = random.Random(member.user_id)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        while time.monotonic() < stop:
            roll = rng.random()
            movie = rng.choice(ids)
            if roll < 0.25:
                done, _ = await call(
                    session,
                    stats,
                    "member GET /movies/{id}",
                    "GET",
                    f"{base}/movies/{movie}",
                    token=member.token,
                )
            elif roll < 0.40:
                await call(
                    session,
                    stats,
                    "member GET /movies/favourites",
                    "GET",
                    f"{base}/movies/favourites",
                    token=member.token,
                )
            elif roll < 0.50:
                await call(
                    session,
                    stats,
                    "member GET /profile",
                    "GET",
                    f"{base}/profile",
                    token=member.token,
                )
            elif roll < 0.80:
                member.writes += 1
                done, _ = await call(
                    session,
                    stats,
                    "member POST /movies/favourites",
                    "POST",
                    f"{base}/movies/favourites",
                    token=member.token,
                    body=f'{{"movie_id": "{movie}"}}',
                    ok=(200, 201, 409),
                )
                (member.favourites.add if done else member.unknown.add)(movie)
            elif roll < 0.90 and member.favourites:
                member.writes += 1
                gone = rng.choice(sorted(member.favourites))
                done, _ = await call(
                    session,
                    stats,
                    "member DELETE /movies/favourites",
                    "DELETE",
                    f"{base}/movies/favourites?movie_id={gone}",
                    token=member.token,
                    ok=(200, 204),
                )
                member.favourites.discard(gone)
                if not done:
                    member.unknown.add(gone)
            else:
                member.writes += 1
                name = f"Renamed {member.writes}"
                done, _ = await call(
                    session,
                    stats,
                    "member POST /profile",
                    "POST",
                    f"{base}/profile",
                    token=member.token,
                    body=f'{{"name": "{name}"}}',
                )
                if done:
                    member.name, member.name_unknown = name, False
                else:
                    member.name_unknown = True
            await asyncio.sleep(rng.uniform(0.01, 0.05))


async def anonymous_loop(base: str, seed: int, ids: list[str], stats: Stats, stop: float) -> None:
    rng = random.Random(seed)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        while time.monotonic() < stop:
            roll = rng.random()
            if roll < 0.35:
                page = rng.randint(1, 5)
                await call(
                    session,
                    stats,
                    "anon GET /movies/popular",
                    "GET",
                    f"{base}/movies/popular?page={page}",
                )
            elif roll < 0.65:
                await call(
                    session,
                    stats,
                    "anon GET /movies/{id}",
                    "GET",
                    f"{base}/movies/{rng.choice(ids)}",
                )
            elif roll < 0.80:
                await call(
                    session, stats, "anon GET /movies/genres", "GET", f"{base}/movies/genres"
                )
            else:
                await call(
                    session, stats, "anon POST /graphql", "POST", f"{base}/graphql", body=GRAPHQL
                )
            await asyncio.sleep(rng.uniform(0.01, 0.05))


async def movie_ids(base: str) -> list[str]:
    ids: list[str] = []
    async with aiohttp.ClientSession() as session:
        for page in (1, 2):
            async with session.get(f"{base}/movies/popular?page={page}") as response:
                body = await response.json()
                ids += [str(movie["id"]) for movie in body["data"]["movies"]]
    return ids


def rolling_restart(instances: list[Instance], start_at: float, gap: float) -> list[str]:
    """SIGTERM each instance in turn, start it again, wait until ready (run in a thread)."""
    events = []
    time.sleep(max(0.0, start_at - time.monotonic()))
    for instance in instances:
        began = time.monotonic()
        code = instance.stop()
        stopped = time.monotonic()
        instance.start()
        instance.wait_ready()
        events.append(
            f"{instance.name}: stopped in {stopped - began:.1f}s (exit {code}), "
            f"ready again after {time.monotonic() - stopped:.1f}s"
        )
        time.sleep(gap)
    return events


async def run_load(
    base: str, members: list[Member], anonymous: int, seconds: float, instances: list[Instance]
) -> tuple[Stats, list[str]]:
    stats = Stats()
    ids = await movie_ids(base)
    stop = time.monotonic() + seconds
    restart_gap = max(2.0, (seconds - 20) / len(instances) - 8)
    restarts = asyncio.create_task(
        asyncio.to_thread(rolling_restart, instances, time.monotonic() + 8, restart_gap)
    )
    await asyncio.gather(
        *(member_loop(base, m, ids, stats, stop) for m in members),
        *(anonymous_loop(base, seed, ids, stats, stop) for seed in range(anonymous)),
    )
    return stats, await restarts


# --- the check ------------------------------------------------------------------------------


def lost_writes(members: list[Member]) -> list[str]:
    from accounts.models import User
    from library.models import UserFavourite

    lost = []
    for member in members:
        stored = set(
            UserFavourite.objects.filter(user_id=member.user_id).values_list("movie_id", flat=True)
        )
        for movie in member.favourites - member.unknown:
            if movie not in stored:
                lost.append(f"user {member.user_id}: favourite {movie} acknowledged, not stored")
        for movie in stored - member.favourites - member.unknown:
            lost.append(f"user {member.user_id}: favourite {movie} removal acknowledged, stored")
        name = User.objects.get(id=member.user_id).name
        if member.name and not member.name_unknown and name != member.name:
            lost.append(
                f"user {member.user_id}: name {member.name!r} acknowledged, {name!r} stored"
            )
    return lost


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def report(
    stats: Stats, events: list[str], members: list[Member], lost: list[str], seconds: float
) -> bool:
    total = sum(stats.by_kind.values())
    failed = sum(stats.failures.values())
    writes = sum(m.writes for m in members)
    print()
    print(f"requests        {total} in {seconds:.0f} s ({total / seconds:.0f} req/s)")
    print(f"failed          {failed}")
    print(
        f"latency         p50 {percentile(stats.latencies, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(stats.latencies, 0.99) * 1000:.1f} ms"
    )
    print(f"writes          {writes} sent, lost {len(lost)}")
    print("rolling restart")
    for event in events:
        print(f"  {event}")
    print("by kind")
    for kind, count in sorted(stats.by_kind.items()):
        print(f"  {count:7d}  {kind}")
    for sample in stats.failure_samples:
        print(f"  failure: {sample}")
    for item in lost[:20]:
        print(f"  lost: {item}")
    ok = failed == 0 and not lost and len(events) == 3
    print("RESULT          " + ("PASS: 0 failed requests, 0 lost writes" if ok else "FAIL"))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=8, help="signed-in clients")
    parser.add_argument("--anonymous", type=int, default=8, help="anonymous clients")
    parser.add_argument("--workers", type=int, default=1, help="granian workers per instance")
    args = parser.parse_args()

    subprocess.run([str(REPO_ROOT / "scripts" / "ensure-haproxy.sh")], check=True)
    workdir = Path(tempfile.mkdtemp(prefix="cinemate-scale-"))
    procs: list[subprocess.Popen[Any]] = []
    instances: list[Instance] = []
    db_created = False
    try:
        tmdb, tmdb_url = start_offline_tmdb(workdir / "tmdb.log")
        procs.append(tmdb)
        env = instance_env(tmdb_url, workdir)
        delete_prefixed_keys(REDIS_URL, PREFIX)
        log(f"database {DB_NAME}, Redis prefix {PREFIX}, work dir {workdir}")
        setup_database(env)
        db_created = True
        django_setup(env)
        members = [Member(uid, token) for uid, token in create_members(args.users)]
        instances = [
            Instance(name, free_port(), env, workdir / f"{name}.log", args.workers)
            for name in ("a", "b", "c")
        ]
        for instance in instances:
            instance.start()
        for instance in instances:
            instance.wait_ready()
        lb_port = free_port()
        procs.append(start_haproxy(lb_port, instances, workdir))
        base = f"http://127.0.0.1:{lb_port}"
        time.sleep(2)  # haproxy's first health checks
        log(
            f"3 instances x {args.workers} worker(s) behind haproxy on {base}; "
            f"{args.users} signed-in + {args.anonymous} anonymous clients for {args.seconds:.0f} s "
            "with a rolling restart"
        )
        started = time.monotonic()
        stats, events = asyncio.run(
            run_load(base, members, args.anonymous, args.seconds, instances)
        )
        elapsed = time.monotonic() - started
        from django.db import connections

        lost = lost_writes(members)
        connections.close_all()
        ok = report(stats, events, members, lost, elapsed)
        if not ok:
            for instance in instances:
                print(f"--- {instance.name}.log (tail)\n{instance.log_path.read_text()[-1500:]}")
        return 0 if ok else 1
    finally:
        for instance in instances:
            if instance.proc is not None and instance.proc.poll() is None:
                instance.proc.send_signal(signal.SIGTERM)
        for proc in [*procs, *(i.proc for i in instances if i.proc is not None)]:
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        delete_prefixed_keys(REDIS_URL, PREFIX)
        if db_created:
            from django.db import connections

            connections.close_all()
            admin_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
        log("cleaned up: instances, haproxy, database, Redis keys, work dir")


if __name__ == "__main__":
    sys.exit(main())

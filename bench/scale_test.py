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
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
from bench.api_bench import start_offline_tmdb  # noqa: E402
from bench.scale_cluster import (  # noqa: E402
    DB_NAME,
    PREFIX,
    REDIS_URL,
    Instance,
    admin_sql,
    create_members,
    django_setup,
    free_port,
    instance_env,
    log,
    setup_database,
    start_haproxy,
)
from bench.scale_load import Member, Stats, lost_writes, percentile, run_load  # noqa: E402
from core.redis_async import delete_prefixed_keys  # noqa: E402


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

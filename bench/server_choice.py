"""Which ASGI server, and what our ASGI handler buys: bare views under each, measured with wrk.

    .venv/bin/python bench/server_choice.py [--seconds 8] [--connections 64] [--workers 2]

Serves a bare view returning the same ~9 KB JSON body (async and sync variants, bench-only
routes of bench.urls, request guards off: the server and the handler alone) under:
granian with backend.asgi (our handler), granian with Django's stock ASGI handler, and gunicorn
with uvicorn workers and our handler. Needs wrk (`apt-get install -y wrk`). Runs are
interleaved over the rounds and the best is kept, since the noise on a shared machine is other
work.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.api_bench import free_port, run_wrk, wait_until_serving

REPO_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

GRANIAN = [str(BIN / "granian"), "--interface", "asgi", "--no-ws", "--log-level", "error"]
SERVERS = {
    "granian, our handler": [*GRANIAN, "backend.asgi:application"],
    "granian, Django's stock handler": [*GRANIAN, "bench.stock_asgi:application"],
    "gunicorn + uvicorn, our handler": [
        str(BIN / "gunicorn"),
        "-k",
        "uvicorn.workers.UvicornWorker",
        "--log-level",
        "error",
        "backend.asgi:application",
    ],
}


def _command(name: str, port: int, workers: int) -> list[str]:
    cmd = list(SERVERS[name])
    if cmd[0].endswith("granian"):
        return [
            *cmd[:-1],
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            cmd[-1],
        ]
    return [*cmd[:-1], "-b", f"127.0.0.1:{port}", "-w", str(workers), cmd[-1]]


def _env(workdir: Path, body: Path) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        CINEMATE_BENCH_VIEWS="1",
        CINEMATE_BENCH_NO_GUARDS="1",
        CINEMATE_BENCH_BODY=str(body),
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",
        SQLITE_PATH=str(workdir / "bench.sqlite3"),
        RUN_DIR=str(workdir),
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(REPO_ROOT),
    )
    return env


def _serve(name: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        _command(name, port, workers),
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return wait_until_serving(proc, f"http://127.0.0.1:{port}/bench/bare", name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    movies = [{"id": str(i), "title": "x" * 200, "synopsis": "y" * 250} for i in range(20)]
    with tempfile.TemporaryDirectory(prefix="cinemate-servers-") as tmp_name:
        tmp = Path(tmp_name)
        body = tmp / "body.json"
        body.write_bytes(orjson.dumps({"success": True, "data": {"movies": movies}}))
        env = _env(tmp, body)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=REPO_ROOT,
            env=env,
            check=True,
        )
        results: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.rounds):
            for name in SERVERS:
                port = free_port()
                proc = _serve(name, port, args.workers, env)
                try:
                    for view in ("bare", "bare-sync"):
                        url = f"http://127.0.0.1:{port}/bench/{view}"
                        rate = run_wrk(url, args.seconds, args.connections, None, tmp)
                        results.setdefault((name, view), []).append(rate)
                finally:
                    proc.terminate()
                    proc.wait(timeout=15)
        print(
            f"bare views, {body.stat().st_size} bytes, {args.workers} workers, wrk "
            f"{args.connections} connections, best of {args.rounds} x {args.seconds}s:"
        )
        for name in SERVERS:
            best_async = max(results[(name, "bare")])
            best_sync = max(results[(name, "bare-sync")])
            print(f"  {name:<34} async {best_async:>7.0f} req/s   sync {best_sync:>7.0f} req/s")


if __name__ == "__main__":
    main()

"""Edge benchmark: what the security headers and CORS cost a request, in-process.

Run on demand (needs Redis on 127.0.0.1:6379, or BENCH_REDIS_URL)::

    .venv/bin/python bench/edge_bench.py [--requests 3000] [--rounds 5]

Each middleware stack runs in its own process: Django's ASGI application (our pooled-thread
handler) is called directly, with no server and no socket, for ``--requests`` sequential
``GET /bench/bare`` requests (the bare async view of bench.settings; rate limits off, the IP
blacklist guard on). The stacks, interleaved round by round, best round of each:

- ``edge only``: settings.MIDDLEWARE without the security headers and CORS (the stack before
  issue #10, plus whatever else settings.py installs);
- ``now``: settings.MIDDLEWARE as installed (core.security.SecurityHeadersMiddleware calls
  Django's two middlewares inline, then django-cors-headers, then the rest);
- ``Django's middlewares``: the same with django.middleware.security.SecurityMiddleware and
  XFrameOptionsMiddleware listed as such (MiddlewareMixin: one sync_to_async hop per
  process_request/process_response under ASGI).

Requests/second and CPU microseconds per request are printed side by side, as ratios to
``edge only``. In-process figures leave the server out, so they show the middleware's own cost
more sharply than bench/api_bench.py (where the server and the network dominate).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

SECURITY = "core.security.SecurityHeadersMiddleware"
CORS = "corsheaders.middleware.CorsMiddleware"
DJANGO_SECURITY = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
STACKS = ("edge only", "now", "Django's middlewares")


def stack_of(name: str, installed: list[str]) -> list[str]:
    """The middleware list of ``name``, derived from what settings.py installs."""
    if name == "now":
        return list(installed)
    rest = [m for m in installed if m not in (SECURITY, CORS)]
    if name == "edge only":
        return rest
    return [*DJANGO_SECURITY, CORS, *rest]


PREFIX = "cinemate-bench-edge"


def child(stack: str, requests: int) -> None:
    """Serve ``requests`` bare requests through ``stack``; print the figures as JSON."""
    import django
    from django.conf import settings

    django.setup(set_prefix=False)
    settings.MIDDLEWARE = stack_of(stack, list(settings.MIDDLEWARE))
    from backend.asgi_handler import PooledThreadsASGIHandler

    application = PooledThreadsASGIHandler()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/bench/bare",
        "raw_path": b"/bench/bare",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), (b"origin", b"https://app.example.com")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }

    async def one() -> int:
        status = 0
        sent_body = False

        async def receive() -> dict:
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()  # the client never disconnects (cancelled at the end)
            return {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await application(dict(scope), receive, send)
        return status

    async def run() -> dict:
        for _ in range(200):  # warm: connections, caches, the blacklist answer
            assert await one() == 200
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(requests):
            await one()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return {"rps": requests / wall, "cpu_us": cpu / requests * 1e6}

    print(json.dumps(asyncio.run(run())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", choices=STACKS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.requests)
        return

    from bench.api_bench import api_env
    from core.redis_async import delete_prefixed_keys

    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        body = workdir / "body.json"
        body.write_bytes(b'{"success": true, "data": {"movies": []}}')
        env = api_env("http://127.0.0.1:9/3", redis_url, workdir, body)
        env["CACHE_KEY_PREFIX"] = PREFIX
        env["CORS_ALLOWED_ORIGINS"] = "https://app.example.com"
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=REPO_ROOT,
            env=env,
            check=True,
        )
        best: dict[str, dict] = {}
        try:
            for _ in range(args.rounds):
                for stack in STACKS:
                    out = subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            "--child",
                            stack,
                            "--requests",
                            str(args.requests),
                        ],
                        cwd=REPO_ROOT,
                        env=env,
                        capture_output=True,
                        text=True,
                    )
                    if out.returncode:
                        raise SystemExit(f"{stack} failed:\n{out.stderr[-3000:]}")
                    figures = json.loads(out.stdout.strip().splitlines()[-1])
                    if stack not in best or figures["rps"] > best[stack]["rps"]:
                        best[stack] = figures
        finally:
            delete_prefixed_keys(redis_url, PREFIX)
    base = best["edge only"]
    print(
        f"in-process GET /bench/bare, {args.requests} sequential requests, "
        f"best of {args.rounds} rounds (load average {os.getloadavg()[0]:.1f}):"
    )
    for stack, figures in best.items():
        print(
            f"  {stack:<22} {figures['rps']:7.0f} req/s ({figures['rps'] / base['rps']:6.1%})"
            f"  {figures['cpu_us']:6.0f} us CPU/request ({figures['cpu_us'] / base['cpu_us']:6.1%})"
        )


if __name__ == "__main__":
    main()

"""What observability costs one request, in microseconds, measured in-process.

    .venv/bin/python bench/metrics_bench.py [--calls 200000]

Prints, side by side, the per-call cost of:

- the middleware's recording (``ObservabilityMiddleware._record``: route lookup plus the HTTP
  histogram) with prometheus-client in multiprocess mode (mmap files, what ``backend.serve``
  runs) and in single-process mode;
- one counter increment (a TMDb cache lookup, a GraphQL operation);
- one JSON access-log line (python-json-logger with orjson) written to /dev/null.

Each figure is the best of 5 runs, to stay meaningful on a busy machine. The multiprocess and
single-process figures come from two child processes (the mode is fixed at import).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

REPO_ROOT = Path(__file__).resolve().parent.parent


def best_of(runs: int, calls: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - started) / calls)
    return best * 1e6


def measure(calls: int) -> dict[str, float]:
    """Run inside a child: the metrics mode is whatever the environment says."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    os.environ["LOG_FORMAT"] = "json"
    import django

    django.setup()
    from core.metrics import record_cache_lookup
    from core.observability import ObservabilityMiddleware, log_request

    middleware = ObservabilityMiddleware(lambda request: None)
    middleware.access_log = False
    request = SimpleNamespace(
        method="GET",
        path="/movies/550",
        resolver_match=SimpleNamespace(route="movies/<str:movie_id>", view_name="x"),
        request_id="0c9cdc6e4c314b96a0183f83ed6afe56",
        log_user_id="6f1e0c8e-2f51-4d9b-9a57-0c4d3f0e6b11",
    )
    response = SimpleNamespace(status_code=200)
    handler = logging.getLogger("cinemate.access").handlers or logging.getLogger().handlers
    for h in handler:
        h.stream = open(os.devnull, "w")  # noqa: SIM115 - kept for the run
    return {
        "record one request (route + histogram)": best_of(
            5, calls, lambda: middleware._record(request, response, 0.0123)
        ),
        "one counter increment": best_of(5, calls, lambda: record_cache_lookup("movie", "hit")),
        "one JSON access-log line": best_of(
            5, calls // 10, lambda: log_request(request, "/movies/<str:movie_id>", 200, 0.0123)
        ),
    }


def child(calls: int, multiprocess_dir: str | None) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    if multiprocess_dir:
        env["PROMETHEUS_MULTIPROC_DIR"] = multiprocess_dir
    env.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--calls", str(calls)],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(REPO_ROOT))
        print(json.dumps(measure(args.calls)))
        return
    with tempfile.TemporaryDirectory(prefix="cinemate-metrics-bench-") as tmp:
        multi = child(args.calls, tmp)
    single = child(args.calls, None)
    print(f"per call, best of 5 x {args.calls} calls (log lines: {args.calls // 10}):")
    print(f"  {'':<42} {'multiprocess':>13} {'single process':>15}")
    for name in multi:
        print(f"  {name:<42} {multi[name]:>10.2f} us {single[name]:>12.2f} us")


if __name__ == "__main__":
    main()

"""Settings for bench/api_bench.py: the production settings, plus the bench-only routes (a bare
view serving fixed bytes) when CINEMATE_BENCH_VIEWS=1. Never used outside the benchmark."""

from __future__ import annotations

import os

from backend.settings import *  # noqa: F403

if os.environ.get("CINEMATE_BENCH_VIEWS") == "1":
    ROOT_URLCONF = "bench.urls"

if os.environ.get("CINEMATE_BENCH_NO_GUARDS") == "1":
    # bench/server_choice.py measures the server and the handler alone.
    API_REQUEST_GUARDS: list[str] = []

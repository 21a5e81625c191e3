"""Helpers of bench/upstream_bench.py: the offline server's control API, timed requests, the
report, and the throwaway PostgreSQL database."""

from __future__ import annotations

import json
import os
import time
import urllib.request
from typing import Any

import aiohttp

from bench.api_bench import PREFIX
from core.redis_async import delete_prefixed_keys


class Tmdb:
    """The offline server's control API (faults, counters)."""

    def __init__(self, base_url: str) -> None:
        self.root = base_url.removesuffix("/3")

    def _call(self, method: str, action: str, payload: dict[str, Any] | None = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(  # noqa: S310 - our own loopback server
            f"{self.root}/__control__/{action}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.loads(response.read())

    def reset(self, latency_ms: float = 0.0) -> None:
        """Zero the counters and clear the faults (keeping ``latency_ms`` of latency)."""
        self._call("POST", "reset", {})
        if latency_ms:
            self.faults(latency_ms=latency_ms)

    def faults(self, **faults: Any) -> None:
        self._call("POST", "faults", faults)

    def clear(self) -> None:
        self._call("DELETE", "faults")

    def by_path(self) -> dict[str, int]:
        return self._call("GET", "stats")["by_path"]

    def calls(self, *prefixes: str) -> int:
        """Calls whose path starts with one of ``prefixes`` (all calls without any)."""
        wanted = prefixes or ("",)
        return sum(n for path, n in self.by_path().items() if path.startswith(wanted))

    def get(self, path: str, **params: Any) -> Any:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        url = f"{self.root}/3{path}?{query}"
        request = urllib.request.Request(url, headers={"Authorization": "Bearer bench-token"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.loads(response.read())


class Report:
    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.rows: list[tuple[str, str, str, bool]] = []

    def add(self, what: str, figure: str, target: str, ok: bool) -> None:
        self.rows.append((what, figure, target, ok))
        print(f"  {'ok  ' if ok else 'MISS'} {what:<58} {figure:<28} target {target}", flush=True)


async def timed(session: aiohttp.ClientSession, method: str, url: str, **kw: Any):
    started = time.monotonic()
    async with session.request(method, url, **kw) as response:
        body = await response.read()
        return time.monotonic() - started, response.status, dict(response.headers), body


def flush(redis_url: str) -> None:
    delete_prefixed_keys(redis_url, PREFIX)
    time.sleep(1.1)  # the API processes' 1 s in-memory page copies expire too


def create_database(url: str) -> str:
    """A throwaway PostgreSQL database beside ``url`` (the production shape: SQLite would
    serialise the facts writes); returns its URL."""
    import psycopg

    name = f"cinemate_upstream_bench_{os.getpid()}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(url: str) -> None:
    import psycopg

    admin, name = url.rsplit("/", 1)[0] + "/postgres", url.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""A real instance for the operations tests: ``python -m backend.serve`` (granian, N workers)
on a free loopback port, against this run's test database, Redis key prefix and fake TMDb."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

REPO_ROOT = Path(__file__).resolve().parents[2]
METRICS_TOKEN = "served-test-metrics-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Served:
    """Start on enter (waits for /system/live), stop (SIGTERM, then wait) on exit."""

    def __init__(self, tmp: Path, tmdb_url: str, workers: int = 2, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.metrics_dir = tmp / f"metrics-{self.port}"
        self.log = tmp / f"serve-{self.port}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backend.settings",
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CACHE_KEY_PREFIX": settings.CACHE_KEY_PREFIX,
            "SECRET_KEY": settings.SECRET_KEY,
            "TMDB_ACCESS_TOKEN": "test-token",
            "TMDB_API_BASE_URL": tmdb_url,
            "TMDB_OFFLINE": "false",
            "METRICS_TOKEN": METRICS_TOKEN,
            "PROMETHEUS_MULTIPROC_DIR": str(self.metrics_dir),
            "SHUTDOWN_DRAIN_SECONDS": "0",
            "SHUTDOWN_TIMEOUT": "30",
            "RATE_LIMIT_ENABLED": "false",
            "ASGI_SYNC_THREADS": "2",
            "PYTHONPATH": str(REPO_ROOT),
            **env,
        }
        self.workers = workers
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Served:
        self.proc = subprocess.Popen(
            [
                sys.executable,
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
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                if get(f"{self.url}/system/live", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"server did not start:\n{self.log.read_text()[-3000:]}")

    def get(self, path: str, **kwargs: Any) -> tuple[int, bytes]:
        return get(self.url + path, **kwargs)

    def metrics(self) -> str:
        status, body = self.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert status == 200, body
        return body.decode()

    def terminate(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)

    def wait(self, timeout: float = 60) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout=timeout)

    def __exit__(self, *exc: Any) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

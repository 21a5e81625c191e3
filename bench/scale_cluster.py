"""The scale-out test's cluster: a database and a Redis prefix of its own, three instances
(``python -m backend.serve``) and HAProxy in front; and the rolling restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RUN = os.getpid()
DB_NAME = f"cinemate_scale_{RUN}"
PREFIX = f"cinemate-scale-{RUN}"
PG_URL = os.environ.get("SCALE_PG_URL", "postgres://postgres:postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/0")
SECRET_KEY = f"scale-test-only-{RUN}-" + "x" * 40


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

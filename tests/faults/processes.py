"""Throwaway Redis and PostgreSQL servers the fault tests start, pause, stop and restart.

Never the shared services (6379, 5432): each server here listens on a free port of its own and
keeps its data in a temporary directory that goes with it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

# The fault suite's servers yield the CPU to the rest of the test run (timing-sensitive tests run
# beside them under pytest-xdist on a small machine).
NICE = ["nice", "-n", "10"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port} after {timeout}s")


class RedisProcess:
    """``redis-server`` on a free port, without persistence; ``pause()`` is SIGSTOP."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None
        self.paused = False

    def start(self) -> RedisProcess:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        client = redis.Redis.from_url(self.url)
        try:
            client.ping()
        finally:
            client.close()
        return self

    def flush(self) -> None:
        client = redis.Redis.from_url(self.url)
        try:
            client.flushall()
        finally:
            client.close()

    def pause(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)
        self.paused = True

    def resume(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)
        self.paused = False

    def stop(self) -> None:
        if self.process is None:
            return
        if self.paused:
            self.resume()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def _postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (scripts/ensure-services.sh)")
    return found[-1]


class PostgresProcess:
    """A PostgreSQL cluster (``initdb``) in a temporary directory on a free port.

    As root, the server runs as the ``postgres`` user (PostgreSQL refuses to run as root).
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="cinemate-fault-pg-"))
        self.data = self.root / "data"
        self.user: str | None = None
        if os.geteuid() == 0:
            self.user = "postgres"
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/cinemate_faults"

    def _run(self, *args: str) -> None:
        command = [*NICE, *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self) -> PostgresProcess:
        self._run(
            _postgres_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        self.start()
        self._run(
            _postgres_bin("createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "cinemate_faults",
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            _postgres_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(_postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def production_env(
    *, database_url: str, redis_url: str, tmdb_url: str, prefix: str, run_dir: Path
) -> dict[str, str]:
    """The environment of an API process under fault tests: ``backend.settings`` with the
    production defaults for Redis timeouts and the session lease (the suite's are looser)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "SECRET_KEY": "fault-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "TMDB_ACCESS_TOKEN": "test-token",
        "TMDB_API_BASE_URL": tmdb_url,
        "TMDB_OFFLINE": "false",
        "RATE_LIMIT_ENABLED": "false",
        "RUN_DIR": str(run_dir),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    for name in ("REDIS_SOCKET_TIMEOUT", "REDIS_CONNECT_TIMEOUT", "SESSION_CACHE_LEASE"):
        env.pop(name, None)
    return env


class ApiServer:
    """The API under granian (``backend.settings``, production defaults) on a free port."""

    def __init__(self, env: dict[str, str], workers: int = 1) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None

    def migrate(self, repo_root: Path) -> None:
        subprocess.run(
            [os.environ.get("PYTHON", sys.executable), "manage.py", "migrate", "--noinput"],
            cwd=repo_root,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=300,
        )

    def start(self, repo_root: Path, log_path: Path) -> ApiServer:
        granian = str(Path(sys.executable).with_name("granian"))
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [
                *NICE,
                granian,
                "--interface",
                "asgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "backend.asgi:application",
            ],
            cwd=repo_root,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, timeout=60)
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()
        self.process = None

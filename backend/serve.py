"""Production launcher: granian with metrics shared across workers and a graceful stop.

    python -m backend.serve [--host 0.0.0.0] [--port 8000] [--workers N]

What it adds around ``granian --interface asgi backend.asgi:application``:

- ``PROMETHEUS_MULTIPROC_DIR``: every worker writes its metrics there and ``/metrics`` merges
  them. Taken from the environment (an emptyDir in Kubernetes) or a fresh temporary directory;
  emptied at start, so counters begin at zero with the instance (Prometheus expects that).
- A graceful stop on SIGTERM/SIGINT: first the instance reports not ready (``DRAIN_FILE`` makes
  ``/system/ready`` answer 503) and keeps serving for ``SHUTDOWN_DRAIN_SECONDS``, long enough
  for the load balancer's health check to take it out; then granian is told to stop: it stops
  accepting, finishes the requests in flight (bounded by ``SHUTDOWN_TIMEOUT``, its
  ``--workers-kill-timeout``), runs lifespan shutdown (each worker closes its TMDb, Redis and
  database clients) and exits. A second signal skips the drain wait.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import FrameType

REPO_ROOT = Path(__file__).resolve().parent.parent
APP = "backend.asgi:application"


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    return float(raw) if raw else default


def _log(message: str) -> None:
    print(f"[serve] {message}", file=sys.stderr, flush=True)


def prepare_metrics_dir(env: dict[str, str]) -> Path | None:
    """Point the workers at an empty multiprocess directory; returns it if we created it."""
    configured = env.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):  # a previous run's samples (container restart)
            stale.unlink()
        return None
    created = Path(tempfile.mkdtemp(prefix="cinemate-metrics-"))
    env["PROMETHEUS_MULTIPROC_DIR"] = str(created)
    return created


def prepare_drain_file(env: dict[str, str], scratch: Path) -> Path:
    configured = env.get("DRAIN_FILE", "").strip()
    path = Path(configured) if configured else scratch / "draining"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    env["DRAIN_FILE"] = str(path)
    return path


def granian_command(host: str, port: int, workers: int, kill_timeout: float) -> list[str]:
    granian = shutil.which("granian", path=str(Path(sys.executable).parent)) or "granian"
    command = [
        granian,
        "--interface",
        "asgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--workers-kill-timeout",
        str(max(1, round(kill_timeout))),
        "--no-access-log",
    ]
    static_root = REPO_ROOT / "staticfiles"
    if static_root.is_dir():
        command += ["--static-path-route", "/static", "--static-path-mount", str(static_root)]
    return [*command, APP]


class Supervisor:
    """Runs granian as a child and turns the first stop signal into drain-then-stop."""

    def __init__(self, command: list[str], env: dict[str, str], drain_file: Path) -> None:
        self.command = command
        self.env = env
        self.drain_file = drain_file
        self.drain_seconds = _env_float("SHUTDOWN_DRAIN_SECONDS", 5.0)
        self.shutdown_timeout = _env_float("SHUTDOWN_TIMEOUT", 30.0)
        self.stopping = threading.Event()
        self.skip_drain = threading.Event()
        self.child: subprocess.Popen[bytes] | None = None

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping.is_set():
            self.skip_drain.set()
            return
        self.stopping.set()

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        self.child = subprocess.Popen(self.command, env=self.env, cwd=REPO_ROOT)  # noqa: S603
        while self.child.poll() is None and not self.stopping.wait(0.2):
            pass
        if self.child.poll() is not None:
            return self.child.returncode
        return self._stop()

    def _stop(self) -> int:
        assert self.child is not None
        self.drain_file.touch()
        _log(f"stop requested: not ready now, serving {self.drain_seconds:g}s more to drain")
        deadline = time.monotonic() + self.drain_seconds
        while time.monotonic() < deadline and self.child.poll() is None:
            if self.skip_drain.wait(0.1):
                break
        if self.child.poll() is None:
            _log("stopping the server: finishing the requests in flight")
            self.child.send_signal(signal.SIGTERM)
        try:
            code = self.child.wait(timeout=self.shutdown_timeout + 10)
        except subprocess.TimeoutExpired:
            _log("the server did not stop in time; killing it")
            self.child.kill()
            code = self.child.wait()
        _log(f"stopped (exit code {code})")
        return 0 if code in (0, -signal.SIGTERM) else code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))  # noqa: S104
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2") or "2")
    )
    args = parser.parse_args(argv)

    env = dict(os.environ)
    scratch = Path(tempfile.mkdtemp(prefix="cinemate-serve-"))
    created_metrics_dir = prepare_metrics_dir(env)
    drain_file = prepare_drain_file(env, scratch)
    command = granian_command(
        args.host, args.port, args.workers, _env_float("SHUTDOWN_TIMEOUT", 30.0)
    )
    try:
        return Supervisor(command, env, drain_file).run()
    finally:
        drain_file.unlink(missing_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)
        if created_metrics_dir is not None:
            shutil.rmtree(created_metrics_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

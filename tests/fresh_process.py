"""Code run in a fresh Python process at the repository root: start-up behaviour (settings,
ASGI lifespan) that an already configured test process cannot show."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_code(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -c code`` with exactly ``env``; output captured, at most 60 s."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_test_env(run_dir: Path, **extra: str) -> dict[str, str]:
    """This environment with the test settings, a private RUN_DIR and ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="backend.settings_test", RUN_DIR=str(run_dir), **extra)
    return env

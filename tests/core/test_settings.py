"""Configuration: production mode refuses to start without a SECRET_KEY; local mode just runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "REDIS_", "SECRET_", "DJANGO_"))
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="backend.settings")
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'])"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_is_a_clear_startup_error(tmp_path) -> None:
    result = _load_settings({"DATABASE_URL": "postgres://u@127.0.0.1/db", "RUN_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_nothing_configured_runs_on_sqlite_and_local_memory(tmp_path) -> None:
    result = _load_settings({"RUN_DIR": str(tmp_path), "SQLITE_PATH": str(tmp_path / "db.sqlite3")})
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout and "LocMemCache" in result.stdout
    # The generated local key is kept so every worker signs tokens alike.
    assert (tmp_path / "dev-secret-key").read_text().strip()

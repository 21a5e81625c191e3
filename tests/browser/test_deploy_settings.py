"""Production start-up refuses unsafe keys; `manage.py check --deploy` has only explained warnings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEF"  # 62 characters


def _example_key() -> str:
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.startswith("SECRET_KEY="):
            return line.split("=", 1)[1]
    raise AssertionError(".env.example lists no SECRET_KEY")


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "REDIS_", "SECRET_", "DJANGO_", "SECURE_", "CORS_"))
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="backend.settings",
        RUN_DIR=str(tmp_path),
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        PRODUCTION="true",
        DEBUG="false",
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


SETUP = ["-c", "import django; django.setup(); print('started')"]


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(None, id="the .env.example key"),
        pytest.param("x" * 49, id="49 characters"),
        pytest.param("django-insecure-" + "a" * 50, id="django-insecure prefix"),
    ],
)
def test_production_does_not_start_with_an_unsafe_secret_key(tmp_path: Path, key) -> None:
    result = _run(SETUP, {"SECRET_KEY": key or _example_key()}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is unsafe for production" in result.stderr
    assert "started" not in result.stdout


def test_production_starts_with_a_long_random_key(tmp_path: Path) -> None:
    result = _run(SETUP, {"SECRET_KEY": GOOD_KEY}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_local_mode_still_accepts_a_short_key(tmp_path: Path) -> None:
    result = _run(SETUP, {"SECRET_KEY": "short", "PRODUCTION": "false"}, tmp_path)
    assert result.returncode == 0, result.stderr


def _deploy_check(tmp_path: Path, **env: str) -> str:
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        {"SECRET_KEY": GOOD_KEY, **env},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


# Each is explained in the README ("check --deploy"): CSRF middleware (bearer tokens; the admin's
# views protect themselves), domain-wide HSTS choices and the redirect a TLS proxy does.
EXPLAINED = {"security.W003", "security.W005", "security.W021", "security.W008"}


def _ids(output: str) -> set[str]:
    return set(re.findall(r"\(((?:security|core)\.[A-Z]\d+)\)", output))


def test_check_deploy_leaves_only_the_warnings_the_readme_explains(tmp_path: Path) -> None:
    output = _deploy_check(tmp_path)
    assert _ids(output) == EXPLAINED, output
    readme = (ROOT / "README.md").read_text()
    for warning in EXPLAINED:
        assert warning in readme


def test_check_deploy_is_clean_when_the_deployment_opts_in(tmp_path: Path) -> None:
    output = _deploy_check(
        tmp_path,
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
        SECURE_SSL_REDIRECT="true",
    )
    assert _ids(output) == {"security.W003"}, output


def test_check_deploy_notices_lost_headers(tmp_path: Path) -> None:
    output = _deploy_check(tmp_path, SECURE_HSTS_SECONDS="0", SECURE_REFERRER_POLICY="")
    assert {"security.W004", "security.W022"} <= _ids(output), output

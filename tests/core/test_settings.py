"""Configuration: production mode refuses to start without a SECRET_KEY; local mode just runs."""

from __future__ import annotations

import os
import subprocess

from tests.fresh_process import run_code

SHOW_BACKENDS = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'])"


def _load_settings(
    env: dict[str, str], code: str = SHOW_BACKENDS
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh process with the production settings and only ``env`` set."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "REDIS_", "SECRET_", "DJANGO_"))
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="backend.settings")
    return run_code(code, clean)


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


SQLITE_WRITERS = """
import threading, django
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)")
    cursor.execute("INSERT INTO counter VALUES (1, 0)")
errors = []

def writer():
    try:
        for _ in range(40):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter WHERE id = 1")  # a read, then a write
                (n,) = cursor.fetchone()
                cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=writer) for _ in range(4)]
for thread in threads: thread.start()
for thread in threads: thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter WHERE id = 1")
    print(cursor.fetchone()[0], errors[:1])
"""


def test_local_mode_sqlite_serialises_concurrent_writers_instead_of_failing(tmp_path) -> None:
    """Local mode runs several workers (and their background fact writes) on one SQLite file:
    a read-then-write transaction must wait for another writer, not fail "database is locked"
    (which the API would answer as 503), and no increment may be lost."""
    result = _load_settings(
        {"RUN_DIR": str(tmp_path), "SQLITE_PATH": str(tmp_path / "db.sqlite3")}, SQLITE_WRITERS
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["160", "[]"]

"""Test settings: real PostgreSQL and Redis, but only a test database and a test key prefix.

Set before the main settings are read, so nothing from a developer's shell or .env (say, a
production DATABASE_URL) can point the test run at real data. Override the targets with
TEST_DATABASE_URL / TEST_REDIS_URL.
"""

import os

_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
# One id per test run, inherited by xdist workers and by subprocesses that tests spawn, so two
# runs on one machine (or two developers' runs) never share a test database or key prefix.
_run_id = os.environ.setdefault("CINEMATE_TEST_RUN_ID", str(os.getpid()))
os.environ["DATABASE_URL"] = os.environ.get(
    "TEST_DATABASE_URL", f"postgres://postgres:postgres@127.0.0.1:5432/cinemate_{_run_id}"
)  # pytest-django creates and uses test_cinemate_<run>[_gwN], never this database itself
os.environ["REDIS_URL"] = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ["CACHE_KEY_PREFIX"] = f"cinemate-test-{_run_id}-{_worker}"
os.environ["SECRET_KEY"] = "test-only-secret-key-not-for-production-use-0123456789abcdef"
os.environ["TMDB_ACCESS_TOKEN"] = "test-token"
# Nothing listens on port 9: a test that forgets the fake_tmdb fixture fails, it never goes online.
os.environ["TMDB_API_BASE_URL"] = "http://127.0.0.1:9/3"
os.environ["DEBUG"] = "false"
os.environ.pop("EMAIL_HOST", None)
# The in-process suite runs on a busy 2-core box: keep Redis timeouts and the session fence's
# lease loose, so a slow moment is not mistaken for a Redis outage. The fault tests
# (tests/faults) start servers with the production defaults.
os.environ.setdefault("REDIS_SOCKET_TIMEOUT", "1.0")
os.environ.setdefault("REDIS_CONNECT_TIMEOUT", "1.0")
os.environ.setdefault("SESSION_CACHE_LEASE", "30")
os.environ["RUN_DIR"] = os.environ.get("TEST_RUN_DIR", "/tmp/cinemate-test-run")

from backend.settings import *  # noqa: E402,F403

# Argon2 at test strength: the behaviour is the same, the suite is not CPU-bound on hashing.
PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]

# The test process keeps CPython's collector as is (core.gc_tuning runs in served workers).
GC_GEN0_THRESHOLD = 0
# The background facts filler (catalog.facts_filler) makes upstream calls after a response,
# which the sync test client's per-request event loop would cut at a random point: off by
# default so call counts stay exact; the tests of the filler turn it on and wait for it.
TMDB_FACTS_FILL_BATCH = 0

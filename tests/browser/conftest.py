"""Fixtures for the browser-facing tests: the auth package's clients and SMTP server (the
genres fixture is global: tests.fixtures.genres)."""

from tests.auth.conftest import (  # noqa: F401  (fixtures)
    api,
    close_async_db_connections,
    fresh_memory_limiter,
    make_client,
    no_reset_answer_floor,
    smtp,
)

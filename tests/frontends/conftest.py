"""Fixtures for persisted queries and HTTP caching: members (tests.library's) and a fresh
per-process persisted-query memory for every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core import http_cache
from schema import persisted_queries
from tests.library.conftest import make_member, member  # noqa: F401


@pytest.fixture(autouse=True)
def fresh_persisted_queries() -> Iterator[None]:
    persisted_queries.clear_l1()
    persisted_queries.manifest.cache_clear()
    http_cache.clear_memo()
    yield
    persisted_queries.clear_l1()
    persisted_queries.manifest.cache_clear()

"""GET /system/health: the contract's fields, plus per-dependency checks an operator can read."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthy_when_every_dependency_answers(client: Client, fake_tmdb) -> None:
    response = client.get("/system/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy"
    assert body["version"] == "1.0.0"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", body["timestamp"])
    assert body["checks"]["database"]["status"] == "up"
    assert body["checks"]["database"]["backend"] == "postgresql"
    assert body["checks"]["cache"] == {
        **body["checks"]["cache"],
        "status": "up",
        "backend": "redis",
    }
    assert body["checks"]["tmdb"]["status"] == "up"
    assert fake_tmdb.calls("/3/configuration") == 1


def test_degraded_with_503_when_tmdb_is_down(client: Client, settings) -> None:
    settings.TMDB_API_BASE_URL = "http://127.0.0.1:9/3"  # nothing listens there
    response = client.get("/system/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["tmdb"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "up"


def test_degraded_with_503_when_redis_is_down(client: Client, settings, fake_tmdb) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # a fresh loop per request builds a new client
    response = client.get("/system/health")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["cache"]["status"] == "down"
    assert body["checks"]["tmdb"]["status"] == "up"

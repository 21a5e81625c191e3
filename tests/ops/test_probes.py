"""/system/live and /system/ready: what a Kubernetes probe or a load balancer sees.

The database-unreachable case needs a process whose database is really gone: see
tests/ops/test_served.py. Here: the healthy and draining answers, and that no guard (rate limit,
blacklist) can make a probe depend on Redis or the database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from django.test import Client

from accounts.blacklist import block_ip

pytestmark = pytest.mark.django_db(transaction=True)


def test_live_answers_without_touching_any_dependency(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        response = Client().get("/system/live")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


def test_ready_when_database_and_redis_answer() -> None:
    response = Client().get("/system/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "up", "cache": "up"}}


def test_not_ready_while_draining(settings, tmp_path: Path) -> None:
    settings.DRAIN_FILE = str(tmp_path / "draining")
    assert Client().get("/system/ready").status_code == 200
    Path(settings.DRAIN_FILE).touch()
    response = Client().get("/system/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "draining"
    assert response["Retry-After"] == "5"
    assert Client().get("/system/live").status_code == 200  # draining is not dead


@pytest.mark.parametrize("path", ["/system/live", "/system/ready"])
def test_probes_are_read_only(path: str) -> None:
    response = Client().post(path)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


def test_probes_answer_a_blocked_address() -> None:
    async_to_sync(block_ip)("127.0.0.1", "test")
    client = Client(REMOTE_ADDR="127.0.0.1")
    assert client.get("/movies/genres").status_code == 403
    assert client.get("/system/live").status_code == 200
    assert client.get("/system/ready").status_code == 200


def test_probes_are_never_rate_limited(settings) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 2
    statuses = {Client().get("/system/ready").status_code for _ in range(5)}
    assert statuses == {200}


def test_health_keeps_its_contract(fake_tmdb) -> None:
    body = Client().get("/system/health").json()
    assert body["status"] == "healthy"
    assert set(body) >= {"status", "timestamp", "version", "checks"}

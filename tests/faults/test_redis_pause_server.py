"""Redis paused under a running API with two worker processes (granian): requests stay fast,
and a logout answered during the pause is never undone in any worker after the resume."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.processes import ApiServer, PostgresProcess, RedisProcess, production_env

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-Horse-battery-7"


def call(base: str, method: str, path: str, body: Any = None, token: str | None = None) -> int:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)  # noqa: S310
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def token_of(base: str, path: str, body: dict[str, Any]) -> str:
    request = urllib.request.Request(  # noqa: S310
        base + path, data=json.dumps(body).encode(), method="POST"
    )
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return str(json.loads(response.read())["data"]["auth_token"])


@pytest.fixture(scope="module")
def stack(
    fake_tmdb_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ApiServer, RedisProcess]]:
    database = PostgresProcess().init()
    redis_server = RedisProcess().start()
    env = production_env(
        database_url=database.url,
        redis_url=redis_server.url,
        tmdb_url=fake_tmdb_server.base_url,
        prefix="cinemate-fault",
        run_dir=tmp_path_factory.mktemp("run"),
    )
    server = ApiServer(env, workers=2)
    try:
        server.migrate(REPO_ROOT)
        server.start(REPO_ROOT, tmp_path_factory.mktemp("api") / "server.log")
        yield server, redis_server
    finally:
        server.stop()
        redis_server.stop()
        database.destroy()


def test_a_redis_pause_under_two_workers(stack: tuple[ApiServer, RedisProcess]) -> None:
    server, redis_server = stack
    base = server.base_url
    signup = {"name": "Ann Lee", "email": "ann@example.com", "password": PASSWORD}
    token_of(base, "/auth/signup", signup)
    login = {"email": "ann@example.com", "password": PASSWORD}
    leaving, staying = token_of(base, "/auth/login", login), token_of(base, "/auth/login", login)
    for _ in range(6):  # both workers cache both sessions as active
        assert call(base, "GET", "/profile", token=leaving) == 200
        assert call(base, "GET", "/profile", token=staying) == 200

    redis_server.pause()
    try:
        timings = []
        for _ in range(10):
            started = time.monotonic()
            assert call(base, "GET", "/profile", token=staying) == 200
            timings.append(time.monotonic() - started)
        assert max(timings[4:]) < 1.0, timings  # after the first few, no Redis timeouts

        started = time.monotonic()
        assert call(base, "POST", "/auth/logout", token=leaving) == 200
        assert time.monotonic() - started < 1.5
        assert call(base, "GET", "/profile", token=leaving) == 401
        time.sleep(1.0)
    finally:
        redis_server.resume()

    deadline = time.monotonic() + 4.0  # across both workers' skip windows
    while time.monotonic() < deadline:
        assert call(base, "GET", "/profile", token=leaving) == 401
        assert call(base, "GET", "/profile", token=staying) == 200
        time.sleep(0.1)

"""Rate limits: auth per IP, search and general per user, across processes, and when Redis fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.guards import classify_path
from core.ratelimit import hit
from tests.auth.helpers import IpClient, error_code, login, signup

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.auth.urls")]

SECOND_PROCESS = "tests.auth.limiter_process"
REPO_ROOT = Path(__file__).resolve().parents[2]


async def test_auth_endpoints_allow_five_calls_a_minute_per_ip() -> None:
    client = IpClient("198.51.100.50")
    answers = [await login(client, "nobody@example.com", "x") for _ in range(5)]
    assert [r.status_code for r in answers] == [401] * 5
    limited = await client.post_json("/auth/forgot-password", {"email": "a@example.com"})
    assert limited.status_code == 429 and error_code(limited) == "RATE_LIMITED"
    retry_after = int(limited["Retry-After"])
    assert 1 <= retry_after <= 120
    assert limited.json()["error"]["details"] == {"retry_after": retry_after}
    # Another address has its own allowance.
    assert (await login(IpClient("198.51.100.51"), "nobody@example.com", "x")).status_code == 401


async def test_general_limit_counts_users_by_token_and_anonymous_callers_by_ip(settings) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 3
    client = IpClient("192.0.2.70")
    token = (await signup(client))["auth_token"]
    anonymous = [(await client.get("/test/whoami")).status_code for _ in range(4)]
    assert anonymous == [401, 401, 401, 429]
    # Same IP, but signed in: the user's own bucket.
    signed_in = [(await client.get_auth("/test/whoami", token)).status_code for _ in range(4)]
    assert signed_in == [200, 200, 200, 429]
    # The user's bucket follows the user to another address.
    elsewhere = await IpClient("192.0.2.71").get_auth("/test/whoami", token)
    assert elsewhere.status_code == 429
    # A forged token does not buy a fresh bucket: it is counted by IP (already spent).
    forged = await client.get_auth("/test/whoami", token[:-4] + "AAAA")
    assert forged.status_code == 429


async def test_search_has_its_own_smaller_bucket(settings, fake_tmdb) -> None:
    settings.RATE_LIMIT_SEARCH_PER_MINUTE = 2
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 50
    client = IpClient("192.0.2.80")
    codes = [(await client.get("/movies/search?q=love")).status_code for _ in range(3)]
    assert codes[2] == 429 and 429 not in codes[:2]
    assert (await client.get("/movies/genres")).status_code != 429  # general bucket untouched


async def test_docs_health_and_admin_are_not_limited(settings) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 1
    client = IpClient("192.0.2.90")
    for path in ("/system/health", "/api/schema", "/admin/login/", "/static/x.css"):
        assert classify_path(path) is None
    for _ in range(3):
        assert (await client.get("/system/health")).status_code != 429
    assert classify_path("/graphql") is None  # limited by the GraphQL extension instead
    assert classify_path("/auth/login") == "auth"
    assert classify_path("/movies/search") == "search"
    assert classify_path("/movies/popular") == "general"


async def test_two_worker_processes_share_one_limit() -> None:
    """Two OS processes hammer the same identity: together they get exactly the limit."""
    limit, calls = 7, 10
    identity = f"ip:limit-test-{os.getpid()}"
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", SECOND_PROCESS, "auth", identity, str(limit), str(calls)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO_ROOT,
            env=os.environ.copy(),
        )
        for _ in range(2)
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        allowed = [int(process.communicate(timeout=30)[0].strip()) for process in processes]
    finally:
        for process in processes:
            process.kill()
    assert sum(allowed) == limit, allowed
    # And this process sees the same spent bucket.
    assert not (await hit("auth", identity, limit=limit)).allowed


async def test_redis_down_falls_back_to_a_per_process_limiter(settings) -> None:
    """Fail closed: with Redis unreachable the auth limit still holds (in process memory)."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    decisions = [await hit("auth", "ip:203.0.113.1") for _ in range(6)]
    assert [d.allowed for d in decisions] == [True] * 5 + [False]
    assert decisions[-1].retry_after >= 1


async def test_rejected_calls_are_not_counted_and_the_window_slides() -> None:
    identity = f"ip:slide-{os.getpid()}"
    for _ in range(3):
        assert (await hit("auth", identity, limit=3)).allowed
    rejected = await hit("auth", identity, limit=3)
    assert not rejected.allowed
    assert 1 <= rejected.retry_after <= 120

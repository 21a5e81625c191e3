"""Redis paused (SIGSTOP) or gone: logouts stay effective, requests fail fast, the blacklist
keeps counting, and everything uses Redis again by itself once it answers (issue #9: 1, 3, 4)."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
import redis

from accounts.models import IpBlacklist
from core.redis_async import get_redis, make_key
from core.redis_breaker import add_listener, remove_listener
from tests.auth.helpers import NEW_PASSWORD, STRONG_PASSWORD, IpClient, error_code, login, signup
from tests.faults.processes import RedisProcess

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


async def _profile_status(client: IpClient, token: str) -> int:
    return (await client.get_auth("/profile", token)).status_code


async def _me_code(client: IpClient, token: str) -> str | None:
    response = await client.post_json(
        "/graphql", {"query": "{ me { profile { email } } }"}, token=token
    )
    body = response.json()
    if body.get("errors"):
        return body["errors"][0]["extensions"]["code"]
    return None


async def test_a_logout_during_a_redis_pause_stays_effective_after_it(own_redis) -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    assert await _profile_status(client, token) == 200  # "active" is now cached in Redis

    own_redis.pause()
    try:
        logout = await client.post_json("/auth/logout", token=token)
        assert logout.status_code == 200
        assert await _profile_status(client, token) == 401  # refused during the pause
        await asyncio.sleep(1.0)
    finally:
        own_redis.resume()

    for wait in (0.0, 1.0, 2.5):  # across the skip window: Redis is read again
        await asyncio.sleep(wait)
        assert await _profile_status(client, token) == 401
        assert await _me_code(client, token) == "SESSION_TERMINATED"


async def test_a_logout_during_a_short_hiccup_lands_in_redis(own_redis) -> None:
    """Redis back within the lease: the ended marker is retried until it is written."""
    client = IpClient()
    token = (await signup(client))["auth_token"]
    assert await _profile_status(client, token) == 200

    own_redis.pause()
    logout = asyncio.create_task(client.post_json("/auth/logout", token=token))
    await asyncio.sleep(0.25)
    own_redis.resume()
    assert (await logout).status_code == 200

    assert await _profile_status(client, token) == 401
    await asyncio.sleep(2.5)
    assert await _profile_status(client, token) == 401


async def test_a_password_change_during_a_redis_pause_ends_the_other_sessions(own_redis) -> None:
    phone, laptop = IpClient("203.0.113.20"), IpClient("203.0.113.21")
    await signup(phone)
    laptop_token = (await login(laptop)).json()["data"]["auth_token"]
    phone_token = (await login(phone)).json()["data"]["auth_token"]
    assert await _profile_status(laptop, laptop_token) == 200

    own_redis.pause()
    try:
        changed = await phone.post_json(
            "/profile/change-password",
            {"old_password": STRONG_PASSWORD, "new_password": NEW_PASSWORD},
            token=phone_token,
        )
        assert changed.status_code == 200, changed.content
        await asyncio.sleep(1.0)
    finally:
        own_redis.resume()

    for wait in (0.0, 2.5):
        await asyncio.sleep(wait)
        assert await _profile_status(laptop, laptop_token) == 401


async def test_a_hung_redis_costs_a_request_well_under_a_second(own_redis, fake_tmdb) -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    assert (await client.get_auth("/movies/popular", token)).status_code == 200
    requests = [
        ("GET", "/profile", None),
        ("GET", "/movies/popular", None),
        ("GET", "/movies/favourites", None),
        ("POST", "/graphql", {"query": "{ me { profile { email } } }"}),
        ("POST", "/auth/login", {"email": "joe@example.com", "password": STRONG_PASSWORD}),
    ]
    own_redis.pause()
    try:
        timings = []
        for method, path, body in requests * 2:
            started = time.monotonic()
            if method == "GET":
                response = await client.get_auth(path, token)
            else:
                response = await client.post_json(path, body, token=token)
            timings.append((path, round(time.monotonic() - started, 3)))
            assert response.status_code == 200, (path, response.content)
        # The first request meets the timeout; after it, Redis is skipped (2 s windows).
        assert max(t for _, t in timings[1:]) < 0.6, str(timings)
        # Details still answer, from TMDb directly (uncached TMDb calls take what they take).
        assert (await client.get_auth("/movies/550", token)).status_code == 200
    finally:
        own_redis.resume()


async def test_redis_is_used_again_by_itself_after_it_answers(own_redis) -> None:
    client = IpClient("203.0.113.30")
    token = (await signup(client))["auth_token"]
    own_redis.pause()
    try:
        assert await _profile_status(client, token) == 200
    finally:
        own_redis.resume()
    await asyncio.sleep(2.2)  # the skip window ends
    assert await _profile_status(client, token) == 200
    direct = redis.Redis.from_url(own_redis.url)
    try:
        # The rate limiter counted the last request in Redis again.
        assert direct.keys(make_key("rl:general:*"))
    finally:
        direct.close()


async def test_the_blacklist_keeps_counting_while_redis_is_down(
    own_redis: RedisProcess, settings
) -> None:
    settings.BLACKLIST_THRESHOLD = 10
    settings.RATE_LIMIT_AUTH_PER_MINUTE = 100
    attacker = IpClient("203.0.113.66")
    await signup(IpClient("203.0.113.67"))
    own_redis.pause()
    try:
        answers = [
            (await login(attacker, "joe@example.com", "guess-123")).status_code for _ in range(12)
        ]
        assert answers[:10] == [401] * 10
        blocked = await attacker.get("/auth/login")
        assert blocked.status_code == 403 and error_code(blocked) == "IP_BLOCKED"
    finally:
        own_redis.resume()
    assert await IpBlacklist.objects.filter(ip_address="203.0.113.66").aexists()


async def test_operations_hear_redis_going_down_and_coming_back(own_redis) -> None:
    events: list[str] = []

    def listener(event: str, exc: BaseException | None) -> None:
        events.append(event)

    add_listener(listener)
    try:
        client = await get_redis()
        assert client is not None
        await client.set(make_key("probe"), b"1")
        own_redis.pause()
        try:
            with pytest.raises(redis.exceptions.RedisError):
                await client.get(make_key("probe"))
            started = time.monotonic()
            with pytest.raises(redis.exceptions.RedisError):  # skipped: no second timeout
                await client.get(make_key("probe"))
            assert time.monotonic() - started < 0.05
        finally:
            own_redis.resume()
        await asyncio.sleep(2.1)
        assert await client.get(make_key("probe")) == b"1"
        assert events == ["redis_down", "redis_up"]
    finally:
        remove_listener(listener)


async def test_a_redis_outage_is_logged_once_not_once_per_request(own_redis, caplog) -> None:
    """While the breaker skips Redis, every Redis user falls back quietly: the outage is in the
    log a few times (the breaker's line, each user's first failure), not on every request."""
    client = IpClient("203.0.113.31")
    token = (await signup(client))["auth_token"]
    own_redis.pause()
    try:
        with caplog.at_level(logging.WARNING, logger="cinemate"):
            statuses = [await _profile_status(client, token) for _ in range(8)]
    finally:
        own_redis.resume()
    assert statuses == [200] * 8
    lines = [f"{r.name}: {r.getMessage()}" for r in caplog.records]
    assert len(lines) <= 4, lines  # not 8 requests x every Redis user

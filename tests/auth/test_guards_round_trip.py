"""The blacklist and rate-limit guards share one Redis round trip on rate-limited paths
(core.ratelimit.hit_unless_blocked), with the semantics of two separate guards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from accounts.blacklist import block_ip
from core.ratelimit import hit
from core.redis_async import get_redis
from tests.auth.helpers import IpClient, error_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.auth.urls")]


@contextmanager
def recording(client: Any) -> Iterator[list[str]]:
    """The names of the commands ``client`` sends (the real client, wrapped, not replaced)."""
    sent: list[str] = []
    original = client.execute_command

    async def execute_command(*args: Any, **options: Any) -> Any:
        sent.append(str(args[0]).upper())
        return await original(*args, **options)

    client.execute_command = execute_command
    try:
        yield sent
    finally:
        del client.execute_command


async def test_a_rate_limited_request_pays_one_redis_round_trip_for_both_guards(settings) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 50
    client = IpClient("192.0.2.150")
    assert (await client.get("/test/whoami")).status_code == 401  # caches "not blocked"
    redis = await get_redis()
    with recording(redis) as sent:
        assert (await client.get("/test/whoami")).status_code == 401
    assert sent == ["EVAL"]
    # Both requests were counted once each: 50 - 2 - 1 left after this third call.
    assert (await hit("general", "ip:192.0.2.150")).remaining == 47


async def test_the_combined_guard_refuses_over_the_limit_and_counts_once(settings) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 2
    client = IpClient("192.0.2.151")
    codes = [(await client.get("/test/whoami")).status_code for _ in range(3)]
    assert codes == [401, 401, 429]
    limited = await client.get("/test/whoami")
    assert error_code(limited) == "RATE_LIMITED" and int(limited["Retry-After"]) >= 1


async def test_a_blocked_address_is_refused_and_not_counted(settings) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 5
    ip = "192.0.2.152"
    await block_ip(ip, "test")  # in this process: applies at once
    client = IpClient(ip)
    for _ in range(3):
        blocked = await client.get("/test/whoami")
        assert blocked.status_code == 403 and error_code(blocked) == "IP_BLOCKED"
        assert "blocked_until" in blocked.json()["error"]["details"]
    assert (await hit("general", f"ip:{ip}")).remaining == 4  # nothing counted before


async def test_redis_down_blacklist_from_the_database_and_limits_in_memory(settings) -> None:
    settings.RATE_LIMIT_GENERAL_PER_MINUTE = 2
    blocked_ip = "192.0.2.153"
    await block_ip(blocked_ip, "test")
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    blocked = await IpClient(blocked_ip).get("/test/whoami")
    assert blocked.status_code == 403 and error_code(blocked) == "IP_BLOCKED"
    client = IpClient("192.0.2.154")
    codes = [(await client.get("/test/whoami")).status_code for _ in range(3)]
    assert codes == [401, 401, 429]  # fail closed: the per-process limiter

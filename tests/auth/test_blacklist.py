"""The IP blacklist: automatic blocks, staff edits in the admin, expiry."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.blacklist import block_ip
from accounts.models import IpBlacklist, User
from tests.auth.helpers import IpClient, error_code, login, signup

pytestmark = pytest.mark.urls("tests.auth.urls")


@pytest.mark.django_db(transaction=True)
async def test_repeated_failed_logins_get_the_ip_blocked_everywhere(settings) -> None:
    settings.BLACKLIST_THRESHOLD = 3
    settings.RATE_LIMIT_AUTH_PER_MINUTE = 100
    attacker, bystander = IpClient("203.0.113.66"), IpClient("203.0.113.67")
    await signup(bystander)
    for _ in range(3):
        assert (await login(attacker, "joe@example.com", "guess-123")).status_code == 401
    for path in ("/auth/login", "/test/whoami", "/movies/genres", "/system/health"):
        blocked = await attacker.get(path)
        assert blocked.status_code == 403 and error_code(blocked) == "IP_BLOCKED", path
    # Even the right password no longer helps from there.
    assert (await login(attacker)).status_code == 403
    entry = await IpBlacklist.objects.aget(ip_address="203.0.113.66")
    assert "3 failed attempts" in (entry.reason or "")
    remaining = (entry.blocked_until - timezone.now()).total_seconds()
    assert settings.BLACKLIST_DURATION - 10 < remaining <= settings.BLACKLIST_DURATION
    assert (await login(bystander)).status_code == 200


@pytest.mark.django_db(transaction=True)
async def test_wrong_otps_count_towards_a_block(settings, smtp) -> None:
    settings.BLACKLIST_THRESHOLD = 2
    settings.RATE_LIMIT_AUTH_PER_MINUTE = 100
    client = IpClient("203.0.113.77")
    await signup(client)
    token = (await client.post_json("/auth/forgot-password", {"email": "joe@example.com"})).json()[
        "data"
    ]["reset_token"]
    for _ in range(2):
        await client.post_json("/auth/forgot-password/verify", {"otp_code": "000000"}, token=token)
    blocked = await client.get("/test/whoami")
    assert blocked.status_code == 403 and error_code(blocked) == "IP_BLOCKED"


@pytest.mark.django_db(transaction=True)
async def test_a_block_ends_by_itself() -> None:
    client = IpClient("203.0.113.88")
    await block_ip("203.0.113.88", "test", duration=1)
    assert (await client.get("/test/whoami")).status_code == 403
    await asyncio.sleep(1.1)
    assert (await client.get("/test/whoami")).status_code == 401  # anonymous again, not blocked


@pytest.mark.django_db
def test_entries_added_and_removed_in_the_admin_take_effect_at_once() -> None:
    User.objects.create_superuser("staff@example.com", "staff-Password-1", name="Staff")
    staff = Client()  # 127.0.0.1
    staff.force_login(User.objects.get(email="staff@example.com"))
    visitor = "198.51.100.123"

    assert (
        Client(REMOTE_ADDR=visitor).get("/test/whoami").status_code == 401
    )  # "not blocked" cached
    added = staff.post(
        "/admin/accounts/ipblacklist/add/",
        {
            "ip_address": visitor,
            "reason": "abuse report",
            "blocked_until_0": (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d"),
            "blocked_until_1": "00:00:00",
        },
    )
    assert added.status_code == 302, added.content
    blocked = Client(REMOTE_ADDR=visitor).get("/test/whoami")
    assert blocked.status_code == 403 and blocked.json()["error"]["code"] == "IP_BLOCKED"
    assert staff.get("/admin/").status_code == 200  # staff elsewhere unaffected

    entry = IpBlacklist.objects.get(ip_address=visitor)
    deleted = staff.post(f"/admin/accounts/ipblacklist/{entry.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert Client(REMOTE_ADDR=visitor).get("/test/whoami").status_code == 401


@pytest.mark.django_db
def test_an_entry_edited_to_another_address_moves_the_block() -> None:
    old, new = "198.51.100.201", "198.51.100.202"
    entry = IpBlacklist.objects.create(
        ip_address=old, blocked_until=timezone.now() + timedelta(hours=1)
    )
    assert Client(REMOTE_ADDR=old).get("/test/whoami").status_code == 403
    assert Client(REMOTE_ADDR=new).get("/test/whoami").status_code == 401
    entry.ip_address = new
    entry.save()
    assert Client(REMOTE_ADDR=old).get("/test/whoami").status_code == 401
    assert Client(REMOTE_ADDR=new).get("/test/whoami").status_code == 403


@pytest.mark.django_db
def test_expired_entries_do_not_block() -> None:
    IpBlacklist.objects.create(
        ip_address="198.51.100.210", blocked_until=timezone.now() - timedelta(seconds=1)
    )
    assert Client(REMOTE_ADDR="198.51.100.210").get("/test/whoami").status_code == 401

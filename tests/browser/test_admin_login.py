"""The admin login shares /auth/login's rate limit and counts towards the IP blacklist."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from accounts.models import IpBlacklist, User
from tests.auth.helpers import IpClient, error_code, login

pytestmark = pytest.mark.django_db(transaction=True)

STAFF_EMAIL = "staff@example.com"
STAFF_PASSWORD = "staff-Password-123"


@pytest.fixture
async def staff() -> User:
    return await sync_to_async(User.objects.create_superuser)(
        STAFF_EMAIL, STAFF_PASSWORD, name="Staff"
    )


def _admin_login(client: IpClient, password: str):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": STAFF_EMAIL, "password": password, "next": "/admin/"},
    )


async def test_thirty_wrong_admin_passwords_are_limited_then_the_right_one_too(staff) -> None:
    client = IpClient("198.51.100.120")
    codes = [(await _admin_login(client, f"guess-{n}")).status_code for n in range(30)]
    assert codes == [200] * 5 + [429] * 25  # the form again five times, then refused
    right = await _admin_login(client, STAFF_PASSWORD)
    assert right.status_code == 429 and error_code(right) == "RATE_LIMITED"
    assert "sessionid" not in right.cookies
    # Another address is not affected, and the right password logs in there.
    elsewhere = await _admin_login(IpClient("198.51.100.121"), STAFF_PASSWORD)
    assert elsewhere.status_code == 302 and elsewhere["Location"] == "/admin/"


async def test_admin_and_api_logins_share_one_allowance(staff) -> None:
    client = IpClient("198.51.100.122")
    for _ in range(3):
        assert (await login(client, "nobody@example.com", "x")).status_code == 401
    assert [(await _admin_login(client, "guess")).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert (await login(client, "nobody@example.com", "x")).status_code == 429


async def test_viewing_the_admin_login_page_is_not_counted(staff) -> None:
    client = IpClient("198.51.100.123")
    assert [(await client.get("/admin/login/")).status_code for _ in range(8)] == [200] * 8
    assert (await _admin_login(client, STAFF_PASSWORD)).status_code == 302


async def test_wrong_admin_passwords_count_towards_the_ip_blacklist(staff, settings) -> None:
    settings.BLACKLIST_THRESHOLD = 4
    settings.RATE_LIMIT_AUTH_PER_MINUTE = 100
    client = IpClient("198.51.100.124")
    # Two failures over the API and two in the admin: one blacklist counter per IP.
    for _ in range(2):
        assert (await login(client, "nobody@example.com", "x")).status_code == 401
    for _ in range(2):
        assert (await _admin_login(client, "guess")).status_code == 200
    assert await IpBlacklist.objects.filter(ip_address="198.51.100.124").aexists()
    blocked = await _admin_login(client, STAFF_PASSWORD)
    assert blocked.status_code == 403 and error_code(blocked) == "IP_BLOCKED"
    assert (await client.get("/admin/")).status_code == 403  # the whole site, admin included
    # A correct staff login from elsewhere is no failure and blocks nothing.
    fine = IpClient("198.51.100.125")
    assert (await _admin_login(fine, STAFF_PASSWORD)).status_code == 302
    assert not await IpBlacklist.objects.filter(ip_address="198.51.100.125").aexists()

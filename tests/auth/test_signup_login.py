"""Signup and login over REST: envelopes, what is stored, validation, no account enumeration."""

from __future__ import annotations

import time

import pytest

from accounts.models import LoginSession, User, UserGenre
from tests.auth.helpers import STRONG_PASSWORD, IpClient, claims, error_code, login, signup

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.auth.urls")]


async def test_signup_creates_the_user_genres_and_a_session(genres: None) -> None:
    client = IpClient("198.51.100.20")
    response = await client.post_json(
        "/auth/signup",
        {
            "name": "  Joe Doe ",
            "email": "Joe.Doe@Example.COM",
            "password": STRONG_PASSWORD,
            "genres": [28, "35", "28"],
        },
        **{"X-Platform": "mobile-app", "User-Agent": "Firefox/131"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["success"] is True
    assert body["message"] == "Account created successfully"
    user = await User.objects.aget(email="joe.doe@example.com")
    assert body["data"]["user"] == {"id": str(user.id), "name": "Joe Doe", "email": user.email}
    assert user.password.startswith("argon2$") and STRONG_PASSWORD not in user.password
    chosen = {
        gid async for gid in UserGenre.objects.filter(user=user).values_list("genre_id", flat=True)
    }
    assert chosen == {"28", "35"}

    token = body["data"]["auth_token"]
    payload = claims(token)
    assert set(payload) == {"user_id", "session_id", "type", "exp", "iat", "rti"}
    assert payload["type"] == "access_token" and payload["user_id"] == str(user.id)
    assert payload["exp"] - payload["iat"] == 15 * 60
    assert abs(payload["iat"] - time.time()) < 5
    session = await LoginSession.objects.aget(id=payload["session_id"])
    assert (session.status, session.ip_address, session.platform, session.device_name) == (
        "active",
        "198.51.100.20",
        "mobile-app",
        "Firefox/131",
    )
    assert payload["rti"] not in session.refresh_token  # only its hash is stored
    me = await client.get_auth("/test/whoami", token)
    assert me.status_code == 200 and me.json()["data"]["user_id"] == str(user.id)


async def test_signup_with_a_taken_email_in_another_case_is_409(genres: None) -> None:
    client = IpClient()
    await signup(client, "joe@example.com")
    response = await client.post_json(
        "/auth/signup", {"name": "Other", "email": "JOE@Example.com", "password": STRONG_PASSWORD}
    )
    assert response.status_code == 409 and error_code(response) == "EMAIL_TAKEN"
    assert await User.objects.acount() == 1


async def test_signup_reports_every_invalid_field_at_once(genres: None) -> None:
    response = await IpClient().post_json(
        "/auth/signup", {"email": "not-an-email", "password": "123", "genres": "28"}
    )
    assert response.status_code == 400 and error_code(response) == "VALIDATION_ERROR"
    details = response.json()["error"]["details"]
    assert set(details) == {"name", "email", "password", "genres"}
    # Django's validators speak: too short, entirely numeric (and common).
    assert any("too short" in m for m in details["password"])
    assert any("numeric" in m for m in details["password"])
    assert await User.objects.acount() == 0


async def test_signup_rejects_a_password_like_the_email(genres: None) -> None:
    response = await IpClient().post_json(
        "/auth/signup",
        {"name": "Joe", "email": "joedoe1987@example.com", "password": "joedoe1987"},
    )
    assert response.status_code == 400
    assert any("similar" in m for m in response.json()["error"]["details"]["password"])


async def test_signup_with_unknown_genres_names_them(genres: None) -> None:
    response = await IpClient().post_json(
        "/auth/signup",
        {
            "name": "Joe",
            "email": "joe@example.com",
            "password": STRONG_PASSWORD,
            "genres": ["28", 424242, "nope"],
        },
    )
    assert response.status_code == 400 and error_code(response) == "VALIDATION_ERROR"
    assert response.json()["error"]["details"]["unknown"] == ["424242", "nope"]
    assert await User.objects.acount() == 0


async def test_signup_rejects_an_unknown_platform(genres: None) -> None:
    response = await IpClient().post_json(
        "/auth/signup",
        {"name": "J", "email": "j@example.com", "password": STRONG_PASSWORD, "platform": "ios"},
    )
    assert response.status_code == 400 and "platform" in response.json()["error"]["details"]


async def test_login_opens_a_new_session_each_time(genres: None) -> None:
    client = IpClient("192.0.2.44")
    first = await signup(client)
    response = await login(client, "JOE@example.com", platform="web", device_name="Pixel 9")
    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Login successful"
    assert body["data"]["user"] == first["user"]
    new = claims(body["data"]["auth_token"])
    assert new["session_id"] != claims(first["auth_token"])["session_id"]
    session = await LoginSession.objects.aget(id=new["session_id"])
    assert (session.ip_address, session.platform, session.device_name) == (
        "192.0.2.44",
        "web",
        "Pixel 9",
    )
    user = await User.objects.aget(id=first["user"]["id"])
    assert user.last_login is not None


async def test_unknown_email_and_wrong_password_get_the_same_answer(genres: None) -> None:
    client = IpClient()
    await signup(client)
    wrong = await login(client, "joe@example.com", "wrong-password-1")
    unknown = await login(client, "nobody@example.com", "wrong-password-1")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "INVALID_CREDENTIALS"


async def test_unknown_email_costs_a_real_password_check(
    genres: None, settings, monkeypatch
) -> None:
    """With production-strength Argon2, an unknown email runs the same check a wrong password
    does (one Argon2 verification at production cost), so both failures take about as long."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    settings.RATE_LIMIT_AUTH_PER_MINUTE = 50
    production = Argon2PasswordHasher()
    checks: list[tuple[int, int, int]] = []  # (time_cost, memory_cost, parallelism) verified
    real_verify = Argon2PasswordHasher.verify

    def counted_verify(self, password: str, encoded: str) -> bool:
        decoded = self.decode(encoded)
        checks.append((decoded["time_cost"], decoded["memory_cost"], decoded["parallelism"]))
        return real_verify(self, password, encoded)

    monkeypatch.setattr(Argon2PasswordHasher, "verify", counted_verify)
    client = IpClient()
    await signup(client)

    async def duration(email: str) -> float:
        checks.clear()
        started = time.perf_counter()
        response = await login(client, email, "wrong-password-1")
        assert response.status_code == 401
        elapsed = time.perf_counter() - started
        assert checks == [(production.time_cost, production.memory_cost, production.parallelism)]
        return elapsed

    await duration("nobody@example.com")  # warm-up (the dummy hash is made once)
    # The fastest of three: scheduling noise on a busy machine only ever adds time.
    wrong = min([await duration("joe@example.com") for _ in range(3)])
    unknown = min([await duration("nobody@example.com") for _ in range(3)])
    assert wrong > 0.01  # a real Argon2 check happened
    # Skipping the check would make the unknown email some 50x faster; the bound leaves room
    # for a loaded machine without letting that through.
    assert 0.25 < unknown / wrong < 4.0, (unknown, wrong)


async def test_login_validation_and_malformed_bodies() -> None:
    client = IpClient()
    missing = await client.post_json("/auth/login", {"email": "joe@example.com"})
    assert missing.status_code == 400
    assert set(missing.json()["error"]["details"]) == {"password"}
    not_object = await client.post_json("/auth/login", ["joe@example.com"])
    assert not_object.status_code == 400 and error_code(not_object) == "VALIDATION_ERROR"
    malformed = await client.post("/auth/login", "{not json", content_type="application/json")
    assert malformed.status_code == 400 and error_code(malformed) == "VALIDATION_ERROR"
    wrong_method = await client.get("/auth/login")
    assert wrong_method.status_code == 405


async def test_disabled_user_cannot_log_in(genres: None) -> None:
    client = IpClient()
    data = await signup(client)
    await User.objects.filter(id=data["user"]["id"]).aupdate(is_active=False)
    response = await login(client)
    assert response.status_code == 401 and error_code(response) == "INVALID_CREDENTIALS"

"""Refresh (rotation, expiry, reuse), logout, and the password change service."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import LoginSession, PasswordReset, User
from accounts.services import change_password
from core.exceptions import InvalidCredentials, SessionTerminated, ValidationFailed
from tests.auth.helpers import (
    NEW_PASSWORD,
    STRONG_PASSWORD,
    IpClient,
    claims,
    error_code,
    expired,
    login,
    resign,
    signup,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.auth.urls"),
    pytest.mark.usefixtures("roomy_auth_limit"),
]


async def _refresh(client: IpClient, token: str):
    return await client.post_json("/auth/refresh-token", token=token)


async def test_refresh_accepts_an_expired_token_and_rotates_the_secret() -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    session_id = claims(token)["session_id"]
    before = await LoginSession.objects.aget(id=session_id)

    response = await _refresh(client, expired(token))
    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Token refreshed successfully"
    new_token = body["data"]["auth_token"]
    new = claims(new_token)
    assert new["session_id"] == session_id and new["type"] == "access_token"
    assert new["rti"] != claims(token)["rti"]
    after = await LoginSession.objects.aget(id=session_id)
    assert after.refresh_token != before.refresh_token  # rotated (hash of the new secret)
    assert after.refresh_token_expires_at > before.refresh_token_expires_at
    assert (await client.get_auth("/test/whoami", new_token)).status_code == 200


async def test_refreshing_with_a_superseded_token_ends_the_session() -> None:
    """Rotation's point: an older token refreshed again means two holders (theft)."""
    client = IpClient()
    token = (await signup(client))["auth_token"]
    new_token = (await _refresh(client, token)).json()["data"]["auth_token"]
    replay = await _refresh(client, token)
    assert replay.status_code == 401 and error_code(replay) == "SESSION_TERMINATED"
    session = await LoginSession.objects.aget(id=claims(token)["session_id"])
    assert session.status == "terminated" and session.session_end is not None
    # The legitimate holder is logged out too, at once.
    response = await client.get_auth("/test/whoami", new_token)
    assert response.status_code == 401 and error_code(response) == "SESSION_TERMINATED"


async def test_refresh_after_the_refresh_expiry_marks_the_session_expired() -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    session_id = claims(token)["session_id"]
    await LoginSession.objects.filter(id=session_id).aupdate(
        refresh_token_expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = await _refresh(client, expired(token))
    assert response.status_code == 401 and error_code(response) == "SESSION_TERMINATED"
    assert (await LoginSession.objects.aget(id=session_id)).status == "expired"


async def test_refresh_refuses_forged_reset_and_missing_tokens() -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    forged = resign(token, key="someone-elses-key-0123456789abcdefghijklmnop")
    reset_typed = resign(token, type="forgot_password")
    for bad in (forged, reset_typed, "not-a-jwt"):
        response = await _refresh(client, bad)
        assert response.status_code == 401 and error_code(response) == "UNAUTHORIZED"
    missing = await client.post_json("/auth/refresh-token")
    assert missing.status_code == 401 and error_code(missing) == "UNAUTHORIZED"
    unknown_session = resign(token, session_id=str(uuid.uuid4()))
    response = await _refresh(client, unknown_session)
    assert response.status_code == 401


async def test_logout_then_refresh_and_logout_again_are_refused() -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    assert (await client.post_json("/auth/logout", token=token)).status_code == 200
    session = await LoginSession.objects.aget(id=claims(token)["session_id"])
    assert session.status == "terminated" and session.session_end is not None
    again = await client.post_json("/auth/logout", token=token)
    assert again.status_code == 401 and error_code(again) == "SESSION_TERMINATED"
    refresh = await _refresh(client, token)
    assert refresh.status_code == 401 and error_code(refresh) == "SESSION_TERMINATED"


async def test_logout_with_an_expired_token_still_ends_the_session() -> None:
    client = IpClient()
    token = (await signup(client))["auth_token"]
    assert (await client.post_json("/auth/logout", token=expired(token))).status_code == 200
    assert (await LoginSession.objects.aget(id=claims(token)["session_id"])).status == "terminated"


async def test_logout_ends_only_its_own_session() -> None:
    client = IpClient()
    first = (await signup(client))["auth_token"]
    second = (await login(client)).json()["data"]["auth_token"]
    await client.post_json("/auth/logout", token=first)
    assert (await client.get_auth("/test/whoami", second)).status_code == 200


async def test_change_password_ends_the_other_sessions_and_returns_a_fresh_token() -> None:
    client = IpClient()
    data = await signup(client)
    current = data["auth_token"]
    other = (await login(client)).json()["data"]["auth_token"]
    await PasswordReset.objects.acreate(
        user_id=data["user"]["id"],
        expires_at=timezone.now() + timedelta(minutes=5),
        ip_address="203.0.113.10",
    )
    current_session = uuid.UUID(claims(current)["session_id"])
    user = await User.objects.aget(id=data["user"]["id"])

    fresh = await change_password(user, STRONG_PASSWORD, NEW_PASSWORD, current_session)

    assert claims(fresh)["session_id"] == str(current_session)
    assert (await client.get_auth("/test/whoami", fresh)).status_code == 200
    refused = await client.get_auth("/test/whoami", other)
    assert refused.status_code == 401 and error_code(refused) == "SESSION_TERMINATED"
    assert (await login(client)).status_code == 401
    assert (await login(client, password=NEW_PASSWORD)).status_code == 200
    assert await PasswordReset.objects.filter(status="pending").acount() == 0
    # The fresh token (new secret) refreshes; the pre-change one would be a replay.
    assert (await _refresh(client, fresh)).status_code == 200


async def test_change_password_refuses_a_wrong_old_password_and_weak_new_ones() -> None:
    client = IpClient()
    data = await signup(client)
    session = uuid.UUID(claims(data["auth_token"])["session_id"])
    user_id = uuid.UUID(data["user"]["id"])
    with pytest.raises(InvalidCredentials):
        await change_password(user_id, "not-my-password", NEW_PASSWORD, session, ip="198.51.100.1")
    with pytest.raises(ValidationFailed) as weak:
        await change_password(user_id, STRONG_PASSWORD, "12345678", session)
    assert "new_password" in weak.value.details
    with pytest.raises(ValidationFailed):
        await change_password(user_id, STRONG_PASSWORD, STRONG_PASSWORD, session)
    assert (await login(client)).status_code == 200  # nothing changed


async def test_change_password_from_an_ended_session_changes_nothing() -> None:
    client = IpClient()
    data = await signup(client)
    token = data["auth_token"]
    await client.post_json("/auth/logout", token=token)
    with pytest.raises(SessionTerminated):
        await change_password(
            uuid.UUID(data["user"]["id"]),
            STRONG_PASSWORD,
            NEW_PASSWORD,
            uuid.UUID(claims(token)["session_id"]),
        )
    assert (await login(client)).status_code == 200
